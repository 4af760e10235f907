"""discover/read: every file is found and accounted for, odd ones included."""

from __future__ import annotations

import os

from copydesk.cleaners.document import Document
from copydesk.cleaners.io.files import discover, read


def test_recursive_sorted_hidden_skipped_clean_excluded(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("g")
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "old.txt").write_text("o")
    refs = discover(tmp_path, exclude=tmp_path / "clean")
    assert sorted(ref.source for ref in refs) == ["a.html", "b/x.txt"]
    assert [ref.id for ref in refs] == sorted(ref.id for ref in refs)


def test_odd_file_names(tmp_path):
    names = ["with space.txt", "ünïcödé.txt", "new\nline.txt", "-dash.txt", "dots..txt",
             "back\\slash.txt"]
    for name in names:
        (tmp_path / name).write_text("text")
    os.close(os.open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), os.O_CREAT))
    refs = discover(tmp_path)
    assert len(refs) == len(names) + 1
    assert "caf\\xe9.txt" in {ref.source for ref in refs}
    for ref in refs:
        assert not isinstance(read(ref, 1000), Document)  # every one is readable


def test_unreadable_and_oversized_files_become_failed_documents(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results = {ref.source: read(ref, 1000) for ref in discover(tmp_path)}
    assert "over the size limit" in results["big.txt"].error
    assert results["pipe.txt"].error == "not a regular file"


def test_link_loops_are_failed_records_not_a_failed_run(tmp_path):
    """Python 3.11 raises RuntimeError (not OSError) for a loop: the whole run failed."""
    (tmp_path / "a.txt").write_text("text")
    os.symlink("loop-b.txt", tmp_path / "loop-a.txt")
    os.symlink("loop-a.txt", tmp_path / "loop-b.txt")
    os.symlink("self.txt", tmp_path / "self.txt")
    refs = {ref.source: ref for ref in discover(tmp_path)}
    assert sorted(refs) == ["a.txt", "loop-a.txt", "loop-b.txt", "self.txt"]
    for source in ("loop-a.txt", "loop-b.txt", "self.txt"):
        result = read(refs[source], 1000)
        assert isinstance(result, Document) and "symbolic link loop" in result.error
    # A file swapped for a loop between finding and reading is refused when read.
    (tmp_path / "a.txt").unlink()
    os.symlink("a.txt", tmp_path / "a.txt")
    result = read(refs["a.txt"], 1000)
    assert isinstance(result, Document) and "symbolic link loop" in result.error
