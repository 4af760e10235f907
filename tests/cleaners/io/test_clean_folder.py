"""publish: atomic writes, unchanged files untouched, stale texts removed."""

from __future__ import annotations

import json

from copydesk.cleaners.document import Document, Paragraph, Status
from copydesk.cleaners.io.clean_folder import publish, write_atomic


def docs(*ids: str, status: Status = Status.CLEAN) -> list[Document]:
    return [Document(id=i, source=f"{i}.txt", status=status,
                     body=(Paragraph(f"Text of {i}."),)) for i in ids]


def test_write_atomic_leaves_unchanged_files_alone(tmp_path):
    path = tmp_path / "f.txt"
    assert write_atomic(path, b"one") is True
    stamp = path.stat().st_mtime_ns
    assert write_atomic(path, b"one") is False
    assert path.stat().st_mtime_ns == stamp
    assert write_atomic(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_publish_writes_the_contract_and_removes_stale_texts(tmp_path):
    publish(tmp_path, docs("b", "a"), {"run": 1})
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert [r["id"] for r in manifest] == ["a", "b"]
    assert (tmp_path / "documents" / "a.txt").read_text() == "Text of a.\n"
    assert {"README.md", "audit.jsonl", "run.json"} <= {p.name for p in tmp_path.iterdir()}

    result = publish(tmp_path, docs("a") + docs("b", status=Status.DUPLICATE), {"run": 2})
    assert result == {"written": 0, "removed": 1}
    assert not (tmp_path / "documents" / "b.txt").exists()
    assert (tmp_path / "documents" / "a.txt").exists()
