"""Streamed content: what a server-rendering framework sends hidden and its script shows.

React's streaming server renderer (Next.js pages among them) sends a page in pieces. Where a
part was not ready, the page holds a placeholder, `<template id="B:0">` (a Suspense boundary,
with a loading fallback after it up to the comment `<!--/$-->`) or `<template id="P:0">` (a
segment); the part itself comes later in the same page as `<div hidden id="S:0">...</div>`,
with a small script (`$RC("B:0","S:0")`, `$RS("S:0","P:0")`) that moves it into the
placeholder's place and drops the fallback. A browser shows the article there: removing
every `hidden` element (`hidden.py`) lost whole articles on such pages.

`load_page` parses such a page keeping its comments (trafilatura's parser drops them, and
with them the end of each fallback), and `reveal_streamed` does what those scripts do,
before hidden elements are removed (`hidden.py`): a hidden
element is a streamed segment when an inline script of the page names its id together with
the id of a `<template>` on the page, or, when the page's scripts were not saved with it,
when the ids follow the protocol's naming (`S:<n>` for the segment, `B:<n>` or `P:<n>` for
its placeholder). Its content then takes the place of the placeholder and the fallback goes;
a segment whose placeholder sits in a hidden element stays hidden, as in a browser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring

#: What a page streamed by React carries: a placeholder template with a protocol id.
_STREAMED = re.compile(r"""<template\s[^>]*\bid=["']?[BP]:""", re.IGNORECASE)
#: trafilatura's parser settings, comments kept.
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                     remove_comments=False, remove_pis=True)
_SEGMENT_ID = re.compile(r"^S:(?P<key>[0-9a-zA-Z]+)$")
_QUOTED = re.compile(r"""["']([^"'\s]{1,64})["']""")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Fallback:
    """Text a placeholder showed until the streamed content replaced it."""

    text: str
    segment: str  # the id of the segment that replaced it


#: Deep pages (issue 14): libxml2 stops building the tree 255 elements deep and drops the
#: text below; with `huge_tree` it goes on to about 2,047. A tree that reaches `SHALLOW`
#: levels is parsed again with `huge_tree`; one that still reaches `DEEP` lost text.
SHALLOW = 250
DEEP = 2040
_DEEP_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                          remove_comments=True, remove_pis=True, huge_tree=True)
_DEEP_COMMENTS_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                   remove_comments=False, remove_pis=True, huge_tree=True)


def load_page(html: str) -> tuple[HtmlElement | None, list[Fallback]]:
    """The page's tree as `trafilatura.load_html` gives it, with streamed segments in
    their places (and the loading text they replaced, for the audit). A page nested deeper
    than libxml2's default limit is parsed again with `huge_tree`, keeping its text."""
    if not _STREAMED.search(html):
        tree = trafilatura.load_html(html)
        if tree is None or not reaches(tree, SHALLOW):
            return tree, []
        return _parse(html, _DEEP_PARSER), []
    tree = _parse(html, _PARSER)
    if reaches(tree, SHALLOW):
        tree = _parse(html, _DEEP_COMMENTS_PARSER)
    dropped = reveal_streamed(tree)
    etree.strip_tags(tree, etree.Comment)
    return tree, dropped


def reaches(tree: etree._Element, depth: int) -> bool:
    """Whether an element of `tree` lies `depth` levels below its root."""
    return bool(_depth_test(depth)(tree))


@functools.cache
def _depth_test(depth: int) -> etree.XPath:
    """`*/*/...` `depth` steps deep, evaluated by libxml2: `find` walked the same path in
    Python, 2.4 ms a page on the benchmark pages (6% of the whole per-document path), this
    0.2 ms."""
    return etree.XPath(f"boolean({'/'.join(['*'] * depth)})")


def _parse(html: str, parser: HTMLParser) -> HtmlElement:
    try:
        return fromstring(html, parser=parser)
    except ValueError:  # a string with an encoding declaration
        return fromstring(html.encode("utf-8"), parser=parser)


