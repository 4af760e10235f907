"""explain(doc): every removed line in its place, marked with its reason; metadata found;
and the replay of the audit it is made from."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from helpers import SAMPLE_RAW, generate_corpus, shared_or_skip

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import AuditEntry, Document, Paragraph, Status
from copydesk.cleaners.explain import explain, replay
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.io.review.published import published_documents
from copydesk.cleaners.pipeline import clean_document
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.run.corpus import run_corpus

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
    assert out[5] == "url      -"
    body = [line for line in out[6:] if line.strip()]
    assert body[0].startswith("-    Harbour News") and "navigation" in body[0]
    assert body[1].startswith("-    Ferry kept") and "title" in body[1]
    assert body[3].startswith("-    By Ana Lima") and "byline" in body[3]
    assert body[5].startswith("     The council voted")
    assert body[6].startswith("     Nobody objected.")
    assert body[7].startswith("-    Leave a Reply") and "comments" in body[7]


# --- replay: every line back in its place ------------------------------------------------------

def removed(stage: str, reason: Reason, text: str, index: int) -> AuditEntry:
    return AuditEntry(stage, Action.REMOVED, reason, text=text, paragraph=index)


def test_replay_puts_corpus_wide_removals_back_in_the_body_they_saw() -> None:
    """The template-line step (stage boilerplate) runs after language and dedup, and numbers
    lines in the body left by then; its line must not be put back among the per-document
    boilerplate removals' indexes."""
    # Extraction gave: Menu, Title, A, B, C, Footer, Share.
    audit = (removed("boilerplate", Reason.NAVIGATION, "Menu", 0),
             removed("boilerplate", Reason.TITLE, "Title", 1),
             removed("boilerplate", Reason.NEWSLETTER, "Share", 6),
             AuditEntry("language", Action.METADATA, Reason.LANGUAGE, text="en"),
             removed("boilerplate", Reason.TEMPLATE_LINE, "Footer", 3),  # in A, B, C, Footer
             removed("dedup", Reason.NEAR_DUPLICATE, "B", 1))  # in A, B, C
    doc = Document("d", "d.txt", body=(Paragraph("A"), Paragraph("C")), audit=audit)
    lines = replay(doc).lines
    assert [line.text for line in lines] == ["Menu", "Title", "A", "B", "C", "Footer", "Share"]
    assert [line.removal.reason.value if line.removal else None for line in lines] == [
        "navigation", "title", None, "near-duplicate", None, "template-line", "newsletter"]


def test_replay_keeps_the_two_passes_of_dedup_apart() -> None:
    """Repeats inside the document, then near-duplicates of other documents: two walks of
    the same stage, the second over what the first left, both at index 3 here."""
    # Extraction gave: A, B, C, A-again, D.
    audit = (removed("dedup", Reason.DUPLICATE_IN_DOCUMENT, "A", 3),
             removed("dedup", Reason.NEAR_DUPLICATE, "D", 3))
    doc = Document("d", "d.txt", body=tuple(Paragraph(t) for t in "ABC"), audit=audit)
    assert [(line.text, line.removal is not None) for line in replay(doc).lines] == [
        ("A", False), ("B", False), ("C", False), ("A", True), ("D", True)]


def test_replay_gives_each_repair_and_flag_to_its_line() -> None:
    """Repairs count lines in the body before boilerplate removed any."""
    audit = (AuditEntry("repair", Action.REPAIRED, Reason.MISSING_SPACE, before="a.B",
                        after="a. B", paragraph=2),
             AuditEntry("repair", Action.FLAGGED, Reason.GARBLED, text="zorp", paragraph=3),
             AuditEntry("repair", Action.REPAIRED, Reason.MOJIBAKE, before="Ã©", after="é"),
             removed("boilerplate", Reason.NAVIGATION, "Menu", 0),
             removed("boilerplate", Reason.COMMENTS, "Reply", 1))
    doc = Document("d", "d.txt", body=(Paragraph("a. B"), Paragraph("zorp")), audit=audit)
    found = replay(doc)
    assert [(line.text, [n.reason.value for n in line.notes]) for line in found.lines] == [
        ("Menu", []), ("Reply", []), ("a. B", ["missing-space"]), ("zorp", ["garbled"])]
    assert [n.reason.value for n in found.notes] == ["missing-space", "garbled", "mojibake"]


