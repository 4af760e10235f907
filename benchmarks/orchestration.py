"""What orchestration costs: the run without Prefect vs the `clean-corpus` flow on threads
and on Dask, same corpus, same machine, one after another.

    .venv/bin/python benchmarks/orchestration.py [--documents 10000] [--batch-size N]

On a corpus from `benchmarks/corpus_gen.py` (seeded), each run in a new process, as a user
would start it:

1. plain: `copydesk.cleaners.run.corpus.run_corpus` with the library's own executor, no
   Prefect at all (documents in the worker processes of `cleaners/run/isolation.py`);
2. the flow with `copydesk run`'s thread runner;
3. the flow on Dask: a LocalCluster of two single-threaded worker processes started by the
   run (their start-up, imports and word lists are part of what Dask costs);
4. plain again (a baseline after the others: the machine's load moves).

The flows report to one Prefect server that this script starts before anything is timed;
its CPU during a flow is charged to that flow. CPU time is summed over every process of a
run (the run's process, its document workers and fork servers, Dask's scheduler, nannies and
workers) by sampling them every 0.1 s (`psutil`): a process that ends between two samples
loses its last tenth of a second. Printed per run: wall seconds, CPU seconds (and by kind of
process), and the overhead against the mean of both plain runs. The issue's floor: Dask at
most +15% CPU over plain at 10,000 documents (exit 1 above it, or when the four clean/
folders differ apart from run.json).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
DASK_FLOOR = 0.15
#: What the document workers' fork server preloads (cleaners/run/isolation.py).
WARM = "copydesk.cleaners.run.warm"


class TreeCPU(threading.Thread):
    """CPU seconds (user + system) of a process and all its descendants, sampled until the
    root ends: the last value seen of each process, summed."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.seen: dict[tuple[int, float], float] = {}  # (pid, create time) -> CPU
        self.kinds: dict[tuple[int, float], str] = {}  # ... -> what the process is
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    with proc.oneshot():
                        times = proc.cpu_times()
                        key = (proc.pid, proc.create_time())
                        self.seen[key] = times.user + times.system
                        if key not in self.kinds:
                            self.kinds[key] = _kind(proc)
                except psutil.NoSuchProcess:
                    pass
            self.done.wait(self.interval)

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for key, seconds in self.seen.items():
            kind = self.kinds.get(key, "other")
            totals[kind] = totals.get(kind, 0.0) + seconds
        return totals


def _kind(proc: psutil.Process) -> str:
    """What a process of a run is, from its command line (a process forked from a fork
    server has the fork server's, which names what it preloads)."""
    try:
        line = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "other"
    if "forkserver" in line:
        try:
            parent = " ".join(proc.parent().cmdline()) if proc.parent() else ""
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            parent = ""
        if WARM in line:  # the document workers' fork server, and the workers it forked
            return "document workers" if WARM in parent else "fork servers"
        # The fork server of a local Dask cluster's workers (flows/runners.py), and them
        return "Dask worker processes" if "forkserver" in parent else "Dask's fork server"
    for needle, kind in (("--variant", "the run's process"),
                         ("resource_tracker", "resource trackers"),
                         ("spawn_main", "Dask worker processes (spawned)")):
        if needle in line:
            return kind
    return "others"


def server_cpu(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def timed(variant: str, raw: Path, clean: Path, batch_size: int | None,
          env: dict[str, str], server_pid: int | None) -> tuple[float, float, float]:
    """(wall, CPU seconds, CPU seconds of the document workers) of one run in a new
    process."""
    command = [sys.executable, __file__, "--variant", variant, "--raw", str(raw),
               "--clean", str(clean)]
    if batch_size:
        command += ["--batch-size", str(batch_size)]
    api_before = server_cpu(server_pid) if server_pid else 0.0
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    sampler = TreeCPU(process.pid)
    sampler.start()
    process.wait()
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"the {variant} run failed (exit {process.returncode})")
    api = server_cpu(server_pid) - api_before if server_pid else 0.0
    parts = {**sampler.by_kind(), **({"Prefect API server": api} if server_pid else {})}
    print("    CPU s by process: " + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds
                                             in sorted(parts.items(), key=lambda kv: -kv[1])),
          flush=True)
    return wall, sampler.seconds + api, parts.get("document workers", 0.0)


