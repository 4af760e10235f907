"""The lines at the top of an article that are metadata, not body: title, byline, dateline.

Scraped pages print the title (often two or three times), then a byline ("By Jane Doe, John
Roe") and a dateline ("Lisbon (Reuters) Mar 18, 2024"). These functions recognise such lines
and parse what they carry, so the boilerplate stage can move it into `Document.title`,
`authors` and `date` and take the lines out of the body. Recognising is strict on purpose: a
line is only a byline or a dateline when nothing else is left on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date

from cleaners.document import Paragraph
from cleaners.phrases import fold

#: How far from the top a title, byline or dateline is looked for.
HEAD_LINES = 12

_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|de|van|von|der|da|del|la|le|bin|al|di|du|dos)"
_NAME = rf"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+{_NAME_WORD}){{0,4}}"
_JOIN = r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|story by|reporting by|von|par|por|author|autor|auteur)"
    rf"\s*:?\s+(?P<names>{_NAME}(?:{_JOIN}{_NAME})*)(?P<rest>\s*(?:[,|·•—–-]\s*.*)?)$",
)
#: A name on a byline that is an outlet or agency, not a person: "By Elena Vasquez, Meridian
#: Press".
_ORGANISATION = re.compile(
    r"\b(?:Press|News|Agency|Media|Times|Post|Herald|Tribune|Gazette|Journal|Wire|Daily|"
    r"Chronicle|Reuters|AFP|AP|Bloomberg|Associated|Staff|Group|Newsroom|Desk|Redaktion|"
    r"Rédaction|Redacción|Agencia|Agence|Zeitung)\b")
#: A time stamp written before the byline: "Posted on March 3, 2022 by Dana Roe".
_STAMPED_BYLINE = re.compile(
    r"^(?P<stamp>(?i:posted|published|updated|publié|veröffentlicht|publicado)\b.{4,40}?)"
    r"\s+(?i:by|von|par|por)\s")
#: What may follow the names on a byline line: an agency, a role, a date.
_BYLINE_REST = re.compile(
    r"^(?:(?:staff|senior|chief|special)?\s*(?:writer|reporter|correspondent|editor|"
    r"journalist|contributor|columnist)s?|reuters|afp|ap|associated press|dpa|efe|bloomberg|"
    r"the associated press|for [\w .'-]{1,40}|in [\w .'-]{1,30}|\d+ min(?:ute)?s? read|"
    r"updated|published|posted)\b",
    re.IGNORECASE,
)

_MONTHS = {
    # en
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # de
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = (
    # Mar 18, 2024 / March 18 2024
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
               rf"(?P<year>\d{{4}})\b", re.IGNORECASE),
    # 18 March 2024 / 18. März 2024 / 18 de marzo de 2024 / 1er mars 2024
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:er|\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<month>{_MONTH})"
               rf"\.?,?\s+(?:de\s+)?(?P<year>\d{{4}})\b", re.IGNORECASE),
    # 2024-03-18
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    # 18.03.2024 / 18/03/2024 (day first, as in de/fr/es)
    re.compile(r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})\b"),
)
#: Words that may stand next to a date on a dateline line besides a place name.
_DATELINE_FILLER = re.compile(
    r"\((?:AFP|Reuters|AP|dpa|Xinhua|UPI|ANI|PTI|EFE|AFX|Bloomberg|IANS|KNA|ANSA|SDA)\)"
    r"|\b(?:AFP|Reuters|dpa|EFE|published|updated|posted|last updated|on|at|le|am|el|à|"
    r"publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"gmt|utc|cet|cest|bst|est|edt|pst|pdt|am|pm|uhr|h)\b"
    r"|\d{1,2}[:.h]\d{2}|[-–—|·•,:()]",
    re.IGNORECASE,
)


def parse_byline(text: str) -> tuple[str, ...]:
    """Author names from a byline line, in the case they are usually written.

    >>> parse_byline("By Matthew WALSH, James EDGAR")
    ('Matthew Walsh', 'James Edgar')
    >>> parse_byline("Par Claire Martin et Paul Roux | AFP")
    ('Claire Martin', 'Paul Roux')
    >>> parse_byline("By Elena Vasquez, Meridian Press")
    ('Elena Vasquez',)
    >>> parse_byline("Posted on March 3, 2022 by Dana Whitfield")
    ('Dana Whitfield',)
    >>> parse_byline("By the way, this matters.")
    ()
    """
    text = text.strip()
    if len(text.split()) > 16:
        return ()
    stamped = _STAMPED_BYLINE.match(text)
    if stamped and find_date(stamped.group("stamp")):
        text = text[stamped.end("stamp"):].strip()  # "Posted on March 3, 2022 by Dana Roe"
    match = _BYLINE.match(text)
    if not match:
        return ()
    rest = match.group("rest").strip().lstrip(",|·•—–-").strip()
    if rest and not (_BYLINE_REST.match(rest) or find_date(rest)):
        return ()
    names = re.split(_JOIN, match.group("names"))
    found = [_name_case(name) for name in names
             if name and not _BYLINE_REST.match(name) and not _ORGANISATION.search(name)]
    return tuple(found)


def _name_case(name: str) -> str:
    return " ".join(part.capitalize() if part.isupper() and len(part) > 1 else part
                    for part in name.split())


def find_date(text: str) -> str | None:
    """The first date written in `text`, as YYYY-MM-DD.

    >>> find_date("Beijing (AFP) Mar 18, 2024")
    '2024-03-18'
    >>> find_date("18 de marzo de 2024")
    '2024-03-18'
    """
    for pattern in _DATES:
        found = pattern.search(text)
        if not found:
            continue
        month_text = found["month"]
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.casefold())
        try:
            day = Date(int(found["year"]), month or 0, int(found["day"]))
        except ValueError:
            continue
        return day.isoformat()
    return None


def parse_dateline(text: str) -> str | None:
    """The date of a dateline line: a date with at most a place, an agency and a time.

    >>> parse_dateline("Beijing (AFP) Mar 18, 2024")
    '2024-03-18'
    >>> parse_dateline("Published: 4 juin 2023, 10:15")
    '2023-06-04'
    >>> parse_dateline("Prices rose 3% in March 18, 2024 trading as investors fled.") is None
    True
    """
    if len(text.split()) > 14:
        return None
    found = find_date(text)
    if found is None:
        return None
    rest = text
    for pattern in _DATES:
        rest = pattern.sub(" ", rest)
    rest = _DATELINE_FILLER.sub(" ", rest)
    words = rest.split()
    # A place name ("Brussels, Belgium", "Rio de Janeiro") is at most four words, capitalised.
    if len(words) > 4 or any(w[:1].islower() and w not in ("de", "da", "do") for w in words):
        return None
    return found


def find_title(body: Sequence[Paragraph]) -> tuple[str | None, int | None]:
    """A title in scraped text: a line printed more than once near the top, or a heading-like
    first line followed by prose."""
    head = body[:HEAD_LINES]
    seen: dict[str, int] = {}
    for index, paragraph in enumerate(head):
        key = fold(paragraph.text)
        if key in seen and title_like(paragraph.text):
            return head[seen[key]].text, seen[key]
        seen.setdefault(key, index)
    return None, None


def title_like(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= 25 and not text.rstrip().endswith((".", ",", ";"))
