"""Repair: fix garbled text that has one right answer, and record every change with its reason.

Each fix is a small function from text to text. `repair` applies them in a fixed order to the
title and to every paragraph and writes an audit entry (before, after, reason, and for ftfy
its own explanation of the steps it took) for each change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ftfy

from cleaners.config import RepairConfig
from cleaners.document import AuditEntry, Document
from cleaners.reasons import Action, Reason

STAGE = "repair"

# ftfy's step names, by what they mean for a reader of the audit.
_FTFY_REASONS: dict[str, Reason] = {
    "unescape_html": Reason.HTML_ENTITY,
    "remove_terminal_escapes": Reason.CONTROL_CHARACTER,
    "remove_control_chars": Reason.CONTROL_CHARACTER,
    "fix_c1_controls": Reason.CONTROL_CHARACTER,
    "restore_byte_a0": Reason.MOJIBAKE,
    "replace_lossy_sequences": Reason.MOJIBAKE,
    "decode_inconsistent_utf8": Reason.MOJIBAKE,
    "fix_surrogates": Reason.MOJIBAKE,
}


@dataclass(frozen=True)
class Change:
    """One fixer's effect on one text."""

    reason: Reason
    before: str
    after: str
    detail: str


Fixer = Callable[[str, RepairConfig], tuple[str, list[Change]]]


def fix_with_ftfy(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
    """Mojibake, HTML entities (also double-escaped), control characters, via ftfy.

    Curly quotes are kept unless the config asks otherwise.

    >>> fix_with_ftfy("donâ€™t", RepairConfig())[0]
    'don’t'
    """
    ftfy_config = ftfy.TextFixerConfig(uncurl_quotes=config.uncurl_quotes, unescape_html=True)
    fixed, steps = ftfy.fix_and_explain(text, config=ftfy_config)
    if fixed == text:
        return text, []
    steps = steps or []
    detail = "ftfy: " + ", ".join(f"{kind} {name}" for kind, name in steps)
    return fixed, [Change(_ftfy_reason(steps), text, fixed, detail)]


def _ftfy_reason(steps: list[tuple[str, str]]) -> Reason:
    for kind, name in steps:
        if kind in ("encode", "decode", "transcode"):
            return Reason.MOJIBAKE
        if name in _FTFY_REASONS:
            return _FTFY_REASONS[name]
    return Reason.UNICODE_NORMALIZATION


#: The fixers in the order they run.
FIXERS: tuple[Fixer, ...] = (fix_with_ftfy,)


def repair_text(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
    """Apply every fixer in order; return the repaired text and what each one changed."""
    changes: list[Change] = []
    for fixer in FIXERS:
        text, made = fixer(text, config)
        changes.extend(made)
    return text, changes


def repair(doc: Document, config: RepairConfig) -> Document:
    entries: list[AuditEntry] = []
    title = doc.title
    if title:
        title, changes = repair_text(title, config)
        entries.extend(_entries(changes, None, "title"))
    body = []
    for index, paragraph in enumerate(doc.body):
        text, changes = repair_text(paragraph.text, config)
        entries.extend(_entries(changes, index, None))
        body.append(paragraph.with_text(text) if changes else paragraph)
    if not entries:
        return doc
    return doc.with_changes(entries, title=title, body=tuple(body))


def _entries(changes: list[Change], index: int | None, where: str | None) -> list[AuditEntry]:
    return [
        AuditEntry(STAGE, Action.REPAIRED, change.reason, before=change.before,
                   after=change.after, paragraph=index,
                   detail=f"{where}: {change.detail}" if where else change.detail)
        for change in changes
    ]