def reveal_streamed(tree: etree._Element) -> list[Fallback]:
    """Move every streamed segment of `tree` into its placeholder (in place); return the
    text of the loading fallbacks that went, for the audit."""
    templates = {element.get("id"): element for element in tree.iter("template")
                 if element.get("id")}
    if not templates:
        return []
    segments = {element.get("id"): element for element in tree.iter()
                if isinstance(element.tag, str) and element.get("hidden") is not None
                and element.get("id")}
    if not segments:
        return []
    dropped: list[Fallback] = []
    for segment_id, placeholder_id in _pairs(tree, segments, templates):
        segment, placeholder = segments[segment_id], templates[placeholder_id]
        if _inside(placeholder, segment):
            continue
        text = _replace(placeholder, segment)
        if text:
            dropped.append(Fallback(text, segment_id))
    return dropped


def _pairs(tree: etree._Element, segments: dict[str, etree._Element],
           templates: dict[str, etree._Element]) -> Iterator[tuple[str, str]]:
    """(segment id, placeholder id), from the page's scripts, else from the ids' names."""
    seen: set[str] = set()
    for script in tree.iter("script"):
        if script.get("src"):
            continue
        named = _QUOTED.findall(script.text or "")
        hidden = [name for name in named if name in segments]
        places = [name for name in named if name in templates]
        if len(hidden) == 1 and len(places) == 1 and hidden[0] not in seen:
            seen.add(hidden[0])
            yield hidden[0], places[0]
    for segment_id in segments:
        found = _SEGMENT_ID.match(segment_id)
        if segment_id in seen or not found:
            continue
        for prefix in ("B", "P"):
            if f"{prefix}:{found['key']}" in templates:
                seen.add(segment_id)
                yield segment_id, f"{prefix}:{found['key']}"
                break


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _replace(placeholder: etree._Element, segment: etree._Element) -> str:
    """Put the segment's content where the placeholder is, drop the placeholder, its
    fallback and the emptied segment; return the fallback's text."""
    parent = placeholder.getparent()
    if parent is None:
        return ""
    fallback, closed = _fallback(placeholder)
    parts = [placeholder.tail or ""] if closed else []
    for node in fallback:
        if isinstance(node.tag, str):
            parts.extend(node.itertext())
        parts.append(node.tail or "")
        _remove_keeping_tail(node, keep_tail=False)
    if closed:
        placeholder.tail = None
    text = _SPACE.sub(" ", " ".join(parts)).strip()
    position = parent.index(placeholder)
    children = list(segment)
    lead = segment.text or ""
    for offset, child in enumerate(children):  # moving a child keeps its tail with it
        parent.insert(position + 1 + offset, child)
    if lead:
        _append_text_before(placeholder, lead)
    last = children[-1] if children else None
    if last is not None and placeholder.tail:
        last.tail = (last.tail or "") + placeholder.tail
        placeholder.tail = None
    _remove_keeping_tail(placeholder, keep_tail=True)
    segment.text = None
    _remove_keeping_tail(segment, keep_tail=True)
    return text


def _fallback(placeholder: etree._Element) -> tuple[list[etree._Element], bool]:
    """The siblings after a boundary's placeholder up to the comment closing the boundary
    (`<!--/$-->`), and whether there is such a comment (a segment placeholder has none)."""
    found: list[etree._Element] = []
    depth = 0
    for node in placeholder.itersiblings():
        if isinstance(node, etree._Comment):
            data = (node.text or "").strip()
            if data == "/$":
                if depth == 0:
                    return found, True
                depth -= 1
            elif data.startswith("$"):
                depth += 1
        found.append(node)
    return [], False


def _append_text_before(element: etree._Element, text: str) -> None:
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        if parent is not None:
            parent.text = (parent.text or "") + text


def _remove_keeping_tail(element: etree._Element, keep_tail: bool) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if keep_tail and element.tail:
        _append_text_before(element, element.tail)
    parent.remove(element)
