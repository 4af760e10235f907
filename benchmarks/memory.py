"""Peak memory of `copydesk run` as the corpus grows.

    .venv/bin/python benchmarks/memory.py [--sizes 1000 10000 50000] [--seed 7]

For each size, a corpus from `benchmarks/corpus_gen.py` (seeded, so every size holds the
documents of the smaller ones and more) is cleaned by a new `copydesk run` process into a new
clean folder, as a user runs it (Prefect flow, background server, documents in worker
processes). Measured for each run:

- the peak resident memory (RSS) of the `copydesk` process itself, where the run keeps what
  the corpus-wide steps need, sampled every 0.2 s;
- the peak of the whole process tree (`copydesk` and its document workers and fork server),
  sampled every 0.2 s with psutil as the sum of each process's proportional set size (PSS:
  pages shared by forked workers are counted once, not once per process as RSS would);
- wall seconds and documents per second.

The floor of issue 11: the peak at the largest size at most 1.5 times the peak at the
smallest, for both figures; exits 1 above it. Corpora are generated into a temporary folder
(about 1 GB for 50,000 documents) that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
COPYDESK = Path(sys.executable).with_name("copydesk")
FLOOR_RATIO = 1.5


class TreePeak(threading.Thread):
    """The largest summed PSS of a process and its descendants, sampled until `done`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0  # the tree, PSS
        self.own = 0  # the root process, RSS
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            try:
                self.own = max(self.own, self.root.memory_info().rss)
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    total += proc.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak = max(self.peak, total)


def measure(raw: Path, clean: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS of copydesk, peak PSS of its process tree), in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen([str(COPYDESK), "run", "--raw", str(raw), "--clean",
                                str(clean), "--no-review"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    sampler = TreePeak(process.pid)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"copydesk run failed:\n{output[-3000:]}")
    return seconds, sampler.own, sampler.peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from corpus_gen import generate

    work = Path(tempfile.mkdtemp(prefix="copydesk-memory-"))
    env = {k: v for k, v in os.environ.items() if k != "COPYDESK_SERVER"}
    results = []
    try:
        for size in sorted(args.sizes):
            raw = work / f"raw-{size}"
            generate(raw, size, args.seed)
            seconds, own, tree = measure(raw, work / f"clean-{size}", env)
            results.append((size, own, tree))
            print(f"{size:>7} documents: copydesk {own / 2**20:7.0f} MB, with its workers "
                  f"{tree / 2**20:7.0f} MB; {seconds:6.1f} s wall, "
                  f"{size / seconds:5.0f} documents/s (load {os.getloadavg()[0]:.1f})",
                  flush=True)
            shutil.rmtree(raw)
            shutil.rmtree(work / f"clean-{size}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (small, own0, tree0), (large, own1, tree1) = results[0], results[-1]
    ratios = own1 / own0, tree1 / tree0
    print(f"peak at {large} / peak at {small}: copydesk {ratios[0]:.2f}x, with its workers "
          f"{ratios[1]:.2f}x (floor {FLOOR_RATIO}x)")
    return 0 if max(ratios) <= FLOOR_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
