"""What a single line says about itself: prose, or a piece of page furniture with a reason.

The structure of the page (`structure.py`) decides most removals; this module answers
only the questions a line can answer alone: is it a sentence of running prose, does a phrase
list name it, is it a nav menu, a row of share buttons, a copyright notice, an image caption.
A named line that usually *opens* a block ("Related Links", "Comments", "About the author")
is marked as an opener, so the structure can take the block under it as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, Lexicon, lexicon
from copydesk.cleaners.boilerplate.phrases import PhraseBook, PhraseMatch
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.text import ends_clause, word_count

#: Lists whose whole-line phrases are headings of a block of boilerplate, not single lines.
OPENER_LISTS = frozenset({"related", "comments", "bio"})

#: A short phrase set off from the rest of the line by a colon, arrow, bar, dot or dash.
_SET_OFF = re.compile(r"^\W*\w+(?:\W+\w+){0,4}\s*(?::|»|›|>|\||[·•]|[-–—]\s)")
_ISO_STAMP = re.compile(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?)?\s*$")
#: Separators of a nav menu or breadcrumb: "News | World | Business", "Home > Europe".
_NAV_SEPARATOR = re.compile(r"\s+(?:[|»›>•·]|::)\s+|\s*\|\s*")
_NUMBER = re.compile(r"^[\d.,:%$€£+-]+$")
_BAR = re.compile(r"\s*\|\s*")
#: A cookie notice or an affiliate disclosure is a sentence or two; a longer paragraph that
#: mentions cookies and a website, or a commission and links, is article text.
_NOTICE_WORDS = 60
#: A label of one or two words and a colon before a row of share buttons.
_SHARE_LABEL = re.compile(r"^\W*(\w+(?:\s+\w+)?)\s*:\s*")


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """Why a line is boilerplate by itself; `opener` when it heads a block."""

    reason: Reason
    detail: str
    opener: bool = False


def is_prose(text: str) -> bool:
    """A line of running text: a sentence of some length, or a long line whatever its end.

    Headlines have no end punctuation whatever their length (of the 145 headline-like lines
    removed from the seeds and our outlet fixtures, 55 had 8-15 words), so length alone does
    not make prose. Eight words is a floor against labels such as "Gwen P." or
    "No comments:". Short sentences are not prose but are not removed for it either: the
    structure keeps them when they sit inside the article.
    """
    count = word_count(text)
    return count >= 30 or (count >= 8 and ends_clause(text) and not text.rstrip().endswith(":"))


def line_verdict(text: str, book: PhraseBook, words: Lexicon,
                 table_row: bool = False) -> LineVerdict | None:
    """The reason a line is boilerplate on its own, if it has one; a row of a table
    (`table_rows`) is never a menu."""
    count = word_count(text)
    match = book.match(text) if count <= 40 else None
    if match is not None and (match.exact or _prefix_applies(match, text)):
        return _from_match(match, text)
    if words.caption.search(text):
        return LineVerdict(Reason.CAPTION, "image caption or credit")
    if _legal_notice(text, count, words):
        return LineVerdict(Reason.LEGAL_FOOTER, "copyright notice")
    if count <= 35 and words.subscribe.search(text) and words.subscribe_to.search(text):
        return LineVerdict(Reason.NEWSLETTER, "subscription prompt")
    if count <= 35 and words.app.search(text):
        return LineVerdict(Reason.NEWSLETTER, "app prompt")
    if count <= 5 and words.newsletter_name.search(text):
        return LineVerdict(Reason.NEWSLETTER, "newsletter name")
    if count <= 30 and words.follow.search(text):
        return LineVerdict(Reason.NEWSLETTER, "follow prompt")
    if count <= 10 and (words.stamp.match(text) or _ISO_STAMP.match(text)):
        return LineVerdict(Reason.DATELINE, "publication time stamp")
    if count <= 6 and words.reading_line.match(text):
        return LineVerdict(Reason.DATELINE, "reading time")
    if count <= _NOTICE_WORDS and all(p.search(text) for p in words.cookie):
        return LineVerdict(Reason.LEGAL_FOOTER, "cookie notice")
    if count <= _NOTICE_WORDS and all(p.search(text) for p in words.affiliate):
        return LineVerdict(Reason.ADVERTISEMENT, "affiliate disclosure")
    if is_share_row(text, words):
        return LineVerdict(Reason.NEWSLETTER, "row of share buttons")
    if not table_row and is_nav_menu(text):
        return LineVerdict(Reason.NAVIGATION, "menu of short links")
    return None


def table_rows(texts: list[str]) -> set[int]:
    """The lines that are rows of a table: two or more lines in a row split by bars into
    the same number (three or more) of cells. A menu is one line, or lines of different
    lengths (a header menu over a footer menu); an extracted table gives one line a row
    ("Studio | 2 movers | 3-4 hours"), each as short as a menu's items.

    >>> sorted(table_rows(["Size | Crew | Cost", "1 BR | 2 | $700", "Home | News"]))
    [0, 1]
    """
    cells = [len(_BAR.split(text)) if "|" in text else 0 for text in texts]
    rows: set[int] = set()
    for index in range(1, len(texts)):
        if cells[index] >= 3 and cells[index] == cells[index - 1]:
            rows.update((index - 1, index))
    return rows


def _legal_notice(text: str, count: int, words: Lexicon) -> bool:
    """A copyright line; a long one only when it opens with the notice and reads like law
    (a page scraped into one line, with a copyright sign somewhere in it, is not a footer)."""
    found = words.copyright.search(text)
    if found is None:
        return False
    if count <= 25:
        return True
    at_edge = found.start() < 200 or found.end() > len(text) - 200
    return at_edge and (count <= 80 or len(words.legal_words.findall(text)) >= 3)


def _prefix_applies(match: PhraseMatch, text: str) -> bool:
    """A phrase that only starts the line names a short line, or a longer one when a colon,
    an arrow or a dash sets the phrase off ("Read more: ..."); "More from the interview
    below suggests that ..." is a sentence, not a teaser."""
    if match.reason is Reason.LEGAL_FOOTER or not is_prose(text):
        return True
    return bool(_SET_OFF.match(text))


