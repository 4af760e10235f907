"""`copydesk explain FILE`: the removed lines with their reasons, without Prefect."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from helpers import OUTSIDE

from copydesk.cleaners.document import Document, Status
from copydesk.cleaners.io.clean_folder import manifest_record

SCRAPED = ("Harbour News\n\nHome | News | Sport | Business\n\n"
           "Ferry service to resume after storm repairs\n\n"
           "Ferry service to resume after storm repairs\n\nBy Ana Lima\n\n"
           "The ferry between the two islands will run again from Monday, after repairs to "
           "the landing stage damaged in last month's storm took longer than planned.\n\n"
           "Leave a Reply\n")


def explain(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "copydesk", "explain", *args], cwd=OUTSIDE,
                          capture_output=True, text=True, timeout=120)


def test_explain_marks_each_removed_line_with_its_reason(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    done = explain(str(path), "--clean", str(tmp_path / "no-clean"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ferry.txt  status clean")
    assert any(x.startswith("title") and "Ferry service to resume" in x for x in lines)
    assert any(x.startswith("authors") and "Ana Lima" in x for x in lines)
    removed = {x.split("   [")[0][5:]: x.split("   [")[1] for x in lines if x.startswith("-")}
    assert removed["Leave a Reply"].startswith("boilerplate: comments")
    assert removed["By Ana Lima"].startswith("boilerplate: byline")
    assert removed["Home | News | Sport | Business"].startswith("boilerplate: navigation")
    assert any(x.startswith("     The ferry between") for x in lines)
    assert "corpus-wide steps not shown" in done.stdout
    assert "prefect" not in done.stderr.lower()


def test_explain_uses_the_audit_of_a_clean_folder_that_published_the_file(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    clean = tmp_path / "clean"
    clean.mkdir()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    record = manifest_record(Document("ferry-1", "ferry.txt", raw_sha256=sha,
                                      status=Status.DUPLICATE, duplicate_of="x-2"))
    (clean / "manifest.jsonl").write_text(json.dumps(record) + "\n")
    entry = {"id": "ferry-1", "seq": 0, "stage": "dedup", "action": "removed",
             "reason": "near-duplicate", "paragraph": 0, "text": "The ferry between",
             "detail": "near-duplicate of x-2 paragraph 0 (similarity 1.0, jaccard)"}
    (clean / "audit.jsonl").write_text(json.dumps(entry) + "\n")
    done = explain(str(path), "--clean", str(clean))
    assert done.returncode == 0, done.stderr
    assert "status duplicate" in done.stdout.splitlines()[0]
    assert "near-duplicate of x-2" in done.stdout
    assert "corpus-wide steps not shown" not in done.stdout


def test_explain_a_missing_file_is_an_error():
    done = explain("/no/such/file.txt")
    assert done.returncode == 2 and "no such file" in done.stderr.lower()
