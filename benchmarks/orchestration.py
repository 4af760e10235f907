"""What Prefect costs: the plain cleaning functions vs the `clean-corpus` flow, same run.

    .venv/bin/python benchmarks/orchestration.py [--documents 10000] [--batch-size N]

On a corpus from `benchmarks/corpus_gen.py` (seeded), in one process, one after another:

1. plain: `discover`, `read`, `clean_document` per file, `clean_corpus`, `publish`: the
   same functions the flow calls, with no Prefect at all;
2. the flow with the default thread runner (2 threads);
3. the flow on Dask: a LocalCluster of two single-threaded worker processes, started by
   the run (its start-up is part of the time).

Prefect's temporary API is started, and the stages' word lists and profiles loaded by
cleaning 20 documents, before anything is timed (the API costs 13-23 s once per process, not
per run). Printed: wall seconds, and each flow's overhead against the plain
run: (flow - plain) / plain. With two Dask workers the ideal is plain / 2, so for Dask the
overhead against that ideal is printed too. All three `clean/` folders are compared
(byte-identical apart from run.json) and the script exits 1 if they differ.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def plain_run(raw: Path, clean: Path, config: dict) -> float:
    from cleaners.config import Config
    from cleaners.document import Document
    from cleaners.stages import clean_corpus, clean_document, new_timings
    from flows.discover import discover, read
    from flows.publish import publish

    start = time.perf_counter()
    settings = Config.from_mapping(config)
    timings = new_timings()
    docs = []
    for ref in discover(raw, exclude=clean):
        data = read(ref, settings.decode.max_bytes)
        docs.append(data if isinstance(data, Document) else
                    clean_document(data, settings, timings))
    docs = clean_corpus(docs, settings, timings)
    publish(clean, docs, {"plain": True})
    return time.perf_counter() - start


def flow_run(raw: Path, clean: Path, config: dict, runner: str) -> float:
    from flows.clean_corpus import clean_corpus_flow
    from flows.runners import api_for_workers, make_task_runner

    flow = clean_corpus_flow.with_options(task_runner=make_task_runner(runner, workers=2))
    start = time.perf_counter()
    with api_for_workers():
        state = flow(raw_dir=str(raw), clean_dir=str(clean), config=config, return_state=True)
    seconds = time.perf_counter() - start
    if not state.is_completed():
        raise SystemExit(f"the {runner} flow run failed: {state.message}")
    return seconds


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run.json"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None,
                        help="documents per task (default: the config's)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="copydesk-orchestration-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect-home"))
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    os.environ.pop("PREFECT_API_URL", None)
    from flows.settings import apply_defaults

    apply_defaults()

    from corpus_gen import generate

    from cleaners.config import Config

    raw = work / "raw"
    generate(raw, args.documents, args.seed)
    config = {"run": {"batch_size": args.batch_size}} if args.batch_size else {}
    batch = Config.from_mapping(config).run.batch_size
    print(f"{args.documents} documents in {raw}, {batch} documents a task, "
          f"{-(-args.documents // batch)} tasks", flush=True)

    started = time.perf_counter()
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer().start()
    print(f"Prefect temporary API up in {time.perf_counter() - started:.1f} s (not counted)",
          flush=True)

    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        times = run_all(raw, work, config)
    plain = tree(work / "clean-plain")
    same = all(tree(work / f"clean-{name}") == plain for name in ("threads", "dask"))
    print("clean/ byte-identical across the three runs (run.json aside):", same)
    print(f"(work folder: {work}; times: {times})")
    return 0 if same else 1


def warm_up(raw: Path, config: dict) -> None:
    """Load what the stages load on first use (word lists, language profiles, imports), so
    the plain run does not pay it alone. Dask workers pay it in their own time: it is part
    of what a process runner costs."""
    from cleaners.config import Config
    from cleaners.decode import RawFile
    from cleaners.stages import clean_document
    from flows.discover import discover, read

    settings = Config.from_mapping(config)
    for ref in discover(raw)[:20]:
        data = read(ref, settings.decode.max_bytes)
        if isinstance(data, RawFile):
            clean_document(data, settings)


def run_all(raw: Path, work: Path, config: dict) -> dict[str, float]:
    warm_up(raw, config)
    times = {"plain": plain_run(raw, work / "clean-plain", config)}
    print(f"plain functions      {times['plain']:8.1f} s", flush=True)
    times["threads"] = flow_run(raw, work / "clean-threads", config, "threads")
    print(f"flow, threads        {times['threads']:8.1f} s  overhead "
          f"{100 * (times['threads'] / times['plain'] - 1):+.1f}%", flush=True)
    times["dask"] = flow_run(raw, work / "clean-dask", config, "dask")
    print(f"flow, Dask 2 workers {times['dask']:8.1f} s  overhead "
          f"{100 * (times['dask'] / times['plain'] - 1):+.1f}% vs plain, "
          f"{100 * (times['dask'] / (times['plain'] / 2) - 1):+.1f}% vs plain/2 (ideal)",
          flush=True)
    return times


if __name__ == "__main__":
    sys.exit(main())
