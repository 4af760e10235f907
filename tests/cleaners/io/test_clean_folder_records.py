"""finalize: the text file and manifest record of the output contract."""

from __future__ import annotations

import unicodedata

from copydesk.cleaners.document import AuditEntry, Document, Kind, Paragraph, Status
from copydesk.cleaners.finalize import finalize
from copydesk.cleaners.io.clean_folder import SCHEMA_VERSION, manifest_record, render_text
from copydesk.cleaners.reasons import Action, Reason

MANIFEST_KEYS = ["schema_version", "id", "source", "url", "status", "reason", "path", "title",
                 "authors", "date", "language", "language_probability", "duplicate_of",
                 "error", "raw_sha256", "text_sha256", "fetched", "input_format", "encoding",
                 "paragraphs", "removed", "repaired", "flagged"]


def sample() -> Document:
    decomposed = unicodedata.normalize("NFD", "Café reopens")
    return Document(
        id="d1", source="a/b.txt", title=decomposed,
        body=(Paragraph("First paragraph."), Paragraph("What next", Kind.HEADING),
              Paragraph("one item", Kind.LIST_ITEM)),
        audit=(AuditEntry("boilerplate", Action.REMOVED, Reason.COMMENTS, text="Leave a Reply"),
               AuditEntry("boilerplate", Action.REMOVED, Reason.COMMENTS, text="Comments"),
               AuditEntry("repair", Action.REPAIRED, Reason.MOJIBAKE, before="x", after="y")))


def test_text_layout():
    text = render_text(sample())
    assert text == "Café reopens\n\nFirst paragraph.\n\nWhat next\n\n- one item\n"
    assert unicodedata.is_normalized("NFC", text)


def test_text_without_title_starts_with_the_body():
    assert render_text(Document(id="d", source="s", body=(Paragraph("Only."),))) == "Only.\n"


def test_manifest_record_fields_and_counts():
    record = manifest_record(sample())
    assert list(record) == MANIFEST_KEYS
    assert record["schema_version"] == SCHEMA_VERSION
    assert record["path"] == "documents/d1.txt"
    assert record["removed"] == {"comments": 2}
    assert record["repaired"] == {"mojibake": 1}


def test_an_empty_document_is_filtered_with_a_reason():
    doc = finalize(Document(id="d", source="s"))
    assert doc.status is Status.FILTERED
    record = manifest_record(doc)
    assert record["reason"] == Reason.EMPTY_DOCUMENT.value
    assert record["path"] is None
