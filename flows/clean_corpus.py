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
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.states import Failed, State
from prefect.utilities.annotations import quote

from copydesk.cleaners.config import Config
from copydesk.cleaners.io.lock import CleanFolderBusy
from copydesk.cleaners.run.corpus import Executor, ShrinkRefused, run_corpus
from copydesk.cleaners.run.isolation import Isolation
from copydesk.flows.report import publish_report
from copydesk.flows.runners import dask_batch_size, dask_slots, processes_per_worker

T = TypeVar("T")
R = TypeVar("R")

# A batch is cut off after the time limit of its documents ([run] document_timeout) each,
# plus this much. Each document is already stopped at its own limit in its worker process
# (cleaners/run/isolation.py); this is the backstop for runs with isolation off.
BATCH_MARGIN_SECONDS = 60
RETRIES = 2
#: The event a publication emits (issue a deployment trigger on it to react to new output).
PUBLISHED_EVENT = "copydesk.clean.published"


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
# Results are not persisted: they live in the run's own spool and clean/, and a failed
# task's result pickled into Prefect's storage would outlive the run for nothing.
_NOT_KEPT: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}
_TASKS: dict[str, Any] = {
    "clean-batch": task(name="clean-batch", **_NOT_KEPT, **_IO_RETRIES)(
        _step("clean-batch")),
    "corpus-steps": task(name="corpus-steps", **_NOT_KEPT)(_step("corpus-steps")),
    "publish": task(name="publish", **_NOT_KEPT, **_IO_RETRIES)(_step("publish")),
}


class PrefectExecutor(Executor):
    """The steps of a run as tasks of the current flow run, on its task runner. `dask_slots`:
    the batches a Dask runner cleans at once, when the batch size is copydesk's to choose
    (`[run] batch_size` not set); None to keep `[run] batch_size`."""

    def __init__(self, document_timeout: float, dask_slots: int | None = None) -> None:
        self.document_timeout = document_timeout
        self.dask_slots = dask_slots

    def batch_size(self, documents: int, settings: Config) -> int:
        if self.dask_slots is None:
            return super().batch_size(documents, settings)
        size = dask_batch_size(documents, self.dask_slots)
        self.log(f"on Dask: batches of up to {size} documents ([run] batch_size not set)")
        return size

    def batch_limit(self, batch: Sized) -> float:
        return self.document_timeout * len(batch) + BATCH_MARGIN_SECONDS

    def map(self, step: str, function: Callable[..., R], items: list[T],
            *args: Any) -> Iterator[R | BaseException]:
        # Not quoted: Dask takes `quote()`'s tuple apart (every document failed on Dask).
        futures = [
            _TASKS[step].with_options(timeout_seconds=self.batch_limit(cast(Sized, item)))
            .submit(function, item, *args)
            for item in items]
        for future in futures:
            try:
                result = future.result(raise_on_failure=False)
            except Exception as error:  # the task crashed in Prefect's own code, not in ours
                result = error
            except BaseException:
                # SIGTERM (Prefect's TerminationSignal) or Ctrl-C while the batches run:
                # Prefect waits for the batch threads before the run ends, and they wait
                # for the document workers; stopped, those fail their documents at once.
                Isolation.stop_all(for_good=True)
                raise
            yield result

    def call(self, step: str, function: Callable[..., R], *args: Any) -> R:
        return _TASKS[step](function, *[quote(arg) for arg in args])  # type: ignore[no-any-return]

    def log(self, message: str) -> None:
        get_run_logger().info(message)

    def failed_batch(self, error: BaseException) -> str:
        if isinstance(error, TimeoutError):
            return (f"its batch was stopped after the time limit of "
                    f"{self.document_timeout:g} s per document")
        return super().failed_batch(error)


@flow(name="clean-corpus", log_prints=False, persist_result=False)
def clean_corpus_flow(raw_dir: str = "raw", clean_dir: str = "clean",
                      config: dict[str, Any] | None = None,
                      lock_wait_seconds: float = 0.0, full: bool = False,
                      allow_shrink: bool = False, review: bool = True) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    When `clean_dir` holds an earlier run and raw/ has only grown, only the new files are
    cleaned; `full=True` cleans everything again. Only one run at a time writes a clean
    folder: a second one waits up to `lock_wait_seconds` and then fails with a message
    naming the run that holds it. A run that would unpublish most of what is published while
    the raw files are still there fails without publishing, unless `allow_shrink`.
    `review=False` skips the review pages. Each publication emits the event
    `copydesk.clean.published`."""
    settings = Config.from_mapping(config)
    executor = PrefectExecutor(settings.run.document_timeout, _dask_slots(settings))
    settings = _share_cores(settings)
    try:
        summary = run_corpus(raw_dir, clean_dir, settings, full=full,
                             lock_wait_seconds=lock_wait_seconds, executor=executor,
                             allow_shrink=allow_shrink, review=review)
    except Exception as error:
        return failed_run(error)  # type: ignore[return-value]
    publish_report(summary)
    emit_published(summary)
    return summary


def _share_cores(settings: Config) -> Config:
    """`[run] processes` for the Dask workers of a local cluster, unless it is set."""
    context = FlowRunContext.get()
    share = processes_per_worker(context.task_runner) if context else None
    if settings.run.processes or share is None:
        return settings
    tables = settings.to_dict()
    return Config.from_mapping({**tables, "run": {**tables["run"], "processes": share}})


def _dask_slots(settings: Config) -> int | None:
    """The batches the flow's Dask runner cleans at once, when the batch size is left to
    copydesk (`[run] batch_size` not given); None otherwise."""
    context = FlowRunContext.get()
    if context is None or "batch_size" in settings.run.model_fields_set:
        return None
    return dask_slots(context.task_runner)


#: Failures that are the run's answer, not a bug: logged without a traceback.
EXPECTED_FAILURES = (ShrinkRefused, CleanFolderBusy, FileNotFoundError, NotADirectoryError)


def failed_run(error: Exception) -> State[Any]:
    """The Failed state of a run that raised `error`, returned rather than raised: Prefect
    pickles the exception of a flow that raises into its result storage
    (`PREFECT_HOME/storage`), whatever `persist_result` says, and one file per failed run
    would pile up there for nothing. The exception is the state's data (in memory only), so
    a caller of the flow still gets it raised from `state.result()`."""
    message = f"{type(error).__name__}: {error}"
    get_run_logger().error("the run failed: %s", message,
                           exc_info=None if isinstance(error, EXPECTED_FAILURES) else error)
    return Failed(message=message, data=error)


def emit_published(summary: dict[str, Any]) -> None:
    """Tell Prefect (and every automation listening) that the clean folder changed."""
    from prefect.events import emit_event

    folder = str(Path(summary["clean_dir"]).resolve())
    feed = summary["feed"]
    emit_event(event=PUBLISHED_EVENT,
               resource={"prefect.resource.id": f"copydesk.clean-folder.{folder}",
                         "prefect.resource.name": folder},
               payload={"clean_dir": folder, "run": summary["generation"],
                        "documents": summary["documents"], "statuses": summary["statuses"],
                        "first_seq": feed["first_seq"], "last_seq": feed["last_seq"],
                        "changes": feed["new"], "mode": summary["mode"]})
