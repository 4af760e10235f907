"""What Prefect costs: the plain cleaning functions vs the `clean-corpus` flow, same run.

    .venv/bin/python benchmarks/orchestration.py [--documents 10000] [--batch-size N]
                                                 [--threads N]

On a corpus from `benchmarks/corpus_gen.py` (seeded), in one process, one after another:

1. plain: the functions of the flow's tasks (`clean_batch.fn`, `corpus_steps.fn`,
   `publish_outputs.fn`) called one after another, with no Prefect at all;
2. the flow with the thread runner (`--threads`, default: `copydesk run`'s, one thread);
3. the flow on Dask: a LocalCluster of two single-threaded worker processes, started by
   the run (its start-up is part of the time).

Prefect's temporary API is started, and the stages' word lists and profiles loaded by
cleaning 20 documents, before anything is timed (the API costs 13-23 s once per process, not
per run). Printed for each: wall seconds, and CPU seconds of every process that took
part (this one, the Dask nannies and workers it started, and, for the flows, Prefect's API
server process), with the overhead against the plain run: (flow - plain) / plain. The API
server's CPU is also printed on its own (`API s`): it runs only because of Prefect, so it is
not charged to the plain runs, although the idle server keeps polling while they run (their
`API s`). CPU time is the figure to trust on a busy machine, where wall time moves by tens
of percent from run to run. A second plain run comes last: a process gets slower as its
heap grows, so the overheads are also printed against the mean of the plain runs before and
after the flows. With two Dask workers the ideal wall time is plain / 2, so that ratio is
printed too. All three `clean/` folders are compared (byte-identical apart from run.json);
exit 1 if they differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


class Clock:
    """Wall and CPU seconds of a block: this process and its reaped children (`cpu_seconds`),
    and Prefect's API server process on its own (`server_seconds`)."""

    def __init__(self, server_pid: int) -> None:
        import psutil

        self.server = psutil.Process(server_pid)

    def cpu(self) -> float:
        own = time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own + children.ru_utime + children.ru_stime

    def server_cpu(self) -> float:
        server = self.server.cpu_times()
        return server.user + server.system

    def __enter__(self) -> Clock:
        self.wall, self.cpu_seconds = -time.perf_counter(), -self.cpu()
        self.server_seconds = -self.server_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter()
        self.cpu_seconds += self.cpu()
        self.server_seconds += self.server_cpu()


def plain_run(raw: Path, clean: Path, config: dict) -> None:
    """The flow's work without Prefect: the functions of its tasks (`.fn`), called in order."""
    from copydesk.cleaners.config import Config
    from copydesk.cleaners.io.files import discover
    from copydesk.cleaners.run.plan import plan_run, settings_fingerprint
    from copydesk.flows.clean_corpus import (
        Batch,
        clean_batch,
        corpus_steps,
        library_versions,
        publish_outputs,
    )

    settings = Config.from_mapping(config)
    fingerprint = settings_fingerprint(settings, library_versions())
    plan = plan_run(discover(raw, exclude=clean), clean, fingerprint, force_full=True)
    size = settings.run.batch_size
    docs = []
    for first in range(0, len(plan.todo), size):
        docs += clean_batch.fn(Batch(plan.todo[first:first + size]), settings).docs
    corpus = corpus_steps.fn(docs, settings, str(clean), plan)
    publish_outputs.fn(str(clean), corpus.docs, {"plain": True}, plan, corpus.prints,
                       fingerprint)


