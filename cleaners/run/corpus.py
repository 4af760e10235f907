"""A run over a whole raw folder, without any orchestrator: `run_corpus`.

    discover raw files -> plan (full or incremental) -> clean them in batches
    -> corpus steps (template lines, near-duplicates, finalize) -> publish clean/

The steps are plain functions of plain values (`clean_batch`, `corpus_steps`,
`publish_outputs`), and an `Executor` decides where they run: `Executor` itself runs them
here, one after the other; the Prefect flow (`copydesk.flows.clean_corpus`) runs the same
steps as Prefect tasks, on threads or on Dask. Callers who bring their own orchestration
give `run_corpus` an executor of their own (its `map` is the one place batches run).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Status, corpus_order
from copydesk.cleaners.io.clean_folder import manifest_record, publish
from copydesk.cleaners.io.files import RawRef, discover, read, unreadable
from copydesk.cleaners.io.lock import run_lock
from copydesk.cleaners.pipeline import (
    CORPUS_CHUNK,
    CorpusPhase,
    Notes,
    clean_document,
    new_timings,
)
from copydesk.cleaners.reasons import Action
from copydesk.cleaners.run.plan import (
    STATE_DIR,
    Plan,
    plan_run,
    published_entries,
    save_state,
    settings_fingerprint,
)

T = TypeVar("T")
R = TypeVar("R")

LIBRARIES = ("copydesk", "trafilatura", "datasketch", "ftfy", "langdetect", "prefect", "lxml",
             "charset-normalizer")
#: Removed lines the report lists, most frequent first, and how much of each it shows.
TOP_LINES = 15

_log = logging.getLogger("copydesk")


class Batch:
    """The files of one batch, as one opaque value: an orchestrator that walks its task's
    arguments (Prefect does, into every item of a list and every field of a dataclass)
    passes a plain object through whole."""

    __slots__ = ("refs",)

    def __init__(self, refs: list[RawRef]) -> None:
        self.refs = tuple(refs)

    def __len__(self) -> int:
        return len(self.refs)


@dataclass
class BatchResult:
    docs: list[Document]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class CorpusResult:
    docs: list[Document]
    timings: dict[str, float]
    notes: dict[str, Notes]
    conflict: str | None = None  # why this incremental result could differ from a full run


class Executor:
    """Where the steps of a run execute: here, one after the other. Subclass it to run the
    batches elsewhere (`map`) or to wrap each step (`call`); `log` reports progress."""

    def map(self, step: str, function: Callable[..., R], items: list[T],
            *args: Any) -> Iterator[R | BaseException]:
        """`function(item, *args)` for every item, results in order; an exception is
        yielded in place of the result of an item that failed."""
        for item in items:
            try:
                yield function(item, *args)
            except Exception as error:
                yield error

    def call(self, step: str, function: Callable[..., R], *args: Any) -> R:
        return function(*args)

    def log(self, message: str) -> None:
        _log.info(message)

    def failed_batch(self, error: BaseException) -> str:
        """What the documents of a batch that failed as a whole say in the manifest."""
        return f"its batch failed: {type(error).__name__}: {error}"


def clean_batch(batch: Batch, config: Config) -> BatchResult:
    """Read and clean one batch of documents. Bad input fails its document, not the batch."""
    timings = new_timings()
    docs = []
    for ref in batch.refs:
        raw = read(ref, config.decode.max_bytes)
        docs.append(raw if isinstance(raw, Document) else clean_document(raw, config, timings))
    return BatchResult(docs, dict(timings))


def corpus_steps(docs: list[Document], config: Config, clean_dir: str,
                 plan: Plan) -> CorpusResult:
    """The corpus-wide steps over the documents of this run, against what earlier runs
    published (kept in `<clean_dir>/.state/`); a full run starts that state afresh."""
    phase = CorpusPhase(config, Path(clean_dir) / STATE_DIR, fresh=plan.mode == "full")
    notes = {doc.id: phase.note(doc) for doc in docs}
    earlier = plan.earlier()
    phase.prepare(earlier, notes)
    ordered = sorted(docs, key=corpus_order)
    result: list[Document] = []
    for first in range(0, len(ordered), CORPUS_CHUNK):
        result.extend(phase.apply(ordered[first:first + CORPUS_CHUNK]))
    why = phase.conflict(earlier, result, notes) if plan.mode == "incremental" else None
    phase.finish()
    return CorpusResult(sorted(result, key=lambda doc: doc.id), dict(phase.timings), notes, why)


def publish_outputs(clean_dir: str, docs: list[Document], run_info: dict[str, Any],
                    plan: Plan, notes: dict[str, Notes], fingerprint: str) -> dict[str, int]:
    """Write clean/, and the state the next run needs just before the manifest."""
    def before_manifest() -> None:
        published = {**plan.published, **published_entries(docs, notes)}
        save_state(Path(clean_dir), fingerprint, published)

    return publish(clean_dir, docs, run_info, kept=plan.kept, before_manifest=before_manifest)


def run_corpus(raw_dir: str | Path = "raw", clean_dir: str | Path = "clean",
               config: Config | None = None, full: bool = False,
               lock_wait_seconds: float = 0.0, executor: Executor | None = None
               ) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    When `clean_dir` holds an earlier run and raw/ has only grown, only the new files are
    cleaned (`plan.py`); `full=True` cleans everything again. Only one run at a time writes
    a clean folder: a second one waits up to `lock_wait_seconds` and then fails with a
    message naming the run that holds it.
    """
    settings = config if config is not None else Config()
    executor = executor if executor is not None else Executor()
    raw, clean = str(raw_dir), str(clean_dir)
    check_folders(raw, clean)
    with run_lock(clean, lock_wait_seconds):
        return _run(raw, clean, settings, full, executor)


