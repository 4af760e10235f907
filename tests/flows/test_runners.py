"""Which task runner a run uses, and how a local Dask cluster shares the cores."""

from __future__ import annotations

import os

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

