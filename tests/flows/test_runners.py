"""Which task runner a run uses, and how a local Dask cluster shares the cores."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from copydesk.flows.runners import make_task_runner, processes_per_worker


def test_threads_and_a_given_cluster_leave_the_document_workers_alone() -> None:
    assert processes_per_worker(make_task_runner("threads")) is None
    pytest.importorskip("prefect_dask")
    assert processes_per_worker(make_task_runner(dask_address="tcp://127.0.0.1:8786")) is None


def test_a_local_dask_cluster_shares_the_cores_between_its_workers() -> None:
    pytest.importorskip("prefect_dask")
    cores = os.cpu_count() or 1
    assert processes_per_worker(make_task_runner("dask", workers=2)) == max(1, cores // 2)
    assert processes_per_worker(make_task_runner("dask", workers=cores * 4)) == 1


def test_an_unknown_runner_or_no_worker_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown runner"):
        make_task_runner("spark")
    with pytest.raises(ValueError, match="at least 1"):
        make_task_runner("threads", workers=0)


def test_a_local_dask_cluster_is_started_without_the_dashboard_s_ticking() -> None:
    pytest.importorskip("prefect_dask")
    import dask

    from copydesk.flows.runners import LOCAL_CLUSTER_CONFIG

    make_task_runner("dask", workers=2)
    assert LOCAL_CLUSTER_CONFIG["distributed.worker.profile.enabled"] is False
    for key, value in LOCAL_CLUSTER_CONFIG.items():
        assert dask.config.get(key) == value, key


def test_on_dask_batches_are_large_but_every_worker_gets_one() -> None:
    from copydesk.flows.runners import DASK_BATCH_SIZE, dask_batch_size

    assert DASK_BATCH_SIZE > 250  # the default of `[run] batch_size`, made for threads
    assert dask_batch_size(10_000, 2) == DASK_BATCH_SIZE
    assert dask_batch_size(1_000, 2) == 500  # two batches, not one
    assert dask_batch_size(3, 2) == 2
    assert dask_batch_size(1, 2) == 1 and dask_batch_size(0, 2) == 1


def test_the_batches_of_a_local_dask_cluster_are_counted_from_its_workers() -> None:
    from copydesk.flows.runners import dask_slots

    assert dask_slots(make_task_runner("threads", workers=3)) is None
    pytest.importorskip("prefect_dask")
    assert dask_slots(make_task_runner("dask", workers=3)) == 3


def test_the_flow_chooses_the_batch_size_on_dask_only_when_it_is_not_set(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("prefect_dask")
    from types import SimpleNamespace

    from copydesk.cleaners.config import Config
    from copydesk.cleaners.io.files import RawRef
    from copydesk.cleaners.run.corpus import BatchResult, Executor, clean_in_batches
    from copydesk.flows import clean_corpus
    from copydesk.flows.clean_corpus import PrefectExecutor

    def slots(runner: object, config: dict) -> int | None:
        context = SimpleNamespace(task_runner=runner)
        monkeypatch.setattr(clean_corpus.FlowRunContext, "get", staticmethod(lambda: context))
        return clean_corpus._dask_slots(Config.from_mapping(config))

    dask = make_task_runner("dask", workers=2)
    assert slots(dask, {}) == 2
    assert slots(dask, {"run": {"document_timeout": 10}}) == 2
    assert slots(dask, {"run": {"batch_size": 250}}) is None  # the user's, even the default
    assert slots(make_task_runner("threads"), {}) is None

    settings = Config.from_mapping({"run": {"batch_size": 7}})
    chosen = PrefectExecutor(30.0, dask_slots=2)
    monkeypatch.setattr(chosen, "log", lambda message: None)
    assert chosen.batch_size(10_000, settings) == 1000
    assert PrefectExecutor(30.0).batch_size(10_000, settings) == 7
    assert Executor().batch_size(10_000, settings) == 7

    class Sized(Executor):  # clean_in_batches cuts the batches the executor asks for
        def batch_size(self, documents: int, settings: Config) -> int:
            return 4

        def map(self, step, function, items, *args):  # type: ignore[no-untyped-def]
            self.sizes = [len(item) for item in items]
            return iter([BatchResult([]) for _ in items])

    refs = [RawRef(f"d{n}", f"d{n}.txt", None) for n in range(10)]
    executor = Sized()
    clean_in_batches(refs, settings, Counter(), executor, Path("/nowhere"))
    assert executor.sizes == [4, 4, 2]


def test_a_dask_worker_hands_a_batch_on_without_loading_the_stages(tmp_path: Path) -> None:
    """What a Dask worker unpickles to run a batch (the flow's module, `clean_batch`, the
    batch and the config) and reads (`[run]`) loads no stage: trafilatura, wordfreq,
    datasketch and the rest load in the document workers' fork server, once (README "What
    orchestration costs"). The config it hands on is the same config."""
    import pickle
    import subprocess
    import sys

    from copydesk.cleaners.config import Config

    config = Config.from_mapping({"run": {"processes": 1}, "dedup": {"threshold": 0.5}})
    (tmp_path / "config.pickle").write_bytes(pickle.dumps(config))
    script = f"""
import pickle, sys
import copydesk.flows.clean_corpus
from copydesk.cleaners.run.corpus import Batch, clean_batch
config = pickle.loads(open({str(tmp_path / "config.pickle")!r}, "rb").read())
assert config.run.processes == 1
again = pickle.dumps(config)
heavy = [name for name in ("copydesk.cleaners.pipeline", "copydesk.cleaners.dedup",
                           "copydesk.cleaners.language", "copydesk.cleaners.extract",
                           "trafilatura", "wordfreq", "datasketch", "langdetect")
         if name in sys.modules]
assert not heavy, heavy
sys.stdout.buffer.write(again)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    handed_on = pickle.loads(result.stdout)
    assert handed_on == config and handed_on.dedup.threshold == 0.5
    assert handed_on.run.model_fields_set == {"processes"}
