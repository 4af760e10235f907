"""Finalize: the published form of a document, its text file and its manifest record.

This module defines the output contract v1 (see `clean/README.md`). The text is NFC, with
`\\n` line ends: the title once as the first line, a blank line, then the blocks separated
by one blank line (list items as "- item"), and a final newline.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from cleaners.document import AuditEntry, Document, Kind, Status
from cleaners.reasons import Action, Reason

STAGE = "finalize"
SCHEMA_VERSION = 1


def finalize(doc: Document) -> Document:
    """A clean document with nothing left to publish becomes `filtered`."""
    if doc.active and not doc.body:
        message = "no article text left after cleaning"
        entry = AuditEntry(STAGE, Action.STATUS, Reason.EMPTY_DOCUMENT, detail=message)
        return doc.with_changes([entry], status=Status.FILTERED)
    return doc


def render_text(doc: Document) -> str:
    blocks = [doc.title] if doc.title else []
    for paragraph in doc.body:
        text = paragraph.text
        blocks.append(f"- {text}" if paragraph.kind is Kind.LIST_ITEM else text)
    text = "\n\n".join(block.replace("\r", " ").replace("\n", " ").strip() for block in blocks)
    return unicodedata.normalize("NFC", text) + "\n"


def text_path(doc: Document) -> str:
    return f"documents/{doc.id}.txt"


def status_reason(doc: Document) -> str | None:
    """The reason code behind a status other than clean."""
    if doc.status is Status.CLEAN:
        return None
    for entry in reversed(doc.audit):
        if entry.action is Action.STATUS:
            return entry.reason.value
    return None


def manifest_record(doc: Document) -> dict[str, Any]:
    """The manifest line of one document; keys in a fixed order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc.id,
        "source": doc.source,
        "status": doc.status.value,
        "reason": status_reason(doc),
        "path": text_path(doc) if doc.status is Status.CLEAN else None,
        "title": doc.title,
        "authors": list(doc.authors),
        "date": doc.date,
        "language": doc.language,
        "language_probability": doc.language_probability,
        "duplicate_of": doc.duplicate_of,
        "error": doc.error,
        "raw_sha256": doc.raw_sha256,
        "input_format": doc.input_format.value if doc.input_format else None,
        "encoding": doc.encoding,
        "paragraphs": len(doc.body) if doc.status is Status.CLEAN else 0,
        "removed": doc.counts(Action.REMOVED),
        "repaired": doc.counts(Action.REPAIRED),
        "flagged": doc.counts(Action.FLAGGED),
    }


def audit_records(doc: Document) -> list[dict[str, Any]]:
    """The audit lines of one document, in the order the stages wrote them."""
    return [{"id": doc.id, "seq": seq, **entry.to_json()} for seq, entry in enumerate(doc.audit)]
