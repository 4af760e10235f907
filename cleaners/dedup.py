"""Dedup: a paragraph is published once. Pasted repeats inside a document go (a paragraph or
block printed twice, a stutter; `drop_repeats_within`), and across the corpus the earliest
document keeps a paragraph that later documents repeat, exactly or nearly.

Across the corpus (keep-first):

- "Earliest" is by date where known, then by id (`corpus_order`), so the result does not
  depend on the order in which files were found or batches finished.
- A document whose normalised content equals an earlier one's is a duplicate document.
- A paragraph of at least `min_words` normalised words is a near-duplicate of a published
  one when LSH proposes it and the estimated Jaccard or containment passes
  (`cleaners.minhash.verify`); a shorter one only when its normalised text is identical.
- When most content paragraphs repeat one earlier document, `duplicate_of` names it; when
  nothing of its own is left, the document gets status `duplicate`.

Incremental runs: the index (`cleaners.dedup_index`) holds everything already published, and
new documents are checked against it in keep-first order. Published documents never change:
a new document always counts as later than everything published, even if its date is earlier.
So a run over only the new files equals a full run whenever the new files sort after the
published ones (the usual case for a news feed), and otherwise keeps the earlier output.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cleaners.config import DedupConfig
from cleaners.dedup_index import DedupIndex, Match, open_index
from cleaners.document import AuditEntry, Document, Kind, Paragraph, Status
from cleaners.minhash import signatures
from cleaners.reasons import Action, Reason
from cleaners.shingles import normalise, shingle_hashes, text_key, words

STAGE = "dedup"

# Documents signed in one batch: signatures take 512 bytes a paragraph, so a batch of 2,000
# documents (~40,000 paragraphs) holds ~20 MB however large the corpus; larger batches
# gain nothing measurable (the per-batch cost is one call into datasketch).
_CHUNK = 2000

__all__ = ["corpus_order", "drop_repeats_across", "drop_repeats_within", "normalise",
           "paragraph_key", "repeat_key"]

_PUNCTUATION = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*$")
_QUESTION_END = re.compile(r"[?？][\"”’»)\]]*$")


def paragraph_key(text: str) -> str:
    return text_key(normalise(text))


def drop_repeats_within(doc: Document, config: DedupConfig) -> Document:
    """Remove what a document prints twice: a pasted paragraph, a pasted block, a stutter.

    A repeat is compared with its earlier copy after case, punctuation and spacing are
    folded, digits kept ("Meal 2" is not "Meal 3"). It goes when

    * it is a paragraph of running prose (`_running_prose`): an article says one of those
      once, so a second copy is a paste or a template printing the article twice;
    * it belongs to a *pasted block*, a run of consecutive repeats that copies a run of
      earlier paragraphs in the same order and holds such a paragraph: its short lines
      (a dateline, a heading, a link) are part of the copy;
    * it *stutters*: the run repeats the paragraphs right before it ("Title" "Title", a
      table header or a list printed twice in a row).

    Any other short repeat is the page's structure and stays: a label or subheading per
    section ("Meal 2", "See it now:"), the same spec in two product lists, a table cell,
    a source credit, an interview question put to each guest, a line of digits.
    """
    if not config.within_document:
        return doc
    body = doc.body
    origin = _earlier_copies(body)
    drop = [False] * len(body)
    index = 0
    while index < len(body):
        if origin[index] is None:
            index += 1
            continue
        end = _copied_run_end(origin, index)
        run = range(index, end + 1)
        prose = [_running_prose(body[i].text, config.repeat_min_words) for i in run]
        pasted_block = end > index and any(prose)
        stutter = origin[end] == index - 1 and any(_has_letters(body[i].text) for i in run)
        for offset, i in enumerate(run):
            drop[i] = prose[offset] or pasted_block or stutter
        index = end + 1
    entries = [AuditEntry(STAGE, Action.REMOVED, Reason.DUPLICATE_IN_DOCUMENT,
                          text=paragraph.text, paragraph=i,
                          detail=f"repeats paragraph {origin[i]}")
               for i, paragraph in enumerate(body) if drop[i]]
    if not entries:
        return doc
    return doc.with_changes(entries, body=tuple(p for i, p in enumerate(body) if not drop[i]))


def _earlier_copies(body: tuple[Paragraph, ...]) -> list[int | None]:
    """For each paragraph, the index of its latest earlier copy, or None."""
    last: dict[str, int] = {}
    origin: list[int | None] = []
    for index, paragraph in enumerate(body):
        key = repeat_key(paragraph.text)
        origin.append(last.get(key) if key else None)
        if key:
            last[key] = index
    return origin


def _copied_run_end(origin: list[int | None], start: int) -> int:
    """The last paragraph of the run from `start` that copies consecutive earlier ones."""
    end = start
    while end + 1 < len(origin):
        current, following = origin[end], origin[end + 1]
        if current is None or following != current + 1 or following >= start:
            break
        end += 1
    return end


def repeat_key(text: str) -> str:
    """The form two paragraphs of one document are compared in: folded case, punctuation
    and spacing, digits kept; a line of punctuation alone ("%" in a table) as it is.

    >>> repeat_key("Meal 2:") == repeat_key("meal  2"), repeat_key("Meal 2") == repeat_key("Meal 3")
    (True, False)
    """
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split()) or text.strip()


def _running_prose(text: str, min_words: int) -> bool:
    """A full paragraph: at least `min_words` words ending a sentence, and not a question
    (a question is a prompt; an interview puts the same one to each guest)."""
    text = text.rstrip()
    return (len(_WORD.findall(text)) >= min_words and bool(_SENTENCE_END.search(text))
            and not _QUESTION_END.search(text))


def _has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))


def corpus_order(docs: Iterable[Document]) -> list[Document]:
    """Documents in keep-first order: dated ones by date, then undated, each by id."""
    return sorted(docs, key=lambda d: (d.date is None, d.date or "", d.id))


@dataclass(frozen=True, slots=True)
class _Form:
    """How one paragraph is compared: an exact key, and a signature row when long enough."""

    key: str
    row: int | None  # row in the signature matrix, None for short or empty paragraphs
    size: int  # number of shingles
    empty: bool


def drop_repeats_across(docs: Iterable[Document], config: DedupConfig,
                        index: DedupIndex | None = None) -> list[Document]:
    """Keep-first across the corpus and against `index`; returns the documents in id order.

    Without an index, one is made in memory for this call. With one (`open_index`), the
    documents are checked against what it holds and what they publish is added to it; the
    caller saves it.
    """
    if not config.across_corpus:
        return sorted(docs, key=lambda d: d.id)
    if index is None:
        index = open_index(dataclasses.replace(config, backend="embedded"))
    ordered = corpus_order(docs)
    result: list[Document] = []
    for first in range(0, len(ordered), _CHUNK):
        chunk = ordered[first:first + _CHUNK]
        forms, sigs = _prepare(chunk, config)
        signed = _Signed(sigs, index.band_keys(sigs))
        result.extend(_dedup_document(doc, doc_forms, signed, index, config) if doc.active
                      else doc for doc, doc_forms in zip(chunk, forms, strict=True))
    return sorted(result, key=lambda d: d.id)


def _prepare(docs: list[Document], config: DedupConfig) -> tuple[list[list[_Form]], np.ndarray]:
    """Shingle every active paragraph and sign the long ones in one batch."""
    forms: list[list[_Form]] = []
    shingle_sets: list[np.ndarray] = []
    for doc in docs:
        doc_forms = []
        for paragraph in doc.body if doc.active else ():
            tokens = words(paragraph.text)
            key = text_key(" ".join(tokens))
            if len(tokens) < config.min_words:
                doc_forms.append(_Form(key, None, 0, not tokens))
                continue
            shingles = shingle_hashes(tokens, config.shingle_size)
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
                    config: DedupConfig) -> Document:
    content_key = text_key("\n".join(f.key for f in forms if not f.empty))
    if any(not f.empty for f in forms):
        owner = index.document_owner(content_key)
        if owner is not None and owner != doc.id:
            entry = AuditEntry(STAGE, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                               detail=f"same content as {owner}; duplicate of {owner}")
            return doc.with_changes([entry], status=Status.DUPLICATE, duplicate_of=owner,
                                    body=())
    keep: list[Paragraph] = []
    entries: list[AuditEntry] = []
    sources: dict[str, int] = {}
    published: list[int] = []
    for number, (paragraph, form) in enumerate(zip(doc.body, forms, strict=True)):
        match = None if form.empty else _find(form, sigs, index, doc.id)
        if match is None:
            keep.append(paragraph)
            if not form.empty:
                published.append(number)
            continue
        sources[match.doc_id] = sources.get(match.doc_id, 0) + 1
        entries.append(AuditEntry(
            STAGE, Action.REMOVED if config.drop else Action.FLAGGED, Reason.NEAR_DUPLICATE,
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
            entries.append(AuditEntry(STAGE, Action.STATUS, Reason.DUPLICATE_DOCUMENT,
                                      detail=f"no text of its own; duplicate of {best}"))
    if changes.get("status") is not Status.DUPLICATE and published:
        index.add_document(content_key, doc.id)
    if not entries:
        return doc
    return doc.with_changes(entries, **changes)


def _find(form: _Form, sigs: _Signed, index: DedupIndex, doc_id: str) -> Match | None:
    if form.row is None:
        owner = index.exact_owner(form.key)
        if owner is None or owner[0] == doc_id:
            return None
        return Match(owner[0], owner[1], 1.0, "exact")
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