def _run(raw_dir: str, clean_dir: str, settings: Config, full: bool,
         executor: Executor) -> dict[str, Any]:
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    versions = library_versions()
    fingerprint = settings_fingerprint(settings, versions)

    refs = discover(raw_dir, exclude=clean_dir)
    plan = plan_run(refs, clean_dir, fingerprint, force_full=full)
    executor.log(f"found {len(refs)} files in {raw_dir}; {plan.mode} run: {plan.reason}")
    timings: Counter[str] = Counter()
    cleaned = clean_in_batches(plan.todo, settings, timings, executor)
    corpus = executor.call("corpus-steps", corpus_steps, cleaned, settings, clean_dir, plan)
    if corpus.conflict:
        executor.log(f"an incremental run would differ from a full one ({corpus.conflict}): "
                     "cleaning everything again")
        done = {doc.id for doc in cleaned}
        cleaned += clean_in_batches([r for r in refs if r.id not in done], settings, timings,
                                    executor)
        plan = Plan("full", corpus.conflict, refs)
        corpus = executor.call("corpus-steps", corpus_steps, cleaned, settings, clean_dir, plan)
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
    files = executor.call("publish", publish_outputs, clean_dir, docs, run_info, plan,
                          corpus.notes, fingerprint)
    summary.update(files=files, seconds=run_info["seconds"], mode=plan.mode,
                   mode_reason=plan.reason, cleaned=len(docs), raw_dir=str(raw_dir),
                   clean_dir=str(clean_dir), seconds_per_stage=run_info["seconds_per_stage"],
                   top_removed=frequent_removed_lines(docs),
                   failed=[{"id": r["id"], "source": r["source"], "error": r["error"]}
                           for r in records if r["status"] == Status.FAILED.value])
    executor.log("done: " + ", ".join(f"{n} {s}" for s, n in summary["statuses"].items()))
    return summary


def clean_in_batches(refs: list[RawRef], settings: Config, timings: Counter[str],
                     executor: Executor) -> list[Document]:
    """Clean every batch through the executor and gather the documents; a failed batch
    fails its documents, not the run."""
    size = settings.run.batch_size
    batches = [Batch(refs[i:i + size]) for i in range(0, len(refs), size)]
    docs: list[Document] = []
    results = executor.map("clean-batch", clean_batch, batches, settings)
    for number, (batch, result) in enumerate(zip(batches, results, strict=True), start=1):
        if isinstance(result, BaseException):
            executor.log(f"batch {number}/{len(batches)} failed: "
                         f"{type(result).__name__}: {result}")
            message = executor.failed_batch(result)
            result = BatchResult([unreadable(ref.id, ref.source, message)
                                  for ref in batch.refs])
        docs.extend(result.docs)
        timings.update(result.timings)
        executor.log(f"batch {number}/{len(batches)} done: {len(docs)} documents")
    return docs


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


def frequent_removed_lines(docs: list[Document], top: int = TOP_LINES
                           ) -> list[tuple[int, str, str]]:
    """(times, reason, line) for the lines removed most often, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for entry in doc.audit:
            if entry.action is Action.REMOVED and entry.text:
                for line in entry.text.splitlines():
                    if line.strip():
                        counts[(entry.reason.value, line.strip())] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(n, reason, line) for (reason, line), n in ranked[:top]]


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
