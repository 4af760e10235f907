"""The order of the stages, and the two entry points that run them.

    decode -> extract -> repair -> boilerplate -> language -> dedup -> finalize

`clean_document` runs every stage that needs only one document; `clean_corpus` runs the
corpus-wide dedup and finalize over all of them. A stage that raises does not stop the run:
the document is marked failed with the stage and the error, and the others go on.
"""

from __future__ import annotations

import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable

from cleaners.boilerplate import strip_boilerplate
from cleaners.config import Config
from cleaners.decode import RawFile, decode
from cleaners.dedup import drop_repeats_across, drop_repeats_within
from cleaners.dedup_index import DedupIndex
from cleaners.document import AuditEntry, Document, Status
from cleaners.extract import extract
from cleaners.finalize import finalize
from cleaners.language import detect_language
from cleaners.reasons import Action, Reason
from cleaners.repair import repair
from cleaners.template import (
    TemplateFingerprint,
    count_fingerprints,
    strip_template_lines,
    template_fingerprint,
)

#: The stages a single document goes through, in order, after `decode`.
DOCUMENT_STAGES: tuple[tuple[str, Callable[[Document, Config], Document]], ...] = (
    ("extract", lambda doc, config: extract(doc, config.extract)),
    ("repair", lambda doc, config: repair(doc, config.repair)),
    ("boilerplate", lambda doc, config: strip_boilerplate(doc, config.boilerplate)),
    ("language", lambda doc, config: detect_language(doc, config.language)),
    ("dedup", lambda doc, config: drop_repeats_within(doc, config.dedup)),
)

#: Seconds spent per stage; callers that want timings pass one in.
Timings = defaultdict[str, float]


def new_timings() -> Timings:
    return defaultdict(float)


def clean_document(raw: RawFile, config: Config, timings: Timings | None = None) -> Document:
    """Run the per-document stages on one raw file. Never raises for bad input."""
    timings = timings if timings is not None else new_timings()
    start = time.perf_counter()
    doc = decode(raw, config.decode)
    timings["decode"] += time.perf_counter() - start
    for name, stage in DOCUMENT_STAGES:
        if not doc.active:
            break
        start = time.perf_counter()
        try:
            doc = stage(doc, config)
        except Exception as error:  # a bug in a stage must not lose the document or the run
            doc = failed_in_stage(doc, name, error)
        timings[name] += time.perf_counter() - start
    return doc


def clean_corpus(docs: Iterable[Document], config: Config,
                 timings: Timings | None = None,
                 dedup_index: DedupIndex | None = None,
                 earlier: Iterable[TemplateFingerprint | None] = ()) -> list[Document]:
    """Corpus-wide steps over every document; returns them sorted by id.

    `dedup_index` (`cleaners.dedup_index.open_index`) holds what earlier runs published;
    without it, dedup sees only these documents. The caller saves it afterwards.
    `earlier` are the template fingerprints of documents published by earlier runs, so
    that template lines are counted over the whole corpus in an incremental run.
    """
    timings = timings if timings is not None else new_timings()
    start = time.perf_counter()
    docs = list(docs)
    counts = count_fingerprints([*earlier, *(template_fingerprint(doc) for doc in docs)])
    docs = [strip_template_lines(doc, counts, config.boilerplate) for doc in docs]
    timings["boilerplate"] += time.perf_counter() - start
    start = time.perf_counter()
    result = drop_repeats_across(docs, config.dedup, dedup_index)
    timings["dedup"] += time.perf_counter() - start
    start = time.perf_counter()
    result = [finalize(doc) for doc in result]
    timings["finalize"] += time.perf_counter() - start
    return result


def failed_in_stage(doc: Document, stage: str, error: BaseException) -> Document:
    message = f"internal error in stage {stage}: {type(error).__name__}: {error}"
    where = "".join(traceback.format_exception_only(type(error), error)).strip()
    entry = AuditEntry(stage, Action.STATUS, Reason.INPUT_ERROR, detail=where)
    return doc.with_changes([entry], status=Status.FAILED, error=message)
