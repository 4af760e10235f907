"""What a single line says about itself: prose, or a piece of page furniture with a reason.

The structure of the page (`cleaners.structure`) decides most removals; this module answers
only the questions a line can answer alone: is it a sentence of running prose, does a phrase
list name it, is it a nav menu, a row of share buttons, a copyright notice, an image caption.
A named line that usually *opens* a block ("Related Links", "Comments", "About the author")
is marked as an opener, so the structure can take the block under it as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.phrases import Match, PhraseBook
from cleaners.reasons import Reason

#: Lists whose whole-line phrases are headings of a block of boilerplate, not single lines.
OPENER_LISTS = frozenset({"related", "comments", "bio"})

_WORD = re.compile(r"\w+")
#: A short phrase set off from the rest of the line by a colon, arrow or dash.
_SET_OFF = re.compile(r"^\W*\w+(?:\W+\w+){0,4}\s*(?::|»|›|>|\||[-–—]\s)")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’»)\]]*$|[\"”’»]$")

_CAPTION = re.compile(
    r"\((?:image|photo|picture|photograph|credit|file photo|foto|bild|imagen|source)s?"
    r"\s*:[^)]*\)\s*$"
    r"|^(?:image|photo|picture|photograph|credit|photo credit|foto|bild|imagen|"
    r"crédits? photos?|photo ?:)s?\s*:\s*\S"
    r"|^(?:\(|\[)?(?:photo|image|foto|bild)\s*(?:credit)?\s*:?\s*(?:©|getty|reuters|afp|ap\b|"
    r"epa|shutterstock|istock|dpa|picture alliance)"
    r"|^(?:beitragsbild|titelbild|symbolbild|image d'illustration|photo d'illustration|"
    r"image illustrative|imagen de archivo|file photo|stock photo)\b",
    re.IGNORECASE,
)
#: Copyright and legal notices, wherever they sit on a line.
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*(?:19|20)\d{2}|\bcopyright\b\s*(?:©|\(c\))?\s*(?:19|20)\d{2}"
    r"|\ball rights reserved\b|\btous droits réservés\b|\balle rechte vorbehalten\b"
    r"|\btodos los derechos reservados\b",
    re.IGNORECASE,
)
#: A prompt to subscribe: the verb and what is subscribed to, in one short line.
_SUBSCRIBE = re.compile(r"\b(?:subscribe|sign up|sign-up|signing up|abonnieren|abonnez|"
                        r"inscrivez|suscríbete|suscribirse)\b", re.IGNORECASE)
_SUBSCRIBE_TO = re.compile(r"\b(?:newsletters?|inbox|channel|podcast|youtube|e-?mail updates|"
                           r"briefing|alerts|edition)\b", re.IGNORECASE)
#: A newsletter's name on a line of its own ("Pick Six Newsletter").
_NEWSLETTER_NAME = re.compile(r"\bnewsletters?\W*$", re.IGNORECASE)
#: A prompt to get the outlet's app.
_APP = re.compile(r"\b(?:download|get|install)\b.{0,60}\bapps?\b.{0,40}\b(?:ios|android|"
                  r"app store|google play)\b", re.IGNORECASE)
_FOLLOW = re.compile(
    r"^\W*(?:follow|like|join|folgen sie|suivez|síguenos)\b.{0,60}\b(?:on|at|auf|sur|en)\s+"
    r"(?:facebook|twitter|instagram|youtube|linkedin|tiktok|x|threads)\b",
    re.IGNORECASE,
)
#: A publication time stamp on a line of its own, anywhere on the page.
_STAMP = re.compile(r"^\W*(?:published|updated|posted|last updated|publié|mis à jour|"
                    r"veröffentlicht|aktualisiert|publicado|actualizado)\b.{0,40}"
                    r"(?:\d{4}|\d{1,2}[:.h]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|uhr|h)?)\W*$",
                    re.IGNORECASE)
_ISO_STAMP = re.compile(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?)?\s*$")
#: Words of a long legal notice; three of them and a copyright mark: a footer of any length.
_LEGAL_WORDS = re.compile(
    r"\b(?:law|laws|rights|reserved|permission|reproduc\w*|disclaim\w*|liabilit\w*|"
    r"trademarks?|terms|privacy|warrant\w*|license\w*|licence\w*|consent)\b",
    re.IGNORECASE,
)
#: Separators of a nav menu or breadcrumb: "News | World | Business", "Home > Europe".
_NAV_SEPARATOR = re.compile(r"\s+(?:[|»›>•·]|::)\s+|\s*\|\s*")
_NUMBER = re.compile(r"^[\d.,:%$€£+-]+$")
_SOCIAL = frozenset({
    "facebook", "twitter", "x", "whatsapp", "email", "e-mail", "mail", "linkedin", "pinterest",
    "reddit", "telegram", "print", "share", "copy", "link", "messenger", "flipboard", "tumblr",
    "sms", "xing", "bluesky", "threads", "mastodon", "instagram", "youtube", "tiktok",
    "teilen", "drucken", "partager", "imprimer", "compartir", "imprimir", "tweet", "rss",
})


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a line is boilerplate by itself; `opener` when it heads a block."""

    reason: Reason
    detail: str
    opener: bool = False


