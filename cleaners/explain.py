"""`explain(doc)`: a cleaned document as a reader checks it, every removed line in its place.

The tool for when a result surprises: the metadata found (and where it came from), then the
body as it came out of extraction, each line marked ``  `` (kept) or ``- `` (removed) with
the stage and reason code of its removal and the rule's detail, and the repairs and flags
after the lines they touched (``? `` marks a kept line of a document whose body is gone, a
duplicate read back from a clean folder). Only the audit is read: nothing is cleaned again.

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
    url      -
    <BLANKLINE>
         Kept line.
    -    Leave a Reply   [boilerplate: comments; en/comments.txt]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copydesk.cleaners.document import AuditEntry, Document
from copydesk.cleaners.reasons import Action, Reason

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
            field("language", language, "language"),
            field("url", doc.url, "url")]


@dataclass(frozen=True)
class Line:
    """One block of the body as extraction left it: kept, or taken out by `removal`.

    `text` is the block as it was published (kept) or removed, after the repairs that ran
    before; `notes` are the repairs and flags of this block, in audit order (a repair's
    `before` is the text it had before that repair). `missing`: a kept block whose text the
    document no longer has (its body was not published: a duplicate, a filtered document),
    known only to have stood here.
    """

    text: str
    removal: AuditEntry | None = None
    notes: tuple[AuditEntry, ...] = ()
    missing: bool = False


@dataclass(frozen=True)
class Replay:
    """The body of a document with every removed line back in its place (`replay`)."""

    lines: tuple[Line, ...]
    notes: tuple[AuditEntry, ...]  # every repair and flag, in audit order
    unplaced: tuple[AuditEntry, ...]  # removals that name no paragraph (hidden page text)


#: Reasons only the corpus-wide part of a stage gives. That part runs after the per-document
#: part of every stage and numbers paragraphs in the body it saw then, so where its entries
#: follow the per-document part of the same stage (dedup within, then dedup across), they are
#: a pass of their own.
CORPUS_REASONS = frozenset({Reason.TEMPLATE_LINE, Reason.NEAR_DUPLICATE,
                            Reason.DUPLICATE_DOCUMENT})


def replay(doc: Document) -> Replay:
    """Interleave kept paragraphs and removed ones, pass by pass, and attach each repair
    and flag to the block it touched.

    A pass is one walk of a stage over the body (`passes`); it numbers paragraphs in the body
    it saw. Replaying the removals of each pass in reverse order puts every removed line back
    where it stood in the body that extraction produced. Once a pass's removals are back, the
    body is the one that pass saw, so its repairs and flags find their paragraph by the index
    they record.
    """
    rows = [_Row(p.text) for p in doc.body]
    notes: list[AuditEntry] = []
    unplaced: list[AuditEntry] = []
    for entry in doc.audit:
        if entry.action is Action.REMOVED and entry.paragraph is None:
            unplaced.append(entry)
        elif entry.action in (Action.REPAIRED, Action.FLAGGED):
            notes.append(entry)
    for walk in reversed(passes(doc.audit)):
        removed = [entry for _, entry in walk
                   if entry.action is Action.REMOVED and entry.paragraph is not None]
        if removed:
            rows = _reinsert(rows, removed)
        _attach(rows, [(seq, entry) for seq, entry in walk
                       if entry.action in (Action.REPAIRED, Action.FLAGGED)])
    lines = tuple(Line(row.text, row.removal,
                       tuple(e for _, e in sorted(row.notes, key=_first)), row.missing)
                  for row in rows)
    return Replay(lines, tuple(notes), tuple(unplaced))


def passes(audit: tuple[AuditEntry, ...]) -> list[list[tuple[int, AuditEntry]]]:
    """The audit cut into passes, each a list of (place in the audit, entry).

    A new pass starts where the stage changes, where the corpus-wide part of a stage follows
    its per-document part (`CORPUS_REASONS`), and where a removal's index is not above the
    previous removal's (a pass walks the body once, in order).
    """
    found: list[list[tuple[int, AuditEntry]]] = []
    key: tuple[str, bool] | None = None
    last = -1
    for seq, entry in enumerate(audit):
        here = (entry.stage, entry.reason in CORPUS_REASONS)
        index = entry.paragraph if entry.action is Action.REMOVED else None
        if here != key or (index is not None and index <= last):
            found.append([])
            key, last = here, -1
        found[-1].append((seq, entry))
        if index is not None:
            last = index
    return found


@dataclass
class _Row:
    text: str
    removal: AuditEntry | None = None
    notes: list[tuple[int, AuditEntry]] = field(default_factory=list)
    missing: bool = False


def _first(item: tuple[int, AuditEntry]) -> int:
    return item[0]


def _attach(rows: list[_Row], notes: list[tuple[int, AuditEntry]]) -> None:
    """Give each repair or flag to the row at the index its stage recorded."""
    for seq, entry in notes:
        if entry.paragraph is not None and 0 <= entry.paragraph < len(rows):
            rows[entry.paragraph].notes.append((seq, entry))


def _reinsert(rows: list[_Row], removed: list[AuditEntry]) -> list[_Row]:
    """Put one pass's removals back at the indexes that pass saw (in increasing order, as it
    walked the body). Where the kept rows run out below an index, the body was not
    published: the rows in between are `missing`."""
    result: list[_Row] = []
    survivors = iter(rows)
    for entry in removed:
        while len(result) < (entry.paragraph or 0):
            result.append(next(survivors, None) or _Row("", missing=True))
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
        if line.missing:
            out.append(f"{'?':<4} (a line this document no longer has)")
            continue
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
