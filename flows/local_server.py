"""A local Prefect server that `copydesk run` starts once and the next runs reuse.

Without `PREFECT_API_URL`, Prefect runs a flow against a temporary API server that it starts
in a subprocess for every run and stops after: 7-15 s on a 2-core machine, most of a short
run. copydesk instead starts a real `prefect server start` (with its UI) in the background,
in the user's `PREFECT_HOME`, and every `copydesk run` that finds it alive uses it. It stops
by itself once no run has used it for a while (`--idle`, 10 minutes by default), and
`copydesk server stop` stops it at once.

- Finding it: `<PREFECT_HOME>/copydesk-server.json` holds its address and process id; a run
  checks the process is alive and `/api/health` answers before using it.
- Idleness: each run holds a shared lock on `<PREFECT_HOME>/copydesk-server.lease` while it
  uses the server; the server's watchdog tries for an exclusive lock now and then, and counts
  the time it gets it as idle. Locks are the kernel's: a run killed with SIGKILL holds none.
- Its children: the Prefect server runs as a child of the watchdog, which the kernel kills
  when the watchdog dies (`PR_SET_PDEATHSIG`), so stopping the watchdog stops everything.

Set `COPYDESK_SERVER=temporary` to keep Prefect's own temporary server per run instead (its
process is tied to the run's the same way: a run killed with SIGKILL takes it along).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copydesk.cleaners.run.orphans import die_with_parent

STATE = "copydesk-server.json"
LEASE = "copydesk-server.lease"
START_LOCK = "copydesk-server.lock"
LOG = "copydesk-server.log"
IDLE_SECONDS = 600
START_TIMEOUT = 180
_CHECK_SECONDS = 2.0


def home() -> Path:
    from prefect.settings import get_current_settings

    return Path(get_current_settings().home).expanduser()


# --- used by runs ------------------------------------------------------------------------------

@contextlib.contextmanager
def lease(folder: Path) -> Iterator[None]:
    """Hold a shared lock that tells the server a run is using it."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LEASE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def running(folder: Path) -> dict[str, Any] | None:
    """The state of a live, healthy server in `folder`, or None."""
    try:
        state = json.loads((folder / STATE).read_text("utf-8"))
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state if _healthy(state["api_url"]) else None


def ensure(folder: Path, idle: float = IDLE_SECONDS) -> str:
    """The API URL of the local server of `folder`, started in the background if needed.
    Call it while holding a `lease`, so the server cannot stop in between."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / START_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one starter at a time
        state = running(folder)
        if state is not None:
            return str(state["api_url"])
        port = _free_port()
        with open(folder / LOG, "ab") as log:
            subprocess.Popen(
                [sys.executable, "-m", "copydesk.flows.local_server", "--port", str(port),
                 "--idle", str(idle), "--home", str(folder)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                env={**os.environ, "PREFECT_HOME": str(folder)})
        api_url = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if _healthy(api_url) and running(folder):
                return api_url
            time.sleep(0.2)
        raise RuntimeError(f"the local Prefect server did not start within {START_TIMEOUT} s; "
                           f"see {folder / LOG}")
    finally:
        os.close(fd)


def stop(folder: Path, timeout: float = 20) -> bool:
    """Stop the local server of `folder`; returns False when none was running."""
    try:
        state = json.loads((folder / STATE).read_text("utf-8"))
        pid = int(state["pid"])
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError, TypeError):
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the server process ------------------------------------------------------------------------

def serve(port: int, idle: float, folder: Path) -> int:
    """Run `prefect server start` as a child and stop it once idle for `idle` seconds."""
    stopping = False

    def on_signal(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    child = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)], preexec_fn=die_with_parent)
    api_url = f"http://127.0.0.1:{port}/api"
    state = {"pid": os.getpid(), "port": port, "api_url": api_url,
             "ui_url": f"http://127.0.0.1:{port}", "idle_seconds": idle}
    (folder / STATE).write_text(json.dumps(state) + "\n", encoding="utf-8")
    fd = os.open(folder / LEASE, os.O_RDWR | os.O_CREAT, 0o644)
    idle_since: float | None = None
    try:
        while not stopping and child.poll() is None:
            time.sleep(_CHECK_SECONDS)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                idle_since = None  # a run holds the lease
                continue
            fcntl.flock(fd, fcntl.LOCK_UN)
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= idle:
                break
    finally:
        with contextlib.suppress(OSError):
            if json.loads((folder / STATE).read_text("utf-8")).get("pid") == os.getpid():
                (folder / STATE).unlink()
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        os.close(fd)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="copydesk's background Prefect server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle", type=float, default=IDLE_SECONDS)
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    return serve(args.port, args.idle, args.home)


if __name__ == "__main__":
    sys.exit(main())


# --- Prefect's temporary server, tied to the run -----------------------------------------------

def _tied_and_apart() -> None:
    """In the temporary server's process: die with the run, and leave the run's process
    group, so that Ctrl-C in the terminal stops the run (which then reports to the server
    and stops it) rather than the server under the run."""
    os.setpgid(0, 0)
    die_with_parent()


#: Set when a run was interrupted: the temporary server then gets 1 s to stop, not Prefect's 5
#: (its graceful shutdown takes about 4 s, and a signal must end the run within 5 s).
_HURRY = threading.Event()


def hurry_temporary() -> None:
    _HURRY.set()


def start_temporary() -> str:
    """Start Prefect's temporary API server for this process now, as a child the kernel
    kills if this process dies, and return its API URL. Prefect reuses this instance for
    the run (it keeps one per port, and this one takes the default slot)."""
    from prefect.server.api.server import SubprocessASGIServer

    class TiedServer(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            original = subprocess.Popen

            def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[Any]:
                kwargs.setdefault("preexec_fn", _tied_and_apart)
                return original(*args, **kwargs)

            subprocess.Popen = popen  # type: ignore[misc, assignment]
            try:
                return super()._run_uvicorn_command()
            finally:
                subprocess.Popen = original  # type: ignore[misc]

        def stop(self) -> None:
            process = self.server_process
            if process is not None and _HURRY.is_set():
                process.terminate()  # what Prefect does, with 1 s instead of 5 before SIGKILL
                try:
                    process.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            super().stop()

    server = SubprocessASGIServer._instances.get(None)
    if server is None:
        server = TiedServer()
        SubprocessASGIServer._instances[None] = server
    server.start()
    return str(server.api_url)
