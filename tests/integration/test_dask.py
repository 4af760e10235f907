"""The flow on Dask gives the same clean/ as the default thread runner, byte for byte.

Real Dask: a LocalCluster of two worker processes started by the runner, and an existing
cluster reached by its tcp:// address. Per-document batches run in the workers; the
corpus-wide steps run in one task after every batch is back, in id order.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SAMPLE_RAW, generate_corpus, tree_bytes

pytest.importorskip("prefect_dask", reason="the `dask` extra is not installed")

pytestmark = pytest.mark.integration

# Small batches, so that many tasks go to both workers and come back out of order.
CONFIG = {"run": {"batch_size": 7}}


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample raw/ plus 60 generated documents (syndicated copies, garble, chrome)."""
    folder = tmp_path_factory.mktemp("dask") / "raw"
    shutil.copytree(SAMPLE_RAW, folder / "sample")
    generate_corpus(folder / "generated", 60, seed=11)
    return folder


@pytest.fixture(scope="module")
def threads_clean(prefect_api: str, raw: Path) -> dict[str, bytes]:
    """The reference: `copydesk run` with the default runner, in a fresh process as a user
    runs it (module-level state of the stages starts empty, as in production; a process
    that already ran other tests would hide races on it)."""
    clean = raw.parent / "clean-threads"
    config = raw.parent / "config.toml"
    config.write_text(f"[run]\nbatch_size = {CONFIG['run']['batch_size']}\n")
    result = subprocess.run([str(Path(sys.executable).with_name("copydesk")), "run", "--raw",
                             str(raw), "--clean", str(clean), "--config", str(config)],
                            env={**os.environ, "PREFECT_API_URL": prefect_api},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return tree_bytes(clean, skip=("run.json",))


def first_difference(got: dict[str, bytes], wanted: dict[str, bytes]) -> str:
    """Where two clean/ trees differ first: a file present in one only, or a line."""
    if set(got) != set(wanted):
        return f"files only in one of them: {sorted(set(got) ^ set(wanted))[:5]}"
    for name in sorted(wanted):
        if got[name] != wanted[name]:
            pairs = zip(got[name].splitlines(), wanted[name].splitlines(), strict=False)
            for number, (a, b) in enumerate(pairs, start=1):
                if a != b:
                    return f"{name} line {number}:\n  runner:  {a[:300]!r}\n  threads: {b[:300]!r}"
            return f"{name}: one is a prefix of the other"
    return "identical"


def run_on(runner: object, raw: Path, clean: Path) -> dict[str, bytes]:
    from copydesk.flows.clean_corpus import clean_corpus_flow

    state = clean_corpus_flow.with_options(task_runner=runner)(
        raw_dir=str(raw), clean_dir=str(clean), config=CONFIG, return_state=True)
    assert state.is_completed(), state.message
    return tree_bytes(clean, skip=("run.json",))


def test_local_cluster_of_two_processes_gives_identical_output(
        threads_clean: dict[str, bytes], raw: Path) -> None:
    from copydesk.flows.runners import make_task_runner

    runner = make_task_runner("dask", workers=2)
    assert runner.cluster_kwargs["n_workers"] == 2 and runner.cluster_kwargs["processes"]
    dask_clean = run_on(runner, raw, raw.parent / "clean-dask")
    assert len([name for name in dask_clean if name.startswith("documents/")]) > 50
    assert dask_clean == threads_clean, first_difference(dask_clean, threads_clean)


def test_the_workers_of_a_local_cluster_run_without_the_dashboard_s_ticking() -> None:
    """The settings that keep an idle cluster quiet reach its worker processes (README "What
    orchestration costs")."""
    import dask

    from copydesk.flows.runners import LOCAL_CLUSTER_CONFIG, make_task_runner

    keys = list(LOCAL_CLUSTER_CONFIG)
    with make_task_runner("dask", workers=1) as runner:
        seen = runner.client.run(lambda: {key: dask.config.get(key) for key in keys})
    assert list(seen.values()) == [LOCAL_CLUSTER_CONFIG], seen


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as running:
        yield running.scheduler_address


def test_an_existing_cluster_by_address_gives_identical_output(
        threads_clean: dict[str, bytes], raw: Path, cluster: str) -> None:
    from distributed import Client

    from copydesk.flows.runners import make_task_runner

    assert cluster.startswith("tcp://127.0.0.1:")
    dask_clean = run_on(make_task_runner(dask_address=cluster), raw, raw.parent / "clean-addr")
    assert dask_clean == threads_clean, first_difference(dask_clean, threads_clean)
    with Client(cluster) as client:  # the batches really ran on that cluster
        prefixes = client.run_on_scheduler(lambda dask_scheduler: list(
            dask_scheduler.task_prefixes))
    assert "clean_batch" in prefixes, prefixes


def test_a_bad_dask_address_is_refused() -> None:
    from copydesk.flows.runners import make_task_runner

    with pytest.raises(ValueError, match="tcp://HOST:PORT"):
        make_task_runner(dask_address="127.0.0.1:8786")
