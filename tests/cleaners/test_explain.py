"""explain(doc): every removed line in its place, marked with its reason; metadata found."""

from __future__ import annotations

from copydesk.cleaners.config import Config
from copydesk.cleaners.explain import explain
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_document

PAGE = """Harbour News
Ferry kept for two more years
Ferry kept for two more years
By Ana Lima
Published: 14 May 2023

The council voted on Tuesday to keep the old ferry in service until at least the spring of 2025.

Nobody objected.

Leave a Reply
"""


def test_explain_marks_each_removed_line_in_place() -> None:
    doc = clean_document(RawFile("p", "p.txt", PAGE.encode()), Config())
    out = explain(doc).splitlines()
    assert out[0].startswith("p.txt  status clean")
    assert out[1].startswith("title    Ferry kept for two more years")
    assert out[2].startswith("authors  Ana Lima")
    assert out[3].startswith("date     2023-05-14")
    body = [line for line in out[5:] if line.strip()]
    assert body[0].startswith("-    Harbour News") and "navigation" in body[0]
    assert body[1].startswith("-    Ferry kept") and "title" in body[1]
    assert body[3].startswith("-    By Ana Lima") and "byline" in body[3]
    assert body[5].startswith("     The council voted")
    assert body[6].startswith("     Nobody objected.")
    assert body[7].startswith("-    Leave a Reply") and "comments" in body[7]
