"""The pipeline: the stages in order, and the two entry points that run them.

    decode -> extract -> repair -> boilerplate -> language -> dedup | corpus: boilerplate
    (template lines) -> dedup (near-duplicates) -> finalize

`STAGES` is the list of stage declarations (`cleaners.stage.Stage`); the config and the
README's tables are built from it. `clean_document` runs the parts of every stage that need
only one document; `CorpusPhase` runs the corpus-wide parts over all of them (and
`clean_corpus` does both steps of that in one call). A stage that raises does not stop the
run: the document is marked failed with the stage and the error, and the others go on.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copydesk.cleaners import boilerplate, dedup, extract, finalize, language, repair
from copydesk.cleaners.document import AuditEntry, Document, Status, corpus_order
from copydesk.cleaners.io import decode
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.stage import CorpusStep, Earlier, Stage

if TYPE_CHECKING:
    from copydesk.cleaners.config import Config

#: Every stage, in the order a document goes through them.
STAGES: tuple[Stage, ...] = (decode.STAGE, extract.STAGE, repair.STAGE, boilerplate.STAGE,
                             language.STAGE, dedup.STAGE, finalize.STAGE)

#: Documents handed to the corpus steps at a time (see `cleaners/dedup/across.py`): what a
#: run holds of documents at once, whatever the size of the corpus (with the chunk at 2,000
#: documents, a run of 1,000 held half of what a run of 10,000 did). The result does not
#: depend on it: the corpus-wide counts are taken before the first chunk, and each chunk is
#: checked against everything published before it.
CORPUS_CHUNK = 500

#: Reason codes the pipeline itself gives, whatever the stage: a stage that crashed, and a
#: document stopped by its time or memory limit (`cleaners/run/isolation.py`).
PIPELINE_REASONS = (Reason.INPUT_ERROR, Reason.TIMEOUT, Reason.MEMORY)

#: Seconds spent per stage; callers that want timings pass one in.
Timings = defaultdict[str, float]

#: What the corpus steps noted of one document, by stage name.
Notes = dict[str, Any]


def new_timings() -> Timings:
    return defaultdict(float)


def clean_document(raw: RawFile, config: Config, timings: Timings | None = None) -> Document:
    """Run the per-document stages on one raw file. Never raises for bad input."""
    timings = timings if timings is not None else new_timings()
    doc: Document | None = None
    for stage in STAGES:
        if doc is not None and not doc.active:
            break
        settings = config.section(stage.name)
        start = time.perf_counter()
        if stage.read is not None:
            doc = stage.read(raw, settings)
        elif stage.document is not None and doc is not None:
            try:
                doc = stage.document(doc, settings)
            except Exception as error:  # a bug in a stage must not lose the document or run
                doc = failed_in_stage(doc, stage.name, error)
        else:
            continue
        timings[stage.name] += time.perf_counter() - start
    assert doc is not None, "the pipeline starts with a stage that reads the raw file"
    return doc


def failed_in_stage(doc: Document, stage: str, error: BaseException) -> Document:
    if isinstance(error, MemoryError):
        message = (f"ran out of memory in stage {stage} (the limit is [run] "
                   "document_memory)")
        entry = AuditEntry(stage, Action.STATUS, Reason.MEMORY, detail=message)
        return doc.with_changes([entry], status=Status.FAILED, error=message)
    message = f"internal error in stage {stage}: {type(error).__name__}: {error}"
    where = "".join(traceback.format_exception_only(type(error), error)).strip()
    entry = AuditEntry(stage, Action.STATUS, Reason.INPUT_ERROR, detail=where)
    return doc.with_changes([entry], status=Status.FAILED, error=message)


@functools.cache
def _noting_phase(config: Config) -> CorpusPhase:
    return CorpusPhase(config, state_dir=None, fresh=True)


def corpus_notes(doc: Document, config: Config) -> Notes:
    """What the corpus steps must remember of a document; taken where the document was
    cleaned, so that the corpus phase needs only these notes until it reads documents back."""
    return _noting_phase(config).note(doc)


class CorpusPhase:
    """The corpus-wide parts of the stages, for one run (see `CorpusStep` for the order of
    calls): `note` each document, `prepare` once, `apply` to documents in keep-first order,
    `finish` once."""

    def __init__(self, config: Config, state_dir: str | Path | None = None,
                 fresh: bool = True, timings: Timings | None = None) -> None:
        folder = Path(state_dir) if state_dir is not None else None
        self.timings = timings if timings is not None else new_timings()
        self.steps: list[tuple[str, CorpusStep]] = [
            (stage.name, stage.corpus(config.section(stage.name), folder, fresh))
            for stage in STAGES if stage.corpus is not None]

    def note(self, doc: Document) -> Notes:
        """What each corpus step must remember of a document (JSON-able)."""
        notes = {name: step.note(doc) for name, step in self.steps}
        return {name: note for name, note in notes.items() if note is not None}

    def prepare(self, earlier: Mapping[str, Earlier], current: Mapping[str, Notes]) -> None:
        for name, step in self.steps:
            start = time.perf_counter()
            step.prepare(earlier, {doc_id: notes.get(name) for doc_id, notes in
                                   current.items()})
            self.timings[name] += time.perf_counter() - start

    def apply(self, docs: list[Document]) -> list[Document]:
        """Documents given in keep-first order (`corpus_order`), through every corpus step."""
        for name, step in self.steps:
            start = time.perf_counter()
            docs = step.apply(docs)
            self.timings[name] += time.perf_counter() - start
        return docs

    def conflict(self, earlier: Mapping[str, Earlier], new: list[Document],
                 new_notes: Mapping[str, Notes]) -> str | None:
        """Why checking only `new` against `earlier` could differ from a full run, or None."""
        for name, step in self.steps:
            why = step.conflict(earlier, new, {doc_id: notes.get(name) for doc_id, notes in
                                               new_notes.items()})
            if why:
                return why
        return None

    def finish(self) -> None:
        for _, step in self.steps:
            step.finish()

    @property
    def warnings(self) -> list[str]:
        return [warning for _, step in self.steps for warning in step.warnings]


def clean_corpus(docs: Iterable[Document], config: Config, timings: Timings | None = None,
                 state_dir: str | Path | None = None, fresh: bool = True,
                 earlier: Mapping[str, Earlier] | None = None) -> list[Document]:
    """The corpus-wide steps over documents from `clean_document`; returns them by id.

    Without `state_dir`, the corpus is these documents alone. With it, what earlier runs
    published (the near-duplicate index) is kept there; `fresh=False` checks these documents
    against it, and `earlier` are the documents of earlier runs (for template counts).
    """
    phase = CorpusPhase(config, state_dir, fresh, timings)
    docs = list(docs)
    phase.prepare(earlier or {}, {doc.id: phase.note(doc) for doc in docs})
    ordered = sorted(docs, key=corpus_order)
    result: list[Document] = []
    for first in range(0, len(ordered), CORPUS_CHUNK):
        result.extend(phase.apply(ordered[first:first + CORPUS_CHUNK]))
    phase.finish()
    return sorted(result, key=lambda doc: doc.id)
