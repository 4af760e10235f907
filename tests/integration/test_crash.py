"""Runs killed and stopped mid-way (issue 14): `kill -9` at random moments leaves one complete
run published and nothing running, and the next run gives exactly a fresh full run's output;
SIGTERM and Ctrl-C are tests/flows/test_cli_signals.py.

The runs are the real `copydesk run`, each in a session of its own; the raw folders are
generated (`benchmarks/corpus_gen.py`), three states of one corpus that each run moves
between: new files only (an incremental run), files changed and deleted (full runs).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import time
from pathlib import Path

import pytest
from helpers import generate_corpus
from hostile.generate import Prose
from runs import (
    Run,
    check_published,
    leftovers,
    published_tree,
    start_run,
)

from copydesk.cleaners.config import Config
from copydesk.cleaners.run.corpus import run_corpus

pytestmark = pytest.mark.integration

KILLS = 20
SEED = 14
DOCUMENTS = 30
#: Small batches, so that a kill during cleaning finds some batches spooled and some not;
#: one document worker per run (each of the 21 runs forks its own: CI has 2 cores).
CONFIG = {"run": {"batch_size": 20, "processes": 1}}
PHASES = ["cleaning", "corpus", "publish", "report"]
FOUND = re.compile(r"found \d+ documents")
LAST_BATCH = re.compile(r"batch (\d+)/\1 done")


def write_config(folder: Path) -> Path:
    path = folder / "copydesk.toml"
    path.write_text("[run]\nbatch_size = 20\nprocesses = 1\n", encoding="utf-8")
    return path


def corpus_states(folder: Path) -> list[Path]:
    """Three raw folders: a generated corpus; the same with new files; then with files
    changed and deleted."""
    first = folder / "raw-0"
    generate_corpus(first, DOCUMENTS, seed=5)
    grown = folder / "raw-1"
    shutil.copytree(first, grown)
    generate_corpus(grown / "late", 6, seed=6)
    changed = folder / "raw-2"
    shutil.copytree(grown, changed)
    files = sorted(p for p in changed.rglob("*") if p.is_file() and p.suffix != ".gz")
    prose = Prose(SEED)
    for path in files[:3]:
        path.unlink()
    for path in files[3:7]:
        text = path.read_text("utf-8")
        path.write_text(text.replace("</article>", f"<p>{prose.paragraph()}</p></article>")
                        if "</article>" in text else text + f"\n{prose.paragraph()}\n", "utf-8")
    return [first, grown, changed]


def opens(line: str) -> str | None:
    """The phase of a run that a line of its output opens, if any: the cleaning (the files
    are found), the corpus steps (the last batch is done), the publication (the corpus
    steps are done), the report (published: the flow reports to Prefect and ends)."""
    if FOUND.search(line):
        return "cleaning"
    if LAST_BATCH.search(line):
        return "corpus"
    if "Task run 'corpus-steps" in line:
        return "publish"
    if "Task run 'publish" in line:
        return "report"
    return None


def timeline(run: Run) -> dict[str, float]:
    """How long each phase of a finished run took (the last one ends with its output)."""
    moments: dict[str, float] = {}
    for moment, line in run.lines:
        phase = opens(line)
        if phase is not None:
            moments.setdefault(phase, moment)
    assert list(moments) == PHASES, run.output[-3000:]
    moments["end"] = run.lines[-1][0]
    return {phase: moments[after] - moments[phase]
            for phase, after in zip(PHASES, PHASES[1:] + ["end"], strict=True)}


def kill_at_random(run: Run, rng: random.Random, spans: dict[str, float]) -> str:
    """SIGKILL the run's whole process group at a random moment of a random phase, drawn
    after the line that opens the phase (a little past its usual end too: phases vary);
    returns where it landed."""
    phase = rng.choices(PHASES, weights=[8, 4, 5, 3])[0]
    delay = rng.uniform(0, spans[phase] * 1.2)
    seen = run.wait_for(lambda line: opens(line) == phase, 120)
    if seen is None:
        return f"{phase}: the run ended before the phase began"
    time.sleep(max(0.0, seen + delay - time.monotonic()))
    try:
        os.killpg(run.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return f"{phase} +{delay:.2f} s: finished first"
    return f"{phase} +{delay:.2f} s"


def test_kill_9_at_random_moments(tmp_path: Path, prefect_api: str) -> None:
    states = corpus_states(tmp_path)
    clean, runs = tmp_path / "clean", tmp_path / "runs"
    runs.mkdir()
    config = write_config(tmp_path)
    settings = Config.from_mapping(CONFIG)

    # The first publication (and how long each phase of a run takes here) ...
    first = start_run(["--raw", states[0], "--clean", clean, "--config", config], cwd=runs,
                      api_url=prefect_api)
    assert first.wait(timeout=300) == 0, first.output[-3000:]
    spans = timeline(first)
    # ... and what a fresh full run of each state publishes.
    expected = [published_tree(clean)]
    for number, raw in enumerate(states[1:], start=1):
        run_corpus(raw, tmp_path / f"fresh-{number}", settings)
        expected.append(published_tree(tmp_path / f"fresh-{number}"))

    rng = random.Random(SEED)
    landed = []
    published, target = 0, 1
    run = start_killed(states[target], clean, config, runs / "0", prefect_api)
    for kill in range(KILLS):
        where = kill_at_random(run, rng, spans)
        run.wait(timeout=60)
        assert not leftovers(runs / str(kill), run.process.pid), f"kill {kill} ({where})"
        # One complete run is published: the one before, or this one if it got that far.
        generation = (clean / "current").resolve()
        check_published(clean, generation)
        tree = published_tree(clean, generation=generation)
        assert tree in (expected[published], expected[target]), f"kill {kill} ({where})"
        landed.append(f"{where}: {'new' if tree == expected[target] else 'old'}")
        # The next killed run starts now: it spends seconds importing, then waits for the
        # lock of the rerun below.
        following = (target + 1) % len(states)
        if kill < KILLS - 1:
            run = start_killed(states[following], clean, config, runs / str(kill + 1),
                               prefect_api)
            # The next run recovers and publishes exactly what a fresh full run does.
            run_corpus(states[target], clean, settings)
        else:  # the last one as a command too
            rerun = start_run(["--raw", states[target], "--clean", clean, "--config", config],
                              cwd=runs, api_url=prefect_api)
            assert rerun.wait(timeout=300) == 0, rerun.output[-3000:]
        generation = (clean / "current").resolve()
        check_published(clean, generation)
        assert published_tree(clean, generation=generation) == expected[target], \
            f"rerun after kill {kill} ({where})"
        assert not [p for p in (clean / ".generations").iterdir() if p.name.endswith(".tmp")
                    and p.name <= f"{generation.name}.tmp"], "the killed run's generation"
        published, target = target, following
    assert sorted(p.name for p in clean.iterdir() if p.name.startswith(".")) == \
        [".generations"], "nothing of a killed run is left in clean/"
    print("\n".join(landed))
    assert sum("new" in line for line in landed) < KILLS, "some kills must land before the end"
    assert sum("finished first" not in line for line in landed) >= KILLS // 2


def start_killed(raw: Path, clean: Path, config: Path, folder: Path, api_url: str) -> Run:
    """A run to be killed, in a folder of its own (what it leaves running is found there); it
    waits for the lock as long as the rerun before it holds it."""
    folder.mkdir(parents=True)
    return start_run(["--raw", raw, "--clean", clean, "--config", config, "--wait", "300"],
                     cwd=folder, api_url=api_url)
