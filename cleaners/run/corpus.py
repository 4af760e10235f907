"""A run over a whole raw folder, without any orchestrator: `run_corpus`.

    discover raw files -> plan (full or incremental) -> clean them in batches, each document
    in a worker process with a time and memory limit -> corpus steps (template lines,
    near-duplicates, finalize) -> a new generation of clean/ -> switched in by one rename

The steps are plain functions of plain values (`clean_batch`, `corpus_steps`,
`publish_generation`), and an `Executor` decides where they run: `Executor` itself runs them
here, one after the other; the Prefect flow (`copydesk.flows.clean_corpus`) runs the same
steps as Prefect tasks, on threads or on Dask. Callers who bring their own orchestration give
`run_corpus` an executor of their own (its `map` is the one place batches run).

No step holds every document: a batch writes its cleaned documents to a spool file in
`<clean>/.work/` and returns only what the corpus steps need to know of each (its keep-first
place and notes); the corpus steps read documents back a chunk at a time, in keep-first
order, and write each one's text into the new generation at once; publication merges the
lists (manifest, audit, dataset, feed) in id order with the previous generation's, streaming.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Status, corpus_order
from copydesk.cleaners.io.clean_folder import (
    README,
    REVIEW,
    RUN,
    GenerationWriter,
    Published,
    audit_records,
    dataset_row,
    iter_audit,
    iter_records,
    iter_rows,
    json_line,
    manifest_record,
    readme_text,
    render_text,
)
from copydesk.cleaners.io.files import RawRef, list_raw, unreadable
from copydesk.cleaners.io.generations import CleanFolder, link_tree
from copydesk.cleaners.io.lock import run_lock
from copydesk.cleaners.io.spool import Place, SpoolReader, SpoolWriter
from copydesk.cleaners.reasons import Action
from copydesk.cleaners.run.feed import FeedWriter, change_of
from copydesk.cleaners.run.isolation import (
    Cleaned,
    Isolation,
    IsolationUnavailable,
    Limits,
    can_isolate,
    clean_one,
)
from copydesk.cleaners.run.plan import (
    STATE_DIR,
    Plan,
    plan_run,
    published_entry,
    save_state,
    settings_fingerprint,
)
from copydesk.cleaners.run.plan import (
    Published as PublishedState,
)

if TYPE_CHECKING:
    # The stages are imported where they run (`corpus_steps`, the document workers), not
    # here: a Dask worker that only sends its batch's documents to its document workers
    # does not load them (README "What orchestration costs").
    from copydesk.cleaners.pipeline import Notes

T = TypeVar("T")
R = TypeVar("R")

LIBRARIES = ("copydesk", "trafilatura", "datasketch", "ftfy", "langdetect", "prefect", "lxml",
             "charset-normalizer", "pebble")
#: Removed lines the report lists, most frequent first.
TOP_LINES = 15
#: The report counts removed lines up to this many distinct ones (then the rarest go).
_COUNTED_LINES = 5_000
SPOOL = "spool"
FINAL = "final.jsonl"

_log = logging.getLogger("copydesk")


class ShrinkRefused(RuntimeError):
    """A run would unpublish most of what was published while the raw files are still there
    (a bad setting, a broken extractor, a mount that went away): nothing was published."""


class Batch:
    """The files of one batch, as one opaque value: an orchestrator that walks its task's
    arguments (Prefect does, into every item of a list and every field of a dataclass)
    passes a plain object through whole."""

    __slots__ = ("number", "refs")

    def __init__(self, number: int, refs: list[RawRef]) -> None:
        self.number = number
        self.refs = tuple(refs)

    def __len__(self) -> int:
        return len(self.refs)


@dataclass(slots=True)
class Entry:
    """A cleaned document waiting in the spool: where it is, and what the corpus steps need
    to know of it before they read it back."""

    id: str
    place: Place
    order: tuple[bool, str, str]
    notes: Notes


@dataclass
class BatchResult:
    entries: list[Entry]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class CorpusResult:
    finals: dict[str, int]  # where each document's published form waits in FINAL, by id
    # (a packed Place)
    state: dict[str, PublishedState]  # what the next run must know of each
    timings: dict[str, float]
    top_removed: list[tuple[int, str, str]]
    texts: dict[str, int]  # texts written anew, and linked unchanged from the previous run
    conflict: str | None = None  # why this incremental result could differ from a full run
    warnings: list[str] = field(default_factory=list)


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

    def batch_size(self, documents: int, settings: Config) -> int:
        """Documents per batch when `documents` are to be cleaned: `[run] batch_size`. An
        executor whose batches cost more to start may choose larger ones."""
        return settings.run.batch_size

    def log(self, message: str) -> None:
        _log.info(message)

    def failed_batch(self, error: BaseException) -> str:
        """What the documents of a batch that failed as a whole say in the manifest."""
        return f"its batch failed: {type(error).__name__}: {error}"


# --- the steps --------------------------------------------------------------------------------

def limits_of(config: Config) -> Limits:
    run = config.run
    return Limits(run.processes or os.cpu_count() or 1, run.document_timeout,
                  run.document_memory)


def cleaned(refs: list[RawRef], config: Config) -> Iterator[Cleaned]:
    """Every document of `refs` read and cleaned, in order: in worker processes with the
    limits of `[run]`, or here when isolation is off or cannot be had (a daemonic process,
    workers that cannot start); the log says which."""
    if config.run.isolate and can_isolate():
        try:
            pool = Isolation.shared(limits_of(config))
        except IsolationUnavailable as error:
            _log.warning("%s; cleaning in this process, without the per-document limits",
                         error)
        else:
            yield from pool.clean(refs, config)
            return
    for ref in refs:
        yield clean_one(ref, config)


def clean_batch(batch: Batch, config: Config, spool_dir: str) -> BatchResult:
    """Clean one batch into its spool file; return where each document is and its notes."""
    timings: Counter[str] = Counter()
    entries = []
    path = Path(spool_dir) / f"batch-{batch.number:06d}.jsonl"
    path.unlink(missing_ok=True)  # a retried batch starts its file again
    with SpoolWriter(path) as spool:
        for doc, notes, spent in cleaned(list(batch.refs), config):
            entries.append(Entry(doc.id, spool.write(doc), corpus_order(doc), notes))
            timings.update(spent)
    return BatchResult(entries, dict(timings))


def corpus_steps(entries: list[Entry], config: Config, spool_dir: str, building: str,
                 previous: str | None, final: str, plan: Plan) -> CorpusResult:
    """The corpus-wide steps over the documents of this run, against what earlier runs
    published (the state in `building/.state`, linked from the previous generation); each
    document's text goes into the generation being built, its lists' lines to `final`."""
    from copydesk.cleaners.pipeline import CORPUS_CHUNK, CorpusPhase

    fresh = plan.mode == "full"
    phase = CorpusPhase(config, Path(building) / STATE_DIR, fresh=fresh)
    notes = {entry.id: entry.notes for entry in entries}
    earlier = plan.earlier()
    phase.prepare(earlier, notes)
    writer = GenerationWriter(Path(building), Path(previous) if previous else None)
    finals: dict[str, int] = {}
    state: dict[str, PublishedState] = {}
    removed: Counter[tuple[str, str]] = Counter()
    conflict = None
    ordered = sorted(entries, key=lambda entry: entry.order)
    Path(final).unlink(missing_ok=True)
    with SpoolReader(Path(spool_dir)) as reader, SpoolWriter(Path(final)) as out:
        for first in range(0, len(ordered), CORPUS_CHUNK):
            chunk = ordered[first:first + CORPUS_CHUNK]
            docs = phase.apply([reader.read(entry.place) for entry in chunk])
            if plan.mode == "incremental" and conflict is None:
                conflict = phase.conflict(earlier, docs, notes)
            # The entries' id strings and order tuples are kept for the whole run anyway:
            # the documents' own copies of them are not kept a second time.
            of_chunk = {entry.id: entry for entry in chunk}
            for doc in docs:
                entry = of_chunk[doc.id]
                finals[entry.id] = out.write_json(_published_form(doc, writer)).packed()
                state[entry.id] = published_entry(doc, notes.get(doc.id, {}), entry.order)
                _count_removed(doc, removed)
    if plan.mode == "incremental" and conflict is None:  # also with no new document
        conflict = phase.conflict(earlier, [], notes)
    phase.finish()
    texts = {"written": writer.written, "linked": writer.linked}
    return CorpusResult(finals, state, dict(phase.timings), _top(removed), texts, conflict,
                        phase.warnings)


def _published_form(doc: Document, writer: GenerationWriter) -> dict[str, Any]:
    """Write a document's text into the generation; return its manifest record, audit
    lines and dataset row, to be merged into the lists in id order."""
    text = render_text(doc) if doc.status is Status.CLEAN else None
    digest = writer.write_text(doc.id, text) if text is not None else None
    record = manifest_record(doc, digest)
    return {"record": record, "audit": [json_line(r) for r in audit_records(doc)],
            "row": dataset_row(record, text) if text is not None else None}


def _count_removed(doc: Document, counts: Counter[tuple[str, str]]) -> None:
    for entry in doc.audit:
        if entry.action is Action.REMOVED and entry.text:
            for line in entry.text.splitlines():
                if line.strip():
                    counts[(entry.reason.value, line.strip()[:500])] += 1
    if len(counts) > 2 * _COUNTED_LINES:  # keep the frequent ones, bounded
        kept = counts.most_common(_COUNTED_LINES)
        counts.clear()
        counts.update(dict(kept))


def frequent_removed_lines(docs: list[Document], top: int = TOP_LINES
                           ) -> list[tuple[int, str, str]]:
    """(times, reason, line) for the lines removed most often, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        _count_removed(doc, counts)
    return _top(counts, top)


