"""Incremental runs: raw/ grows, only the new files are cleaned, and clean/ equals a full run."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from helpers import ROOT, tree_bytes

WIRE = json.loads((ROOT / "tests" / "fixtures" / "wire" / "documents.json").read_text("utf-8"))


def page(doc: dict) -> str:
    """An HTML page for one fixture story, dated through its metadata."""
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in doc["paragraphs"])
    return (f'<html><head><title>{html.escape(doc["title"])}</title>'
            f'<meta property="article:published_time" content="{doc["date"]}T08:00:00Z">'
            f'</head><body><article><h1>{html.escape(doc["title"])}</h1>{paragraphs}'
            "</article></body></html>")


def write(raw: Path, docs: list[dict]) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (raw / f"{doc['id']}.html").write_text(page(doc), encoding="utf-8")


def outputs(clean: Path) -> dict[str, bytes]:
    """What must not depend on how the documents arrived: everything but run.json and the
    change feed, which records the history itself."""
    return tree_bytes(clean, skip=("run.json", "changes.jsonl"))


def test_a_grown_raw_folder_is_cleaned_incrementally_and_equals_a_full_run(run_flow, tmp_path):
    stories = sorted(WIRE["documents"], key=lambda d: (d["date"], d["id"]))
    earlier, later = stories[:2], stories[2:]
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write(raw, earlier)
    first = run_flow(raw, clean)
    assert first["mode"] == "full"
    stamps = {p: p.stat().st_mtime_ns for p in (clean / "documents").iterdir()}

    write(raw, later)
    second = run_flow(raw, clean)
    assert second["mode"] == "incremental", second["mode_reason"]
    assert second["cleaned"] == len(later)
    assert second["documents"] == len(stories)

    full = tmp_path / "full"
    everything = run_flow(raw, full, None)
    assert everything["mode"] == "full"
    assert outputs(clean) == outputs(full)
    for path, stamp in stamps.items():
        assert path.stat().st_mtime_ns == stamp, f"{path.name} was rewritten"
    records = {json.loads(line)["source"]: json.loads(line)
               for line in (clean / "manifest.jsonl").read_text("utf-8").splitlines()}
    assert records["valley-post-drill.html"]["duplicate_of"] is not None


def test_a_new_file_that_would_own_published_text_triggers_a_full_run(run_flow, tmp_path):
    stories = sorted(WIRE["documents"], key=lambda d: (d["date"], d["id"]))
    wire = next(d for d in stories if d["id"] == "northwire-drill")
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write(raw, [d for d in stories if d is not wire])
    run_flow(raw, clean)
    write(raw, [wire])  # the original wire story, dated before its published copies
    result = run_flow(raw, clean)
    assert result["mode"] == "full"
    assert "sorts before" in result["mode_reason"]
    run_flow(raw, tmp_path / "full")
    assert outputs(clean) == outputs(tmp_path / "full")


def test_changed_settings_or_files_mean_a_full_run(run_flow, tmp_path):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    shutil.copytree(ROOT / "raw", raw)
    run_flow(raw, clean)
    assert run_flow(raw, clean)["mode"] == "incremental"
    changed = run_flow(raw, clean, {"dedup": {"drop": False}})
    assert changed["mode"] == "full" and "settings" in changed["mode_reason"]
    target = sorted(raw.rglob("*.txt"))[0]
    target.write_text(target.read_text("utf-8") + "\nOne more line of text.\n", "utf-8")
    edited = run_flow(raw, clean, {"dedup": {"drop": False}})
    assert edited["mode"] == "full" and "changed" in edited["mode_reason"]
