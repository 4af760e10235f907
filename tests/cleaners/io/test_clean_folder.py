"""The clean/ contract on disk: generations switched in whole, files written plainly inside
them, texts that did not change linked from the previous generation, readers that resolve
one generation."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from copydesk.cleaners.document import Document, Paragraph, Status
from copydesk.cleaners.io.clean_folder import (
    GenerationWriter,
    Published,
    dataset_row,
    iter_audit,
    manifest_record,
    published_folder,
    read_clean,
    render_text,
    write_atomic,
)
from copydesk.cleaners.io.generations import CURRENT, GENERATIONS, CleanFolder


def doc(doc_id: str, status: Status = Status.CLEAN) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", status=status,
                    body=(Paragraph(f"Text of {doc_id}."),))


def publish(root: Path, docs: list[Document]) -> Path:
    """A generation with these documents, switched in."""
    folder = CleanFolder(root)
    previous = folder.current()
    building = folder.begin()
    writer = GenerationWriter(building, previous)
    items = []
    for d in sorted(docs, key=lambda d: d.id):
        text = render_text(d) if d.status is Status.CLEAN else None
        digest = writer.write_text(d.id, text) if text else None
        record = manifest_record(d, digest)
        items.append(Published(record, (json.dumps({"id": d.id, "seq": 0}),),
                               dataset_row(record, text) if text else None))
    writer.write_lists(items)
    return folder.commit(building)


def test_write_atomic_leaves_unchanged_files_alone(tmp_path):
    path = tmp_path / "f.txt"
    assert write_atomic(path, b"one") is True
    stamp = path.stat().st_mtime_ns
    assert write_atomic(path, b"one") is False
    assert path.stat().st_mtime_ns == stamp
    assert write_atomic(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_a_generation_is_switched_in_and_the_names_stay(tmp_path):
    first = publish(tmp_path, [doc("b"), doc("a")])
    assert (tmp_path / CURRENT).resolve() == first
    assert [r["id"] for r in (json.loads(line) for line in
                              (tmp_path / "manifest.jsonl").read_text().splitlines())] == ["a", "b"]
    assert (tmp_path / "documents" / "a.txt").read_text() == "Text of a.\n"
    rows = [json.loads(line) for line in gzip.open(tmp_path / "documents.jsonl.gz", "rt")]
    assert [(r["id"], r["text"]) for r in rows] == [("a", "Text of a.\n"), ("b", "Text of b.\n")]

    second = publish(tmp_path, [doc("a"), doc("b", Status.DUPLICATE)])
    assert (tmp_path / CURRENT).resolve() == second
    assert not (tmp_path / "documents" / "b.txt").exists()
    # The unchanged text is the same file (a link), and the old generation kept its own.
    assert os.path.samefile(first / "documents" / "a.txt", second / "documents" / "a.txt")
    assert (first / "documents" / "b.txt").exists()
    for name in ("manifest.jsonl", "audit.jsonl", "documents", "documents.jsonl.gz"):
        assert os.readlink(tmp_path / name) == f"{CURRENT}/{name}"


def test_only_the_previous_generation_is_kept(tmp_path):
    for n in range(4):
        publish(tmp_path, [doc(f"d{n}")])
    assert CleanFolder(tmp_path).numbers() == [3, 4]


def test_readers_see_one_generation(tmp_path):
    publish(tmp_path, [doc("a")])
    reader = read_clean(tmp_path)
    first = next(reader, None)
    assert first is not None and first.text == "Text of a.\n"
    assert published_folder(tmp_path) == CleanFolder(tmp_path).current()


def test_an_unfinished_generation_is_removed_and_the_published_one_stays(tmp_path):
    published = publish(tmp_path, [doc("a")])
    folder = CleanFolder(tmp_path)
    half = folder.begin()
    (half / "manifest.jsonl").write_text("torn")
    assert folder.current() == published
    assert any("unfinished" in line for line in folder.recover())
    assert not half.exists() and folder.current() == published


def test_a_clean_folder_of_the_old_layout_becomes_generation_0(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "a.txt").write_text("Old text.\n")
    (tmp_path / "manifest.jsonl").write_text('{"id": "a", "status": "clean"}\n')
    (tmp_path / "audit.jsonl").write_text('{"id": "a", "seq": 0}\n')
    (tmp_path / ".state").mkdir()
    (tmp_path / ".state" / "published.json").write_text("{}")
    folder = CleanFolder(tmp_path)
    folder.recover()
    assert folder.current() == tmp_path / GENERATIONS / "g000000"
    assert (tmp_path / "documents" / "a.txt").read_text() == "Old text.\n"
    assert (tmp_path / "documents").is_symlink() and (tmp_path / "manifest.jsonl").is_symlink()
    assert [doc_id for doc_id, _ in iter_audit(folder.current())] == ["a"]
    assert (folder.current() / ".state" / "published.json").exists()


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_published_files_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        generation = publish(tmp_path, [doc("a")])
    finally:
        os.umask(old)
    for path in (generation / "manifest.jsonl", generation / "documents" / "a.txt"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask
