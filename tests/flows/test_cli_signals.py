"""Signals (issue 14): SIGTERM and Ctrl-C stop `copydesk run` within 5 s, publish nothing
partial, release the lock and stop every process the run started; a run killed with SIGKILL
takes Prefect's temporary server and its document workers along.

The first test is the mechanism alone (a batch thread waiting for a worker deep in a page is
freed at once); the others run the real command in a session of its own (`tests/runs.py`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile.generate import Prose
from runs import leftovers, published_tree, start_run, wait_for_workers

from copydesk.cleaners.config import Config
from copydesk.cleaners.io.lock import run_lock
from copydesk.cleaners.run.corpus import run_corpus

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
config = Config()  # loads the stages' settings (and so the stages) before "ready"
stop = StopOnSignal()
outcome = []
done = threading.Event()

def batch():
    try:
        for doc, _, _ in pool.clean(discover(sys.argv[1]), config):
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


# --- signals --------------------------------------------------------------------------------------

def stuck_raw(folder: Path) -> Path:
    """Three ordinary documents and the page of 1,000,000 <p>, which keeps a worker busy
    for 25 s or more."""
    raw = folder / "raw"
    raw.mkdir()
    prose = Prose(7)
    for number in range(3):
        (raw / f"story-{number}.txt").write_text(prose.article(), encoding="utf-8")
    (raw / "million-p.html").write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000
                                         + b"</body></html>")
    return raw


def sigterm(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)  # the command alone, as a service manager does


def ctrl_c(pid: int) -> None:
    os.killpg(pid, signal.SIGINT)  # its whole process group, as a terminal does


@pytest.mark.integration
@pytest.mark.parametrize(("send", "why"), [(sigterm, "SIGTERM"), (ctrl_c, "SIGINT")],
                         ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_stops_a_run_in_seconds_and_publishes_nothing(
        tmp_path: Path, send: Callable[[int], None], why: str) -> None:
    raw = stuck_raw(tmp_path)
    clean = tmp_path / "clean"
    published_raw = tmp_path / "published-raw"
    shutil.copytree(raw, published_raw, ignore=shutil.ignore_patterns("million-p.html"))
    run_corpus(published_raw, clean, Config.from_mapping({"run": {"isolate": False}}),
               review=False)
    before = published_tree(clean, skip=())
    config = tmp_path / "copydesk.toml"
    config.write_text("[run]\ndocument_timeout = 600\n", encoding="utf-8")
    runs = tmp_path / "runs"
    runs.mkdir()
    run = start_run(["--raw", raw, "--clean", clean, "--config", config], cwd=runs,
                    api_url=None)
    assert run.wait_for("found 4 documents", 300) is not None, run.output[-3000:]
    assert wait_for_workers(runs, 2, 120), run.output[-3000:]
    time.sleep(2)  # one worker is deep in the page
    stopped = time.monotonic()
    send(run.process.pid)
    code = run.process.wait(timeout=60)
    took = time.monotonic() - stopped
    assert code == 130, run.output[-3000:]
    assert took < 5, f"{why} took {took:.1f} s"
    run.wait(timeout=10)
    assert f"stopped ({why}); nothing was published" in run.output, run.output[-3000:]
    assert published_tree(clean, skip=()) == before
    assert sorted(p.name for p in clean.iterdir() if p.name.startswith(".")) == [".generations"]
    with run_lock(clean):  # released: taken at once
        pass
    assert not leftovers(runs, run.process.pid, grace=2), "the temporary server, the workers"


@pytest.mark.integration
def test_sigkill_takes_the_temporary_server_and_the_workers_along(tmp_path: Path) -> None:
    raw = stuck_raw(tmp_path)
    config = tmp_path / "copydesk.toml"
    config.write_text("[run]\ndocument_timeout = 600\n", encoding="utf-8")
    runs = tmp_path / "runs"
    runs.mkdir()
    run = start_run(["--raw", raw, "--clean", tmp_path / "clean", "--config", config],
                    cwd=runs, api_url=None)
    assert run.wait_for("found 4 documents", 300) is not None, run.output[-3000:]
    assert wait_for_workers(runs, 2, 120), run.output[-3000:]
    time.sleep(2)  # one worker is deep in the page
    started = [p for p in leftovers(runs, grace=0) if p.pid != run.process.pid]
    assert any("uvicorn" in p.cmdline for p in started), started  # the temporary server
    assert any("forkserver" in p.cmdline for p in started), started
    os.kill(run.process.pid, signal.SIGKILL)  # the command alone, not its group
    run.process.wait(timeout=10)
    assert not leftovers(runs, grace=5), "processes outlived the run"
