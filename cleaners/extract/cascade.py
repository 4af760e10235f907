"""trafilatura's three extractions of one page, with what they share done once.

copydesk extracts a page up to three times (`html.py`): with trafilatura's precision focus,
its default (balanced) one and its recall one. Each `trafilatura.bare_extraction` copies the
page and prunes the copy with the same XPath expressions; the default and the recall ones
run readability on the same tree; the default one, when its text is short, retries in recall
mode exactly as the recall extraction begins, and both take the same baseline rescue. Here
those are done once per page and shared.

This is trafilatura 2.3.1's `bare_extraction` and `trafilatura_sequence` (core.py) and
`compare_extraction` (external.py), step for step, for the options copydesk uses: no
comments, no metadata (`page_fields` in html.py reads the title, author and URL), no links,
images, formatting, deduplication, language or URL, the default configuration. Nothing that
a step reads is changed by sharing it: every step copies the tree it is given before it
changes anything, and a shared result is only read. The output is the same to the byte
(tests/cleaners/extract/test_cascade.py compares it with `bare_extraction` on pages; a newer
trafilatura that changes these functions must be compared again).
"""

from __future__ import annotations

from copy import copy
from typing import Any

from lxml.etree import XPath, _Element, strip_tags, tostring
from lxml.html import HtmlElement
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _prepare_tree,
)
from trafilatura.external import (
    JUSTEXT_OVERRIDE_RATIO,
    SANITIZED_XPATH,
    _prefer_readability,
    justext_rescue,
    sanitize_tree,
    try_readability,
)
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.utils import trim
from trafilatura.xpaths import (
    OVERALL_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
)

PRECISION, BALANCED, RECALL = "precision", "balanced", "recall"

#: The text nodes of a tree that readability keeps: not those of what it drops first.
_TEXT_OUTSIDE_SCRIPTS = XPath(
    ".//text()[not(parent::script or parent::style or parent::fencedframe)]",
    smart_strings=False)

Extracted = tuple[_Element, str]


def options(focus: str, tables: bool) -> Extractor:
    """The options `bare_extraction` builds for copydesk's arguments."""
    return Extractor(output_format="python", fast=False, precision=focus == PRECISION,
                     recall=focus == RECALL, comments=False, formatting=None, links=False,
                     images=False, tables=tables, dedup=False, lang=None, url=None,
                     with_metadata=False)


