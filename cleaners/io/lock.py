"""One run at a time per clean folder.

A run holds an exclusive `flock` on `<clean>/.lock` from before it reads anything until
`clean/` is published. A second run on the same folder waits up to `wait_seconds` for it
and then stops with a message naming the holder. The lock is the kernel's, so it goes away
when the holding process dies, however it dies: a stale `.lock` file never blocks a run.
The file holds the holder's pid, host and start time (for that message) and is removed on
release, so a finished run leaves nothing behind in `clean/`.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".lock"
POLL_SECONDS = 0.2


class CleanFolderBusy(RuntimeError):
    """Another run is writing the same clean folder."""


@contextmanager
def run_lock(clean_dir: str | Path, wait_seconds: float = 0.0) -> Iterator[Path]:
    """Hold the lock of `clean_dir` for the duration of the `with` block."""
    folder = Path(clean_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise CleanFolderBusy(
                    f"another copydesk run is writing {clean_dir} ({holder or 'holder unknown'});"
                    f" waited {wait_seconds:g} s. Wait for it to finish, or give the run a "
                    f"longer lock_wait_seconds") from None
            time.sleep(POLL_SECONDS)
            continue
        # The holder before us may have removed the file between our open and our lock: then
        # we hold a lock on a file nobody else will see, and must start again.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, (f"pid {os.getpid()} on {socket.gethostname()} since "
                      f"{datetime.now(UTC).isoformat(timespec='seconds')}\n").encode())
        yield path
    finally:
        path.unlink(missing_ok=True)  # before unlocking: a waiter then re-opens a new file
        os.close(fd)


def _read(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
