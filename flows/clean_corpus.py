"""The `clean-corpus` Prefect flow: discover raw files, clean them in batches, run the
corpus-wide steps, publish `clean/`.

Orchestration only: every decision about text is made in `cleaners/`. A task handles a
batch of documents (a Prefect task costs 6-11 ms with threads, far more with Dask, so one
per document or paragraph would cost more than the cleaning). Lists of documents go to
tasks wrapped in `quote()`: Prefect otherwise walks every field of every document in a
task's arguments twice (0.45 ms a document measured here, ~10% of a 10,000-document run).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from cleaners.config import Config
from cleaners.decode import unreadable
from cleaners.dedup_index import open_index
from cleaners.document import Document
from cleaners.finalize import manifest_record
from cleaners.stages import Timings, clean_corpus, clean_document, new_timings
from cleaners.template import TemplateFingerprint
from flows.discover import RawRef, discover, read
from flows.incremental import (
    STATE_DIR,
    Plan,
    conflict,
    fingerprints,
    plan_run,
    published_entries,
    save_state,
    settings_fingerprint,
)
from flows.lock import run_lock
from flows.publish import publish
from flows.report import publish_report

T = TypeVar("T")


def unwalked(value: T) -> T:
    """`value` wrapped in `quote()`, typed as itself: Prefect passes it to the task as is
    instead of walking every field for futures."""
    return cast(T, quote(value))

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


class Batch:
    """The files of one `clean-batch` task, as one opaque value. Prefect walks a task's
    arguments for futures, into every item of a list and every field of a dataclass, twice
    per task; a plain object it passes through whole. (`quote()` would do the same on threads,
    but Dask takes its tuple apart.)"""

    __slots__ = ("refs",)

    def __init__(self, refs: list[RawRef]) -> None:
        self.refs = tuple(refs)

    def __len__(self) -> int:
        return len(self.refs)


@dataclass
class BatchResult:
    docs: list[Document]
    timings: dict[str, float] = field(default_factory=dict)
    prints: dict[str, TemplateFingerprint | None] = field(default_factory=dict)


def transient_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task only when it failed on I/O (a flaky disk or network share), not on a
    timeout or a bug, which would fail the same way again."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, TimeoutError)


@task(name="clean-batch", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=1,
      retry_condition_fn=transient_io)
def clean_batch(batch: Batch, config: Config) -> BatchResult:
    """Read and clean one batch of documents. Bad input fails its document, not the task."""
    timings = new_timings()
    docs = []
    for ref in batch.refs:
        raw = read(ref, config.decode.max_bytes)
        docs.append(raw if isinstance(raw, Document) else clean_document(raw, config, timings))
    return BatchResult(docs, dict(timings))


@task(name="corpus-steps", cache_policy=NO_CACHE)
def corpus_steps(docs: list[Document], config: Config, clean_dir: str, plan: Plan) -> BatchResult:
    """Template lines and dedup over the corpus, against the index of earlier runs.

    A full run starts the index afresh; an incremental one first drops what the documents
    it cleans again may have left in it (a run interrupted after saving the index)."""
    timings: Timings = new_timings()
    prints = fingerprints(docs)
    state = Path(clean_dir) / STATE_DIR
    if plan.mode == "full":
        shutil.rmtree(state, ignore_errors=True)
    index = open_index(config.dedup, state)
    try:
        stale = {doc.id for doc in docs}
        if plan.mode == "full":
            stale |= set(plan.published)
        index.forget(sorted(stale))
        earlier = [entry.template for entry in plan.published.values()]
        result = clean_corpus(docs, config, timings, dedup_index=index, earlier=earlier)
        index.save()
    finally:
        index.close()
    return BatchResult(result, dict(timings), prints)


@task(name="publish", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=1,
      retry_condition_fn=transient_io)
def publish_outputs(clean_dir: str, docs: list[Document], run_info: dict[str, Any],
                    plan: Plan, prints: dict[str, TemplateFingerprint | None],
                    fingerprint: str) -> dict:
    def before_manifest() -> None:
        published = {**plan.published, **published_entries(docs, prints)}
        save_state(Path(clean_dir), fingerprint, published)

    return publish(clean_dir, docs, run_info, kept=plan.kept, before_manifest=before_manifest)


@flow(name="clean-corpus", log_prints=False)
def clean_corpus_flow(raw_dir: str = "raw", clean_dir: str = "clean",
                      config: dict[str, Any] | None = None,
                      lock_wait_seconds: float = 0.0, full: bool = False) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    When `clean_dir` holds an earlier run and raw/ has only grown, only the new files are
    cleaned (see `flows/incremental.py`); `full=True` cleans everything again.

    Only one run at a time writes a clean folder: a second one waits up to
    `lock_wait_seconds` and then fails with a message naming the run that holds it."""
    settings = Config.from_mapping(config)
    check_folders(raw_dir, clean_dir)
    with run_lock(clean_dir, lock_wait_seconds):
        return _clean(raw_dir, clean_dir, settings, full)


