"""Headings and list items of the article that the extraction skipped, put back in place.

When trafilatura's main pass finds no frame for the article, its last resort collects the
page's paragraphs, quotes, code and tables one by one (`recover_wild_text`), and neither
headings nor lists: the article comes out but for its section titles ("How many naps do
children need?") and its bulleted points, which a reader of the text needs and the
benchmarks' truth keeps.

`restore_skipped` reads the page when the body has no heading at all (where the extraction
kept headings, those it left out it meant to leave): a heading (`<h2>` to `<h6>`; `<h1>` is
the title) or a list item whose text the body lacks, with the text block just before it and
the one just after it in the body next to each other, goes back between them. What sits
outside that span (above the article, in a teaser list after it), in the page's header,
navigation, footer, an aside or a form, or is a link to another page (a teaser's title, a
list of links) stays out.

Measured on wcxb-dev (benchmarks/wcxb.py, 792 pages), trafilatura-eval micro F1 alongside:
headings alone, on every body: mean F1 +0.00102 (66 pages better, 9 worse), but
trafilatura-eval 0.9353 -> 0.9346 (the titles of teaser boxes); on bodies without a heading:
+0.00097 (52 better, 5 worse), 0.9351; with list items too (the setting): +0.0005 more
(21 better, 5 worse), 0.9355; list items on bodies with headings as well: +0.00005 (14
better, 11 worse), not taken; `<h1>` too: +0.00000 (5 better, 4 worse), not taken. A list of
links clears the label above it: a restored "Related" opened a zone in the boilerplate stage
that took article paragraphs (trafilatura-eval, two pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree

from copydesk.cleaners.document import Kind, Paragraph
from copydesk.cleaners.extract.hidden import displayed_text
from copydesk.cleaners.text import fold_space, word_count

_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: Elements whose text the extraction keeps as a block of the body.
_BLOCKS = frozenset({"p", "li", "blockquote", "pre", "dd", "td", "figcaption"})
#: Page furniture: a heading inside one of these is not the article's.
_FURNITURE = frozenset({"nav", "header", "footer", "aside", "form"})
#: A section title is a line; a longer "heading" is a styled paragraph or a teaser.
MAX_HEADING_WORDS = 20
#: Blocks and paragraphs are matched on their words; a paragraph the extraction cut from a
#: longer block (a line of it) matches the block's start or end when it has this many
#: characters of words.
_MATCH_CHARS = 20
_WORD = re.compile(r"\w+")
#: A heading whose words are this much a link to another page is a teaser's title.
_LINKED_SHARE = 0.8


def restore_skipped(page: etree._Element,
                     body: Sequence[Paragraph]) -> tuple[tuple[Paragraph, ...], list[int]]:
    """The body with the skipped headings and list items back in place, and the index of
    each one in it."""
    if any(paragraph.kind is Kind.HEADING for paragraph in body):
        return tuple(body), []  # the extraction kept headings: those it left out it meant to
    keys = [_key(p.text) for p in body]
    present = set(keys)
    inserts: dict[int, list[tuple[str, Kind]]] = {}
    pending: list[tuple[str, Kind]] = []
    before: str | None = None  # the key of the last text block, in page order
    for element, text in _blocks(page):
        key = _key(text)
        if element.tag in _HEADINGS or (element.tag == "li" and key not in present):
            if key and _links_elsewhere(element, key):
                if element.tag == "li":
                    pending = []  # a list of links: the label above it ("Related") is the box's
            elif key and key not in present and before is not None \
                    and (element.tag == "li" or word_count(text) <= MAX_HEADING_WORDS) \
                    and not _in_furniture(element):
                pending.append((text, Kind.HEADING if element.tag in _HEADINGS
                                else Kind.LIST_ITEM))
            continue
        if not key:
            continue
        if pending and before is not None:
            at = _between(keys, before, key)
            if at is not None:
                inserts.setdefault(at, []).extend(pending)
                present.update(_key(text) for text, _ in pending)
        pending = []
        before = key
    if not inserts:
        return tuple(body), []
    result: list[Paragraph] = []
    added: list[int] = []
    for index, paragraph in enumerate(body):
        for text, kind in inserts.get(index, []):
            added.append(len(result))
            result.append(Paragraph(text, kind))
        result.append(paragraph)
    return tuple(result), added


def _between(keys: list[str], before: str, after: str) -> int | None:
    """The index of the body paragraph that starts block `after`, when the paragraph before
    it ends block `before`; else None."""
    for index in range(1, len(keys)):
        if _starts(after, keys[index]) and _ends(before, keys[index - 1]):
            return index
    return None


def _starts(block: str, paragraph: str) -> bool:
    return block == paragraph or (len(paragraph) >= _MATCH_CHARS
                                  and block.startswith(paragraph))


def _ends(block: str, paragraph: str) -> bool:
    return block == paragraph or (len(paragraph) >= _MATCH_CHARS and block.endswith(paragraph))


def _blocks(page: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Headings and text blocks in page order, with their text (a block inside another
    block is read as part of it)."""
    inside: etree._Element | None = None
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if inside is not None and _is_within(element, inside):
            continue
        if element.tag in _HEADINGS or element.tag in _BLOCKS:
            inside = element
            yield element, fold_space(" ".join(displayed_text(element)))


def _is_within(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _links_elsewhere(element: etree._Element, key: str) -> bool:
    """Whether the heading or item is a link to another page (a teaser's title, a link of a
    list), not to a place in this one (a section's anchor), or sits inside such a link (a
    whole card)."""
    if any(parent.tag == "a" and _elsewhere(parent) for parent in element.iterancestors()):
        return True
    linked = " ".join(_key(" ".join(displayed_text(link))) for link in element.iter("a")
                      if _elsewhere(link))
    return len(linked) >= _LINKED_SHARE * len(key)


def _elsewhere(link: etree._Element) -> bool:
    return not (link.get("href") or "#").startswith("#")


def _in_furniture(element: etree._Element) -> bool:
    return any(parent.tag in _FURNITURE for parent in element.iterancestors())


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
