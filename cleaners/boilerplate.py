"""Boilerplate: take out everything that is not the article, and move its metadata out of the body.

This first level finds the title (from the page, or a line printed more than once at the top
of scraped text, or a heading-like first line), removes its repeats, moves a byline and a
dateline into metadata, and removes lines named by the phrase lists and image captions.
"""

from __future__ import annotations

import re
from datetime import datetime

from cleaners.config import BoilerplateConfig
from cleaners.document import AuditEntry, Document, Kind, Paragraph
from cleaners.phrases import fold, phrase_book
from cleaners.reasons import Action, Reason

STAGE = "boilerplate"

# How far from the top a title, byline or dateline is looked for.
_HEAD_LINES = 12

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|del|la|le|bin))*"
_BYLINE = re.compile(
    rf"^(?:by|written by|words by|von|par|por)\s+(?P<names>{_NAME}(?:\s*(?:,|and|&|und|et|y)\s*{_NAME})*)"
    r"\s*$",
    re.IGNORECASE,
)
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
           "june|july|august|september|october|november|december")
_DATE_TEXT = re.compile(rf"\b(?P<month>{_MONTHS})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b",
                        re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_DATELINE = re.compile(
    rf"^[A-Z][\w .'-]{{1,40}}\s*(?:\((?:AFP|Reuters|AP|dpa|Xinhua|UPI|ANI|PTI|EFE)\)\s*)?,?\s*"
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*[-–—]?\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(?:\((?:image|photo|picture|photograph|credit|file photo|foto)s?\s*:[^)]*\)\s*$)"
    r"|(?:^(?:image|photo|picture|photograph|credit|photo credit)s?\s*:\s*\S)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…\"”’]$")


def strip_boilerplate(doc: Document, config: BoilerplateConfig) -> Document:
    book = phrase_book(config.languages)
    entries: list[AuditEntry] = []
    body = list(doc.body)
    title = doc.title

    if title is None:
        title, index = find_title(body)
        if title is not None:
            entries.append(AuditEntry(STAGE, Action.METADATA, Reason.TITLE, text=title,
                                      paragraph=index, detail="from the text"))

    authors = doc.authors
    date = doc.date
    keep: list[Paragraph] = []
    for index, paragraph in enumerate(body):
        text = paragraph.text
        reason, detail = None, None
        if title is not None and fold(text) == fold(title):
            reason = Reason.REPEATED_TITLE
        elif index < _HEAD_LINES and (names := parse_byline(text)):
            reason, detail = Reason.BYLINE, "; ".join(names)
            authors = authors or names
        elif index < _HEAD_LINES and (found := parse_dateline(text)):
            reason, detail = Reason.DATELINE, found
            date = date or found
        elif _CAPTION.search(text):
            reason = Reason.CAPTION
        elif (match := book.match(text)) is not None:
            reason, detail = match.reason, match.source
        if reason is None:
            keep.append(paragraph)
        else:
            entries.append(AuditEntry(STAGE, Action.REMOVED, reason, text=text,
                                      paragraph=index, detail=detail))
    return doc.with_changes(entries, title=title, authors=authors, date=date, body=tuple(keep))


def find_title(body: list[Paragraph]) -> tuple[str | None, int | None]:
    """A title in scraped text: a line printed more than once near the top, or a heading-like
    first line followed by prose."""
    head = body[:_HEAD_LINES]
    seen: dict[str, int] = {}
    for index, paragraph in enumerate(head):
        key = fold(paragraph.text)
        if key in seen and _title_like(paragraph.text):
            return head[seen[key]].text, seen[key]
        seen.setdefault(key, index)
    if len(body) >= 2 and _title_like(body[0].text) and _prose(body[1].text):
        if not _CAPTION.search(body[0].text):
            return body[0].text, 0
    return None, None


def _title_like(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= 25 and not text.endswith(".")


def _prose(text: str) -> bool:
    return len(text.split()) >= 20 and bool(_SENTENCE_END.search(text))


def parse_byline(text: str) -> tuple[str, ...]:
    """Author names from a byline line, in the case they are usually written.

    >>> parse_byline("By Matthew WALSH, James EDGAR")
    ('Matthew Walsh', 'James Edgar')
    """
    match = _BYLINE.match(text.strip())
    if not match:
        return ()
    names = re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*", match.group("names"))
    return tuple(_name_case(name) for name in names if name)


def _name_case(name: str) -> str:
    return " ".join(part.capitalize() if part.isupper() and len(part) > 1 else part
                    for part in name.split())


def parse_dateline(text: str) -> str | None:
    """The date of a dateline line, as YYYY-MM-DD.

    >>> parse_dateline("Beijing (AFP) Mar 18, 2024")
    '2024-03-18'
    """
    if not _DATELINE.match(text.strip()):
        return None
    iso = _ISO_DATE.search(text)
    if iso:
        return f"{iso['year']}-{iso['month']}-{iso['day']}"
    found = _DATE_TEXT.search(text)
    if not found:
        return None
    month = found["month"][:3].title()
    try:
        parsed = datetime.strptime(f"{month} {found['day']} {found['year']}", "%b %d %Y")
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%d")


__all__ = ["strip_boilerplate", "find_title", "parse_byline", "parse_dateline", "Kind"]
