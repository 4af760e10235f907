"""Template lines: a line that recurs across many documents of a corpus is the site's template.

No phrase list names "MILPLEX" or "Independent journalism since 1851", but a scraper that
pulled fifty pages from one site finds them on all fifty. Two pure functions do this:

* `count_template_lines(docs)` counts, for every short line, how many *different articles*
  carry it. A syndicated copy repeats the article's lines too, so documents are told apart by
  their longest paragraph: copies of one article count once.
* `strip_template_lines(doc, counts, config)` removes the recurring lines that sit outside the
  article (above its first paragraph or after its last): a recurring heading *inside* an
  article ("What happened", "Bottom line" in a series of explainers) is the article's own.

The counts are a plain value computed from the documents given; nothing is remembered
between calls.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from copydesk.cleaners.boilerplate.lines import is_prose
from copydesk.cleaners.boilerplate.phrases import fold
from copydesk.cleaners.boilerplate.settings import BoilerplateSettings
from copydesk.cleaners.document import AuditEntry, Document
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.stage import CorpusStep, Earlier
from copydesk.cleaners.text import word_count

NAME = "boilerplate"


@dataclass(frozen=True)
class TemplateCounts:
    """How many distinct articles carry each folded line, and how many articles there were."""

    lines: dict[str, int]
    articles: int

    def recurring(self, line: str, config: BoilerplateSettings) -> int:
        """The count of `line` when it recurs often enough to be template, else 0."""
        count = self.lines.get(fold(line), 0)
        needed = max(config.template_min_documents,
                     config.template_min_share * self.articles)
        return count if count >= needed else 0


@dataclass(frozen=True)
class TemplateFingerprint:
    """What one document contributes to the counts: its article key and its short lines.

    Small enough to keep between runs, so an incremental run can count lines over documents
    it does not clean again.
    """

    article: str  # a hash of the folded longest paragraph: copies of one article share it
    lines: tuple[str, ...]  # folded short lines, sorted

    def to_json(self) -> str:
        """One string, the article key and then the lines, one a line (a folded line has no
        line break): a run keeps this note of every document until it publishes, and one
        string costs a fifth of a dict holding a list of strings."""
        return "\n".join((self.article, *self.lines))

    @classmethod
    def from_json(cls, data: str | Mapping[str, Any]) -> TemplateFingerprint:
        if isinstance(data, str):
            article, *lines = data.split("\n")
            return cls(article, tuple(lines))
        return cls(data["article"], tuple(data["lines"]))  # the state of an earlier version


def template_fingerprint(doc: Document, max_words: int = 20) -> TemplateFingerprint | None:
    """The fingerprint of an active document with a body, else None."""
    if not doc.active or not doc.body:
        return None
    longest = fold(max((p.text for p in doc.body), key=len))
    article = hashlib.blake2b(longest.encode("utf-8"), digest_size=12).hexdigest()
    lines = {fold(p.text) for p in doc.body if word_count(p.text) <= max_words}
    return TemplateFingerprint(article, tuple(sorted(line for line in lines if line)))


def count_fingerprints(prints: Iterable[TemplateFingerprint | None]) -> TemplateCounts:
    """Count each line once per distinct article."""
    per_line: dict[str, set[str]] = {}
    articles: set[str] = set()
    for fingerprint in prints:
        if fingerprint is None:
            continue
        articles.add(fingerprint.article)
        for line in fingerprint.lines:
            per_line.setdefault(line, set()).add(fingerprint.article)
    counts = Counter({line: len(keys) for line, keys in per_line.items()})
    return TemplateCounts(dict(counts), len(articles))


def count_template_lines(docs: Iterable[Document], max_words: int = 20) -> TemplateCounts:
    """Count short lines over the active documents, once per distinct article."""
    return count_fingerprints(template_fingerprint(doc, max_words) for doc in docs)


def strip_template_lines(doc: Document, counts: TemplateCounts,
                         config: BoilerplateSettings) -> Document:
    """Remove recurring lines above the article's first paragraph or after its last."""
    if not doc.active or not doc.body:
        return doc
    prose = [i for i, p in enumerate(doc.body) if is_prose(p.text)]
    if not prose:
        return doc
    first, last = prose[0], prose[-1]
    entries: list[AuditEntry] = []
    keep = []
    for index, paragraph in enumerate(doc.body):
        outside = index < first or index > last
        count = counts.recurring(paragraph.text, config) if outside else 0
        if count:
            entries.append(AuditEntry(
                NAME, Action.REMOVED, Reason.TEMPLATE_LINE, text=paragraph.text,
                paragraph=index, detail=f"in {count} of {counts.articles} articles"))
        else:
            keep.append(paragraph)
    if not entries:
        return doc
    return doc.with_changes(entries, body=tuple(keep))


class TemplateLines(CorpusStep):
    """The corpus-wide part of the boilerplate stage: lines that recur across the corpus.

    A document's note is its `TemplateFingerprint`; lines are counted over the notes of the
    whole corpus (documents of earlier runs included) before the first document is stripped.
    """

    settings: BoilerplateSettings

    def note(self, doc: Document) -> Any:
        fingerprint = template_fingerprint(doc)
        return fingerprint.to_json() if fingerprint is not None else None

    def prepare(self, earlier: Mapping[str, Earlier], current: Mapping[str, Any]) -> None:
        notes = itertools.chain((e.notes.get(NAME) for e in earlier.values()), current.values())
        self.counts = count_fingerprints(TemplateFingerprint.from_json(note) for note in notes
                                         if note is not None)

    def apply(self, docs: list[Document]) -> list[Document]:
        return [strip_template_lines(doc, self.counts, self.settings) for doc in docs]

    def conflict(self, earlier: Mapping[str, Earlier], new: list[Document],
                 new_notes: Mapping[str, Any]) -> str | None:
        """New documents that change which lines of earlier ones count as template. It
        depends on the notes alone, so it is worked out once however many chunks ask."""
        if not hasattr(self, "_conflict"):
            self._conflict = self._template_conflict(earlier, new_notes)
        return self._conflict

    def _template_conflict(self, earlier: Mapping[str, Earlier],
                           new_notes: Mapping[str, Any]) -> str | None:
        old = _fingerprints(e.notes.get(NAME) for e in earlier.values())
        before = count_fingerprints(old)
        after = count_fingerprints([*old, *_fingerprints(new_notes.values())])
        for fingerprint in old:
            for line in fingerprint.lines:
                if bool(before.recurring(line, self.settings)) != \
                        bool(after.recurring(line, self.settings)):
                    return f"the new files change which lines are site template ({line!r})"
        return None


def _fingerprints(notes: Iterable[Any]) -> list[TemplateFingerprint]:
    return [TemplateFingerprint.from_json(note) for note in notes if note is not None]
