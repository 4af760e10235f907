"""`explain(doc)`: a cleaned document as a reader checks it, every removed line in its place.

The tool for when a result surprises: the metadata found (and where it came from), then the
body as it came out of extraction, each line marked ``  `` (kept) or ``- `` (removed) with
the stage and reason code of its removal and the rule's detail, and the repairs and flags
after the lines they touched. Only the audit is read: nothing is cleaned again.

    >>> from copydesk.cleaners.document import Document, AuditEntry, Paragraph
    >>> from copydesk.cleaners.reasons import Action, Reason
    >>> doc = Document("d", "d.txt", title="A title", body=(Paragraph("Kept line."),),
    ...     audit=(AuditEntry("boilerplate", Action.REMOVED, Reason.COMMENTS,
    ...                       text="Leave a Reply", paragraph=1, detail="en/comments.txt"),))
    >>> print(explain(doc))  # doctest: +NORMALIZE_WHITESPACE
    d.txt  status clean
    title    A title
    authors  -
    date     -
    language -
    <BLANKLINE>
         Kept line.
    -    Leave a Reply   [boilerplate: comments; en/comments.txt]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copydesk.cleaners.document import AuditEntry, Document
from copydesk.cleaners.reasons import Action

_WIDTH = 100


def explain(doc: Document) -> str:
    """The document with each removed line marked with its reason, and the metadata found."""
    lines = [f"{doc.source}  status {doc.status.value}" + (f"  ({doc.error})" if doc.error else "")]
    lines += _metadata(doc)
    lines.append("")
    lines += _body(doc)
    return "\n".join(lines) + "\n"


def _metadata(doc: Document) -> list[str]:
    found: dict[str, list[str]] = {}
    for entry in doc.audit:
        if entry.action is Action.METADATA:
            source = f"{entry.stage}: {entry.reason.value}"
            if entry.detail:
                source += f", {_short(entry.detail, 60)}"
            found.setdefault(entry.reason.value, []).append(source)
    def field(name: str, value: str | None, reason: str) -> str:
        where = f"   [{'; '.join(found[reason])}]" if reason in found else ""
        return f"{name:<8} {value or '-'}{where}"
    language = doc.language
    if language and doc.language_probability is not None:
        language = f"{language} ({doc.language_probability:.2f})"
    return [field("title", doc.title, "title"),
            field("authors", "; ".join(doc.authors) or None, "byline"),
            field("date", doc.date, "dateline"),
            field("language", language, "language")]


@dataclass(frozen=True)
class Line:
    """One block of the body as extraction left it: kept, or taken out by `removal`.

    `text` is the block as it was published (kept) or removed, after the repairs that ran
    before; `notes` are the repairs and flags of this block, in audit order (a repair's
    `before` is the text it had before that repair).
    """

    text: str
    removal: AuditEntry | None = None
    notes: tuple[AuditEntry, ...] = ()


@dataclass(frozen=True)
class Replay:
    """The body of a document with every removed line back in its place (`replay`)."""

    lines: tuple[Line, ...]
    notes: tuple[AuditEntry, ...]  # every repair and flag, in audit order
    unplaced: tuple[AuditEntry, ...]  # removals that name no paragraph (hidden page text)


def replay(doc: Document) -> Replay:
    """Interleave kept paragraphs and removed ones, stage by stage, and attach each repair
    and flag to the block it touched.

    Each stage numbers paragraphs in the body it saw; replaying the removals of each stage in
    reverse order puts every removed line back where it stood in the body of the first
    stage. Once a stage's removals are back, the body is the one that stage saw, so its
    repairs and flags find their paragraph by the index they record.
    """
    rows = [_Row(p.text) for p in doc.body]
    removed_by_stage: dict[str, list[AuditEntry]] = {}
    noted_by_stage: dict[str, list[tuple[int, AuditEntry]]] = {}
    notes: list[AuditEntry] = []
    unplaced: list[AuditEntry] = []
    for seq, entry in enumerate(doc.audit):
        if entry.action is Action.REMOVED:
            if entry.paragraph is None:
                unplaced.append(entry)
            else:
                removed_by_stage.setdefault(entry.stage, []).append(entry)
        elif entry.action in (Action.REPAIRED, Action.FLAGGED):
            notes.append(entry)
            if entry.paragraph is not None:
                noted_by_stage.setdefault(entry.stage, []).append((seq, entry))
    stages = list(dict.fromkeys(e.stage for e in doc.audit if e.stage in removed_by_stage))
    noted = [stage for stage in noted_by_stage if stage not in stages]
    for stage in reversed(stages):
        rows = _reinsert(rows, removed_by_stage[stage])
        _attach(rows, noted_by_stage.get(stage, []))
    for stage in noted:
        _attach(rows, noted_by_stage[stage])
    lines = tuple(Line(row.text, row.removal, tuple(e for _, e in sorted(row.notes,
                                                                           key=_first)))
                  for row in rows)
    return Replay(lines, tuple(notes), tuple(unplaced))


@dataclass
class _Row:
    text: str
    removal: AuditEntry | None = None
    notes: list[tuple[int, AuditEntry]] = field(default_factory=list)


def _first(item: tuple[int, AuditEntry]) -> int:
    return item[0]


def _attach(rows: list[_Row], notes: list[tuple[int, AuditEntry]]) -> None:
    """Give each repair or flag to the row at the index its stage recorded."""
    for seq, entry in notes:
        if entry.paragraph is not None and 0 <= entry.paragraph < len(rows):
            rows[entry.paragraph].notes.append((seq, entry))


def _reinsert(rows: list[_Row], removed: list[AuditEntry]) -> list[_Row]:
    """Put one stage's removals back at the indexes that stage saw."""
    result: list[_Row] = []
    by_index = {e.paragraph: e for e in removed}
    survivors = iter(rows)
    total = len(rows) + len(removed)
    for index in range(total):
        entry = by_index.get(index)
        if entry is None:
            row = next(survivors, None)
            if row is not None:
                result.append(row)
            continue
        result.append(_Row(entry.text or "", entry))
    result.extend(survivors)
    return result


def _body(doc: Document) -> list[str]:
    """The lines of `replay` as text: kept, removed (`-`, with stage, reason and rule), then
    the repairs and flags (`~`)."""
    found = replay(doc)
    out = []
    for line in found.lines:
        mark, note = " ", ""
        if line.removal is not None:
            entry = line.removal
            mark = "-"
            note = f"   [{entry.stage}: {entry.reason.value}"
            note += f"; {entry.detail}]" if entry.detail else "]"
        out.append(f"{mark:<4} {line.text}{note}")
    for entry in found.notes:
        before, after = _short(entry.before or "", 40), _short(entry.after or "", 40)
        change = entry.text or f"{before!r} -> {after!r}"
        out.append(f"~    {entry.stage}: {entry.reason.value}: {_short(change, _WIDTH)}")
    return out


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
