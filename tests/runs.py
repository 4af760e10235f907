"""The real `copydesk run` as a subprocess, what its processes use, what they leave behind, and
whether a clean folder holds one complete run (importable as `runs`: tests/ is on the path).

    run = start_run(["--raw", raw, "--clean", clean], cwd=tmp_path, api_url=None)
    watch = Watch(run.process.pid)          # samples the RSS of its process group
    code = run.wait(timeout=300)
    leftovers(tmp_path, run.process.pid)    # processes it started that are still alive
    check_published(clean)                  # one complete, consistent run is published

A run is started in a session (and process group) of its own, so that a test can signal the
command alone (`os.kill`) or everything it started (`os.killpg`). Its processes are found in
/proc: by process group, and by working folder (every process the command starts inherits
the folder the test gave it, also one that leaves the group).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servers import BIN, QUIET_PREFECT

COPYDESK = BIN / "copydesk"


def cli_env(api_url: str | None, home: Path, **extra: str) -> dict[str, str]:
    """The environment of a `copydesk run`: Prefect's temporary server per run when
    `api_url` is None, else that API; Prefect's own files in `home`; INFO logs (a test
    waits for the run's progress lines)."""
    env = {**os.environ, **QUIET_PREFECT, "PREFECT_HOME": str(home),
           "PREFECT_LOGGING_LEVEL": "INFO"}
    env.pop("PREFECT_API_URL", None)
    if api_url is None:
        env["COPYDESK_SERVER"] = "temporary"
    else:
        env["PREFECT_API_URL"] = api_url
    env.update(extra)
    return env


@dataclass
class Run:
    """A `copydesk run` in progress; its output is collected line by line."""

    process: subprocess.Popen[str]
    started: float
    lines: list[tuple[float, str]] = field(default_factory=list)
    _reader: threading.Thread | None = None
    _seen: threading.Condition = field(default_factory=threading.Condition)

    @property
    def output(self) -> str:
        return "".join(line for _, line in self.lines)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._seen:
                self.lines.append((time.monotonic(), line))
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for(self, text: str | Callable[[str], bool], timeout: float) -> float | None:
        """Wait until a line holding `text` (or one `text(line)` accepts) is printed; the
        moment it was, or None when the run ended (or the time ran out) first."""
        wanted = text if callable(text) else (lambda line: text in line)
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for moment, line in self.lines:
                    if wanted(line):
                        return moment
                if self.process.poll() is not None and not self._alive():
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._seen.wait(min(left, 0.2))

    def _alive(self) -> bool:
        return self._reader is not None and self._reader.is_alive()

    def wait(self, timeout: float) -> int:
        """The exit status; output is read to its end (its last holder may outlive the
        command: then this waits for that one, up to `timeout`)."""
        code = self.process.wait(timeout=timeout)
        if self._reader is not None:
            self._reader.join(timeout=max(1.0, timeout - (time.monotonic() - self.started)))
        return code


def start_run(args: list[str | Path], cwd: Path, api_url: str | None,
              umask: int | None = None, **env: str) -> Run:
    """Start `copydesk run ARGS` in a new session, in `cwd` (Prefect's files go to
    `cwd/.prefect`)."""
    preexec: Callable[[], Any] | None = (lambda: os.umask(umask)) if umask is not None else None
    process = subprocess.Popen(
        [str(COPYDESK), "run", *map(str, args)], cwd=cwd,
        env=cli_env(api_url, cwd / ".prefect", **env), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        start_new_session=True, preexec_fn=preexec)
    run = Run(process, time.monotonic())
    run._reader = threading.Thread(target=run._read, daemon=True)
    run._reader.start()
    return run


# --- processes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Proc:
    pid: int
    pgid: int
    state: str
    rss: int  # bytes
    cwd: str
    cmdline: str


def processes() -> list[Proc]:
    """Every process of the machine that is not a zombie (a zombie holds no memory, no file
    and no port: only its exit status, until a parent collects it)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            state, pgid, rss_pages = fields[0], int(fields[2]), int(fields[21])
            if state in ("Z", "X"):
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
            try:
                cwd = os.readlink(f"/proc/{entry}/cwd")
            except OSError:
                cwd = ""
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        found.append(Proc(int(entry), pgid, state, rss_pages * os.sysconf("SC_PAGE_SIZE"),
                          cwd, cmdline.strip()))
    return found


def started_by(folder: Path, pgid: int | None = None) -> list[Proc]:
    """The live processes of process group `pgid`, or working in `folder` (or under it), or
    naming it on their command line; never this process."""
    root = str(folder.resolve())
    return [p for p in processes() if p.pid != os.getpid() and (
        p.pgid == pgid or p.cwd == root or p.cwd.startswith(root + "/") or root in p.cmdline)]


def leftovers(folder: Path, pgid: int | None = None, grace: float = 10.0) -> list[Proc]:
    """What is still alive of what a finished run started, after up to `grace` seconds (a
    process whose parent was killed needs a moment to notice)."""
    deadline = time.monotonic() + grace
    while True:
        alive = started_by(folder, pgid)
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.2)


def wait_for_workers(folder: Path, workers: int, timeout: float) -> bool:
    """Wait until the fork server of a run working in `folder` has forked `workers` document
    workers (they carry its command line)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum("multiprocessing.forkserver" in p.cmdline
               for p in started_by(folder)) >= workers + 1:
            return True
        time.sleep(0.2)
    return False


