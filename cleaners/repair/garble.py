"""Garble: words that machine translation invented, which have no single right repair.

A translation engine that meets a word it cannot render sometimes glues a known English stem to
a suffix that does not fit it: ``maneuverity`` (maneuver + -ity), ``self-rayized`` (ray + -ized),
or stutters a syllable: ``Uninging``. A reader cannot tell what was meant, so nothing is
repaired; the paragraph is flagged with a score and the words that made it suspect.

Never spell-correct: a spell checker turns ``Vucic`` into ``music``. Only the shape of a word
is judged, against the English word list that ships inside the `wordfreq` package (nothing is
downloaded at run time). A word is suspect only when all of this holds:

- it is unknown to the English list and to the small French, German, Spanish, Italian,
  Portuguese and Dutch lists (so foreign words and loanwords are not garble);
- it is written in lower case, or capitalised only because it opens a sentence (a
  capitalised word mid-sentence is a name; an all-caps word an acronym);
- it is either a common English stem (Zipf >= 3) plus a derivational suffix, or it repeats a
  syllable (``inging``) without being a pure repetition like ``hahaha``.

Plain unknown words (``pipenv``, ``kwargs``, rare typos) are not suspect: they are jargon far
more often than garble, and counting them flagged 9% of real web paragraphs (78 of 867).

The score is the share of words in the paragraph that are suspect, so a garbled heading of
five words scores 0.2 and one odd word in a long paragraph about 0.01.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import wordfreq

#: Derivational suffixes that machine translation glues to stems, longest first.
SUFFIXES: tuple[str, ...] = (
    "isation", "ization", "ations", "iness", "izing", "ising", "ities", "ation", "ously",
    "ness", "ized", "ised", "izes", "ises", "ment", "ity", "ize", "ise", "ous", "ify",
)
# A stem must be at least this common to count as the known word a suffix was glued to:
# Zipf 3 is about one occurrence per million words (`maneuver` 3.5, `ray` 4.7).
_STEM_ZIPF = 3.0
_OTHER_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")
_MIN_LENGTH = 6

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PARTS = re.compile(r"[-'’]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s*[“\"‘'(]?|[“\"‘'(])$")
# A syllable repeated at the end of a word (`uninging`); inside a word it is a prefix meeting
# a word that starts the same way (`hyperpersonalized`).
_STUTTER = re.compile(r"([a-z]{3,})\1$")
_REPETITION = re.compile(r"^([a-z]+)\1+$")


@dataclass(frozen=True)
class Garble:
    """How garbled a text looks: the share of suspect words and why each is suspect."""

    score: float
    reasons: tuple[str, ...]

    @property
    def garbled(self) -> bool:
        return bool(self.reasons)


def garble(text: str) -> Garble:
    """Score `text`: the share of its words that look invented, with the reasons.

    >>> garble("China has consistently maneuverity its stance on the war.").reasons
    ("'maneuverity': known stem 'maneuver' + '-ity' makes no known word",)
    >>> garble("Pipenv and kwargs are jargon, and Vucic is a name.").garbled
    False
    """
    words = 0
    reasons: list[str] = []
    for match in _TOKEN.finditer(text):
        words += 1
        token = match[0]
        if len(token) < _MIN_LENGTH:  # nor is any part of it long enough to judge
            continue
        suspect = _suspects(token.lower())
        # Only then the context, which costs more: is the word a name?
        if suspect and _judged(token, text[: match.start()]):
            reasons.extend(suspect)
    if not reasons:
        return Garble(0.0, ())
    return Garble(round(len(reasons) / max(words, 1), 3), tuple(reasons))


@lru_cache(maxsize=1 << 16)
def _suspects(token: str) -> tuple[str, ...]:
    """Why the parts of a lower-case token are suspect: the same words come back paragraph
    after paragraph."""
    return tuple(reason for part in _PARTS.split(token) if (reason := _suspect(part)))


def _judged(token: str, before: str) -> bool:
    """Lower-case words, and capitalised ones only where a sentence starts."""
    if token.islower():
        return True
    if token[0].isupper() and token[1:].replace("-", "").islower():
        return _SENTENCE_START.search(before.rstrip()) is not None
    return False


def _suspect(word: str) -> str | None:
    if len(word) < _MIN_LENGTH or not word.isascii() or _known(word):
        return None
    stutter = _STUTTER.search(word)
    if stutter and not _REPETITION.match(word):
        return f"'{word}': unknown word that repeats '{stutter[1]}'"
    english = wordfreq.get_frequency_dict("en")
    for suffix in SUFFIXES:
        if not word.endswith(suffix):
            continue
        for stem in _stems(word[: -len(suffix)]):
            if len(stem) >= 3 and english.get(stem, 0.0) >= 10 ** (_STEM_ZIPF - 9):
                return f"'{word}': known stem '{stem}' + '-{suffix}' makes no known word"
    return None


def _stems(stem: str) -> tuple[str, ...]:
    """The stem as written, with a dropped final `e` restored, with a doubled consonant undone."""
    candidates = [stem, stem + "e"]
    if len(stem) > 3 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    if stem.endswith("i"):
        candidates.append(stem[:-1] + "y")
    return tuple(candidates)


def _known(word: str) -> bool:
    if word in wordfreq.get_frequency_dict("en"):
        return True
    if _british_or_american(word) in wordfreq.get_frequency_dict("en"):
        return True
    return any(word in wordfreq.get_frequency_dict(lang, wordlist="small")
               for lang in _OTHER_LANGUAGES)


def _british_or_american(word: str) -> str:
    """`casualised` <-> `casualized`: one spelling is often missing from the list."""
    other = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", word)
    return other if other != word else re.sub(r"iz(e|ed|es|ing|ation)$", r"is\1", word)
