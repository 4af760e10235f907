"""Near-duplicates across the corpus: the earliest document keeps a paragraph that later
documents repeat, exactly or nearly (keep-first).

- "Earliest" is by date where known, then by id (`cleaners.document.corpus_order`), so the
  result does not depend on the order in which files were found or batches finished.
- A document whose normalised content equals an earlier one's is a duplicate document.
- A paragraph of at least `min_words` normalised words is a near-duplicate of a published
  one when LSH proposes it and the estimated Jaccard or containment passes
  (`minhash.verify`); a shorter one only when its normalised text is identical.
- When most content paragraphs repeat one earlier document, `duplicate_of` names it; when
  nothing of its own is left, the document gets status `duplicate`.

Incremental runs: the index (`index/`) holds everything already published, and
new documents are checked against it in keep-first order. Published documents never change:
a new document always counts as later than everything published, even if its date is earlier.
So a run over only the new files equals a full run whenever the new files sort after the
published ones (the usual case for a news feed), and otherwise keeps the earlier output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from copydesk.cleaners.dedup.index import DedupIndex, Original, UnusableState, open_index
from copydesk.cleaners.dedup.minhash import signatures
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.dedup.shingles import shingle_hashes, text_key, tokens
from copydesk.cleaners.document import AuditEntry, Document, Kind, Paragraph, Status, corpus_order
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.stage import CorpusStep, Earlier

NAME = "dedup"

# Documents signed in one batch: signatures take 512 bytes a paragraph, so a batch of 2,000
# documents (~40,000 paragraphs) holds ~20 MB however large the corpus; larger batches
# gain nothing measurable (the per-batch cost is one call into datasketch).
_CHUNK = 2000

_DEDUP_LOSSES = (Reason.NEAR_DUPLICATE, Reason.DUPLICATE_DOCUMENT)


@dataclass(frozen=True, slots=True)
class _Form:
    """How one paragraph is compared: an exact key, and a signature row when long enough."""

    key: str
    row: int | None  # row in the signature matrix, None for short or empty paragraphs
    size: int  # number of shingles
    empty: bool


def drop_repeats_across(docs: Iterable[Document], config: DedupSettings,
                        index: DedupIndex | None = None) -> list[Document]:
    """Keep-first across the corpus and against `index`; returns the documents in id order.

    Without an index, one is made in memory for this call. With one (`open_index`), the
    documents are checked against what it holds and what they publish is added to it; the
    caller saves it.
    """
    if not config.across_corpus:
        return sorted(docs, key=lambda d: d.id)
    if index is None:
        index = open_index(config.model_copy(update={"backend": "embedded"}))
    ordered = sorted(docs, key=corpus_order)
    result: list[Document] = []
    for first in range(0, len(ordered), _CHUNK):
        result.extend(dedup_chunk(ordered[first:first + _CHUNK], config, index))
    return sorted(result, key=lambda d: d.id)


def dedup_chunk(docs: list[Document], config: DedupSettings,
                index: DedupIndex) -> list[Document]:
    """Check documents given in keep-first order against `index` and publish what they keep."""
    forms, sigs = _prepare(docs, config)
    signed = _Signed(sigs, index.band_keys(sigs))
    return [_dedup_document(doc, doc_forms, signed, index, config) if doc.active else doc
            for doc, doc_forms in zip(docs, forms, strict=True)]


def _prepare(docs: list[Document], config: DedupSettings) -> tuple[list[list[_Form]], np.ndarray]:
    """Shingle every active paragraph and sign the long ones in one batch."""
    forms: list[list[_Form]] = []
    shingle_sets: list[np.ndarray] = []
    for doc in docs:
        doc_forms = []
        for paragraph in doc.body if doc.active else ():
            words = tokens(paragraph.text)
            key = text_key(" ".join(words))
            if len(words) < config.min_words:
                doc_forms.append(_Form(key, None, 0, not words))
                continue
            shingles = shingle_hashes(words, config.shingle_size)
            doc_forms.append(_Form(key, len(shingle_sets), len(shingles), False))
            shingle_sets.append(shingles)
        forms.append(doc_forms)
    return forms, signatures(shingle_sets, config.num_perm, config.seed)


@dataclass(frozen=True, slots=True)
class _Signed:
    """Signatures and band keys of every long paragraph of the call, one row each."""

    sigs: np.ndarray
    keys: np.ndarray


def _dedup_document(doc: Document, forms: list[_Form], sigs: _Signed, index: DedupIndex,
                    config: DedupSettings) -> Document:
    content_key = text_key("\n".join(f.key for f in forms if not f.empty))
    if any(not f.empty for f in forms):
        owner = index.document_owner(content_key)
        if owner is not None and owner != doc.id:
            entry = AuditEntry(NAME, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                               detail=f"same content as {owner}; duplicate of {owner}")
            return doc.with_changes([entry], status=Status.DUPLICATE, duplicate_of=owner,
                                    body=())
    keep: list[Paragraph] = []
    entries: list[AuditEntry] = []
    sources: dict[str, int] = {}
    published: list[int] = []
    matches = _in_blocks([None if form.empty else _find(form, sigs, index, doc.id)
                          for form in forms], forms, config.min_block)
    for number, (paragraph, form, match) in enumerate(zip(doc.body, forms, matches,
                                                          strict=True)):
        if match is None:
            keep.append(paragraph)
            if not form.empty:
                published.append(number)
            continue
        sources[match.doc_id] = sources.get(match.doc_id, 0) + 1
        entries.append(AuditEntry(
            NAME, Action.REMOVED if config.drop else Action.FLAGGED, Reason.NEAR_DUPLICATE,
            text=paragraph.text, paragraph=number,
            detail=(f"near-duplicate of {match.doc_id} paragraph {match.paragraph} "
                    f"(similarity {match.similarity}, {match.measure})")))
        if not config.drop:
            keep.append(paragraph.flagged(Reason.NEAR_DUPLICATE))
    _publish(doc.id, published, forms, sigs, index)
    changes: dict[str, object] = {"body": tuple(keep)}
    if sources:
        best = min(sources, key=lambda source: (-sources[source], source))
        content = sum(1 for p in doc.body if p.kind is not Kind.HEADING)
        if 2 * sources[best] > content:
            changes["duplicate_of"] = best
        if not any(p.kind is not Kind.HEADING for p in keep):
            changes["duplicate_of"] = best
            changes["status"] = Status.DUPLICATE
            entries.append(AuditEntry(NAME, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                                      detail=f"no text of its own; duplicate of {best}"))
        elif _article_removed(doc.body, keep):
            changes["duplicate_of"] = best
            changes["status"] = Status.DUPLICATE
            entries.append(AuditEntry(
                NAME, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                detail=f"only short lines left, no prose (page furniture); duplicate of {best}"))
    if changes.get("status") is not Status.DUPLICATE and published:
        index.add_document(content_key, doc.id)
    if not entries:
        return doc
    return doc.with_changes(entries, **changes)


def _in_blocks(matches: list[Original | None], forms: list[_Form],
               min_block: int) -> list[Original | None]:
    """The matches that count: every long paragraph's, and a short paragraph's only inside a
    run of at least `min_block` consecutive paragraphs that repeat one earlier document.

    A short line that an earlier page of the site also has ("Installation", "npm install",
    a label) is the page's own structure, and site template lines are the template step's
    job; a list or a table printed again as a block is repeated content.
    """
    kept = list(matches)
    start = 0
    while start < len(matches):
        first = matches[start]
        source = first.doc_id if first is not None else None
        end = start + 1
        while end < len(matches) and source is not None \
                and getattr(matches[end], "doc_id", None) == source:
            end += 1
        for number in range(start, end):
            match = matches[number]
            if forms[number].row is not None or match is None:
                continue
            kept[number] = None if end - start < min_block else dataclasses.replace(
                match, measure=f"{match.measure}, in a block of {end - start} repeated "
                               "paragraphs")
        start = end
    return kept


def _article_removed(body: tuple[Paragraph, ...], keep: list[Paragraph]) -> bool:
    """What near-duplicate removal left is not article: the removed part had running prose
    and what is left has none (a rating widget, a plugin notice, a label), judged as the
    boilerplate stage judges prose."""
    from copydesk.cleaners.boilerplate.lines import is_prose

    kept = {id(p) for p in keep}
    return (not any(is_prose(p.text) for p in keep)
            and any(is_prose(p.text) for p in body if id(p) not in kept))


def _find(form: _Form, sigs: _Signed, index: DedupIndex, doc_id: str) -> Original | None:
    if form.row is None:
        owner = index.exact_owner(form.key)
        if owner is None or owner[0] == doc_id:
            return None
        return Original(owner[0], owner[1], 1.0, "exact")
    return index.best_match(sigs.sigs[form.row], form.size, sigs.keys[form.row],
                            exclude_doc=doc_id)


def _publish(doc_id: str, numbers: list[int], forms: list[_Form], sigs: _Signed,
             index: DedupIndex) -> None:
    """Add a document's own paragraphs once the whole document has been checked, so its
    paragraphs are compared with earlier documents only."""
    long: list[int] = []
    rows: list[int] = []
    for n in numbers:
        row = forms[n].row
        if row is None:
            index.add_exact(forms[n].key, doc_id, n)
        else:
            long.append(n)
            rows.append(row)
    index.add_paragraphs(doc_id, long, sigs.sigs[rows], [forms[n].size for n in long],
                         sigs.keys[rows])


class NearDuplicates(CorpusStep):
    """The corpus-wide part of the dedup stage, against the index of earlier runs.

    A full run starts the index afresh; an incremental one first drops what the documents it
    cleans again may have left in it (a run interrupted after saving the index)."""

    settings: DedupSettings

    def prepare(self, earlier: Mapping[str, Earlier], current: Mapping[str, Any]) -> None:
        self.index: DedupIndex | None = None
        self.unusable: str | None = None
        if not self.settings.across_corpus:
            return
        try:
            self.index = open_index(self.settings, self.state_dir, fresh=self.fresh)
        except UnusableState as error:  # only an incremental run loads it: start afresh
            self.unusable = f"the near-duplicate index of the earlier run is unusable ({error})"
            self.warnings.append(f"{self.unusable}; cleaning everything again")
            self.index = open_index(self.settings, self.state_dir, fresh=True)
        self.index.forget(sorted(current))

    def apply(self, docs: list[Document]) -> list[Document]:
        if self.index is None:
            return docs
        return dedup_chunk(docs, self.settings, self.index)

    def finish(self) -> None:
        if self.index is not None:
            try:
                self.index.save()
            finally:
                self.index.close()

    def conflict(self, earlier: Mapping[str, Earlier], new: list[Document],
                 new_notes: Mapping[str, Any]) -> str | None:
        """A new document that sorts before published ones and lost text to them: in a full
        run it might have been the one that keeps the text. An index of the earlier run that
        could not be read is a conflict too (a full run rebuilds it)."""
        if self.unusable:
            return self.unusable
        active = [e.order for e in earlier.values()
                  if e.status in (Status.CLEAN.value, Status.DUPLICATE.value)]
        latest = max(active) if active else None
        for doc in new:
            lost = any(entry.stage == NAME and entry.reason in _DEDUP_LOSSES
                       for entry in doc.audit)
            if lost and latest is not None and corpus_order(doc) < latest:
                return f"{doc.source} sorts before published documents and repeats earlier text"
        return None