class Cascade:
    """The extractions of one page; `body(focus)` is `bare_extraction(page, ...,
    favor_precision=focus == "precision", favor_recall=focus == "recall").body`, or None
    where that returns None."""

    def __init__(self, page: HtmlElement, tables: bool) -> None:
        self._tables = tables
        self._bodies: dict[str, _Element | None] = {}
        self._readability: dict[bool, HtmlElement] = {}
        self._retry: Extracted | BaseException | None = None
        self._baseline: tuple[_Element, str, int] | None = None
        self._text_bound: int | None = None
        self._failed = False
        try:
            tree = copy(page)  # bare_extraction's copy of a tree it is given
            self._forum = _forum_thread_page(tree)
            tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
            # comments off: the precise extraction always prunes comments and lists from the
            # raw tree, the others except on a forum thread
            self._open = (tree if self._forum
                          else prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH))
            self._closed = (prune_unwanted_nodes(copy(tree), REMOVE_COMMENTS_AND_LISTS_XPATH)
                            if self._forum else self._open)
        except (TypeError, ValueError):  # bare_extraction's own: no result
            self._failed = True

    def body(self, focus: str) -> _Element | None:
        if focus not in self._bodies:
            self._bodies[focus] = self._extract(options(focus, self._tables))
        return self._bodies[focus]

    def _extract(self, options: Extractor) -> _Element | None:
        """bare_extraction after its metadata: the sequence, then its size checks."""
        if self._failed:
            return None
        try:
            body, text = self._sequence(options)
            if options.max_tree_size:
                if len(body) > options.max_tree_size:
                    strip_tags(body, "hi")
                if len(body) > options.max_tree_size:
                    raise ValueError
            if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
                raise ValueError
        except (TypeError, ValueError):
            return None
        return body

    def _sequence(self, options: Extractor) -> Extracted:
        """trafilatura_sequence without comments (so without forum posts to salvage)."""
        tree = self._closed if options.focus == PRECISION else self._open
        if options.focus == RECALL:
            # stages 1-2 are the default extraction's recall retry, on the same tree
            body, text = self._recall_stages(tree, options)
        else:
            cleaned, backup = _prepare_tree(tree, options, None)
            if options.focus == PRECISION and not self._forum:
                cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
            body, text = self._extract_and_compare(cleaned, backup, tree, options)

        if len(text) < options.min_extracted_size and options.focus != PRECISION:
            b_body, b_text, b_len = self._baseline_of(tree)
            if b_len > len(text):
                body, text = b_body, b_text

        if (options.focus == BALANCED and 0 < len(text) < ESCALATION_MAX_LENGTH
                and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))):
            r_options = copy(options)
            r_options.focus = RECALL
            r_text = j_text = ""
            try:
                r_body, r_text = self._recall_stages(tree, r_options)
            except Exception:  # as trafilatura: a failed retry keeps the extraction
                pass
            try:
                j_body, j_text = justext_rescue(copy(tree), options)
            except Exception:
                pass
            len_text, r_len, j_len = len(text), len(r_text), len(j_text)
            if j_len > r_len and j_len > ESCALATION_JUSTEXT_RATIO * len_text:
                body, text = j_body, j_text
            elif r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len_text:
                body, text = r_body, r_text
        return body, text

    def _recall_stages(self, tree: HtmlElement, r_options: Extractor) -> Extracted:
        """Stages 1-2 in recall mode on the open tree: the recall extraction's start and the
        default one's retry (`_recall_retry`), computed once."""
        if self._retry is None:
            try:
                self._retry = self._extract_and_compare(
                    *_prepare_tree(tree, r_options, None), tree, r_options)
            except Exception as error:  # raised again at each use, as each run would
                self._retry = error
        if isinstance(self._retry, BaseException):
            raise self._retry
        return self._retry

    def _baseline_of(self, tree: HtmlElement) -> tuple[_Element, str, int]:
        """The baseline rescue on the open tree (it copies it), computed once."""
        if self._baseline is None:
            self._baseline = baseline(tree)
        return self._baseline

    def _extract_and_compare(self, cleaned: HtmlElement, backup: HtmlElement,
                             tree: HtmlElement, options: Extractor) -> Extracted:
        body, text = extract_content(cleaned, options)
        return self._compare(backup, tree, body, text, options)

    def _readability_loses(self, body: Any, len_text: int, options: Extractor) -> bool:
        """Whether `_prefer_readability` is sure to say no, whatever readability finds.

        Readability's text is cut from the page's (its input is the open tree or a pruned
        copy of it): it drops scripts, styles and fenced frames first and adds nothing but
        the word "VIDEO" in a video's iframe, so `_page_text_bound` is at least as long. It
        is preferred only when the own text is empty, when it is over twice as long (in
        recall mode over 1.5 times, or longer with headings the own text lacks), or when
        the own body has no paragraph text or more tables than paragraphs and readability's
        is over twice `min_extracted_size`. Where none of this can hold, readability (its
        14 ms a call was a sixth of the per-document path on wcxb-dev) is not run."""
        if len_text == 0:
            return False
        bound = self._page_text_bound()
        if bound > (len_text if options.focus == RECALL else 2 * len_text):
            return False
        return bound <= 2 * options.min_extracted_size or (
            bool(body.xpath(".//p//text()"))
            and len(body.findall(".//table")) <= len(body.findall(".//p")))

    def _page_text_bound(self) -> int:
        """A length no text readability makes of this page exceeds: the open tree's text
        outside scripts, styles and fenced frames, its pieces joined with spaces and
        trimmed as `trim` does, and six characters for each iframe ("VIDEO" and a space)."""
        if self._text_bound is None:
            pieces = _TEXT_OUTSIDE_SCRIPTS(self._open)
            self._text_bound = (len(" ".join(" ".join(pieces).split()))
                                + 6 * sum(1 for _ in self._open.iter("iframe")))
        return self._text_bound

    def _readability_of(self, tree: HtmlElement, precision: bool) -> HtmlElement:
        """readability on (a copy of) the raw tree, once per kind; a copy each time, as
        `sanitize_tree` changes the tree it takes."""
        if precision not in self._readability:
            raw = copy(tree)
            if precision:
                raw = prune_unwanted_nodes(raw, OVERALL_DISCARD_XPATH)
            self._readability[precision] = try_readability(raw)
        return copy(self._readability[precision])

    def _compare(self, cleaned_tree: HtmlElement, tree: HtmlElement, body: Any, text: str,
                 options: Extractor) -> Extracted:
        """compare_extraction, readability's result shared, and not computed when it cannot
        be preferred (`_readability_loses`)."""
        len_text = len(text)
        if options.focus == RECALL and len_text > options.min_extracted_size * 10:
            return body, text
        use_readability = False
        if not self._readability_loses(body, len_text, options):
            temppost_algo = self._readability_of(tree, options.focus == PRECISION)
            algo_text = trim(tostring(temppost_algo, method="text",
                                      encoding="utf-8").decode("utf-8"))
            len_algo = len(algo_text)
            use_readability = _prefer_readability(body, temppost_algo, algo_text, len_text,
                                                  len_algo, options)
            if use_readability:
                body, text, len_text = temppost_algo, algo_text, len_algo
        unclean = bool(body.xpath(SANITIZED_XPATH))
        if unclean or len_text < options.min_extracted_size:
            body2, text2 = justext_rescue(cleaned_tree, options)
            len_text2 = len(text2)
            if unclean:
                accept = len_text <= JUSTEXT_OVERRIDE_RATIO * len_text2 and (
                    len_text2 > len_text or not options.images or body.find(".//graphic") is None
                )
            else:
                accept = len_text < len_text2
            if text2 and accept:
                body, text, len_text = body2, text2, len_text2
                use_readability = False
        if use_readability:
            body, text = sanitize_tree(body, options)
        return body, text