def _clean(raw_dir: str, clean_dir: str, settings: Config, full: bool) -> dict[str, Any]:
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    versions = library_versions()
    fingerprint = settings_fingerprint(settings, versions)

    refs = discover(raw_dir, exclude=clean_dir)
    plan = plan_run(refs, clean_dir, fingerprint, force_full=full)
    logger.info("found %d files in %s; %s run: %s", len(refs), raw_dir, plan.mode, plan.reason)
    timings: Counter[str] = Counter()
    cleaned = clean_in_batches(plan.todo, settings, timings)
    corpus = corpus_steps(unwalked(cleaned), settings, clean_dir, unwalked(plan))
    if plan.mode == "incremental":
        why = conflict(plan, corpus.docs, corpus.prints, settings.boilerplate)
        if why:
            logger.info("an incremental run would differ from a full one (%s): cleaning "
                        "everything again", why)
            done = {doc.id for doc in cleaned}
            cleaned += clean_in_batches([r for r in refs if r.id not in done], settings,
                                        timings)
            plan = Plan("full", why, refs)
            corpus = corpus_steps(unwalked(cleaned), settings, clean_dir, unwalked(plan))
    timings.update(corpus.timings)
    docs = corpus.docs

    records = [manifest_record(doc) for doc in docs] + [k.record for k in plan.kept.values()]
    summary = summarise(records)
    run_info = {
        "schema_version": 1,
        "started_at": started_at,
        "seconds": round(time.perf_counter() - started, 3),
        "raw_dir": str(raw_dir),
        "mode": plan.mode,
        "mode_reason": plan.reason,
        "cleaned": len(docs),
        "documents": summary["documents"],
        "statuses": summary["statuses"],
        "removed": summary["removed"],
        "repaired": summary["repaired"],
        "flagged": summary["flagged"],
        "seconds_per_stage": {stage: round(seconds, 3) for stage, seconds in
                              sorted(timings.items())},
        "config": settings.to_dict(),
        "versions": versions,
    }
    files = publish_outputs(clean_dir, unwalked(docs), run_info, unwalked(plan),
                            unwalked(corpus.prints), fingerprint)
    publish_report(docs, run_info, clean_dir)
    summary.update(files=files, seconds=run_info["seconds"], mode=plan.mode,
                   mode_reason=plan.reason, cleaned=len(docs),
                   failed=[{"source": r["source"], "error": r["error"]} for r in records
                           if r["status"] == "failed"])
    logger.info("done: %s", ", ".join(f"{n} {s}" for s, n in summary["statuses"].items()))
    return summary


def clean_in_batches(refs: list[RawRef], settings: Config,
                     timings: Counter[str]) -> list[Document]:
    """Submit one task per batch and gather the documents; a failed batch fails its
    documents, not the run."""
    batches = [Batch(refs[i:i + settings.run.batch_size])
               for i in range(0, len(refs), settings.run.batch_size)]
    logger = get_run_logger()
    futures = [clean_batch.with_options(timeout_seconds=BATCH_SECONDS_PER_DOCUMENT * len(batch))
               .submit(batch, settings)
               for batch in batches]
    docs: list[Document] = []
    for number, (batch, future) in enumerate(zip(batches, futures, strict=True), start=1):
        result: BatchResult | BaseException
        try:
            result = future.result(raise_on_failure=False)
        except Exception as error:  # the task crashed in Prefect's own code, not in ours
            result = error
        if isinstance(result, BaseException):  # timed out, or failed after its retries
            logger.error("batch %d/%d failed: %s: %s", number, len(batches),
                         type(result).__name__, result)
            result = BatchResult([unreadable(ref.id, ref.source, batch_error(result))
                                  for ref in batch.refs])
        docs.extend(result.docs)
        timings.update(result.timings)
        logger.info("batch %d/%d done: %d documents", number, len(batches), len(docs))
    return docs


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


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts over manifest records (documents cleaned now and carried over alike)."""
    def total(name: str) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for record in records:
            counts.update(record[name])
        return dict(sorted(counts.items()))

    return {
        "documents": len(records),
        "statuses": dict(sorted(Counter(r["status"] for r in records).items())),
        "removed": total("removed"),
        "repaired": total("repaired"),
        "flagged": total("flagged"),
    }


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
