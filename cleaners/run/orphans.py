"""Child processes that do not outlive their parent.

A process killed with SIGKILL cannot stop its children: a document worker deep in a page
would run on for as long as the page takes (minutes, for a page of a million `<p>`), and a
server started for a run would serve nobody until the machine restarts. On Linux the kernel
can do it instead: `die_with_parent()`, called in the child, asks for SIGKILL when the
parent dies (`PR_SET_PDEATHSIG`; strictly, when the parent's thread that started the child
ends, so the parent must start children from a thread that lives as long as it does).
`exit_with_parent()` is for a child started from a thread that may end early: it watches
the parent process itself.

The document workers use both (`isolation.py`): each worker dies with the fork server it was
forked from, and the fork server, which would otherwise live as long as any worker does
(every worker holds its "alive" pipe open), exits with the process that started the pool.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child process: ask the kernel to kill it when its parent dies (Linux; elsewhere
    nothing, and the parent stops its children on the way out). A child whose parent died
    before the request is made exits at once."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # orphaned already: the request came too late
        os._exit(1)


def exit_with_parent(interval: float = 0.5) -> None:
    """In a long-lived child that starts children of its own: exit as soon as the process
    that started it is gone (a thread looks every `interval` seconds). Unlike
    `die_with_parent`, this follows the parent process, not the parent's thread: the child
    may have been started from a thread that ends before the process does."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="copydesk-exit-with-parent", daemon=True).start()
