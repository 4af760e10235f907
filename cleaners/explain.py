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


def _body(doc: Document) -> list[str]:
    """Interleave kept paragraphs and removed ones, stage by stage.

    Each stage numbers paragraphs in the body it saw; replaying the removals of each stage in
    order puts every removed line back where it stood in the body of the first stage.
    """
    rows: list[tuple[str, str, list[str]]] = [("", p.text, []) for p in doc.body]
    removed_by_stage: dict[str, list[AuditEntry]] = {}
    notes: list[AuditEntry] = []
    for entry in doc.audit:
        if entry.action is Action.REMOVED and entry.paragraph is not None:
            removed_by_stage.setdefault(entry.stage, []).append(entry)
        elif entry.action in (Action.REPAIRED, Action.FLAGGED):
            notes.append(entry)
    stages = list(dict.fromkeys(e.stage for e in doc.audit if e.stage in removed_by_stage))
    for stage in reversed(stages):
        rows = _reinsert(rows, removed_by_stage[stage])
    out = []
    for mark, text, note in rows:
        out.append(f"{mark or ' ':<4} {text}" + (f"   [{'; '.join(note)}]" if note else ""))
    for entry in notes:
        before, after = _short(entry.before or "", 40), _short(entry.after or "", 40)
        change = entry.text or f"{before!r} -> {after!r}"
        out.append(f"~    {entry.stage}: {entry.reason.value}: {_short(change, _WIDTH)}")
    return out


def _reinsert(rows: list[tuple[str, str, list[str]]],
              removed: list[AuditEntry]) -> list[tuple[str, str, list[str]]]:
    """Put one stage's removals back at the indexes that stage saw."""
    result: list[tuple[str, str, list[str]]] = []
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
        note = f"{entry.stage}: {entry.reason.value}"
        note += f"; {entry.detail}" if entry.detail else ""
        result.append(("-", entry.text or "", [note]))
    result.extend(survivors)
    return result


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
