"""write_review: the files it writes, escaping, incremental rewrites, stale files, same bytes.

The pages in a real browser: tests/integration/test_review.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import publish_documents, synthetic_clean, tree_bytes

from copydesk.cleaners.document import AuditEntry, Document, Paragraph
from copydesk.cleaners.io.clean_folder import read_manifest
from copydesk.cleaners.io.review import write, write_review
from copydesk.cleaners.io.review.page import diff
from copydesk.cleaners.io.review.published import TOP_LEVEL, body_of, site_of
from copydesk.cleaners.reasons import Action, Reason


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def chunk_rows(review: Path) -> list[list]:
    """The rows of every data chunk, read back from their scripts."""
    rows = []
    for path in sorted((review / "data").glob("index-*.js")):
        text = path.read_text(encoding="utf-8")
        start, end = text.index(".push(") + len(".push("), text.rindex(");")
        rows += json.loads(text[start:end])["rows"]
    return rows


def test_one_page_per_document_an_index_and_its_data(tmp_path: Path) -> None:
    records = synthetic_clean(tmp_path / "clean", 30)
    written = write_review(tmp_path / "clean")
    review = tmp_path / "clean" / "review"
    pages = {f"docs/{r['id']}.html" for r in records}
    assert files(review) == {"index.html", "assets/review.css", "assets/review.js",
                             "assets/reasons.css", "data/index-0000.js", *pages}
    assert written == len(files(review))
    assert [row[0] for row in chunk_rows(review)] == [r["id"] for r in records]
    index = (review / "index.html").read_text(encoding="utf-8")
    assert 'data-chunks="1" data-total="30"' in index
    assert '<script src="data/index-0000.js"></script>' in index


def test_a_second_write_writes_nothing_and_a_change_rewrites_its_page(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    records = synthetic_clean(clean, 30)
    write_review(clean)
    assert write_review(clean) == 0
    before = {p: p.stat().st_mtime_ns for p in (clean / "review").rglob("*") if p.is_file()}
    # A new rule for one removal: that document's page, nothing else.
    changed = next(r["id"] for r in records if r["removed"])
    audit = (clean / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(audit):
        entry = json.loads(line)
        if entry["id"] == changed and entry["action"] == "removed":
            entry["detail"] = "a rule that was renamed"
            audit[number] = json.dumps(entry)
            break
    (clean / "audit.jsonl").write_text("\n".join(audit) + "\n", encoding="utf-8")
    assert write_review(clean) == 1
    page = clean / "review" / "docs" / f"{changed}.html"
    assert "a rule that was renamed" in page.read_text(encoding="utf-8")
    after = {p: p.stat().st_mtime_ns for p in (clean / "review").rglob("*") if p.is_file()}
    assert [p for p in after if after[p] != before[p]] == [page]


def test_pages_and_chunks_of_documents_gone_are_removed(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "CHUNK", 7)
    clean = tmp_path / "clean"
    records = synthetic_clean(clean, 30)
    write_review(clean)
    assert len(list((clean / "review" / "data").iterdir())) == 5
    kept = records[:12]
    (clean / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept))
    audit = [line for line in (clean / "audit.jsonl").read_text().splitlines()
             if json.loads(line)["id"] in {r["id"] for r in kept}]
    (clean / "audit.jsonl").write_text("".join(line + "\n" for line in audit))
    write_review(clean)
    review = clean / "review"
    assert {p.name for p in (review / "docs").iterdir()} == {f"{r['id']}.html" for r in kept}
    assert sorted(p.name for p in (review / "data").iterdir()) == ["index-0000.js",
                                                                   "index-0001.js"]
    assert [row[0] for row in chunk_rows(review)] == [r["id"] for r in kept]
    assert 'data-chunks="2" data-total="12"' in (review / "index.html").read_text()


def test_the_same_clean_folder_gives_the_same_bytes(tmp_path: Path) -> None:
    synthetic_clean(tmp_path / "clean", 40)
    write_review(tmp_path / "clean", tmp_path / "one")
    write_review(tmp_path / "clean", tmp_path / "two")
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert not (tmp_path / "clean" / "review").exists()


HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)">'


def test_text_from_documents_is_escaped_everywhere(tmp_path: Path) -> None:
    """Title, body, removed lines, rules, repairs, source and error are hostile input."""
    audit = (
        AuditEntry("repair", Action.REPAIRED, Reason.HTML_ENTITY, before="&lt;b&gt; x",
                   after="<b> x", paragraph=1, detail=HOSTILE),
        AuditEntry("boilerplate", Action.REMOVED, Reason.COMMENTS, text=f"</del>{HOSTILE}",
                   paragraph=0, detail=f'" onmouseover="alert(2)" {HOSTILE}'),
    )
    doc = Document("hostile-1", f"odd/{HOSTILE}.txt", title=f"Title {HOSTILE}",
                   body=(Paragraph(f"Body {HOSTILE}"), Paragraph("<b> x")), audit=audit,
                   authors=(HOSTILE,))
    publish_documents(tmp_path / "clean", [doc])
    write_review(tmp_path / "clean")
    review = tmp_path / "clean" / "review"
    page = (review / "docs" / "hostile-1.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<b>" not in page and 'onmouseover="' not in page
    assert re.findall(r"<script\b[^>]*>", page) == []
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 5
    index = (review / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*>", index) == [
        '<script src="data/index-0000.js">', '<script src="assets/review.js">']
    # The data chunk holds the texts as JSON strings, read back unchanged.
    [row] = chunk_rows(review)
    assert row[7] == f"Title {HOSTILE}" and row[1] == f"odd/{HOSTILE}.txt"


def test_what_names_no_line_has_a_place_of_its_own(tmp_path: Path) -> None:
    """Text a browser never shows, removed before the page was split into lines, and a
    repair of the title (no paragraph)."""
    audit = (AuditEntry("extract", Action.REMOVED, Reason.HIDDEN_TEXT, text="Hidden note"),
             AuditEntry("repair", Action.REPAIRED, Reason.MOJIBAKE, before="CafÃ©",
                        after="Café"))
    doc = Document("page-1", "site/page.html", title="Café", body=(Paragraph("Text."),),
                   audit=audit)
    publish_documents(tmp_path / "clean", [doc])
    write_review(tmp_path / "clean")
    page = (tmp_path / "clean" / "review" / "docs" / "page-1.html").read_text()
    unplaced = page[page.index('<section class="unplaced">'):]
    assert 'data-reason="hidden-text"' in unplaced and "<del>Hidden note</del>" in unplaced
    loose = page[page.index('<section class="loose">'):]
    assert 'data-reason="mojibake"' in loose and "<ins>é</ins>" in loose


def test_a_folder_without_a_run_or_with_a_bad_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no readable manifest"):
        write_review(tmp_path)
    synthetic_clean(tmp_path / "clean", 3)
    record = read_manifest(tmp_path / "clean")[0]
    (tmp_path / "clean" / "manifest.jsonl").write_text(
        json.dumps({**record, "id": "../../escape"}) + "\n")
    (tmp_path / "clean" / "audit.jsonl").write_text("")
    with pytest.raises(ValueError, match="not an id"):
        write_review(tmp_path / "clean")
    assert not (tmp_path / "clean" / "review").exists()


def test_the_site_is_the_url_host_or_the_first_folder() -> None:
    assert site_of({"source": "wire/a.txt", "url": "https://News.Example.org:8080/x"}) \
        == "news.example.org"
    assert site_of({"source": "a.txt", "url": "http://www.example.org/"}) == "example.org"
    assert site_of({"source": "wire/sub/a.txt"}) == "wire"
    assert site_of({"source": "wire/a.txt", "url": None}) == "wire"
    assert site_of({"source": "wire/a.txt", "url": "not a url"}) == "wire"
    assert site_of({"source": "wire/a.txt", "url": "http://[::1"}) == "wire"
    assert site_of({"source": "a.txt"}) == TOP_LEVEL


def test_the_body_is_the_text_after_the_title() -> None:
    text = "The title\n\nFirst paragraph.\n\n- a list item\n\nLast.\n"
    assert [p.text for p in body_of({"paragraphs": 3}, text)] == [
        "First paragraph.", "- a list item", "Last."]
    assert body_of({"paragraphs": 0}, None) == ()


def test_a_repair_shows_what_went_and_what_came() -> None:
    assert diff("wall will rise 168 meters.Many residents",
                "wall will rise 168 meters. Many residents") == (
        'wall will rise 168 meters.<ins><span class="cp">␣</span></ins>Many residents')
    assert diff("Canal\u200b Street", "Canal Street") == (
        'Canal<del><span class="cp">U+200B</span></del> Street')
    assert diff("Flour &amp; <Hearth>", "Flour & <Hearth>") == (
        "Flour &amp;<del>amp;</del> &lt;Hearth&gt;")
    long = "word " * 40
    shortened = diff(long + "a.B" + long, long + "a. B" + long)
    assert shortened.startswith("…") and shortened.endswith("…") and len(shortened) < 200
