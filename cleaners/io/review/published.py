"""A published clean folder read back as documents: each manifest record with its audit and
the body its text file holds, ready for `explain.replay`.

Everything comes through the contract's readers of one generation (`clean_folder`'s
`iter_records` and `iter_audit`, streamed side by side in id order, and the text files);
nothing is cleaned again and nothing is held for more than one document at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from copydesk.cleaners.document import AuditEntry, Document, InputFormat, Paragraph, Status
from copydesk.cleaners.io.clean_folder import iter_audit, iter_records, published_folder

#: What the contract allows in an id (README, "Output format"); ids name the review's files.
ID = re.compile(r"[a-z0-9-]{1,60}")
#: The site of a document that lies directly in the raw folder.
TOP_LEVEL = "(top level)"


@dataclass(frozen=True)
class Published:
    """One document of a clean folder: its manifest record and the document rebuilt from it
    (metadata, status, the published body, the audit)."""

    record: dict[str, Any]
    doc: Document

    @property
    def site(self) -> str:
        return site_of(self.record)


def published_documents(clean_dir: str | Path) -> tuple[set[str], Iterator[Published]]:
    """The ids of a clean folder, and its documents one at a time, in id order.

    Raises ValueError when the folder has no manifest and audit that agree (no run has
    published there, or a run was interrupted before its manifest)."""
    folder = published_folder(clean_dir)
    if not (folder / "manifest.jsonl").is_file() or not (folder / "audit.jsonl").is_file():
        raise ValueError(f"{clean_dir} holds no readable manifest.jsonl and audit.jsonl")
    known = {record["id"] for record in iter_records(folder)}
    for doc_id in known:
        if not ID.fullmatch(doc_id):
            raise ValueError(f"{clean_dir}: {doc_id!r} is not an id of the clean/ contract")
    strays: list[str] = []  # audit lines of documents the manifest does not list

    def documents() -> Iterator[Published]:
        audit = iter_audit(folder)
        pending = next(audit, None)
        for record in iter_records(folder):
            while pending is not None and pending[0] < record["id"]:
                strays.append(pending[0])
                pending = next(audit, None)
            lines: list[str] = []
            if pending is not None and pending[0] == record["id"]:
                lines, pending = pending[1], next(audit, None)
            text = None
            if record["status"] == Status.CLEAN.value and record.get("path"):
                text = (folder / record["path"]).read_text("utf-8")
            yield Published(record, published_document(record, lines, text))
        if pending is not None or strays:
            raise ValueError(f"{clean_dir}: the audit names documents the manifest does not")
    return known, documents()


def published_document(record: dict[str, Any], audit_lines: Iterable[str],
                       text: str | None) -> Document:
    """The document a manifest record, its audit lines and its text file describe."""
    fmt = record.get("input_format")
    return Document(
        id=record["id"], source=record["source"], url=record.get("url"),
        fetched=record.get("fetched"), input_format=InputFormat(fmt) if fmt else None,
        raw_sha256=record.get("raw_sha256"),
        encoding=record.get("encoding"), title=record.get("title"),
        authors=tuple(record.get("authors") or ()), date=record.get("date"),
        language=record.get("language"),
        language_probability=record.get("language_probability"),
        body=body_of(record, text), status=Status(record["status"]),
        error=record.get("error"), duplicate_of=record.get("duplicate_of"),
        audit=tuple(AuditEntry.from_json(json.loads(line)) for line in audit_lines))


def body_of(record: dict[str, Any], text: str | None) -> tuple[Paragraph, ...]:
    """The published blocks of a text file: the last `paragraphs` blocks (the title, when
    there is one, is the first). List items keep their `- ` mark, as published."""
    count = int(record.get("paragraphs") or 0)
    if not text or count <= 0:
        return ()
    blocks = text.removesuffix("\n").split("\n\n")
    return tuple(Paragraph(block) for block in blocks[-count:])


def site_of(record: dict[str, Any]) -> str:
    """Where a document comes from: the host of its `url` when the record has one (without
    a leading `www.`), else the first folder of its source path."""
    url = record.get("url")
    if isinstance(url, str) and url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    source = str(record.get("source") or "")
    return source.split("/", 1)[0] if "/" in source else TOP_LEVEL
