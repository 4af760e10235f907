"""The change feed: record by record over runs that add, change and remove documents; its
reader; its compaction."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import copydesk
from copydesk.cleaners.run import feed as feed_module
from copydesk.cleaners.run.corpus import run_corpus

STORIES = {
    "harbour.txt": ("Harbour reopens after storm", "The harbour reopened on Thursday, three "
                    "days after a storm tore through the northern breakwater, the port said."),
    "library.txt": ("Library wins a prize", "A timber library built on the site of a former "
                    "bus depot has won this year's national architecture award."),
    "orchid.txt": ("Rare orchid on a verge", "Botanists surveying roadside meadows found a "
                   "colony of lizard orchids beside a busy motorway junction this week."),
}


def write(raw: Path, name: str, title: str, body: str) -> None:
    (raw / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def lines(clean: Path) -> list[dict]:
    return [json.loads(line) for line in (clean / "changes.jsonl").read_text().splitlines()]


def manifest(clean: Path) -> dict[str, dict]:
    return {r["source"]: r for r in (json.loads(line) for line in
                                     (clean / "manifest.jsonl").read_text().splitlines())}


def test_two_runs_with_files_added_changed_and_deleted(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for name, (title, body) in list(STORIES.items())[:2]:
        write(raw, name, title, body)
    first = run_corpus(raw, clean, review=False)
    one = manifest(clean)
    assert lines(clean) == [
        {"run": 1, "seq": seq, "id": one[name]["id"], "change": "added", "status": "clean",
         "raw_sha256": one[name]["raw_sha256"], "text_sha256": one[name]["text_sha256"]}
        for seq, name in enumerate(sorted(one, key=lambda n: one[n]["id"]), start=1)]
    assert first["feed"] == {"first_seq": 1, "last_seq": 2, "new": 2, "records": 2,
                             "compacted": False}

    write(raw, "orchid.txt", *STORIES["orchid.txt"])  # added
    write(raw, "library.txt", "Library wins a prize", STORIES["library.txt"][1] +
          " The judges praised its reading garden.")  # changed
    (raw / "harbour.txt").unlink()  # removed
    second = run_corpus(raw, clean, review=False)
    two = manifest(clean)
    new = lines(clean)[2:]
    expected = sorted([(one["harbour.txt"]["id"], "removed", one["harbour.txt"]),
                       (two["library.txt"]["id"], "updated", two["library.txt"]),
                       (two["orchid.txt"]["id"], "added", two["orchid.txt"])])
    assert [(e["id"], e["change"], e["run"], e["seq"]) for e in new] == [
        (doc_id, change, 2, seq) for seq, (doc_id, change, _) in enumerate(expected, start=3)]
    for entry, (_, _, record) in zip(new, expected, strict=True):
        assert (entry["status"], entry["raw_sha256"], entry["text_sha256"]) == (
            record["status"], record["raw_sha256"], record["text_sha256"])
    assert second["feed"]["first_seq"] == 3 and second["feed"]["last_seq"] == 5

    # A consumer that stored seq 2 reads the three changes, with the documents as they are.
    read = copydesk.changes(clean, after=2)
    got = {change.id: change for change in read}
    assert read.last_seq == 5 and not read.resync
    assert got[two["orchid.txt"]["id"]].text == (clean / two["orchid.txt"]["path"]).read_text()
    assert got[one["harbour.txt"]["id"]].record is None
    assert got[two["library.txt"]["id"]].record == two["library.txt"]
    assert list(copydesk.changes(clean, after=5)) == []

    # A run that changes nothing records nothing.
    run_corpus(raw, clean, review=False)
    assert len(lines(clean)) == 5


def test_the_feed_is_compacted_and_a_late_reader_resyncs(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setattr(feed_module, "COMPACT_MIN", 4)
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for name, (title, body) in STORIES.items():
        write(raw, name, title, body)
    run_corpus(raw, clean, review=False)  # seq 1-3
    shutil.rmtree(raw)
    raw.mkdir()
    write(raw, "harbour.txt", *STORIES["harbour.txt"])
    # Two removals: 5 records for 1 live document, over max(4, 2 x 1): compacted.
    summary = run_corpus(raw, clean, review=False, allow_shrink=True)
    assert summary["feed"]["compacted"]
    entries = lines(clean)
    assert [(e["seq"], e["change"]) for e in entries] == [(6, "added")]
    late = copydesk.changes(clean, after=2)
    assert late.resync and [c.change for c in late] == ["added"] and late.last_seq == 6
    assert not copydesk.changes(clean, after=5).resync