def _from_match(match: PhraseMatch, text: str) -> LineVerdict:
    opener = match.list in OPENER_LISTS and match.exact
    return LineVerdict(match.reason, match.source, opener=opener)


def is_nav_menu(text: str) -> bool:
    """Three or more short items between menu separators.

    >>> is_nav_menu("News | World | Business | Sport")
    True
    >>> is_nav_menu("Home > Europe > Germany")
    True
    >>> is_nav_menu("Prices rose | analysts said the rally would continue for a while")
    False
    """
    parts = [part.strip() for part in _NAV_SEPARATOR.split(text)]
    if len(parts) < 3 or any(not part for part in parts[1:-1]):
        return False
    parts = [part for part in parts if part]
    if any(_NUMBER.match(part) for part in parts):
        return False  # a table row: "3 | Kevin Harvick | 5033 | 4"
    return len(parts) >= 3 and all(word_count(part) <= 4 and not ends_clause(part)
                                   for part in parts)


def is_share_row(text: str, words: Lexicon | None = None) -> bool:
    """A line made only of social network names and share verbs.

    >>> is_share_row("Facebook Twitter WhatsApp E-mail")
    True
    >>> is_share_row("Share this: Facebook X LinkedIn Email")
    True
    >>> is_share_row("Twitter said on Monday")
    False
    """
    social = (words or lexicon(DEFAULT_LANGUAGES)).social
    label = _SHARE_LABEL.match(text)
    if label and label.group(1).split()[0].casefold() in social:
        text = text[label.end():]  # "Share: ...", "Share this: ...", "Teilen: ..."
    tokens = [t for t in re.split(r"[\s|/·•,]+", text.casefold()) if t]
    return len(tokens) >= 2 and all(token.strip("()") in social for token in tokens)
