"""The `clean/` folder: the output contract, written and read back in one place.

Contract version 1 (`SCHEMA_VERSION`; the README's "Output format" and `clean_readme.md`,
which is copied into every clean folder, describe it):

- `documents/<id>.txt`: the text of each clean document (`render_text`);
- `manifest.jsonl`: one record per raw file, sorted by id (`manifest_record`);
- `audit.jsonl`: every removal, repair, flag and metadata decision (`audit_records`);
- `run.json`: counts, timings, config and versions of the last run; `README.md`.

Writing: each file goes to a temporary file in the same folder, is flushed to disk and
renamed over the old one; a file whose bytes would not change is not touched. The order is:
document texts, then the audit, then `run.json`, then the manifest (the file readers start
from), and only then are texts removed that the new manifest no longer lists.

Reading: `read_clean(folder)` yields each document's manifest record with its text.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from copydesk.cleaners.document import Document, Kind, Status
from copydesk.cleaners.reasons import Action

SCHEMA_VERSION = 1
MANIFEST = "manifest.jsonl"
AUDIT = "audit.jsonl"
RUN = "run.json"
README = "README.md"
DOCUMENTS = "documents"


@dataclass(frozen=True)
class Kept:
    """A document of an earlier run carried over unchanged: its manifest and audit lines."""

    record: dict[str, Any]
    audit: tuple[str, ...] = ()


# --- the published form of one document ------------------------------------------------------

def render_text(doc: Document) -> str:
    """The text file of a clean document: NFC, `\\n` line ends, the title once as the first
    line, a blank line, then the blocks separated by one blank line (list items as "- item"),
    and a final newline."""
    blocks = [doc.title] if doc.title else []
    for paragraph in doc.body:
        text = paragraph.text
        blocks.append(f"- {text}" if paragraph.kind is Kind.LIST_ITEM else text)
    text = "\n\n".join(block.replace("\r", " ").replace("\n", " ").strip() for block in blocks)
    return unicodedata.normalize("NFC", text) + "\n"


def text_path(doc_id: str) -> str:
    """Where a clean document's text lives, relative to the clean folder."""
    return f"{DOCUMENTS}/{doc_id}.txt"


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
        "path": text_path(doc.id) if doc.status is Status.CLEAN else None,
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


# --- writing -----------------------------------------------------------------------------------

def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` atomically; returns False when the file already held it."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def lines(texts: Iterable[str]) -> bytes:
    return "".join(text + "\n" for text in texts).encode("utf-8")


def jsonl(records: Iterable[dict[str, Any]]) -> bytes:
    return lines(json.dumps(record, ensure_ascii=False) for record in records)


def readme_text() -> bytes:
    """The `README.md` copied into every clean folder."""
    return (resources.files(__package__) / "clean_readme.md").read_bytes()


def publish(clean_dir: str | Path, docs: list[Document], run_info: dict[str, Any],
            kept: Mapping[str, Kept] | None = None,
            before_manifest: Callable[[], None] | None = None) -> dict[str, int]:
    """Write every output of a run; returns how many text files were written and removed.

    `kept` are documents of an earlier run carried over unchanged (an incremental run): their
    manifest records and audit lines are written again as they were, their texts are left
    alone. `before_manifest` runs after everything else is written and before the manifest.
    """
    root = Path(clean_dir)
    kept = kept or {}
    docs = sorted(docs, key=lambda doc: doc.id)
    written = 0
    for doc in docs:
        if doc.status is Status.CLEAN:
            written += write_atomic(root / text_path(doc.id), render_text(doc).encode("utf-8"))
    audit = {doc.id: [json.dumps(r, ensure_ascii=False) for r in audit_records(doc)]
             for doc in docs}
    audit.update({doc_id: list(k.audit) for doc_id, k in kept.items()})
    write_atomic(root / AUDIT, lines(line for doc_id in sorted(audit) for line in audit[doc_id]))
    write_atomic(root / README, readme_text())
    write_atomic(root / RUN, (json.dumps(run_info, indent=2, ensure_ascii=False) + "\n")
                 .encode("utf-8"))
    if before_manifest is not None:
        before_manifest()
    records = {doc.id: manifest_record(doc) for doc in docs}
    records.update({doc_id: k.record for doc_id, k in kept.items()})
    write_atomic(root / MANIFEST, jsonl(records[doc_id] for doc_id in sorted(records)))
    keep = {r["path"] for r in records.values() if r["status"] == Status.CLEAN.value}
    return {"written": written, "removed": remove_orphans(root, keep)}


def remove_orphans(root: Path, keep: set[str]) -> int:
    """Delete text files of documents that are gone from raw/ or no longer clean."""
    folder = root / DOCUMENTS
    if not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.iterdir()):
        relative = f"{DOCUMENTS}/{path.name}"
        if path.is_file() and path.suffix == ".txt" and relative not in keep:
            path.unlink()
            removed += 1
        elif path.is_file() and path.name.endswith(".tmp") and path.name.startswith("."):
            path.unlink()  # left behind by an interrupted run
    return removed


# --- reading -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CleanDocument:
    """One manifest record of a clean folder, with the document's text (None unless clean)."""

    record: dict[str, Any]
    text: str | None

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def status(self) -> str:
        return str(self.record["status"])


def read_manifest(clean_dir: str | Path) -> list[dict[str, Any]]:
    """The manifest records of a clean folder, in id order (empty when there is none)."""
    path = Path(clean_dir) / MANIFEST
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def read_kept(clean_dir: str | Path) -> dict[str, Kept] | None:
    """The manifest and audit lines of the last run, by document id; None when they cannot
    be read or do not agree."""
    root = Path(clean_dir)
    try:
        manifest = (root / MANIFEST).read_text("utf-8").splitlines()
        audit = (root / AUDIT).read_text("utf-8").splitlines()
    except OSError:
        return None
    try:
        records = {record["id"]: record for record in map(json.loads, manifest)}
        by_id: dict[str, list[str]] = {doc_id: [] for doc_id in records}
        for line in audit:
            by_id[json.loads(line)["id"]].append(line)
    except (ValueError, KeyError, TypeError):
        return None
    return {doc_id: Kept(record, tuple(by_id[doc_id])) for doc_id, record in records.items()}


def read_clean(clean_dir: str | Path, statuses: Iterable[str] | None = None
               ) -> Iterator[CleanDocument]:
    """Each document of a clean folder, in id order: its manifest record and its text.

    `statuses` limits what is yielded (e.g. ``{"clean"}``); by default every record comes,
    and documents other than clean have the text None.
    """
    root = Path(clean_dir)
    wanted = set(statuses) if statuses is not None else None
    for record in read_manifest(root):
        if wanted is not None and record["status"] not in wanted:
            continue
        text = None
        if record["status"] == Status.CLEAN.value and record.get("path"):
            text = (root / record["path"]).read_text("utf-8")
        yield CleanDocument(record, text)
