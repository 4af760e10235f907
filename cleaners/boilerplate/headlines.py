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

from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, Lexicon, lexicon
from copydesk.cleaners.boilerplate.phrases import fold
from copydesk.cleaners.document import Paragraph

#: How far from the top a title, byline or dateline is looked for.
HEAD_LINES = 12


def _default(words: Lexicon | None) -> Lexicon:
    return words if words is not None else lexicon(DEFAULT_LANGUAGES)


def parse_byline(text: str, words: Lexicon | None = None) -> tuple[str, ...]:
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
    words = _default(words)
    text = text.strip()
    if len(text.split()) > 16:
        return ()
    stamped = words.stamped_byline.match(text)
    if stamped and find_date(stamped.group("stamp"), words):
        text = text[stamped.end("stamp"):].strip()  # "Posted on March 3, 2022 by Dana Roe"
    match = words.byline.match(text)
    if not match:
        return ()
    rest = match.group("rest").strip().lstrip(",|·•—–-").strip()
    if rest and not (words.byline_rest.match(rest) or find_date(rest, words)):
        return ()
    names = words.join.split(match.group("names"))
    found = [_name_case(name) for name in names
             if name and not words.byline_rest.match(name)
             and not words.organisation.search(name)]
    return tuple(found)


def _name_case(name: str) -> str:
    return " ".join(part.capitalize() if part.isupper() and len(part) > 1 else part
                    for part in name.split())


def find_date(text: str, words: Lexicon | None = None) -> str | None:
    """The first date written in `text`, as YYYY-MM-DD.

    >>> find_date("Beijing (AFP) Mar 18, 2024")
    '2024-03-18'
    >>> find_date("18 de marzo de 2024")
    '2024-03-18'
    """
    words = _default(words)
    for pattern in words.dates:
        found = pattern.search(text)
        if not found:
            continue
        month_text = found["month"]
        month = int(month_text) if month_text.isdigit() else words.months.get(month_text.casefold())
        try:
            day = Date(int(found["year"]), month or 0, int(found["day"]))
        except ValueError:
            continue
        return day.isoformat()
    return None


def parse_dateline(text: str, words: Lexicon | None = None) -> str | None:
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
    words = _default(words)
    found = find_date(text, words)
    if found is None:
        return None
    rest = text
    for pattern in words.dates:
        rest = pattern.sub(" ", rest)
    left = words.dateline_filler.sub(" ", rest).split()
    # A place name ("Brussels, Belgium", "Rio de Janeiro") is at most four words, capitalised.
    if len(left) > 4 or any(w[:1].islower() and w not in ("de", "da", "do") for w in left):
        return None
    return found


def parse_publication_line(text: str, words: Lexicon | None = None) -> str | None:
    """The date of a line that opens with a publication stamp and carries a date, whatever
    else it holds (the outlet, a time, the reading time).

    >>> parse_publication_line("Published on Coastline Courier: 12 March 2024, 09:40 · 4 min read")
    '2024-03-12'
    >>> parse_publication_line("Publicado en Diario Meseta: 3 de febrero de 2024, 12:30")
    '2024-02-03'
    >>> parse_publication_line("Published reports from March 2024 show a rise.") is None
    True
    """
    words = _default(words)
    if len(text.split()) > 20 or not words.stamp_start.match(text):
        return None
    return find_date(text, words)


def parse_name_line(text: str, words: Lexicon | None = None) -> tuple[str, ...]:
    """The names of a byline that is only the names, with at most a role after a bar or a
    comma ("Owen Park | Staff Writer"); the caller knows it sits under the title.

    >>> parse_name_line("Owen Park | Staff Writer")
    ('Owen Park',)
    >>> parse_name_line("Yann Le Goff")
    ('Yann Le Goff',)
    >>> parse_name_line("Local News")
    ()
    >>> parse_name_line("Five things to know")
    ()
    """
    words = _default(words)
    name, rest = _split_name_line(text)
    if not _FULL_NAME.match(name) or words.organisation.search(name):
        return ()
    if rest and not words.byline_rest.match(rest):
        return ()
    return (name,)


def _split_name_line(text: str) -> tuple[str, str]:
    """The name and what follows the first bar, comma or dot."""
    parts = re.split(r"\s*[|,·•]\s*", text.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


#: A person's name alone: two to four capitalised words, particles allowed between them.
_FULL_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:(?:van|von|de|der|den|del|da|di|du|la|"
                        r"le|bin|al|el)\s+)*[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}$")


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