def test_replay_of_a_document_whose_body_is_gone() -> None:
    """A duplicate read back from a clean folder has no kept lines: the removals still come
    back at their indexes, with rows of unknown text between them, and repairs find theirs."""
    audit = (AuditEntry("repair", Action.REPAIRED, Reason.MOJIBAKE, before="cafÃ©",
                        after="café", paragraph=2),
             removed("boilerplate", Reason.NAVIGATION, "Menu", 0),
             removed("boilerplate", Reason.COMMENTS, "Reply", 4),
             removed("boilerplate", Reason.LEGAL_FOOTER, "©", 5))
    doc = Document("d", "d.txt", status=Status.DUPLICATE, audit=audit)
    lines = replay(doc).lines
    assert [(line.text, line.missing) for line in lines] == [
        ("Menu", False), ("", True), ("", True), ("", True), ("Reply", False), ("©", False)]
    assert [n.after for n in lines[2].notes] == ["café"]
    assert explain(doc).splitlines()[8] == "?    (a line this document no longer has)"


def test_replay_keeps_removals_that_name_no_line() -> None:
    hidden = AuditEntry("extract", Action.REMOVED, Reason.HIDDEN_TEXT, text="secret")
    found = replay(Document("d", "d.html", body=(Paragraph("A"),), audit=(hidden,)))
    assert [line.text for line in found.lines] == ["A"]
    assert found.unplaced == (hidden,)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _raw_order_errors(raw: Path, clean: Path) -> tuple[int, list[str]]:
    """Checks the replay of every scraped-text document of a clean folder against its raw
    file: each line (as it was before its repairs) is found in the raw text after the line
    before it. Returns how many documents were checked and what was out of order."""
    checked, errors = 0, []
    _, documents = published_documents(clean)
    for item in documents:
        if item.record["input_format"] != "text":
            continue
        data = (raw / item.record["source"]).read_bytes()
        if item.record["source"].endswith(".gz"):
            data = gzip.decompress(data)
        text = _collapse(data.decode(item.record["encoding"]))
        position = 0
        checked += 1
        for line in replay(item.doc).lines:
            repairs = [note.before for note in line.notes if note.before is not None]
            if line.missing and not repairs:
                continue
            wanted = _collapse((repairs[0] if repairs else line.text).removeprefix("- "))
            found = text.find(wanted, position)
            if found < 0:
                errors.append(f"{item.record['source']}: {wanted[:60]!r}")
                break
            position = found + len(wanted)
    return checked, errors


def test_replayed_lines_follow_the_raw_files(tmp_path: Path) -> None:
    """A run over the sample's scraped text and generated documents (site template lines,
    syndicated copies): every document's lines come back in the order of its raw file."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW / "text", raw / "sample")
    generate_corpus(raw / "generated", 120, seed=5)
    run_corpus(raw, tmp_path / "clean")
    audit = (tmp_path / "clean" / "audit.jsonl").read_text(encoding="utf-8")
    assert '"template-line"' in audit and '"near-duplicate"' in audit, "the case is not there"
    checked, errors = _raw_order_errors(raw, tmp_path / "clean")
    assert checked >= 40 and errors == []


def test_replayed_seed_lines_follow_the_seed_files(tmp_path: Path) -> None:
    seeds = shared_or_skip("seeds")
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(seeds.glob("*.txt")):
        shutil.copy(path, raw / path.name)
    run_corpus(raw, tmp_path / "clean")
    checked, errors = _raw_order_errors(raw, tmp_path / "clean")
    assert checked == 5 and errors == []
