"""The `clean-corpus` Prefect flow: `copydesk.cleaners.run.corpus.run_corpus`, its steps run
as Prefect tasks.

Orchestration only: every decision about text is made in `cleaners/`, and the order of the
steps is the library's. A task handles a batch of documents (a Prefect task costs 6-11 ms
with threads, far more with Dask, so one per document or paragraph would cost more than the
cleaning). Values go to tasks wrapped in `quote()`: Prefect otherwise walks every field of
every document in a task's arguments twice (0.45 ms a document measured here, ~10% of a
10,000-document run); a batch goes as one opaque `Batch` object, which Dask can carry
(it takes `quote()`'s tuple apart).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sized
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from copydesk.cleaners.config import Config
from copydesk.cleaners.run.corpus import Executor, run_corpus
from copydesk.flows.report import publish_report

T = TypeVar("T")
R = TypeVar("R")

# A batch that takes longer than this per document is stopped and its documents are marked
# failed (the run goes on). A generous ceiling against a hang, not a budget: cleaning takes
# ~20 ms a document on average here, the slowest sample page under 1 s.
BATCH_SECONDS_PER_DOCUMENT = 30
RETRIES = 2


class _ThreadTimeoutNotice(logging.Filter):
    """Prefect warns, on every task with a timeout that runs in a worker thread, that the
    timeout cannot interrupt a blocking call. Known and accepted here: the limit stops a batch
    between Python steps, and 200 copies of that warning in a run would hide real ones."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "running in a worker thread" not in record.getMessage()


logging.getLogger("prefect.task_runs").addFilter(_ThreadTimeoutNotice())


def transient_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task only when it failed on I/O (a flaky disk or network share), not on a
    timeout or a bug, which would fail the same way again."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, TimeoutError)


def _step(name: str) -> Callable[..., Any]:
    """A function that runs one step of the library, named after the step (the name Dask
    shows for its tasks)."""
    def run(function: Callable[..., R], *args: Any) -> R:
        return function(*args)

    run.__name__ = run.__qualname__ = name.replace("-", "_")
    return run


_IO_RETRIES: dict[str, Any] = {"retries": RETRIES, "retry_delay_seconds": 1,
                               "retry_condition_fn": transient_io}
#: Each step of a run as a Prefect task, by the name the library gives it.
_TASKS: dict[str, Any] = {
    "clean-batch": task(name="clean-batch", cache_policy=NO_CACHE, **_IO_RETRIES)(
        _step("clean-batch")),
    "corpus-steps": task(name="corpus-steps", cache_policy=NO_CACHE)(_step("corpus-steps")),
    "publish": task(name="publish", cache_policy=NO_CACHE, **_IO_RETRIES)(_step("publish")),
}


class PrefectExecutor(Executor):
    """The steps of a run as tasks of the current flow run, on its task runner."""

    def map(self, step: str, function: Callable[..., R], items: list[T],
            *args: Any) -> Iterator[R | BaseException]:
        # Not quoted: Dask takes `quote()`'s tuple apart (every document failed on Dask).
        futures = [
            _TASKS[step].with_options(
                timeout_seconds=BATCH_SECONDS_PER_DOCUMENT * len(cast(Sized, item)))
            .submit(function, item, *args)
            for item in items]
        for future in futures:
            try:
                yield future.result(raise_on_failure=False)
            except Exception as error:  # the task crashed in Prefect's own code, not in ours
                yield error

    def call(self, step: str, function: Callable[..., R], *args: Any) -> R:
        return _TASKS[step](function, *[quote(arg) for arg in args])  # type: ignore[no-any-return]

    def log(self, message: str) -> None:
        get_run_logger().info(message)

    def failed_batch(self, error: BaseException) -> str:
        if isinstance(error, TimeoutError):
            return (f"its batch was stopped after the time limit of "
                    f"{BATCH_SECONDS_PER_DOCUMENT} s per document")
        return super().failed_batch(error)


@flow(name="clean-corpus", log_prints=False)
def clean_corpus_flow(raw_dir: str = "raw", clean_dir: str = "clean",
                      config: dict[str, Any] | None = None,
                      lock_wait_seconds: float = 0.0, full: bool = False) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    When `clean_dir` holds an earlier run and raw/ has only grown, only the new files are
    cleaned; `full=True` cleans everything again. Only one run at a time writes a clean
    folder: a second one waits up to `lock_wait_seconds` and then fails with a message
    naming the run that holds it."""
    settings = Config.from_mapping(config)
    summary = run_corpus(raw_dir, clean_dir, settings, full=full,
                         lock_wait_seconds=lock_wait_seconds, executor=PrefectExecutor())
    publish_report(summary)
    return summary
