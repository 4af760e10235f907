"""Document workers die with the process that started them, however it dies, and a stopped
pool fails the documents that wait for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from helpers import OUTSIDE

from copydesk.cleaners.config import Config
from copydesk.cleaners.io.files import discover
from copydesk.cleaners.run.isolation import Isolation, Limits

#: Starts a pool of one worker, gives it an endless task, prints the worker's pid, waits.
OWNER = """
import os, time
from copydesk.cleaners.run.isolation import Isolation, Limits
pool = Isolation(Limits(processes=1, timeout=600, memory=0))
worker = pool._pool.schedule(os.getpid).result()
pool._pool.schedule(time.sleep, args=(600,))
print(worker, flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_a_busy_worker_dies_when_its_run_is_killed() -> None:
    owner = subprocess.Popen([sys.executable, "-c", OWNER], cwd=OUTSIDE, text=True,
                             stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert owner.stdout is not None
        worker = int(owner.stdout.readline())
        time.sleep(0.5)  # the endless task has begun
        assert alive(worker)
        os.kill(owner.pid, signal.SIGKILL)  # the owner alone, not its process group
        owner.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(worker), "the worker outlived the process that started it"
    finally:
        try:
            os.killpg(owner.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_document_waiting_for_a_stopped_pool_fails_at_once(tmp_path: Path) -> None:
    """pebble leaves the future of a task it stopped unresolved now and then: a batch
    would wait for it forever."""
    (tmp_path / "million-p.html").write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000
                                              + b"</body></html>")
    pool = Isolation(Limits(processes=1, timeout=600, memory=0))
    outcome: list[str] = []
    done = threading.Event()

    def batch() -> None:
        try:
            outcome.extend(doc.status.value for doc, _, _ in
                           pool.clean(discover(tmp_path), Config()))
        except BaseException as error:
            outcome.append(type(error).__name__)
        finally:
            done.set()

    threading.Thread(target=batch, daemon=True).start()
    time.sleep(1)  # the worker is in the page, 25 s or more
    pool.close_now()
    assert done.wait(5), "the batch still waits for the stopped pool"
    assert outcome in (["IsolationStopped"], ["BrokenProcessPool"])
