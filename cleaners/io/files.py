"""Raw files: find them under the raw folder and read them, one batch at a time.

Every regular file under the raw folder is a candidate, recursively, in sorted order.
Hidden files and folders (a name starting with ".") are skipped, and so is the clean
folder when it lies inside the raw folder. Symbolic links to folders are not followed.
A file copydesk does not read still gets a manifest record (status `failed`, with why).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.ids import document_id, safe_source
from copydesk.cleaners.reasons import Action, Reason

#: Reading a file is the first part of decoding it: its failures are the decode stage's.
STAGE = "decode"


@dataclass(frozen=True)
class RawRef:
    """A file found in the raw folder, not yet read."""

    id: str
    source: str  # POSIX path relative to the raw folder
    path: str  # absolute path, for reading


@dataclass(frozen=True)
class RawFile:
    """A raw document as read: its stable id, its relative path, its bytes."""

    id: str
    source: str
    data: bytes


def discover(raw_dir: str | Path, exclude: str | Path | None = None) -> list[RawRef]:
    """Every file under `raw_dir` but hidden ones and the `exclude` folder, sorted by id."""
    root = Path(raw_dir).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    skip = Path(exclude).resolve() if exclude is not None else None
    refs = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and (skip is None or here / d != skip))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            source = safe_source(path.relative_to(root).as_posix())
            refs.append(RawRef(document_id(source), source, str(path)))
    refs.sort(key=lambda ref: ref.id)
    _check_unique(refs)
    return refs


def _check_unique(refs: list[RawRef]) -> None:
    seen: dict[str, str] = {}
    for ref in refs:
        if ref.id in seen:  # a SHA-1 prefix collision between two paths: never seen in practice
            raise ValueError(f"two raw files map to the id {ref.id}: {seen[ref.id]}, {ref.source}")
        seen[ref.id] = ref.source


def read(ref: RawRef, max_bytes: int) -> RawFile | Document:
    """The bytes of a raw file, or a failed document saying why they could not be had."""
    try:
        info = os.stat(ref.path)
        if not stat.S_ISREG(info.st_mode):
            return unreadable(ref.id, ref.source, "not a regular file")
        if info.st_size > max_bytes:
            return unreadable(ref.id, ref.source,
                              f"file is {info.st_size} bytes, over the size limit of "
                              f"{max_bytes} bytes")
        with open(ref.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return unreadable(ref.id, ref.source, f"cannot read file: {error.strerror or error}")
    return RawFile(ref.id, ref.source, data)


def unreadable(doc_id: str, source: str, message: str) -> Document:
    """A failed document for a file that could not even be read."""
    entry = AuditEntry(STAGE, Action.STATUS, Reason.INPUT_ERROR, detail=message)
    return Document(id=doc_id, source=source, status=Status.FAILED, error=message,
                    audit=(entry,))
