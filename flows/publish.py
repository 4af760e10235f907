"""Write `clean/` so that a reader never sees it half-written.

Each file is written to a temporary file in the same folder, flushed to disk and renamed
over the old one. A file whose bytes would not change is not touched. The order is:
document texts, then the audit, then `run.json`, then the manifest (the file readers start
from), and only then are texts removed that the new manifest no longer lists.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaners.document import Document, Status
from cleaners.finalize import audit_records, manifest_record, render_text, text_path

if TYPE_CHECKING:
    from flows.incremental import Kept

MANIFEST = "manifest.jsonl"
AUDIT = "audit.jsonl"
RUN = "run.json"
README = "README.md"
DOCUMENTS = "documents"

_README_TEXT = Path(__file__).with_name("clean_readme.md")


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


def jsonl(records: Iterable[dict[str, Any]]) -> bytes:
    return lines(json.dumps(record, ensure_ascii=False) for record in records)


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
            written += write_atomic(root / text_path(doc), render_text(doc).encode("utf-8"))
    audit = {doc.id: [json.dumps(r, ensure_ascii=False) for r in audit_records(doc)]
             for doc in docs}
    audit.update({doc_id: k.audit for doc_id, k in kept.items()})
    write_atomic(root / AUDIT, lines(line for doc_id in sorted(audit) for line in audit[doc_id]))
    write_atomic(root / README, _README_TEXT.read_bytes())
    write_atomic(root / RUN, (json.dumps(run_info, indent=2, ensure_ascii=False) + "\n")
                 .encode("utf-8"))
    if before_manifest is not None:
        before_manifest()
    records = {doc.id: manifest_record(doc) for doc in docs}
    records.update({doc_id: k.record for doc_id, k in kept.items()})
    write_atomic(root / MANIFEST, jsonl(records[doc_id] for doc_id in sorted(records)))
    keep = {r["path"] for r in records.values() if r["status"] == Status.CLEAN.value}
    return {"written": written, "removed": remove_orphans(root, keep)}


def lines(texts: Iterable[str]) -> bytes:
    return "".join(text + "\n" for text in texts).encode("utf-8")


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