def flow_run(raw: Path, clean: Path, config: dict, runner: str, workers: int) -> None:
    from copydesk.flows.clean_corpus import clean_corpus_flow
    from copydesk.flows.runners import api_for_workers, make_task_runner

    flow = clean_corpus_flow.with_options(task_runner=make_task_runner(runner, workers=workers))
    with api_for_workers():
        state = flow(raw_dir=str(raw), clean_dir=str(clean), config=config, return_state=True)
    if not state.is_completed():
        raise SystemExit(f"the {runner} flow run failed: {state.message}")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run.json"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None,
                        help="documents per task (default: the config's)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads of the threads flow (default: copydesk run's)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="copydesk-orchestration-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect-home"))
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    os.environ.pop("PREFECT_API_URL", None)
    from copydesk.flows.settings import apply_defaults

    apply_defaults()

    from corpus_gen import generate

    from copydesk.cleaners.config import Config
    from copydesk.flows.runners import DEFAULT_WORKERS

    raw = work / "raw"
    generate(raw, args.documents, args.seed)
    config = {"run": {"batch_size": args.batch_size}} if args.batch_size else {}
    batch = Config.from_mapping(config).run.batch_size
    print(f"{args.documents} documents in {raw}, {batch} documents a task, "
          f"{-(-args.documents // batch)} tasks", flush=True)

    started = time.perf_counter()
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    print(f"Prefect temporary API up in {time.perf_counter() - started:.1f} s (not counted); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)

    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        times = run_all(raw, work, config, Clock(server.server_process.pid),
                        args.threads or DEFAULT_WORKERS["threads"])
    plain = tree(work / "clean-plain")
    same = all(tree(work / f"clean-{name}") == plain for name in ("threads", "dask"))
    # The process slows down as its heap grows (the first run is the fastest of equals), so
    # the fair baseline is the mean of a plain run before the flows and one after them.
    for unit, suffix in (("wall", ""), ("CPU", "_cpu")):
        base = (times["plain" + suffix] + times["plain_again" + suffix]) / 2
        print(f"{unit} overhead against the mean of both plain runs ({base:.1f} s): "
              f"threads {100 * (times['threads' + suffix] / base - 1):+.1f}%, "
              f"Dask {100 * (times['dask' + suffix] / base - 1):+.1f}%")
    print("clean/ byte-identical across the three runs (run.json aside):", same)
    print(f"(work folder: {work}; times: {times})")
    return 0 if same else 1


def warm_up(raw: Path, config: dict) -> None:
    """Load what the stages load on first use (word lists, language profiles, imports), so
    the plain run does not pay it alone. Dask workers pay it in their own time: it is part
    of what a process runner costs."""
    from copydesk.cleaners.config import Config
    from copydesk.cleaners.io.files import RawFile, discover, read
    from copydesk.cleaners.pipeline import clean_document

    settings = Config.from_mapping(config)
    for ref in discover(raw)[:20]:
        data = read(ref, settings.decode.max_bytes)
        if isinstance(data, RawFile):
            clean_document(data, settings)


def run_all(raw: Path, work: Path, config: dict, clock: Clock,
            threads: int) -> dict[str, float]:
    warm_up(raw, config)
    times: dict[str, float] = {}
    print(f"{'':22}{'wall s':>9}{'overhead':>10}{'CPU s':>9}{'overhead':>10}{'API s':>8}",
          flush=True)
    runs = (("plain", "plain functions", lambda: plain_run(raw, work / "clean-plain", config)),
            ("threads", f"flow, {threads} thread{'s' if threads > 1 else ''}",
             lambda: flow_run(raw, work / "clean-threads", config, "threads", threads)),
            ("dask", "flow, Dask 2 workers",
             lambda: flow_run(raw, work / "clean-dask", config, "dask", 2)),
            ("plain_again", "plain functions again",
             lambda: plain_run(raw, work / "clean-plain-again", config)))
    for name, label, run in runs:
        with clock:
            run()
        # CPU of the flows includes the API server's; the plain runs do not need it.
        cpu = clock.cpu_seconds + (0.0 if name.startswith("plain") else clock.server_seconds)
        times[name], times[f"{name}_cpu"] = clock.wall, cpu
        times[f"{name}_api"] = clock.server_seconds
        api = f"{clock.server_seconds:8.1f}"
        if name == "plain_again":
            print(f"{label:22}{clock.wall:9.1f}{'':10}{cpu:9.1f}{'':10}{api}", flush=True)
            break
        line = f"{label:22}{clock.wall:9.1f}"
        if name != "plain":
            line += (f"{100 * (clock.wall / times['plain'] - 1):+9.1f}%"
                     f"{cpu:9.1f}"
                     f"{100 * (cpu / times['plain_cpu'] - 1):+9.1f}%")
        else:
            line += f"{'':10}{cpu:9.1f}{'':10}"
        line += api
        if name == "dask":
            line += f"   wall vs plain/2 (ideal on 2 workers): " \
                    f"{100 * (clock.wall / (times['plain'] / 2) - 1):+.1f}%"
        print(line, f" load {os.getloadavg()[0]:.1f}", flush=True)
    return times


if __name__ == "__main__":
    sys.exit(main())
