"""The clean-corpus flow end to end, through Prefect, on real files."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import OUTSIDE, ROOT, SAMPLE_RAW, shared_or_skip, tree_bytes

STORIES = [
    ("Harbour reopens after storm",
     "The harbour reopened on Thursday, three days after a storm tore through the northern "
     "breakwater and sank two moored fishing boats, the port authority said.",
     "Engineers will spend the coming weeks inspecting the damaged sections of the wall."),
    ("Library wins architecture prize",
     "A timber library built on the site of a former bus depot has won this year's national "
     "architecture award, beating a concert hall and two university buildings.",
     "Judges praised its reading garden, which is open to the public at night."),
    ("Teachers vote to accept pay offer",
     "Secondary school teachers have voted by a narrow majority to accept a four percent pay "
     "rise, ending a dispute that closed hundreds of classrooms over the winter.",
     "The union said turnout was the highest in its history."),
    ("Rare orchid found on motorway verge",
     "Botanists surveying roadside meadows found a colony of lizard orchids beside a busy "
     "motorway junction, the first record of the plant in the county for sixty years.",
     "Mowing on that stretch will now wait until the seeds have ripened."),
]


def article(n: int, author: str = "Ana Lima") -> str:
    """A small article of its own, so that corpus dedup leaves each one its text."""
    title, first, second = STORIES[n]
    return f"{title}\n\nBy {author}\n\n{first}\n\n{second}\n"


GOOD = article(0)


def manifest(clean: Path) -> list[dict]:
    return [json.loads(line) for line in (clean / "manifest.jsonl").read_text("utf-8")
            .splitlines()]


def check_contract(raw: Path, clean: Path) -> list[dict]:
    """What every run must satisfy, whatever the input."""
    records = manifest(clean)
    sources = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*")
                     if p.is_file() and not any(part.startswith(".") for part in
                                                p.relative_to(raw).parts))
    assert sorted(r["source"] for r in records) == sources, "every raw file has one record"
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    listed = {r["path"] for r in records if r["status"] == "clean"}
    assert all(r["path"] is None for r in records if r["status"] != "clean")
    on_disk = {p.relative_to(clean).as_posix() for p in (clean / "documents").glob("*")}
    assert on_disk == listed
    for record in records:
        assert record["schema_version"] == 2
        assert record["status"] in ("clean", "duplicate", "filtered", "failed")
        assert (record["error"] is not None) == (record["status"] == "failed")
        if record["path"]:
            text = (clean / record["path"]).read_text("utf-8")
            assert text.endswith("\n") and not text.endswith("\n\n")
            assert "\r" not in text and "\n\n\n" not in text
            assert unicodedata.is_normalized("NFC", text)
            if record["title"]:
                assert text.startswith(record["title"] + "\n\n")
                assert text.count(record["title"]) == 1
    audit_ids = {json.loads(line)["id"] for line in
                 (clean / "audit.jsonl").read_text("utf-8").splitlines()}
    assert audit_ids <= {r["id"] for r in records}
    rows = [json.loads(line) for line in gzip.open(clean / "documents.jsonl.gz", "rt")]
    assert [row["id"] for row in rows] == [r["id"] for r in records if r["status"] == "clean"]
    for row in rows:
        assert row["text"] == (clean / f"documents/{row['id']}.txt").read_text("utf-8")
    feed = [json.loads(line) for line in (clean / "changes.jsonl").read_text().splitlines()]
    assert [entry["seq"] for entry in feed] == list(range(feed[0]["seq"], feed[-1]["seq"] + 1))
    return records


def test_sample_raw_is_cleaned(run_flow, tmp_path):
    summary = run_flow(SAMPLE_RAW, tmp_path / "clean")
    records = check_contract(SAMPLE_RAW, tmp_path / "clean")
    assert len(records) >= 10
    assert summary["documents"] == len(records)
    assert not [r for r in records if r["status"] == "failed"]
    languages = {r["language"] for r in records}
    assert {"en", "fr", "de"} <= languages
    run = json.loads((tmp_path / "clean" / "run.json").read_text())
    assert run["documents"] == len(records)
    assert {"decode", "extract", "repair", "boilerplate", "language", "dedup",
            "finalize"} <= set(run["seconds_per_stage"])
    assert run["versions"]["prefect"] and run["config"]["run"]["batch_size"] > 0
    assert (tmp_path / "clean" / "README.md").read_bytes() == \
        (ROOT / "clean" / "README.md").read_bytes()


def test_two_runs_give_byte_identical_output(run_flow, tmp_path):
    config = {"run": {"batch_size": 3}}
    run_flow(SAMPLE_RAW, tmp_path / "one", config)
    run_flow(SAMPLE_RAW, tmp_path / "two", {"run": {"batch_size": 5}})
    first = tree_bytes(tmp_path / "one", skip=("run.json",))
    assert first == tree_bytes(tmp_path / "two", skip=("run.json",))
    texts = sorted((tmp_path / "one" / "documents").glob("*.txt"))
    stamps = {p.name: p.stat().st_mtime_ns for p in texts}
    run_flow(SAMPLE_RAW, tmp_path / "one", config)
    # Published again: the same files, the texts not even rewritten; only the feed grew
    # (with no change recorded) and run.json is new.
    skip = ("run.json", "changes.jsonl")
    assert tree_bytes(tmp_path / "one", skip) == {k: v for k, v in first.items()
                                                  if k not in skip}
    assert {p.name: p.stat().st_mtime_ns for p in
            (tmp_path / "one" / "documents").glob("*.txt")} == stamps
    assert (tmp_path / "one" / "changes.jsonl").read_bytes() == first["changes.jsonl"]


def test_bad_input_is_recorded_and_the_run_goes_on(run_flow, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.html").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (raw / "latin1.txt").write_bytes(article(1, "Zoé Müller").encode("latin-1"))
    (raw / "bad-utf8.txt").write_bytes(article(2, "Zoë Brontë").encode() +
                                       "\n\n“Café” sign broken".encode() + b" \xc3\x28.\n")
    (raw / "truncated.txt.gz").write_bytes(gzip.compress(GOOD.encode() * 20)[:60])
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    (raw / "sub dir").mkdir()
    (raw / "sub dir" / "über café.html").write_text(
        f"<html><body><article><p>{article(3).splitlines()[4]}</p></article></body></html>")
    before = sorted(p.name for p in tmp_path.iterdir())
    run_flow(raw, tmp_path / "clean")
    records = {r["source"]: r for r in check_contract(raw, tmp_path / "clean")}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before + ["clean"])
    assert records["good.txt"]["status"] == "clean"
    assert records["latin1.txt"]["status"] == "clean"
    assert records["latin1.txt"]["authors"] == ["Zoé Müller"]
    assert records["bad-utf8.txt"]["status"] == "clean"
    assert records["bad-utf8.txt"]["flagged"].get("decode-fallback") == 1
    assert records["sub dir/über café.html"]["status"] == "clean"
    expected_errors = {"empty.txt": "empty file", "binary.html": "binary file",
                       "truncated.txt.gz": "truncated gzip", "notes.pdf": "unsupported file"}
    for source, message in expected_errors.items():
        assert records[source]["status"] == "failed", source
        assert message in records[source]["error"], records[source]["error"]


def test_a_deleted_raw_file_loses_its_outputs(run_flow, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    clean = tmp_path / "clean"
    run_flow(raw, clean)
    gone = sorted(raw.rglob("*.txt"))[0]
    gone_record = next(r for r in manifest(clean)
                       if r["source"] == gone.relative_to(raw).as_posix())
    assert (clean / gone_record["path"]).exists()
    gone.unlink()
    run_flow(raw, clean)
    check_contract(raw, clean)
    assert not (clean / gone_record["path"]).exists()
    assert gone_record["id"] not in {r["id"] for r in manifest(clean)}


def test_seed_documents_each_get_a_record_and_a_text(run_flow, tmp_path):
    seeds = shared_or_skip("seeds")
    run_flow(seeds, tmp_path / "out-seeds")
    records = {r["source"]: r for r in check_contract(seeds, tmp_path / "out-seeds")}
    texts = [name for name in records if name.endswith(".txt")]
    assert len(texts) == 5
    assert all(records[name]["status"] == "clean" and records[name]["path"] for name in texts)
    for name in ("README.md", "gold.json"):
        assert records[name]["status"] == "failed"
        assert "unsupported file type" in records[name]["error"]


def cli(*args: str, api_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_API_URL": api_url}
    return subprocess.run([sys.executable, "-m", "copydesk", *args], cwd=OUTSIDE, env=env,
                          capture_output=True, text=True, timeout=300)


def test_command_line_run(prefect_api, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    done = cli("run", "--raw", str(raw), "--clean", str(tmp_path / "clean"), api_url=prefect_api)
    assert done.returncode == 0, done.stderr
    assert "2 documents" in done.stdout and "1 clean" in done.stdout and "1 failed" in done.stdout
    assert "failed: empty.txt: empty file" in done.stdout
    check_contract(raw, tmp_path / "clean")


@pytest.mark.parametrize("args,message", [
    (("run", "--raw", "/no/such/folder"), "raw folder not found"),
    (("run", "--config", "/no/such/file.toml"), "bad config"),
])
def test_command_line_errors(prefect_api, args, message):
    done = cli(*args, api_url=prefect_api)
    assert done.returncode == 2
    assert message in done.stderr


def test_a_bad_config_file_is_refused(prefect_api, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[dedup]\nthreshhold = 0.5\n")
    done = cli("run", "--config", str(config), api_url=prefect_api)
    assert done.returncode == 2 and "unknown key" in done.stderr
