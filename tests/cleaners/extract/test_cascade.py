"""The shared cascade gives trafilatura's own extractions, to the byte."""

from __future__ import annotations

import gzip

import trafilatura
from helpers import SAMPLE_RAW, SHARED
from lxml import etree

from copydesk.cleaners.extract.cascade import BALANCED, PRECISION, RECALL, Cascade

_ARTICLES = SHARED / "benchmarks" / "article-extraction"


def _pages() -> list[str]:
    pages = [path.read_bytes().decode("utf-8", "replace")
             for path in sorted(SAMPLE_RAW.rglob("*.html"))]
    for name, count in (("scrapinghub", 15), ("trafilatura-eval", 25)):
        files = sorted((_ARTICLES / name / "html").glob("*.html.gz"))[:count]
        pages += [gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                  for path in files]
    pages.append("<html><body><p>Too short.</p></body></html>")
    return pages


def _serial(body: etree._Element | None) -> bytes | None:
    return None if body is None else etree.tostring(body, encoding="utf-8")


def test_the_cascade_gives_bare_extractions_bodies():
    """Each focus, in copydesk's order (precise, default, recall), as bare_extraction gives
    it on its own: a newer trafilatura that changes the functions cascade.py follows fails
    here."""
    for page in _pages():
        tree = trafilatura.load_html(page)
        if tree is None:
            continue
        for tables in (True, False):
            cascade = Cascade(tree, tables)
            for focus in (PRECISION, BALANCED, RECALL):
                theirs = trafilatura.bare_extraction(
                    tree, with_metadata=False, include_comments=False, include_tables=tables,
                    favor_precision=focus == PRECISION, favor_recall=focus == RECALL,
                    deduplicate=False)
                assert _serial(cascade.body(focus)) == _serial(
                    theirs.body if theirs is not None else None), (page[:200], focus)  # type: ignore[union-attr]


def test_no_readability_text_is_longer_than_the_bound_that_lets_it_be_skipped():
    """Readability is not run where its text cannot be preferred (`_readability_loses`),
    judged by `_page_text_bound`: that bound must hold on every page, a video iframe (to
    which readability adds the word "VIDEO") included."""
    from trafilatura.utils import trim

    video = ("<html><body><article><p>" + "Words of the article. " * 3 + "</p>"
             + '<iframe src="https://www.youtube.com/embed/abc"></iframe>' * 4
             + "</article><script>var x = 'not text';</script></body></html>")
    skipped = 0
    for page in [*_pages(), video]:
        tree = trafilatura.load_html(page)
        if tree is None:
            continue
        cascade = Cascade(tree, True)
        for precision in (True, False):
            found = cascade._readability_of(cascade._open, precision)
            text = trim(etree.tostring(found, method="text", encoding="unicode"))
            assert len(text) <= cascade._page_text_bound(), page[:200]
        fresh = Cascade(tree, True)
        fresh.body(PRECISION)
        skipped += not fresh._readability  # the precise pass needed no readability
    assert skipped >= 5  # the skip does happen on the benchmark pages
