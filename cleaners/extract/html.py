"""HTML to blocks and metadata, with trafilatura.

Content after an early `</html>` goes back into the body (`stray.py`) and what a browser
never displays goes (`hidden.py`); then trafilatura extracts the main
content without comments, with its title, author and date metadata. Its XML body keeps the
structure, so headings and list items keep their kind. Telling article from boilerplate is
the job of a later stage; this one only gives shape.

trafilatura runs as a cascade: its precise extraction (`favor_precision`), and its default
one instead when the precise one lost article text (`_choose`); and its recall-favouring
one when that finds much more text than the default one (`wider_extraction_ratio`): the
default then kept a fragment of the article (a lead, a box) and lost the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document as TrafilaturaDocument

from copydesk.cleaners.document import AuditEntry, Document, Kind, Paragraph, Status
from copydesk.cleaners.extract.cascade import BALANCED, PRECISION, RECALL, Cascade
from copydesk.cleaners.extract.declared import declared_body
from copydesk.cleaners.extract.hidden import Hidden, strip_hidden
from copydesk.cleaners.extract.metadata import read_metadata
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.skipped import restore_skipped
from copydesk.cleaners.extract.stray import adopt_stray_content
from copydesk.cleaners.extract.streamed import DEEP, load_page, reaches
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.text import ends_in_punctuation, fold_space

NAME = "extract"

# A paragraph of at least this many words that ends a sentence is prose, not a teaser or label.
_PROSE_WORDS = 8


def extract_html(doc: Document, config: ExtractSettings) -> Document:
    try:
        return _extract_html(doc, config, fields_failed=False)
    except LateFieldError as late:  # trafilatura's author search, run last, raised
        error = late.__cause__
        if isinstance(error, (TypeError, ValueError)):  # as if its first pass had failed
            return _extract_html(doc, config, fields_failed=True)
        return _failed(doc, f"HTML could not be parsed: {type(error).__name__}: {error}")


def _extract_html(doc: Document, config: ExtractSettings, fields_failed: bool) -> Document:
    try:
        page, streamed = load_page(doc.text)
        if page is None:
            return _failed(doc, "HTML could not be parsed: no document tree")
        stray = adopt_stray_content(page)  # after an early </html>: the body's, as browsers do
        if reaches(page, DEEP):  # its deepest text is lost, and extraction would be slow
            return _failed(doc, f"the page's elements are nested deeper than {DEEP} levels, "
                           "past what the HTML parser reads")
        hidden = [Hidden(item.text, f"loading text replaced by streamed content {item.segment}")
                  for item in streamed]
        hidden += (strip_hidden(page, styles=config.drop_styled_hidden) if config.drop_hidden
                   else [])
        # trafilatura works on its own copy of a tree it is given: one parse serves both.
        try:  # trafilatura's first pass read them first: an error there was no result
            fields: PageFields | None = None if fields_failed else page_fields(page)
        except (TypeError, ValueError):
            fields = None
        cascade = Cascade(page, config.include_tables)
        first = (cascade.body(PRECISION if config.favor_precision else BALANCED)
                 if fields is not None else None)
        body = _paragraphs(first)
        default = body
        if config.favor_precision and (config.recall_rescue_ratio > 0
                                       or config.dropped_content_share < 1):
            default = _paragraphs(cascade.body(BALANCED))
            body = _choose(body, default, config)
        if config.wider_extraction_ratio > 0:
            wider = _paragraphs(cascade.body(RECALL))
            if _words(wider) >= config.wider_extraction_ratio * max(_words(default), 1):
                body = wider
        declared: tuple[Paragraph, ...] = ()
        if config.declared_body_ratio > 0 and fields is not None:
            declared = declared_body(page)
            if _words(declared) >= config.declared_body_ratio * max(_words(body), 1):
                body = declared
            else:
                declared = ()
        restored: list[int] = []
        if config.restore_skipped and body:
            body, restored = restore_skipped(page, body)
    except Exception as error:  # trafilatura raises a variety of parser errors on bad HTML
        message = f"HTML could not be parsed: {type(error).__name__}: {error}"
        return _failed(doc, message)
    if not body:
        return _failed(doc, "no article text found in the HTML page")
    # trafilatura's title, author and URL when its first extraction found text
    result = fields if first is not None and fields is not None else PageFields(None, None)
    found = read_metadata(page, result.title, result.author)
    title = fold_space(found.title.value) if found.title else None
    authors = tuple(found.authors.value) if found.authors else ()
    date = found.date.value if found.date else None
    entries = [AuditEntry(NAME, Action.REMOVED, Reason.HIDDEN_TEXT, text=item.text,
                          detail=f"not displayed: {item.why}") for item in hidden]
    if declared:
        entries.append(AuditEntry(NAME, Action.REPAIRED, Reason.DECLARED_BODY,
                                  text=f"{_words(declared)} words",
                                  detail="the page's JSON-LD articleBody, over "
                                         f"{config.declared_body_ratio:g} times the words the "
                                         "extraction kept"))
    entries += [AuditEntry(NAME, Action.REPAIRED, Reason.RESTORED_BLOCK,
                           text=body[index].text, paragraph=index,
                           detail="a heading or list item of the page between two blocks "
                                  "the extraction kept, which it skipped")
                for index in restored]
    if stray:
        entries.append(AuditEntry(NAME, Action.REPAIRED, Reason.STRAY_CONTENT, text=stray,
                                  detail="after the page's closing </body> or </html>, "
                                         "moved into the body as a browser shows it"))
    for reason, value, where in ((Reason.TITLE, title, found.title),
                                 (Reason.BYLINE, "; ".join(authors), found.authors),
                                 (Reason.DATELINE, date, found.date)):
        if value and where:
            entries.append(AuditEntry(NAME, Action.METADATA, reason, text=value,
                                      detail=f"from the HTML page: {where.source}"))
    url = doc.url
    if url is None and result.url:  # not from a WARC record: the page's own address
        url = result.url
        entries.append(AuditEntry(NAME, Action.METADATA, Reason.URL, text=url,
                                  detail="from the HTML page: its canonical link or og:url"))
    return doc.with_changes(entries, body=body, text="", title=title, authors=authors,
                            date=date, url=url)


class LateFieldError(Exception):
    """trafilatura's author search raised when it ran, after the extraction; the error is
    its `__cause__`."""


class PageFields:
    """trafilatura's title, author and URL of a page. Its author search (`extract_author`:
    a deep copy of the page and a run of XPath expressions, 11 ms a page on average over 512
    wcxb-dev and trafilatura-eval pages, a fifth of the per-document path where it runs)
    matters only when the page names no author that copydesk finds itself
    (`metadata.page_authors`), so it runs only when asked, on the page as it was: nothing
    changes the page after `page_fields` (the extraction works on copies)."""

    def __init__(self, title: str | None, url: str | None, author: str | None = None,
                 tree: HtmlElement | None = None) -> None:
        self.title, self.url = title, url
        self._author, self._tree = author, tree  # a tree: the author is still to be searched

    def author(self) -> str | None:
        if self._tree is not None:
            tree, self._tree = self._tree, None
            try:
                self._author = _trimmed(extract_author(tree))
            except Exception as error:
                raise LateFieldError from error
        return self._author


def _trimmed(value: str | None) -> str | None:
    """A field as `extract_metadata` leaves it (`Document.clean_and_trim`: cut to 10,000
    characters, entities unescaped, spaces and control characters folded)."""
    fields = TrafilaturaDocument()
    fields.author = value
    fields.clean_and_trim()
    return fields.author


def page_fields(tree: HtmlElement) -> PageFields:
    """The title, author and URL that `trafilatura.extract_metadata` finds, the same to the
    byte, without what copydesk does not use: its date (an extensive htmldate search, the
    larger part of its metadata time: about a third of `trafilatura.extract`'s time), site
    name, categories, tags and licence. The same steps in its order (`extract_metadata` in
    trafilatura/metadata.py), but its author search last, when asked for (`PageFields`);
    `test_extract.py` checks the result against it."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # as trafilatura: a bug in its JSON-LD reader keeps the meta tags'
        pass
    if not found.title:
        found.title = extract_title(tree)
    if not found.url:
        found.url = extract_url(tree)
    return PageFields(_trimmed(found.title), _trimmed(found.url), _trimmed(found.author),
                      tree if not found.author else None)


def _paragraphs(body: etree._Element | None) -> tuple[Paragraph, ...]:
    return () if body is None else tuple(paragraphs_from_xml(body))


def _choose(precise: tuple[Paragraph, ...], default: tuple[Paragraph, ...],
            config: ExtractSettings) -> tuple[Paragraph, ...]:
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
            and ends_in_punctuation(paragraph.text))


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
            if text := fold_space(line):
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
        # An empty cell keeps its place: a table filled in steps (fares by zone, a
        # comparison with blanks) has rows of one length, not a menu's rows of 2, 3, 4 cells.
        texts = [lines[0].text if lines else "" for lines in cells]
        if any(texts):
            yield Paragraph(fold_space(" | ".join(texts)), Kind.PARAGRAPH)


