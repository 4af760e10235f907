"""The one model every stage works on: a `Document` and the audit trail of what happened to it.

A document is immutable. A stage takes a document and returns a new one together with the
audit entries for what it removed, repaired or flagged; `Document.with_changes` is how a stage
builds the new one. Nothing here does any cleaning.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from copydesk.cleaners.reasons import Action, Reason


class Kind(StrEnum):
    """What a body block is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


class Status(StrEnum):
    """Where a document ended up. `clean` documents get a text file; the others do not."""

    CLEAN = "clean"
    DUPLICATE = "duplicate"
    FILTERED = "filtered"
    FAILED = "failed"


class InputFormat(StrEnum):
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the body: its text, what kind of block it is, and what stages noted."""

    text: str
    kind: Kind = Kind.PARAGRAPH
    language: str | None = None  # set only when the paragraph is long enough to judge
    flags: tuple[str, ...] = ()  # reason codes of things noted but not removed

    def with_text(self, text: str) -> Paragraph:
        return dataclasses.replace(self, text=text)

    def flagged(self, reason: Reason) -> Paragraph:
        if reason.value in self.flags:
            return self
        return dataclasses.replace(self, flags=tuple(sorted({*self.flags, reason.value})))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One thing a stage did, with its reason.

    `text` is the text removed or flagged; `before`/`after` describe a repair. `paragraph`
    is the index in the body as the stage saw it (None for whole-document entries).
    `detail` carries what a reader needs to check the decision (the list that matched,
    the similarity, the document a duplicate points to).
    """

    stage: str
    action: Action
    reason: Reason
    text: str | None = None
    before: str | None = None
    after: str | None = None
    paragraph: int | None = None
    detail: str | None = None

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> AuditEntry:
        """The entry an audit record (`to_json`, as in clean/audit.jsonl) describes."""
        return cls(record["stage"], Action(record["action"]), Reason(record["reason"]),
                   **{name: record.get(name) for name in
                      ("text", "before", "after", "paragraph", "detail")})

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "stage": self.stage,
            "action": self.action.value,
            "reason": self.reason.value,
        }
        for name in ("paragraph", "text", "before", "after", "detail"):
            value = getattr(self, name)
            if value is not None:
                record[name] = value
        return record


@dataclass(frozen=True, slots=True)
class Document:
    """A document on its way from `raw/` to `clean/`.

    `text` holds the decoded input until `extract` splits it into `body`; after that the
    body is what the remaining stages work on.
    """

    id: str
    source: str  # path relative to the raw folder, POSIX separators
    url: str | None = None  # where the page came from (a WARC record's target, a canonical link)
    fetched: str | None = None  # when the crawler fetched it (ISO 8601, from the WARC record)
    input_format: InputFormat | None = None
    raw_sha256: str | None = None
    encoding: str | None = None
    text: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD
    language: str | None = None
    language_probability: float | None = None
    body: tuple[Paragraph, ...] = ()
    status: Status = Status.CLEAN
    error: str | None = None
    duplicate_of: str | None = None
    audit: tuple[AuditEntry, ...] = field(default=(), repr=False)

    def with_changes(self, entries: list[AuditEntry] | tuple[AuditEntry, ...] = (),
                     **changes: Any) -> Document:
        """A copy with some fields changed and `entries` appended to the audit."""
        if entries:
            changes["audit"] = self.audit + tuple(entries)
        return dataclasses.replace(self, **changes)

    @property
    def active(self) -> bool:
        """Whether later stages should still work on this document."""
        return self.status is Status.CLEAN

    def counts(self, action: Action) -> dict[str, int]:
        """How many audit entries of one action there are, by reason code, sorted."""
        tally = Counter(e.reason.value for e in self.audit if e.action is action)
        return dict(sorted(tally.items()))

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON-able values (a cleaned document kept between the steps of a
        run); `from_json` gives the same document back."""
        data = {name: getattr(self, name) for name in _SCALARS}
        data.update(
            input_format=self.input_format.value if self.input_format else None,
            status=self.status.value, authors=list(self.authors),
            body=[[p.text, p.kind.value, p.language, list(p.flags)] for p in self.body],
            audit=[entry.to_json() for entry in self.audit])
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        return cls(**{name: data[name] for name in _SCALARS},
                   input_format=InputFormat(data["input_format"]) if data["input_format"]
                   else None,
                   status=Status(data["status"]), authors=tuple(data["authors"]),
                   body=tuple(Paragraph(text, Kind(kind), language, tuple(flags))
                              for text, kind, language, flags in data["body"]),
                   audit=tuple(AuditEntry.from_json(entry) for entry in data["audit"]))


#: The fields of a `Document` that are plain JSON values as they are.
_SCALARS = ("id", "source", "url", "fetched", "raw_sha256", "encoding", "text", "title",
            "date", "language", "language_probability", "error", "duplicate_of")


def corpus_order(doc: Document) -> tuple[bool, str, str]:
    """A document's place in keep-first order: dated documents by date, then undated ones,
    each by id. Where documents repeat each other, the earliest in this order keeps the text.
    A page without a publication date is dated by when the crawler fetched it, if known."""
    when = doc.date or doc.fetched
    return (when is None, when or "", doc.id)