def _top(counts: Counter[tuple[str, str]], top: int = TOP_LINES
         ) -> list[tuple[int, str, str]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(n, reason, line) for (reason, line), n in ranked[:top]]


@dataclass
class PublishInput:
    """What `publish_generation` needs besides the corpus steps' result."""

    clean_dir: str
    building: str
    previous: str | None
    final: str
    plan: Plan
    live_ids: set[str]  # every document whose raw file is there now
    fingerprint: str
    run_info: dict[str, Any]
    allow_shrink: bool = False
    review: bool = True


def publish_generation(given: PublishInput, corpus: CorpusResult) -> dict[str, Any]:
    """Write the lists, the feed, the state and run.json into the generation being built,
    check it does not unpublish most of the previous one, and switch it in. Returns the
    counts of the published run."""
    building = Path(given.building)
    previous = Path(given.previous) if given.previous else None
    writer = GenerationWriter(building, previous)
    number = int(building.name.removesuffix(".tmp").lstrip("g"))
    feed = FeedWriter(building, previous, number)
    tally = _Tally(given.live_ids)
    with SpoolReader(Path(given.final).parent) as finals:
        merged = _merge(corpus.finals, Path(given.final).name, finals, given.plan.kept,
                        previous, writer, feed, tally)
        written = writer.write_lists(merged)
    feed_summary = feed.close(building, written)
    save_state(building, given.fingerprint, {**given.plan.published, **corpus.state})
    texts = {"written": corpus.texts["written"] + writer.written,
             "linked": corpus.texts["linked"] + writer.linked}
    info = {**given.run_info, **tally.summary(), "generation": number, "feed": feed_summary,
            "texts": texts}
    writer.write_file(RUN, (_json_pretty(info) + "\n").encode("utf-8"))
    writer.write_file(README, readme_text())
    if given.review:
        _write_review(building, previous)
    why = tally.shrink()
    if why and not given.allow_shrink:
        raise ShrinkRefused(f"{why}; nothing was published (the previous run is still there). "
                            "If this is what you want, run again with --allow-shrink")
    CleanFolder(given.clean_dir).commit(building)
    return {**info, "failed": tally.failed}