class Watch:
    """Samples, every `interval` seconds until stopped, the resident memory of a process group:
    the largest sum over its processes, the largest single process, and the largest document
    worker (a process forked from the fork server of `cleaners/run/isolation.py`, whose
    command line it carries) and the largest other process apart."""

    def __init__(self, pgid: int, interval: float = 0.1) -> None:
        self.pgid = pgid
        self.interval = interval
        self.peak_sum = 0
        self.peak_one = 0
        self.peak_one_cmdline = ""
        self.peak_worker = 0
        self.peak_other = 0
        self.peak_other_cmdline = ""
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            group = [p for p in processes() if p.pgid == self.pgid]
            if group:
                self.samples += 1
                self.peak_sum = max(self.peak_sum, sum(p.rss for p in group))
                biggest = max(group, key=lambda p: p.rss)
                if biggest.rss > self.peak_one:
                    self.peak_one, self.peak_one_cmdline = biggest.rss, biggest.cmdline[:120]
                for p in group:
                    if "multiprocessing.forkserver" in p.cmdline:
                        self.peak_worker = max(self.peak_worker, p.rss)
                    elif p.rss > self.peak_other:
                        self.peak_other, self.peak_other_cmdline = p.rss, p.cmdline[:120]
            self._stop.wait(self.interval)

    def stop(self) -> Watch:
        self._stop.set()
        self._thread.join()
        return self


# --- the published run ---------------------------------------------------------------------------

#: What a generation holds besides the documents, and the top-level name of each.
LISTS = ("manifest.jsonl", "audit.jsonl", "documents.jsonl.gz", "changes.jsonl", "run.json",
         "README.md")


def check_published(clean: Path, generation: Path | None = None) -> dict[str, Any] | None:
    """Assert that `clean` holds one complete, consistent run (None when nothing was ever
    published): every name a consumer reads leads into the one generation `current` points
    at, and its manifest, texts, audit, dataset, feed, state and run.json agree with each
    other. Returns its run.json. `generation`: the published generation as resolved by the
    caller (a run that publishes meanwhile leaves it on disk)."""
    current = clean / "current"
    if not current.is_symlink():
        assert not (clean / "manifest.jsonl").exists(), "a manifest without a generation"
        return None
    generation = generation or current.resolve()
    assert generation.is_dir() and generation.parent.name == ".generations", generation
    assert not generation.name.endswith(".tmp"), "an unfinished generation is published"
    for name in LISTS + ("documents",):
        assert (generation / name).exists(), f"the generation lacks {name}"
        assert os.readlink(clean / name) == f"current/{name}", name
    records = [json.loads(line) for line in
               (generation / "manifest.jsonl").read_text("utf-8").splitlines()]
    ids = [r["id"] for r in records]
    assert ids == sorted(ids) and len(set(ids)) == len(ids), "manifest ids sorted, unique"
    texts = {}
    for record in records:
        if record["status"] == "clean":
            data = (generation / record["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == record["text_sha256"], record["id"]
            texts[record["id"]] = data.decode("utf-8")
        else:
            assert record["path"] is None and record["text_sha256"] is None, record["id"]
    on_disk = {p.name for p in (generation / "documents").iterdir()}
    assert on_disk == {f"{doc_id}.txt" for doc_id in texts}, "texts = clean records"
    with gzip.open(generation / "documents.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert [row["id"] for row in rows] == sorted(texts), "a dataset row per clean document"
    for row in rows:
        assert row["text"] == texts[row["id"]], row["id"]
        assert row["metadata"]["text_sha256"] == next(
            r["text_sha256"] for r in records if r["id"] == row["id"])
    audit_ids = [json.loads(line)["id"] for line in
                 (generation / "audit.jsonl").read_text("utf-8").splitlines()]
    assert audit_ids == sorted(audit_ids) and set(audit_ids) <= set(ids), "audit of these ids"
    run = json.loads((generation / "run.json").read_text("utf-8"))
    assert run["documents"] == len(records), "run.json counts this manifest"
    assert run["generation"] == int(generation.name.lstrip("g")), "run.json of this run"
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    assert run["statuses"] == dict(sorted(statuses.items()))
    feed = [json.loads(line) for line in
            (generation / "changes.jsonl").read_text("utf-8").splitlines()]
    if feed:
        assert feed[-1]["seq"] == run["feed"]["last_seq"], "the feed of this run"
        assert max(entry["run"] for entry in feed) <= run["generation"]
    state = json.loads((generation / ".state" / "published.json").read_text("utf-8"))
    assert sorted(state["documents"]) == ids, "the state of this manifest"
    return dict(run)


def published_tree(clean: Path, skip: tuple[str, ...] = ("run.json", "changes.jsonl"),
                   generation: Path | None = None) -> dict[str, bytes]:
    """Every file of the published generation (or of `generation`) by relative path but
    `skip` and `.state/`, for comparing two clean folders byte for byte."""
    generation = generation or (clean / "current").resolve()
    return {path.relative_to(generation).as_posix(): path.read_bytes()
            for path in sorted(generation.rglob("*"))
            if path.is_file() and path.relative_to(generation).as_posix() not in skip
            and path.relative_to(generation).parts[0] != ".state"}