def run_variant(variant: str, raw: str, clean: str, batch_size: int | None) -> None:
    """One run, in this process (the child side of `timed`)."""
    config = {"run": {"batch_size": batch_size}} if batch_size else {}
    if variant == "plain":
        from copydesk.cleaners.config import Config
        from copydesk.cleaners.run.corpus import run_corpus

        run_corpus(raw, clean, Config.from_mapping(config), review=False)  # as the flows
        return
    from copydesk.flows.clean_corpus import clean_corpus_flow
    from copydesk.flows.runners import make_task_runner

    runner = make_task_runner("dask" if variant == "dask" else "threads",
                              workers=2 if variant == "dask" else None)
    flow = clean_corpus_flow.with_options(task_runner=runner)
    # PREFECT_API_URL is set (the server this script started): Dask's workers inherit it
    state = flow(raw_dir=raw, clean_dir=clean, config=config, review=False, return_state=True)
    if not state.is_completed():
        raise SystemExit(f"the flow run failed: {state.message}")


def tree(clean: Path) -> dict[str, bytes]:
    from copydesk.cleaners.io.clean_folder import published_folder

    folder = published_folder(clean)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run.json" and "review" not in p.parts
            and not p.relative_to(folder).parts[0].startswith(".")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None,
                        help="documents per task (default: the config's)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variant", choices=("plain", "threads", "dask"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--raw", help=argparse.SUPPRESS)
    parser.add_argument("--clean", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        run_variant(args.variant, args.raw, args.clean, args.batch_size)
        return 0

    from corpus_gen import generate

    work = Path(tempfile.mkdtemp(prefix="copydesk-orchestration-"))
    raw = work / "raw"
    generate(raw, args.documents, args.seed)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PREFECT_") and k != "COPYDESK_SERVER"}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_LOGGING_LEVEL="WARNING",
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).with_name("prefect")), "server",
                               "start", "--host", "127.0.0.1", "--port", str(port),
                               "--no-ui"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/health")
        flow_env = {**env, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
        print(f"{args.documents} documents in {raw}; Prefect server up; "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
        times = {}
        for name, label, run_env, pid in (
                ("plain", "plain run_corpus", env, None),
                ("threads", "flow, threads", flow_env, server.pid),
                ("dask", "flow, Dask 2 workers", flow_env, server.pid),
                ("plain_again", "plain run_corpus again", env, None)):
            variant = "plain" if name.startswith("plain") else name
            wall, cpu, cleaning = timed(variant, raw, work / f"clean-{name}", args.batch_size,
                                        run_env, pid)
            times[name] = (wall, cpu, cleaning)
            print(f"{label:24}{wall:8.1f} s wall{cpu:8.1f} s CPU   "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        server.terminate()
        server.wait(30)
    base_wall = (times["plain"][0] + times["plain_again"][0]) / 2
    base_cpu = (times["plain"][1] + times["plain_again"][1]) / 2
    # Without the document workers, whose CPU for the same documents varies by more
    # between runs than orchestration costs: what each runner adds, in seconds.
    base_rest = (times["plain"][1] - times["plain"][2]
                 + times["plain_again"][1] - times["plain_again"][2]) / 2
    for name in ("threads", "dask"):
        wall, cpu, cleaning = times[name]
        print(f"{name:8} overhead against the mean of the plain runs: wall "
              f"{100 * (wall / base_wall - 1):+.1f}%, CPU {100 * (cpu / base_cpu - 1):+.1f}%; "
              f"without the document workers {cpu - cleaning - base_rest:+.1f} s CPU "
              f"({cpu - cleaning:.1f} s against {base_rest:.1f} s)")
    reference = tree(work / "clean-plain")
    same = all(tree(work / f"clean-{name}") == reference
               for name in ("threads", "dask", "plain_again"))
    print("clean/ byte-identical across the four runs (run.json aside):", same)
    dask_over = times["dask"][1] / base_cpu - 1
    ok = same and dask_over <= DASK_FLOOR
    if dask_over > DASK_FLOOR:
        print(f"ABOVE FLOOR: Dask {100 * dask_over:+.1f}% CPU (floor +{100 * DASK_FLOOR:.0f}%)")
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, timeout: float = 180.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the Prefect server did not answer at {url} within {timeout:g} s")


if __name__ == "__main__":
    sys.exit(main())
