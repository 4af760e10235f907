"""Which task runner the `clean-batch` tasks run on.

- `threads` (the default): a thread pool in the flow's process, of one thread unless asked
  for more. A task costs 6-11 ms here. The cleaning is pure Python and holds the GIL, so a
  second thread does not clean in parallel: it contends for the GIL. Measured on 10,000
  documents on an idle 2-core machine (benchmarks/orchestration.py): two threads took 16%
  more wall time and 26% more CPU than the plain functions. More threads help only where
  reading the raw files waits on a slow disk or share.
- `dask`: prefect-dask's `DaskTaskRunner`, on a local cluster of worker processes started for
  the run, or on an existing Dask cluster given as `tcp://HOST:PORT`. A task costs 100 ms or
  more, so batches must be large (see `[run] batch_size`). Workers of an existing cluster
  are daemonic unless it was started with `distributed.worker.daemon: false`; a daemonic
  worker cannot start processes, so it cleans its documents without the per-document
  limits (in-process).

The per-document stages are pure functions of (raw bytes, config), so the output does not
depend on the runner. The corpus-wide steps (cross-document dedup, finalize) run in a
single task after every batch is back, in document-id order.
"""

from __future__ import annotations

import os
from typing import Any

RUNNERS = ("threads", "dask")
#: Threads in the pool, or worker processes of a local Dask cluster (one per core here).
DEFAULT_WORKERS = {"threads": 1, "dask": 2}

#: Dask settings for the local cluster `make_task_runner` starts (not for a cluster given by
#: address: its settings are its owner's).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Not daemonic, so that each worker can run its documents in worker processes of its own
    # with a time and memory limit (cleaners/run/isolation.py).
    "distributed.worker.daemon": False,
    # Dask's defaults suit interactive work with its dashboard; copydesk shows none, and
    # what ticks, ticks for the whole run (the longer, the busier the machine). A cluster
    # of two workers left idle for 30 s on this 2-core machine used 1.6 s of CPU in its
    # workers and 0.9 s in its scheduler and nannies with Dask's defaults, 0.15 s and 0.2 s
    # with these four. Each mattered: the statistical profiler samples every worker's stack
    # every 10 ms (0.6 s of the 1.6), the event loop's health check runs every 20 ms (0.5 s
    # in the workers, 0.5 s in the scheduler's process), the system monitor samples CPU and
    # memory for the dashboard every 0.5 s, and the memory limit is checked every 0.1 s
    # (the document workers have limits of their own: RLIMIT_AS, cleaners/run/isolation.py).
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    # Worker processes forked from a fork server (`WORKER_PRELOAD`) instead of spawned: each
    # spawned worker started an interpreter and imported Dask and Prefect itself, 1.7 s of
    # CPU per worker here; forked, 0.1-0.2 s, after 1.3 s once in the fork server.
    "distributed.worker.multiprocessing-method": "forkserver",
}

#: What the fork server of a local cluster's workers imports once, so that no worker imports
#: it again: Dask's worker, and what a worker unpickles to run a `clean-batch` task (Prefect's
#: task engine, the flow's module). Not the stages: they load in the document workers' own
#: fork server, which each worker starts (cleaners/run/isolation.py).
WORKER_PRELOAD = ["distributed", "prefect_dask", "prefect.task_engine",
                  "copydesk.flows.clean_corpus"]


def make_task_runner(runner: str = "threads", dask_address: str | None = None,
                     workers: int | None = None) -> Any:
    """A Prefect task runner. `dask_address` implies `dask`; `workers` sizes a local pool
    (default: `DEFAULT_WORKERS` of the runner)."""
    if dask_address:
        runner = "dask"
    if runner not in RUNNERS:
        raise ValueError(f"unknown runner {runner!r}: choose one of {', '.join(RUNNERS)}")
    workers = DEFAULT_WORKERS[runner] if workers is None else workers
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if runner == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as error:  # the `dask` extra is not installed
        raise RuntimeError("the dask runner needs the `dask` extra: "
                           "uv sync --extra dask (or pip install 'copydesk[dask]')") from error
    if dask_address:
        if not dask_address.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise ValueError(f"a Dask address looks like tcp://HOST:PORT, not {dask_address!r}")
        return DaskTaskRunner(address=dask_address)
    # One single-threaded worker process per core asked for: the cleaning holds the GIL.
    import dask

    dask.config.set(LOCAL_CLUSTER_CONFIG)
    _preload_worker_fork_server()
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def _preload_worker_fork_server() -> None:
    """Have the fork server the local cluster starts its workers from import
    `WORKER_PRELOAD`. Dask sets its own list once, on first use of its multiprocessing
    context (Dask and its optional packages); it is taken here first, then replaced. The fork
    server is this process's: one that already runs (a pool of document workers started here
    earlier) keeps its own list, and the workers import the rest themselves."""
    from distributed.utils import get_mp_context

    get_mp_context().set_forkserver_preload(WORKER_PRELOAD)


def processes_per_worker(task_runner: Any) -> int | None:
    """How many document workers (`[run] processes`) each Dask worker of a local cluster that
    `make_task_runner` started should run: the cores shared out between its worker
    processes. Left to itself, each would start one per core, and two Dask workers on two
    cores would run four document workers, each with cold caches of its own, on two cores.
    None for other runners and for a cluster given by address (its machines are not ours
    to count)."""
    workers = _local_workers(task_runner)
    return None if workers is None else max(1, (os.cpu_count() or 1) // workers)


def _local_workers(task_runner: Any) -> int | None:
    """The worker processes of a local cluster that `make_task_runner` starts, or None."""
    kwargs = getattr(task_runner, "cluster_kwargs", None)
    return int(kwargs["n_workers"]) if kwargs and kwargs.get("n_workers") else None


#: Documents per batch on Dask when `[run] batch_size` is not set. A task costs 100 ms or more
#: there (Prefect's task engine in the worker, its states on the API). On 10,000 documents and
#: two workers (benchmarks/orchestration.py, idle machine), Dask's workers took 13.8 s of CPU
#: at 250 and 12.7 s at 1,000, and the Dask run +19.3% CPU over the plain runs at 250
#: against +1.8% to +8% at 1,000 (README "What orchestration costs").
DASK_BATCH_SIZE = 1000


def dask_slots(task_runner: Any) -> int | None:
    """How many batches a Dask runner cleans at once (the threads of its workers), or None
    for other runners (and for a cluster that cannot tell)."""
    workers = _local_workers(task_runner)
    if workers is not None:
        return workers * int(task_runner.cluster_kwargs.get("threads_per_worker") or 1)
    if getattr(task_runner, "address", None):  # an existing cluster: ask it
        try:
            return sum(task_runner.client.nthreads().values()) or None
        except Exception:  # it answers when the first batch is sent, or the run fails there
            return None
    return None


def dask_batch_size(documents: int, slots: int) -> int:
    """Documents per batch on Dask: `DASK_BATCH_SIZE`, but never fewer batches than `slots`
    when there are that many documents, so that a small corpus still uses every worker."""
    return max(1, min(DASK_BATCH_SIZE, -(-documents // slots)))
