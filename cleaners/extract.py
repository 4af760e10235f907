"""Extract: from decoded text to a body of paragraphs, headings and list items, plus metadata.

HTML goes through trafilatura (main-content extraction without comments, with its title,
author and date metadata), after what a browser never displays is taken out
(`cleaners/hidden.py`); its XML body keeps the structure, so headings and list items
keep their kind. Scraped text is split into blocks at blank lines and into lines within a
block, except where a block is prose hard-wrapped at a fixed width, which is joined again.
Telling article from boilerplate is the job of a later stage; this one only gives shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document as TrafilaturaDocument

from cleaners.config import ExtractConfig
from cleaners.document import AuditEntry, Document, InputFormat, Kind, Paragraph, Status
from cleaners.hidden import strip_hidden
from cleaners.reasons import Action, Reason

STAGE = "extract"

_BULLET = re.compile(r"^\s*(?:[-*•▪◦·‣–]|\d{1,2}[.)])\s+(?=\S)")
# AFP-style subheadings are wrapped in dashes: "- A new paradigm -".
_DASH_HEADING = re.compile(r"^\s*[-–—]\s+(.+?)\s+[-–—]\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")
# A paragraph of at least this many words that ends a sentence is prose, not a teaser or label.
_PROSE_WORDS = 8
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def extract(doc: Document, config: ExtractConfig) -> Document:
    """Fill `body` (and, for HTML, title/authors/date) from `doc.text`."""
    if doc.input_format is InputFormat.HTML:
        return _extract_html(doc, config)
    return doc.with_changes(body=tuple(split_text(doc.text)), text="")


def split_text(text: str) -> Iterator[Paragraph]:
    """Paragraphs of scraped text: blank lines separate blocks, lines separate units.

    >>> [p.text for p in split_text("Site name\\nWorld\\n\\nFirst paragraph.\\n")]
    ['Site name', 'World', 'First paragraph.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for block in re.split(r"\n\s*\n", text):
        lines = [_SPACE.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            lines = [" ".join(lines)]
        for line in lines:
            yield _paragraph_from_line(line)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Prose broken at a fixed width: every line but the last is 50-100 characters long,
    within a narrow band, and does not end a sentence."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    lengths = [len(line) for line in body]
    if min(lengths) < 50 or max(lengths) > 100 or max(lengths) - min(lengths) > 20:
        return False
    if len(lines[-1]) > max(lengths) + 5:
        return False  # the last line of wrapped prose is not longer than the wrap: a headline
        # and its blurb are (three of three teaser pairs in the sample raw/ joined otherwise)
    return not any(_SENTENCE_END.search(line) for line in body)


def _paragraph_from_line(line: str) -> Paragraph:
    heading = _DASH_HEADING.match(line)
    if heading:
        return Paragraph(heading.group(1), Kind.HEADING)
    bullet = _BULLET.match(line)
    if bullet and len(line) > bullet.end():
        return Paragraph(line[bullet.end():].strip(), Kind.LIST_ITEM)
    return Paragraph(line, Kind.PARAGRAPH)


def _extract_html(doc: Document, config: ExtractConfig) -> Document:
    try:
        page = trafilatura.load_html(doc.text)
        if page is None:
            return _failed(doc, "HTML could not be parsed: no document tree")
        hidden = (strip_hidden(page, styles=config.drop_styled_hidden) if config.drop_hidden
                  else [])
        # trafilatura works on its own copy of a tree it is given: one parse serves both.
        result = _trafilatura(page, config, config.favor_precision, with_metadata=True)
        body = _paragraphs(result)
        if config.favor_precision and (config.recall_rescue_ratio > 0
                                       or config.dropped_content_share < 1):
            default = _paragraphs(_trafilatura(page, config, False, with_metadata=False))
            body = _choose(body, default, config)
    except Exception as error:  # trafilatura raises a variety of parser errors on bad HTML
        message = f"HTML could not be parsed: {type(error).__name__}: {error}"
        return _failed(doc, message)
    if not body:
        return _failed(doc, "no article text found in the HTML page")
    if result is None:  # only the default extraction found text: no metadata
        result = TrafilaturaDocument()
    authors = split_authors(result.author) if result.author else ()
    entries = [AuditEntry(STAGE, Action.REMOVED, Reason.HIDDEN_TEXT, text=item.text,
                          detail=f"not displayed: {item.why}") for item in hidden]
    if result.title:
        entries.append(AuditEntry(STAGE, Action.METADATA, Reason.TITLE, text=result.title,
                                  detail="from the HTML page"))
    if authors:
        entries.append(AuditEntry(STAGE, Action.METADATA, Reason.BYLINE,
                                  text="; ".join(authors), detail="from the HTML page"))
    if result.date:
        entries.append(AuditEntry(STAGE, Action.METADATA, Reason.DATELINE, text=result.date,
                                  detail="from the HTML page"))
    return doc.with_changes(
        entries, body=body, text="",
        title=_clean_inline(result.title) if result.title else None,
        authors=authors, date=result.date or None,
    )


def _trafilatura(html: str | HtmlElement, config: ExtractConfig, precision: bool,
                 with_metadata: bool) -> TrafilaturaDocument | None:
    result = trafilatura.bare_extraction(
        html,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=config.include_tables,
        favor_precision=precision,
        deduplicate=False,
    )
    return result if isinstance(result, TrafilaturaDocument) else None


def _paragraphs(result: TrafilaturaDocument | None) -> tuple[Paragraph, ...]:
    if result is None or result.body is None:
        return ()
    return tuple(paragraphs_from_xml(result.body))


def _choose(precise: tuple[Paragraph, ...], default: tuple[Paragraph, ...],
            config: ExtractConfig) -> tuple[Paragraph, ...]:
    """The precise extraction, or the default one when the precise lost article text.

    It lost the article when it kept under `recall_rescue_ratio` of the default's words; it
    lost part of it when what it dropped holds article-like text, over
    `dropped_content_share` of the default's words: prose paragraphs anywhere, or any block
    (heading, list item, short paragraph) between the first and last paragraph it kept.
    What precision should drop is the title, a standfirst, link lists and CAPS teasers
    before or after the article, which pass neither test.
    """
    kept, full = _words(precise), _words(default)
    if kept < config.recall_rescue_ratio * full:
        return default
    texts = {p.text for p in precise}
    hits = [i for i, p in enumerate(default) if p.text in texts]
    first, last = (hits[0], hits[-1]) if hits else (0, -1)
    dropped = sum(
        len(p.text.split()) for i, p in enumerate(default)
        if p.text not in texts and not p.text.isupper()
        and (first < i < last or _is_prose(p)))
    return default if dropped > config.dropped_content_share * full else precise


def _is_prose(paragraph: Paragraph) -> bool:
    return (paragraph.kind is Kind.PARAGRAPH and len(paragraph.text.split()) >= _PROSE_WORDS
            and bool(_SENTENCE_END.search(paragraph.text)))


def _words(body: tuple[Paragraph, ...]) -> int:
    return sum(len(p.text.split()) for p in body)


def paragraphs_from_xml(body: etree._Element) -> Iterator[Paragraph]:
    """Walk trafilatura's XML body: head, p, list/item, quote, table/row/cell."""
    for element in body:
        tag = element.tag
        if tag == "head":
            yield from _non_empty(element, Kind.HEADING)
        elif tag == "list":
            for item in element.iter("item"):
                yield from _non_empty(item, Kind.LIST_ITEM)
        elif tag == "table":
            yield from _table_rows(element)
        else:
            yield from _non_empty(element, Kind.PARAGRAPH)
        # Text trafilatura leaves after an element (a paragraph without <p> after a <head>)
        # is in its tail; without this, 10% of the scrapinghub article text was lost.
        for line in (element.tail or "").split("\n"):
            if text := _clean_inline(line):
                yield Paragraph(text, Kind.PARAGRAPH)


def _table_rows(table: etree._Element) -> Iterator[Paragraph]:
    """A data row is one paragraph, its cells joined by " | "; a row whose cells hold
    several lines is page layout (a whole article in one cell), so each line of each cell
    is a paragraph of its own, as outside a table."""
    for row in table.iter("row"):
        cells = [list(_non_empty(cell, Kind.PARAGRAPH)) for cell in row.iter("cell")]
        if any(len(lines) > 1 for lines in cells):
            for lines in cells:
                yield from lines
            continue
        line = " | ".join(lines[0].text for lines in cells if lines)
        if line:
            yield Paragraph(line, Kind.PARAGRAPH)


def _non_empty(element: etree._Element, kind: Kind) -> Iterator[Paragraph]:
    for line in element_text(element).split("\n"):
        text = _clean_inline(line)
        if text:
            yield Paragraph(text, kind)


#: trafilatura's XML elements that start a new line: `<lb/>` is a line break inside a
#: paragraph; block elements nested in another (p in quote, list in item) are lines too.
_LINE_ELEMENTS = frozenset({"lb", "p", "head", "quote", "list", "item", "table", "row", "div"})


def element_text(element: etree._Element) -> str:
    r"""The text of an element with its line breaks: `itertext` drops `<lb/>` and glues
    nested blocks ("dates:June 9 -- ...FLJune 10"), which lost or mangled 4-token shingles
    on 4 of the 181 scrapinghub pages.

    >>> element_text(etree.fromstring("<p>a<lb/>b<hi>c</hi><quote><p>d</p></quote>e</p>"))
    'a\nbc\n\nd\n\ne'
    """
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            parts.append(child.tail or "")
            continue
        line = child.tag in _LINE_ELEMENTS
        parts.append("\n" if line else "")
        parts.append(element_text(child) if child.tag != "lb" else "")
        parts.append("\n" if line and child.tag != "lb" else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _clean_inline(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def split_authors(author: str) -> tuple[str, ...]:
    """trafilatura joins several authors with '; '."""
    names = [_clean_inline(name) for name in re.split(r";|\band\b|&", author)]
    return tuple(dict.fromkeys(name for name in names if name))


def _failed(doc: Document, message: str) -> Document:
    entry = AuditEntry(STAGE, Action.STATUS, Reason.INPUT_ERROR, detail=message)
    return doc.with_changes([entry], status=Status.FAILED, error=message, text="")
