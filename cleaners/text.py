"""Small questions about a line of text that several stages ask: how many words, how it ends.

They are answered here once, so that "ends a sentence" means the same wherever it is used.
There are three kinds of ending, and each caller says which one it means:

- `ends_sentence`: a full stop, question or exclamation mark or ellipsis, optionally inside
  closing quotes or brackets (``He left.”``);
- `ends_clause`: the same, or a colon or semicolon, or a closing quotation mark alone (a
  line that ends like this is not a headline or a label);
- `ends_in_punctuation`: the last character is any sentence or clause mark or a closer,
  whatever precedes it (``(AFP)`` ends in punctuation, but not a sentence).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_CLOSERS = "\"”’»)\\]"
_SENTENCE_END = re.compile(rf"[.!?…][{_CLOSERS}]*$")
_CLAUSE_END = re.compile(rf"[.!?…:;][{_CLOSERS}]*$|[\"”’»]$")
_PUNCTUATION_END = re.compile(r"[.!?…:;\"”’)\]]$")
_QUESTION_END = re.compile(rf"[?？][{_CLOSERS}]*$")
#: Horizontal space of any kind (tabs, no-break and typographic spaces), for folding to " ".
SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def word_count(text: str) -> int:
    """How many words (runs of letters, digits and underscores) `text` has.

    >>> word_count("Don't stop — 3 times!")
    5
    """
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (`.`, `?`, `!` or `…`, then closing quotes or brackets).

    >>> ends_sentence('He left.”'), ends_sentence('Read more:')
    (True, False)
    """
    return _SENTENCE_END.search(text) is not None


def ends_clause(text: str) -> bool:
    """Whether `text` ends a sentence or a clause (also `:` or `;`), or a quotation.

    >>> ends_clause('Read more:'), ends_clause('“Yes”'), ends_clause('Results (AFP)')
    (True, True, False)
    """
    return _CLAUSE_END.search(text.rstrip()) is not None


def ends_in_punctuation(text: str) -> bool:
    """Whether the last character of `text` is a sentence or clause mark or a closer.

    >>> ends_in_punctuation('Results (AFP)'), ends_in_punctuation('Results')
    (True, False)
    """
    return _PUNCTUATION_END.search(text) is not None


def ends_question(text: str) -> bool:
    """Whether `text` ends with a question mark (inside closing quotes or brackets too).

    >>> ends_question('Why now?'), ends_question('Now.')
    (True, False)
    """
    return _QUESTION_END.search(text) is not None


def fold_space(text: str) -> str:
    """Runs of horizontal space as one space, without space at either end.

    >>> fold_space("  a\\u00a0\\u00a0b\\t")
    'a b'
    """
    return SPACE.sub(" ", text).strip()