def words(text: str) -> int:
    return len(_WORD.findall(text))


def is_sentence(text: str) -> bool:
    """Ends like a sentence (or a heading that announces one, with a colon)."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_prose(text: str) -> bool:
    """A line of running text: a sentence of some length, or a long line whatever its end.

    Headlines have no end punctuation whatever their length (of the 145 headline-like lines
    removed from the seeds and our outlet fixtures, 55 had 8-15 words), so length alone does
    not make prose. Eight words is a floor against labels such as "Gwen P." or
    "No comments:". Short sentences are not prose but are not removed for it either: the
    structure keeps them when they sit inside the article.
    """
    count = words(text)
    return count >= 30 or (count >= 8 and is_sentence(text) and not text.rstrip().endswith(":"))


def line_verdict(text: str, book: PhraseBook) -> Verdict | None:
    """The reason a line is boilerplate on its own, if it has one."""
    count = words(text)
    match = book.match(text) if count <= 40 else None
    if match is not None and (match.exact or _prefix_applies(match, text)):
        return _from_match(match, text)
    if _CAPTION.search(text):
        return Verdict(Reason.CAPTION, "image caption or credit")
    if _legal_notice(text, count):
        return Verdict(Reason.LEGAL_FOOTER, "copyright notice")
    if count <= 35 and _SUBSCRIBE.search(text) and _SUBSCRIBE_TO.search(text):
        return Verdict(Reason.NEWSLETTER, "subscription prompt")
    if count <= 35 and _APP.search(text):
        return Verdict(Reason.NEWSLETTER, "app prompt")
    if count <= 5 and _NEWSLETTER_NAME.search(text):
        return Verdict(Reason.NEWSLETTER, "newsletter name")
    if count <= 30 and _FOLLOW.search(text):
        return Verdict(Reason.NEWSLETTER, "follow prompt")
    if count <= 10 and (_STAMP.match(text) or _ISO_STAMP.match(text)):
        return Verdict(Reason.DATELINE, "publication time stamp")
    if is_share_row(text):
        return Verdict(Reason.NEWSLETTER, "row of share buttons")
    if is_nav_menu(text):
        return Verdict(Reason.NAVIGATION, "menu of short links")
    return None


def _legal_notice(text: str, count: int) -> bool:
    """A copyright line; a long one only when it opens with the notice and reads like law
    (a page scraped into one line, with a copyright sign somewhere in it, is not a footer)."""
    found = _COPYRIGHT.search(text)
    if found is None:
        return False
    if count <= 25:
        return True
    at_edge = found.start() < 200 or found.end() > len(text) - 200
    return at_edge and (count <= 80 or len(_LEGAL_WORDS.findall(text)) >= 3)


def _prefix_applies(match: Match, text: str) -> bool:
    """A phrase that only starts the line names a short line, or a longer one when a colon,
    an arrow or a dash sets the phrase off ("Read more: ..."); "More from the interview
    below suggests that ..." is a sentence, not a teaser."""
    if match.reason is Reason.LEGAL_FOOTER or not is_prose(text):
        return True
    return bool(_SET_OFF.match(text))


def _from_match(match: Match, text: str) -> Verdict:
    opener = match.list in OPENER_LISTS and match.exact
    return Verdict(match.reason, match.source, opener=opener)


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
    return len(parts) >= 3 and all(words(part) <= 4 and not is_sentence(part) for part in parts)


def is_share_row(text: str) -> bool:
    """A line made only of social network names and share verbs.

    >>> is_share_row("Facebook Twitter WhatsApp E-mail")
    True
    >>> is_share_row("Twitter said on Monday")
    False
    """
    tokens = [t for t in re.split(r"[\s|/·•,]+", text.casefold()) if t]
    return len(tokens) >= 2 and all(token.strip("()") in _SOCIAL for token in tokens)
