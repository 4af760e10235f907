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
