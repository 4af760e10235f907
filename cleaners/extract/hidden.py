"""Hidden content: what a browser does not show a reader is not part of the article.

Pages carry text that is never displayed: SEO keyword blocks, spam, templates for scripts,
drafts left in the markup. trafilatura drops an element whose `style`, `class` or `id` says
it is hidden, but keeps the text of:

- elements with the HTML `hidden` attribute (except `hidden="until-found"`, which the
  browser reveals when the reader searches the page);
- `<template>` contents, which are never rendered;
- elements a `<style>` sheet of the page hides (`display: none`, `visibility: hidden` or
  `collapse`);
- a large inline `display: none` block, which its fallback extractors can bring back.

`strip_hidden` removes them from a parsed page before extraction and returns their text,
and why each was hidden, for the audit. The first two are safe: over the 1,171 pages of
../shared/benchmarks/article-extraction, none of the 136 elements they hide holds article
text. Hiding by style is not: saved pages hide article text with styles that their own
scripts lift (`.tabcontent`, `.loading`, `.ssr-hide`, inline `display: none` on the
article), and removing styled elements lost article text on 23 of those pages (F1 on
trafilatura-eval 0.937 -> 0.934, scrapinghub 0.971 -> 0.972). So styles count only with
`styles=True` (`[extract] drop_styled_hidden`). Then only top-level rules of the page's own
`<style>` elements are read: rules inside `@media` apply on some screens only, and external
stylesheets are not fetched. Selectors cssselect cannot turn into XPath (pseudo-classes
such as `:hover`) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import tinycss2
from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

_SPACE = re.compile(r"\s+")
_HIDING = {"display": {"none"}, "visibility": {"hidden", "collapse"}}


@dataclass(frozen=True)
class Hidden:
    text: str
    why: str  # "hidden attribute", "template", "inline style", "page style: <selector>"


#: Elements whose content a browser never shows as text.
NOT_DISPLAYED = frozenset({"script", "style", "noscript", "template"})


def displayed_text(element: etree._Element) -> Iterator[str]:
    """The pieces of text an element shows, in order: its own and its descendants', with
    their tails, but nothing from inside `NOT_DISPLAYED` elements (and not its own tail)."""
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and child.tag not in NOT_DISPLAYED:
            yield from displayed_text(child)
        yield child.tail or ""


def strip_hidden(tree: etree._Element, styles: bool = False) -> list[Hidden]:
    """Remove every hidden element from `tree` (in place); return each one that had text,
    in document order. Elements hidden by CSS count only with `styles`."""
    found = list(_outermost(tree, _hidden_elements(tree, styles)))
    removed = []
    for element, why in found:
        text = _SPACE.sub(" ", " ".join(element.itertext())).strip()
        if text:
            removed.append(Hidden(text, why))
        _drop(element)
    return removed


def hides(declarations: str) -> bool:
    """Whether a CSS declaration list (a `style` attribute or a rule's body) hides its
    element.

    >>> hides("color: red; display : none !important")
    True
    >>> hides("display: block; visibility: visible")
    False
    """
    for item in tinycss2.parse_blocks_contents(declarations, skip_comments=True,
                                               skip_whitespace=True):
        if item.type != "declaration":
            continue
        words = [token.lower_value for token in item.value if token.type == "ident"]
        if words and words[0] in _HIDING.get(item.lower_name, set()):
            return True
    return False


def _hidden_elements(tree: etree._Element,
                     styles: bool) -> Iterator[tuple[etree._Element, str]]:
    for element in tree.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        tag = element.tag.lower()
        if tag == "template":
            yield element, "template"
        elif tag in {"html", "head", "body", "style"}:
            continue
        elif _has_hidden_attribute(element):
            yield element, "hidden attribute"
        elif styles and hides(element.get("style") or ""):
            yield element, "inline style"
    if not styles:
        return
    for text, selector in _hiding_selectors(tree):
        for element in selector(tree):
            if isinstance(element.tag, str) and element.tag.lower() not in {"html", "body"}:
                yield element, f"page style: {text}"


def _has_hidden_attribute(element: etree._Element) -> bool:
    value = element.get("hidden")
    return value is not None and value.strip().lower() != "until-found"


def _hiding_selectors(tree: etree._Element) -> Iterator[tuple[str, CSSSelector]]:
    for style in tree.iter("style"):
        sheet = tinycss2.parse_stylesheet(style.text or "", skip_comments=True,
                                          skip_whitespace=True)
        for rule in sheet:
            if rule.type != "qualified-rule" or not hides(tinycss2.serialize(rule.content)):
                continue
            for selector in map(str.strip, tinycss2.serialize(rule.prelude).split(",")):
                try:
                    yield selector, CSSSelector(selector, translator="html")
                except (SelectorError, ValueError):
                    continue


def _outermost(tree: etree._Element, found: Iterator[tuple[etree._Element, str]]
              ) -> Iterator[tuple[etree._Element, str]]:
    """Each element once (with the first reason found), in document order, leaving out
    those inside another one."""
    chosen: dict[int, tuple[etree._Element, str]] = {}
    for element, why in found:  # the dict keeps the proxies alive, so their ids stay theirs
        chosen.setdefault(id(element), (element, why))
    if not chosen:  # the usual page: no second walk of the tree
        return
    for element in tree.iter():
        if id(element) in chosen and not any(id(parent) in chosen
                                             for parent in element.iterancestors()):
            yield chosen[id(element)]


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it (its tail), which is visible."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
