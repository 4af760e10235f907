"""The repair stage over one document: the title and every paragraph through the fixers,
then the one document-level rule (an all-caps name the document also writes in title case),
then a garble score per paragraph (`garble.py`): garbled paragraphs are flagged, or dropped
when `drop_garbled_above` is set and their score is above it."""

from __future__ import annotations

from copydesk.cleaners.document import AuditEntry, Document, Paragraph
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.repair import translation
from copydesk.cleaners.repair.change import Change
from copydesk.cleaners.repair.fixers import repair_text
from copydesk.cleaners.repair.garble import Garble, garble
from copydesk.cleaners.repair.settings import RepairSettings
from copydesk.cleaners.repair.spots import spots

NAME = "repair"


def repair(doc: Document, config: RepairSettings) -> Document:
    """Repair the title and the body, then flag (or drop) garbled paragraphs."""
    title = doc.title
    title_changes: list[Change] = []
    texts = [paragraph.text for paragraph in doc.body]
    body_changes: list[list[Change]] = [[] for _ in texts]
    if title:
        title, title_changes = repair_text(title, config)
    texts = [_collect(repair_text(text, config), body_changes[i]) for i, text in enumerate(texts)]

    names = translation.name_case_map(([title] if title else []) + texts)
    if names:
        if title:
            title = _recase(title, names, config, title_changes)
        texts = [_recase(text, names, config, body_changes[i]) for i, text in enumerate(texts)]

    entries = _entries(title_changes, None, "title")
    title_garble = garble(title) if title else None
    if title_garble and title_garble.garbled:  # flagged only: a document keeps its title
        entries.append(AuditEntry(NAME, Action.FLAGGED, Reason.GARBLED, text=title,
                                  detail=f"title: {_describe(title_garble)}"))
    body: list[Paragraph] = []
    for index, (paragraph, text) in enumerate(zip(doc.body, texts, strict=True)):
        entries.extend(_entries(body_changes[index], index, None))
        if text != paragraph.text:
            paragraph = paragraph.with_text(text)
        kept = _judge_garble(paragraph, index, config, entries)
        if kept is not None:
            body.append(kept)
    if not entries:
        return doc
    return doc.with_changes(entries, title=title, body=tuple(body))


def _collect(result: tuple[str, list[Change]], into: list[Change]) -> str:
    text, changes = result
    into.extend(changes)
    return text


def _recase(text: str, names: dict[str, str], config: RepairSettings,
            changes: list[Change]) -> str:
    """The name-case rule, then the per-text fixers again (`meeting.XI` -> `meeting.Xi`
    is a new missing space)."""
    fixed = translation.fix_name_case(text, names)
    if fixed == text:
        return text
    changes.append(Change(Reason.NAME_CASE, text, fixed, f"fix_name_case: {spots(text, fixed)}"))
    return _collect(repair_text(fixed, config), changes)


def _judge_garble(paragraph: Paragraph, index: int, config: RepairSettings,
                  entries: list[AuditEntry]) -> Paragraph | None:
    """Flag a garbled paragraph, or drop it when its score is above the configured limit."""
    verdict = garble(paragraph.text)
    if not verdict.garbled:
        return paragraph
    detail = _describe(verdict)
    limit = config.drop_garbled_above
    if limit is not None and verdict.score > limit:
        entries.append(AuditEntry(NAME, Action.REMOVED, Reason.GARBLED, text=paragraph.text,
                                  paragraph=index, detail=f"{detail} (above {limit})"))
        return None
    entries.append(AuditEntry(NAME, Action.FLAGGED, Reason.GARBLED, text=paragraph.text,
                              paragraph=index, detail=detail))
    return paragraph.flagged(Reason.GARBLED)


def _describe(verdict: Garble) -> str:
    return f"score {verdict.score}: " + "; ".join(verdict.reasons)


def _entries(changes: list[Change], index: int | None, where: str | None) -> list[AuditEntry]:
    return [
        AuditEntry(NAME, Action.REPAIRED, change.reason, before=change.before,
                   after=change.after, paragraph=index,
                   detail=f"{where}: {change.detail}" if where else change.detail)
        for change in changes
    ]
