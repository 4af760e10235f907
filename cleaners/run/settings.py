"""Settings of a run as a whole (the `[run]` table): how documents are batched."""

from __future__ import annotations

from copydesk.cleaners.settings import Int, Settings, setting


class RunSettings(Settings):
    # Documents per batch (a Prefect task). A task costs 6-11 ms with threads and 100 ms or
    # more on Dask, plus its state changes on the API. At 250 (40 tasks for 10,000
    # documents) the default flow (one thread) measured -4.0% CPU and -6.9% wall time
    # against the mean of two plain runs that differ by 4%, on an idle machine: no cost
    # above the noise (benchmarks/orchestration.py, README "What orchestration costs").
    batch_size: Int = setting(250, "documents per batch (a Prefect task)", ge=1, le=100_000)
