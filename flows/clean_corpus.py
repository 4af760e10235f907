"""The `clean-corpus` Prefect flow: discover raw files, clean them in batches, run the
corpus-wide steps, publish `clean/`.

Orchestration only: every decision about text is made in `cleaners/`. A task handles a
batch of documents (a Prefect task costs 6-11 ms with threads, far more with Dask, so one
per document or paragraph would cost more than the cleaning).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cleaners.config import Config
from cleaners.decode import unreadable
from cleaners.document import Document
from cleaners.reasons import Action
from cleaners.stages import Timings, clean_corpus, clean_document, new_timings
from flows.discover import RawRef, discover, read
from flows.lock import run_lock
from flows.publish import publish
from flows.report import publish_report

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

LIBRARIES = ("copydesk", "trafilatura", "datasketch", "ftfy", "langdetect", "prefect", "lxml",
             "charset-normalizer")


@dataclass
class BatchResult:
    docs: list[Document]
    timings: dict[str, float] = field(default_factory=dict)


def transient_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task only when it failed on I/O (a flaky disk or network share), not on a
    timeout or a bug, which would fail the same way again."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, TimeoutError)


@task(name="clean-batch", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=1,
      retry_condition_fn=transient_io)
def clean_batch(refs: list[RawRef], config: Config) -> BatchResult:
    """Read and clean one batch of documents. Bad input fails its document, not the task."""
    timings = new_timings()
    docs = []
    for ref in refs:
        raw = read(ref, config.decode.max_bytes)
        docs.append(raw if isinstance(raw, Document) else clean_document(raw, config, timings))
    return BatchResult(docs, dict(timings))


@task(name="corpus-steps", cache_policy=NO_CACHE)
def corpus_steps(docs: list[Document], config: Config) -> BatchResult:
    timings: Timings = new_timings()
    return BatchResult(clean_corpus(docs, config, timings), dict(timings))


@task(name="publish", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=1,
      retry_condition_fn=transient_io)
def publish_outputs(clean_dir: str, docs: list[Document], run_info: dict[str, Any]) -> dict:
    return publish(clean_dir, docs, run_info)


@flow(name="clean-corpus", log_prints=False)
def clean_corpus_flow(raw_dir: str = "raw", clean_dir: str = "clean",
                      config: dict[str, Any] | None = None,
                      lock_wait_seconds: float = 0.0) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    Only one run at a time writes a clean folder: a second one waits up to
    `lock_wait_seconds` and then fails with a message naming the run that holds it."""
    settings = Config.from_mapping(config)
    check_folders(raw_dir, clean_dir)
    with run_lock(clean_dir, lock_wait_seconds):
        return _clean(raw_dir, clean_dir, settings)


def _clean(raw_dir: str, clean_dir: str, settings: Config) -> dict[str, Any]:
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")

    refs = discover(raw_dir, exclude=clean_dir)
    batches = [refs[i:i + settings.run.batch_size]
               for i in range(0, len(refs), settings.run.batch_size)]
    logger.info("found %d files in %s; cleaning them in %d batches", len(refs), raw_dir,
                len(batches))

    futures = [clean_batch.with_options(timeout_seconds=BATCH_SECONDS_PER_DOCUMENT * len(batch))
               .submit(batch, settings) for batch in batches]
    timings: Counter[str] = Counter()
    docs: list[Document] = []
    for number, (batch, future) in enumerate(zip(batches, futures, strict=True), start=1):
        try:
            result = future.result(raise_on_failure=False)
        except Exception as error:  # the task crashed in Prefect's own code, not in ours
            result = error
        if isinstance(result, BaseException):  # timed out, or failed after its retries
            logger.error("batch %d/%d failed: %s: %s", number, len(batches),
                         type(result).__name__, result)
            result = BatchResult([unreadable(ref.id, ref.source, batch_error(result))
                                  for ref in batch])
        docs.extend(result.docs)
        timings.update(result.timings)
        logger.info("batch %d/%d done: %d documents", number, len(batches), len(docs))

    corpus = corpus_steps(docs, settings)
    timings.update(corpus.timings)
    docs = corpus.docs

    summary = summarise(docs)
    run_info = {
        "schema_version": 1,
        "started_at": started_at,
        "seconds": round(time.perf_counter() - started, 3),
        "raw_dir": str(raw_dir),
        "documents": summary["documents"],
        "statuses": summary["statuses"],
        "removed": summary["removed"],
        "repaired": summary["repaired"],
        "flagged": summary["flagged"],
        "seconds_per_stage": {stage: round(seconds, 3) for stage, seconds in
                              sorted(timings.items())},
        "config": settings.to_dict(),
        "versions": library_versions(),
    }
    files = publish_outputs(clean_dir, docs, run_info)
    publish_report(docs, run_info, clean_dir)
    summary.update(files=files, seconds=run_info["seconds"],
                   failed=[{"source": d.source, "error": d.error} for d in docs
                           if d.status.value == "failed"])
    logger.info("done: %s", ", ".join(f"{n} {s}" for s, n in summary["statuses"].items()))
    return summary


def batch_error(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return (f"its batch was stopped after the time limit of {BATCH_SECONDS_PER_DOCUMENT} s "
                "per document")
    return f"its batch failed: {type(error).__name__}: {error}"


def check_folders(raw_dir: str, clean_dir: str) -> None:
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    if raw == clean or raw.is_relative_to(clean):
        raise ValueError(f"the clean folder {clean_dir} must not be the raw folder or hold it")


def summarise(docs: list[Document]) -> dict[str, Any]:
    def total(action: Action) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for doc in docs:
            counts.update(doc.counts(action))
        return dict(sorted(counts.items()))

    return {
        "documents": len(docs),
        "statuses": dict(sorted(Counter(doc.status.value for doc in docs).items())),
        "removed": total(Action.REMOVED),
        "repaired": total(Action.REPAIRED),
        "flagged": total(Action.FLAGGED),
    }


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
