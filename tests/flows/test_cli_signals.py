"""SIGTERM stops the document workers at once, so that a run stops where it is."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

#: A batch thread waits for a worker deep in the page of a million <p> (25 s or more), as
#: Prefect's threads do; the main thread waits for the batch thread, as Prefect does before
#: an interrupt ends the run.
RUN = """
import sys, threading
from copydesk.cleaners.config import Config
from copydesk.cleaners.io.files import discover
from copydesk.cleaners.run.isolation import Isolation, Limits
from copydesk.flows.cli import StopOnSignal

pool = Isolation.shared(Limits(processes=1, timeout=600, memory=0))
stop = StopOnSignal()
outcome = []
done = threading.Event()

def batch():
    try:
        for doc, _, _ in pool.clean(discover(sys.argv[1]), Config()):
            outcome.append(doc.status.value)
    except BaseException as error:
        outcome.append(type(error).__name__)
    finally:
        done.set()

threading.Thread(target=batch).start()
print("ready", flush=True)
try:
    while not done.wait(0.1):  # not Thread.join: an interrupt there loses the thread
        pass
except KeyboardInterrupt:
    done.wait()
    print("stopped by", stop.why, "; the batch got", outcome, flush=True)
"""


def test_sigterm_ends_a_batch_that_waits_for_a_worker(tmp_path: Path) -> None:
    (tmp_path / "million-p.html").write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000
                                              + b"</body></html>")
    run = subprocess.Popen([sys.executable, "-c", RUN, str(tmp_path)], cwd=tmp_path,
                           text=True, stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert run.stdout is not None
        assert run.stdout.readline() == "ready\n"
        time.sleep(1)  # the worker is in the page
        started = time.monotonic()
        run.send_signal(signal.SIGTERM)
        out, _ = run.communicate(timeout=60)
        assert time.monotonic() - started < 5, out
        assert "stopped by SIGTERM ; the batch got" in out
        assert "IsolationStopped" in out or "BrokenProcessPool" in out, out  # not a document
    finally:
        run.kill()
