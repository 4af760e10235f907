"""Settings of a run as a whole (the `[run]` table): batches, and the limits of a document."""

from __future__ import annotations

from copydesk.cleaners.settings import Bool, Float, Int, Settings, setting


class RunSettings(Settings):
    # Documents per batch (a Prefect task). A task costs 6-11 ms with threads and 100 ms or
    # more on Dask, plus its state changes on the API. At 250 (40 tasks for 10,000
    # documents) the default flow (one thread) measured -4.0% CPU and -6.9% wall time
    # against the mean of two plain runs that differ by 4%, on an idle machine: no cost
    # above the noise (benchmarks/orchestration.py, README "What orchestration costs").
    # Left unset on Dask, the flow chooses larger batches (`flows/runners.DASK_BATCH_SIZE`,
    # at least one per worker); a value given here is used on every runner.
    batch_size: Int = setting(250, "documents per batch (a Prefect task; Dask, if unset: "
                                   "up to 1000)", ge=1, le=100_000)
    # Each document is cleaned in a worker process that is killed when it runs over its
    # time or memory (cleaners/run/isolation.py). The slowest of the 1,963 evaluation pages
    # takes about a second; 30 s is a ceiling against a hang, not a budget.
    isolate: Bool = setting(True, "clean each document in a worker process with the limits")
    document_timeout: Float = setting(30.0, "seconds a document may take", gt=0, le=3600)
    # Address space of a worker: the fork server's modules and data take about 0.6 GB of it.
    document_memory: Int = setting(2_000_000_000, "bytes of memory a worker may use",
                                   ge=500_000_000)
    # Worker processes per process that runs batches; 0: one per core there.
    processes: Int = setting(0, "worker processes (0: one per core)", ge=0, le=512)
