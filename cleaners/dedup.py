"""Dedup: a paragraph is published once. Repeats inside a document go, and across the corpus the
earliest document keeps a paragraph that later documents repeat.

This level compares paragraphs by an exact normalised hash (case, punctuation, digits and
spacing folded). "Earliest" is by date where known, then by id, so the result does not
depend on the order in which files were found or batches finished.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from cleaners.config import DedupConfig
from cleaners.document import AuditEntry, Document, Kind, Status
from cleaners.reasons import Action, Reason

STAGE = "dedup"

_NON_WORD = re.compile(r"[\W\d_]+")


def normalise(text: str) -> str:
    """The form two paragraphs are compared in.

    >>> normalise("The  Storm, on 3 March!") == normalise("the storm on march")
    True
    """
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def paragraph_key(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=16).hexdigest()


def drop_repeats_within(doc: Document, config: DedupConfig) -> Document:
    """Remove a paragraph that repeats an earlier one of the same document."""
    if not config.within_document:
        return doc
    seen: dict[str, int] = {}
    keep = []
    entries = []
    for index, paragraph in enumerate(doc.body):
        key = paragraph_key(paragraph.text)
        if not normalise(paragraph.text) or key not in seen:
            seen.setdefault(key, index)
            keep.append(paragraph)
            continue
        entries.append(AuditEntry(STAGE, Action.REMOVED, Reason.DUPLICATE_IN_DOCUMENT,
                                  text=paragraph.text, paragraph=index,
                                  detail=f"repeats paragraph {seen[key]}"))
    if not entries:
        return doc
    return doc.with_changes(entries, body=tuple(keep))


def corpus_order(docs: Iterable[Document]) -> list[Document]:
    """Documents in keep-first order: dated ones by date, then undated, each by id."""
    return sorted(docs, key=lambda d: (d.date is None, d.date or "", d.id))


def drop_repeats_across(docs: Iterable[Document], config: DedupConfig) -> list[Document]:
    """Keep-first across the corpus; returns the documents in id order.

    A document none of whose content paragraphs is its own gets status `duplicate` and
    `duplicate_of` the document it repeats most.
    """
    if not config.across_corpus:
        return sorted(docs, key=lambda d: d.id)
    owner: dict[str, tuple[str, int]] = {}
    result = []
    for doc in corpus_order(docs):
        if not doc.active:
            result.append(doc)
            continue
        keep = []
        entries = []
        sources: dict[str, int] = {}
        for index, paragraph in enumerate(doc.body):
            key = paragraph_key(paragraph.text)
            first = owner.get(key)
            if first is None or not normalise(paragraph.text):
                owner.setdefault(key, (doc.id, index))
                keep.append(paragraph)
                continue
            sources[first[0]] = sources.get(first[0], 0) + 1
            entries.append(AuditEntry(
                STAGE, Action.REMOVED if config.drop else Action.FLAGGED,
                Reason.NEAR_DUPLICATE, text=paragraph.text, paragraph=index,
                detail=f"near-duplicate of {first[0]} paragraph {first[1]} (similarity 1.0)"))
            if not config.drop:
                keep.append(paragraph.flagged(Reason.NEAR_DUPLICATE))
        changes: dict[str, object] = {"body": tuple(keep)}
        content = [p for p in doc.body if p.kind is not Kind.HEADING]
        if sources:
            best = min(sources, key=lambda source: (-sources[source], source))
            if 2 * sources[best] > len(content):
                changes["duplicate_of"] = best
            if not any(p.kind is not Kind.HEADING for p in keep):
                changes["duplicate_of"] = best
                changes["status"] = Status.DUPLICATE
                entries.append(AuditEntry(STAGE, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                                          detail=f"no text of its own; duplicate of {best}"))
        result.append(doc.with_changes(entries, **changes))
    return sorted(result, key=lambda d: d.id)