def _non_empty(element: etree._Element, kind: Kind) -> Iterator[Paragraph]:
    for line in element_text(element).split("\n"):
        text = fold_space(line)
        if text:
            yield Paragraph(text, kind)


#: trafilatura's XML elements that start a new line: `<lb/>` is a line break inside a
#: paragraph; block elements nested in another (p in quote, list in item) are lines too.
_LINE_ELEMENTS = frozenset({"lb", "p", "head", "quote", "list", "item", "table", "row", "div"})
#: Inline formatting, glued to the text around it ("<hi>un</hi>likely"). Any other element
#: (HTML cells `<th>`/`<td>` left outside a table, a `<span>` trafilatura kept) ends with a
#: space, as trafilatura's own text output writes it (`process_element` in its xml.py):
#: glued, a spec box read "Battery life9 hoursWeight1.2 kg" (wcxb-dev: 12 pages).
_INLINE_ELEMENTS = frozenset({"hi", "ref", "code", "del", "cell"})


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
        parts.append("\n" if line and child.tag != "lb"
                     else "" if line or child.tag in _INLINE_ELEMENTS else " ")
        parts.append(child.tail or "")
    return "".join(parts)


def _failed(doc: Document, message: str) -> Document:
    entry = AuditEntry(NAME, Action.STATUS, Reason.INPUT_ERROR, detail=message)
    return doc.with_changes([entry], status=Status.FAILED, error=message, text="")
