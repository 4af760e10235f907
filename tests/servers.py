"""Start real servers for tests on 127.0.0.1 and a free port, and stop them.

    with prefect_server(home) as server:      # `prefect server start`, its own PREFECT_HOME
        subprocess.run([..., "prefect", ...], env=server.env())
    with redis_server() as redis:             # `redis-server`, in memory, no persistence
        client = redis_lib.Redis.from_url(redis.url)

Each server is a child process in its own process group; stopping it sends SIGTERM to that
group (a Prefect server runs its web server in a grandchild), then SIGKILL after a grace
period. Output goes to a log file whose tail is shown when a server fails to start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
PROJECT = Path(__file__).resolve().parents[1]

#: Prefect settings every test process gets: offline, quiet, no heartbeat cost per run.
QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_CLI_COLORS": "false",
    "PREFECT_CLI_WRAP_LINES": "false",
    "COLUMNS": "250",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    url: str
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@dataclass
class PrefectServer(Server):
    home: Path

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for a client process (CLI, `copydesk serve`) of this server."""
        env = {**os.environ, **QUIET_PREFECT, "PREFECT_HOME": str(self.home),
               "PREFECT_API_URL": self.api_url}
        env.update(extra)
        return env


def start_process(command: list[str], log: Path, env: dict[str, str] | None = None,
                  cwd: Path | None = None) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=cwd, start_new_session=True)


def stop_process(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM the process group of `process` (one we started), then SIGKILL if need be."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until(ready: Callable[[], bool], server: Server, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{what} exited with {server.process.returncode}:\n"
                               f"{server.log_tail()}")
        if ready():
            return
        time.sleep(0.25)
    stop_process(server.process)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s:\n{server.log_tail()}")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def prefect_server(home: Path | None = None, timeout: float = 180.0,
                   **settings: str) -> Iterator[PrefectServer]:
    """A real `prefect server start` with its own PREFECT_HOME (a new temporary folder
    unless given). `settings`: extra PREFECT_* variables for the server process."""
    own_home = home is None
    home = Path(tempfile.mkdtemp(prefix="copydesk-prefect-")) if home is None else home
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **QUIET_PREFECT, "PREFECT_HOME": str(home),
           "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
           "PREFECT_LOGGING_LEVEL": "INFO", **settings}
    env.pop("PREFECT_API_URL", None)
    log = home / "server.log"
    process = start_process([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port), "--no-ui"], log, env=env)
    server = PrefectServer(process, port, f"http://127.0.0.1:{port}", log, home)
    try:
        wait_until(lambda: http_ok(f"{server.api_url}/health"), server, timeout,
                   "prefect server")
        yield server
    finally:
        stop_process(process)
        if own_home:
            shutil.rmtree(home, ignore_errors=True)


@dataclass
class RedisServer(Server):
    pass


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


@contextmanager
def redis_server(timeout: float = 20.0) -> Iterator[RedisServer]:
    """A real `redis-server` on 127.0.0.1 and a free port, in memory only.
    `url` is redis://127.0.0.1:PORT/0. Needs the redis-server binary (apt: redis-server)."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="copydesk-redis-"))
    port = free_port()
    log = folder / "redis.log"
    process = start_process([executable, "--bind", "127.0.0.1", "--port", str(port),
                             "--save", "", "--appendonly", "no", "--dir", str(folder),
                             "--protected-mode", "yes"], log)
    server = RedisServer(process, port, f"redis://127.0.0.1:{port}/0", log)
    try:
        wait_until(lambda: _redis_ping(port), server, timeout, "redis-server")
        yield server
    finally:
        stop_process(process)
        shutil.rmtree(folder, ignore_errors=True)


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# --- a Prefect server's REST API, and `copydesk serve` against it -----------------------------

#: Answers a Prefect server gives when the request may simply be sent again: 503 is what it
#: answers when its SQLite database is busy, which happens on a loaded 2-core machine.
#: Prefect's own client retries these; so does this one.
RETRYABLE = {429, 502, 503}


def prefect_api(server: PrefectServer, path: str, body: dict[str, Any] | None = None,
                attempts: int = 7) -> Any:
    """GET `path` of the server's API, or POST `body` to it; the decoded JSON answer.

    A retryable answer is sent again after 0.5, 1, 2, ... seconds (or the server's
    Retry-After), `attempts` times in all; any other error is raised at once.
    """
    request = urllib.request.Request(
        f"{server.api_url}{path}", method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"})
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code not in RETRYABLE or attempt == attempts - 1:
                raise
            wait = error.headers.get("Retry-After") if error.headers else None
            time.sleep(float(wait) if wait and wait.isdigit() else 0.5 * 2 ** attempt)
    raise AssertionError("unreachable")


def deployment(server: PrefectServer, name: str) -> dict[str, Any] | None:
    """The deployment `FLOW/NAME`, or None while the server does not know it."""
    try:
        return prefect_api(server, f"/deployments/name/{name}")  # type: ignore[no-any-return]
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


@contextmanager
def copydesk_serve(server: PrefectServer, folder: Path, names: tuple[str, ...],
                   timeout: float = 180.0) -> Iterator[Path]:
    """`copydesk serve` started in `folder` against `server`, once it has registered every
    deployment of `names`; stopped on the way out. Yields `folder`."""
    log = folder / "serve.log"
    process = start_process([str(BIN / "copydesk"), "serve"], log, env=server.env(),
                            cwd=folder)
    try:
        deadline = time.monotonic() + timeout
        while not all(deployment(server, name) for name in names):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"copydesk serve did not register its deployments:\n"
                                   f"{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield folder
    finally:
        stop_process(process)
