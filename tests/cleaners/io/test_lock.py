"""The run lock: one run at a time writes a clean folder; the second waits or stops clearly."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import OUTSIDE

from copydesk.cleaners.io.lock import LOCK_NAME, CleanFolderBusy, run_lock

HOLD = """
import sys, time
from copydesk.cleaners.io.lock import run_lock
with run_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_run_stops_with_a_clear_message(tmp_path: Path) -> None:
    with run_lock(tmp_path / "clean"):
        with pytest.raises(CleanFolderBusy, match=r"another copydesk run is writing .*pid \d+"):
            with run_lock(tmp_path / "clean", wait_seconds=0):
                pass


def test_a_second_run_waits_for_the_first(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    leaving = threading.Event()

    def hold() -> None:
        with run_lock(clean):
            entered.set()
            time.sleep(0.6)
            leaving.set()  # the last thing the holder does while it still holds the lock

    entered = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    assert entered.wait(10)
    with run_lock(clean, wait_seconds=20):
        assert leaving.is_set(), "the second run got the lock while the first held it"
    holder.join()


def test_the_lock_file_is_gone_after_a_run(tmp_path: Path) -> None:
    with run_lock(tmp_path / "clean") as path:
        assert path.name == LOCK_NAME and path.is_file()
    assert not (tmp_path / "clean" / LOCK_NAME).exists()
    assert list((tmp_path / "clean").iterdir()) == []


def test_the_lock_holds_across_processes_and_dies_with_its_holder(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(clean)], stdout=subprocess.PIPE,
                              cwd=OUTSIDE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(CleanFolderBusy, match=f"pid {holder.pid}"):
            with run_lock(clean, wait_seconds=0.5):
                pass
    finally:
        holder.kill()  # no clean-up code runs: the file stays, the kernel drops the lock
        holder.wait()
    assert (clean / LOCK_NAME).exists()
    with run_lock(clean, wait_seconds=0):
        pass


def test_the_flow_refuses_a_clean_folder_in_use(run_flow, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("A title\n\nA paragraph of text long enough to keep.\n")
    with run_lock(tmp_path / "clean"):
        with pytest.raises(CleanFolderBusy):
            run_flow(raw, tmp_path / "clean")
        assert not (tmp_path / "clean" / "manifest.jsonl").exists()
    run_flow(raw, tmp_path / "clean")
    assert (tmp_path / "clean" / "manifest.jsonl").exists()
