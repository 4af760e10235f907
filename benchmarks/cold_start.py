"""Cold start: `copydesk run` on the sample raw/ as a user types it, wall time.

    .venv/bin/python benchmarks/cold_start.py [--runs 5] [--raw raw]

Each run is a new `copydesk run` process into a new clean folder (nothing to reuse but what
copydesk keeps between runs on purpose: the background Prefect server), timed from the
command to its exit. Printed: the first run, which starts the background server if none is
running (it is stopped first, so that this is measured too), then the median, min and max of
`--runs` more; then the same with `COPYDESK_SERVER=temporary` (Prefect's temporary server,
started and stopped by every run) for comparison. The load average is printed with each
run: on a busy machine wall time says more about the neighbours than about copydesk.
Exits 1 when the median of the runs with the background server is 10 s or more.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPYDESK = Path(sys.executable).with_name("copydesk")
FLOOR_SECONDS = 10.0


def one_run(raw: Path, work: Path, env: dict[str, str]) -> float:
    clean = work / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([str(COPYDESK), "run", "--raw", str(raw), "--clean", str(clean)],
                          env=env, cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"copydesk run failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def series(label: str, runs: int, raw: Path, work: Path, env: dict[str, str]) -> list[float]:
    times = []
    for n in range(runs):
        seconds = one_run(raw, work, env)
        times.append(seconds)
        print(f"  {label} run {n + 1}: {seconds:5.1f} s  (load {os.getloadavg()[0]:.1f})",
              flush=True)
    print(f"{label}: median {statistics.median(times):.1f} s, min {min(times):.1f} s, "
          f"max {max(times):.1f} s over {runs} runs", flush=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--raw", type=Path, default=ROOT / "raw")
    args = parser.parse_args(argv)
    raw = args.raw.resolve()
    work = Path(tempfile.mkdtemp(prefix="copydesk-cold-"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PREFECT_") and k != "COPYDESK_SERVER"}
    env["PREFECT_HOME"] = str(work / "prefect-home")  # a home of its own: no server yet
    print(f"{sum(1 for p in raw.rglob('*') if p.is_file())} files in {raw}; "
          f"{os.cpu_count()} CPUs", flush=True)
    try:
        first = one_run(raw, work, env)
        print(f"first run, starting the background server: {first:.1f} s "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
        warm = series("background server", args.runs, raw, work, env)
        series("temporary server", args.runs, raw, work, {**env, "COPYDESK_SERVER":
                                                           "temporary"})
    finally:
        subprocess.run([str(COPYDESK), "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    median = statistics.median(warm)
    if median >= FLOOR_SECONDS:
        print(f"BELOW FLOOR: median {median:.1f} s with the background server "
              f"(floor {FLOOR_SECONDS:g} s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