def _write_review(building: Path, previous: Path | None) -> None:
    """The review pages of the generation: the previous generation's pages are linked in,
    and only those that change are written again (as new files: the links stay intact)."""
    from copydesk.cleaners.io.review import write_review

    old = previous / REVIEW if previous is not None else None
    if old is not None and old.is_dir():
        link_tree(old, building / REVIEW)
    write_review(building, building / REVIEW, sync=False)


def _json_pretty(value: Any) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)


class _Tally:
    """Counts over the merged manifest, and what the safety catch needs."""

    def __init__(self, live_ids: set[str]) -> None:
        self.live_ids = live_ids
        self.records = 0
        self.statuses: Counter[str] = Counter()
        self.removed: Counter[str] = Counter()
        self.repaired: Counter[str] = Counter()
        self.flagged: Counter[str] = Counter()
        self.failed: list[dict[str, Any]] = []
        self.was_published = 0  # clean documents of the previous run
        self.lost = 0  # ... now failed, or gone while their raw file is still there

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        self.statuses[record["status"]] += 1
        for name in ("removed", "repaired", "flagged"):
            getattr(self, name).update(record[name])
        if record["status"] == Status.FAILED.value:
            self.failed.append({"id": record["id"], "source": record["source"],
                                "error": record["error"]})

    def compare(self, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        if before is None or before["status"] != Status.CLEAN.value:
            return
        self.was_published += 1
        if after is None and before["id"] in self.live_ids:
            self.lost += 1
        elif after is not None and after["status"] == Status.FAILED.value:
            self.lost += 1

    def shrink(self) -> str | None:
        if self.was_published and 2 * self.lost > self.was_published:
            return (f"this run would unpublish {self.lost} of the {self.was_published} "
                    "documents the previous run published (failed, or gone while their raw "
                    "files are still there)")
        return None

    def summary(self) -> dict[str, Any]:
        return {"documents": self.records,
                "statuses": dict(sorted(self.statuses.items())),
                "removed": dict(sorted(self.removed.items())),
                "repaired": dict(sorted(self.repaired.items())),
                "flagged": dict(sorted(self.flagged.items()))}


def _merge(finals_index: dict[str, int], final_name: str, finals: SpoolReader, kept: set[str],
           previous: Path | None, writer: GenerationWriter, feed: FeedWriter,
           tally: _Tally) -> Iterator[Published]:
    """The documents of the new generation in id order: this run's from its final spool,
    carried-over ones from the previous generation; every change goes to the feed."""
    ids = sorted(set(finals_index) | kept)
    old_records = _Cursor(iter_records(previous) if previous else iter(()), "id")
    old_audit = _Cursor(iter_audit(previous) if previous else iter(()), 0)
    old_rows = _Cursor(iter_rows(previous) if previous else iter(()), "id")
    for doc_id in ids:
        for gone in old_records.skip_to(doc_id):
            tally.compare(gone, None)
            feed.add(gone["id"], "removed", gone)
        before = old_records.take(doc_id)
        if doc_id in finals_index:
            form = finals.read_json(Place.unpack(final_name, finals_index[doc_id]))
            item = Published(form["record"], tuple(form["audit"]), form["row"])
            old_audit.take(doc_id)
            old_rows.take(doc_id)
        else:
            if before is None:
                raise RuntimeError(f"{doc_id} is carried over but not in the previous run")
            audit = old_audit.take(doc_id)
            row = old_rows.take(doc_id)
            if before["status"] == Status.CLEAN.value:
                writer.keep_text(doc_id)
                if row is None:  # a previous run of the old layout has no dataset file
                    text = (previous / before["path"]).read_text("utf-8")  # type: ignore[operator]
                    row = dataset_row(before, text)
            item = Published(before, tuple(audit[1] if audit else ()), row)
        tally.compare(before, item.record)
        tally.add(item.record)
        change = change_of(before, item.record)
        if change:
            feed.add(doc_id, change, item.record)
        yield item
    for gone in old_records.skip_to(None):
        tally.compare(gone, None)
        feed.add(gone["id"], "removed", gone)


class _Cursor:
    """A sorted stream read alongside the merged ids."""

    def __init__(self, items: Iterator[Any], key: str | int) -> None:
        self._items = items
        self._key = key
        self._next = next(items, None)

    def _id(self, item: Any) -> str:
        return str(item[self._key])

    def skip_to(self, doc_id: str | None) -> Iterator[Any]:
        """The items before `doc_id` (all that are left, for None)."""
        while self._next is not None and (doc_id is None or self._id(self._next) < doc_id):
            item, self._next = self._next, next(self._items, None)
            yield item

    def take(self, doc_id: str) -> Any:
        """The item of `doc_id`, if it is next (items before it are dropped)."""
        for _ in self.skip_to(doc_id):
            pass
        if self._next is not None and self._id(self._next) == doc_id:
            item, self._next = self._next, next(self._items, None)
            return item
        return None


# --- the run ----------------------------------------------------------------------------------

def run_corpus(raw_dir: str | Path = "raw", clean_dir: str | Path = "clean",
               config: Config | Mapping[str, Any] | None = None, full: bool = False,
               lock_wait_seconds: float = 0.0, executor: Executor | None = None,
               allow_shrink: bool = False, review: bool = True) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary.

    `config` is a `Config`, or its tables as a dict, checked as a config file is.

    When `clean_dir` holds an earlier run and raw/ has only grown, only the new files are
    cleaned (`plan.py`); `full=True` cleans everything again. Only one run at a time writes
    a clean folder: a second one waits up to `lock_wait_seconds` and then fails with a
    message naming the run that holds it. A run that would unpublish more than half of the
    published documents while their raw files are still there raises `ShrinkRefused` and
    publishes nothing, unless `allow_shrink`. `review=False` skips the review pages.
    """
    settings = config if isinstance(config, Config) else Config.from_mapping(config or {})
    executor = executor if executor is not None else Executor()
    raw, clean = str(raw_dir), str(clean_dir)
    check_folders(raw, clean)
    with run_lock(clean, lock_wait_seconds):
        folder = CleanFolder(clean)
        try:
            return _run(raw, folder, settings, full, executor, allow_shrink, review)
        finally:
            shutil.rmtree(folder.root / ".work", ignore_errors=True)


def _run(raw_dir: str, folder: CleanFolder, settings: Config, full: bool, executor: Executor,
         allow_shrink: bool, review: bool) -> dict[str, Any]:
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    for line in folder.recover():
        executor.log(line)
    versions = library_versions()
    fingerprint = settings_fingerprint(settings, versions)
    previous = folder.current()

    listing = list_raw(raw_dir, exclude=folder.root, max_bytes=settings.decode.max_bytes)
    plan = plan_run(listing.refs, previous, fingerprint, force_full=full)
    for warning in plan.warnings:
        executor.log(f"warning: {warning}")
    in_warcs = f" (pages of {listing.warc_files} WARC files among them)" \
        if listing.warc_files else ""
    executor.log(f"found {len(listing.refs)} documents in {raw_dir}{in_warcs}; {plan.mode} "
                 f"run: {plan.reason}")
    live_ids = {ref.id for ref in listing.refs}
    # The references leave with the batches that clean them: the corpus steps, which hold
    # the most, need none. Kept: those this run does not clean, in case it must become a
    # full run (none, in a full run).
    todo, plan.todo = plan.todo, []
    cleaning = {ref.id for ref in todo}
    rest = [ref for ref in listing.refs if ref.id not in cleaning]
    warc = {"files": listing.warc_files, "not_documents": dict(sorted(listing.skipped.items()))}
    del listing, cleaning
    work = folder.work_dir()
    spool = work / SPOOL
    spool.mkdir(parents=True, exist_ok=True)
    timings: Counter[str] = Counter()
    # Chosen only when there is something to clean: with nothing new (an incremental run),
    # a Dask run logged "batches of up to 1 documents" and could record that size.
    size = executor.batch_size(len(todo), settings) if todo else settings.run.batch_size
    entries = clean_in_batches(todo, settings, timings, executor, spool, size=size)
    del todo
    building = _begin(folder, previous)
    corpus = executor.call("corpus-steps", corpus_steps, entries, settings, str(spool),
                           str(building), _str(previous), str(work / FINAL), plan)
    warnings = plan.warnings + corpus.warnings
    for warning in corpus.warnings:
        executor.log(f"warning: {warning}")
    if corpus.conflict:
        executor.log(f"an incremental run would differ from a full one ({corpus.conflict}): "
                     "cleaning everything again")
        entries += clean_in_batches(rest, settings, timings, executor, spool,
                                    first=len(entries))
        plan = Plan("full", corpus.conflict, [])
        shutil.rmtree(building, ignore_errors=True)
        building = _begin(folder, previous)
        corpus = executor.call("corpus-steps", corpus_steps, entries, settings, str(spool),
                               str(building), _str(previous), str(work / FINAL), plan)
    timings.update(corpus.timings)

    run_info = {
        "schema_version": 2,
        "started_at": started_at,
        "seconds": round(time.perf_counter() - started, 3),
        "raw_dir": str(raw_dir),
        "mode": plan.mode,
        "mode_reason": plan.reason,
        "warnings": warnings,
        "cleaned": len(entries),
        # The records of WARC files that are not documents (requests, images...), by kind.
        "warc": warc,
        "seconds_per_stage": {stage: round(seconds, 3) for stage, seconds in
                              sorted(timings.items())},
        "config": _as_run(settings, size),
        "versions": versions,
    }
    given = PublishInput(str(folder.root), str(building), _str(previous), str(work / FINAL),
                         plan, live_ids, fingerprint, run_info,
                         allow_shrink, review)
    try:
        info = executor.call("publish", publish_generation, given, corpus)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    summary = {**info, "seconds": round(time.perf_counter() - started, 3),
               "clean_dir": str(folder.root), "top_removed": corpus.top_removed}
    executor.log("done: " + ", ".join(f"{n} {s}" for s, n in info["statuses"].items()))
    return summary


def _as_run(settings: Config, batch_size: int) -> dict[str, Any]:
    """The settings of the run as run.json records them: with the batch size the executor
    chose (on Dask, unless `[run] batch_size` was set), not the configured one."""
    tables = settings.to_dict()
    return {**tables, "run": {**tables["run"], "batch_size": batch_size}}


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _begin(folder: CleanFolder, previous: Path | None) -> Path:
    """A new generation, with the previous one's state linked in (the corpus steps load it
    from there and save over it; a link, so the previous generation keeps its own)."""
    building = folder.begin()
    old = previous / STATE_DIR if previous else None
    if old is not None and old.is_dir():
        (building / STATE_DIR).mkdir()
        for path in old.iterdir():
            if path.is_file():
                os.link(path, building / STATE_DIR / path.name)
    return building


def clean_in_batches(refs: list[RawRef], settings: Config, timings: Counter[str],
                     executor: Executor, spool: Path, first: int = 0,
                     size: int | None = None) -> list[Entry]:
    """Clean every batch through the executor, `size` documents a batch (the executor's
    choice if None); a failed batch fails its documents (written to a spool file of their
    own), not the run."""
    size = size or executor.batch_size(len(refs), settings)
    batches = [Batch(first + number, refs[i:i + size])
               for number, i in enumerate(range(0, len(refs), size))]
    entries: list[Entry] = []
    results = executor.map("clean-batch", clean_batch, batches, settings, str(spool))
    for number, (batch, result) in enumerate(zip(batches, results, strict=True), start=1):
        if isinstance(result, BaseException):
            executor.log(f"batch {number}/{len(batches)} failed: "
                         f"{type(result).__name__}: {result}")
            result = _failed_batch(batch, executor.failed_batch(result), spool)
        entries.extend(result.entries)
        timings.update(result.timings)
        executor.log(f"batch {number}/{len(batches)} done: {len(entries)} documents")
    return entries


def _failed_batch(batch: Batch, message: str, spool: Path) -> BatchResult:
    path = spool / f"batch-{batch.number:06d}-failed.jsonl"
    with SpoolWriter(path) as out:
        docs = [unreadable(ref.id, ref.source, message) for ref in batch.refs]
        return BatchResult([Entry(doc.id, out.write(doc), corpus_order(doc), {})
                            for doc in docs])


def check_folders(raw_dir: str, clean_dir: str) -> None:
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    if clean.exists() and not clean.is_dir():
        raise NotADirectoryError(f"the clean folder {clean_dir} is a file, not a folder")
    if raw == clean or raw.is_relative_to(clean):
        raise ValueError(f"the clean folder {clean_dir} must not be the raw folder or hold it")


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
