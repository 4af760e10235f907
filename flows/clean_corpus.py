"""The `clean-corpus` Prefect flow: discover raw files, clean them in batches, run the
corpus-wide steps, publish `clean/`.

Orchestration only: every decision about text is made in `cleaners/`. A task handles a
batch of documents (a Prefect task costs 6-11 ms with threads, far more with Dask, so one
per document or paragraph would cost more than the cleaning).
"""

from __future__ import annotations

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
from cleaners.document import Document
from cleaners.reasons import Action
from cleaners.stages import Timings, clean_corpus, clean_document, new_timings
from flows.discover import RawRef, discover, read
from flows.publish import publish

LIBRARIES = ("copydesk", "trafilatura", "datasketch", "ftfy", "langdetect", "prefect", "lxml",
             "charset-normalizer")


@dataclass
class BatchResult:
    docs: list[Document]
    timings: dict[str, float] = field(default_factory=dict)


@task(name="clean-batch", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
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


@task(name="publish", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def publish_outputs(clean_dir: str, docs: list[Document], run_info: dict[str, Any]) -> dict:
    return publish(clean_dir, docs, run_info)


@flow(name="clean-corpus", log_prints=False)
def clean_corpus_flow(raw_dir: str = "raw", clean_dir: str = "clean",
                      config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Clean every file under `raw_dir` into `clean_dir`; returns the run summary."""
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    settings = Config.from_mapping(config)
    check_folders(raw_dir, clean_dir)

    refs = discover(raw_dir, exclude=clean_dir)
    batches = [refs[i:i + settings.run.batch_size]
               for i in range(0, len(refs), settings.run.batch_size)]
    logger.info("found %d files in %s; cleaning them in %d batches", len(refs), raw_dir,
                len(batches))

    futures = [clean_batch.submit(batch, settings) for batch in batches]
    timings: Counter[str] = Counter()
    docs: list[Document] = []
    for number, future in enumerate(futures, start=1):
        result = future.result()
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
    summary.update(files=files, seconds=run_info["seconds"],
                   failed=[{"source": d.source, "error": d.error} for d in docs
                           if d.status.value == "failed"])
    logger.info("done: %s", ", ".join(f"{n} {s}" for s, n in summary["statuses"].items()))
    return summary


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
