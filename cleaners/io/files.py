"""Raw files: find them under the raw folder and read them, one batch at a time.

Every file under the raw folder is a candidate, recursively, in sorted order. Hidden files
and folders (a name starting with ".") are skipped, and so is the clean folder when it lies
inside the raw folder. A file copydesk does not read still gets a manifest record (status
`failed`, with why).

Nothing outside the raw folder is ever read: a symbolic link to a folder is not followed
(it gets a `failed` record saying so), and a link to a file is read only when the file it
leads to lies inside the raw folder; one that leads outside gets a `failed` record, and so
does a link loop (one record for each link of it). The
check is made again when the file is read (it is opened by its resolved path, which may not
be a link), so a link swapped in between the two changes nothing.
"""

from __future__ import annotations

import errno
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
    root: str = ""  # the raw folder, resolved: nothing outside it is read
    refused: str | None = None  # why it is not read at all (a link that leads outside)


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
    found: list[tuple[str, Path, str | None]] = []  # (relative path, path, refused)
    for folder, dirs, files in os.walk(root):  # links to folders are listed, not entered
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files) + [d for d in dirs if (here / d).is_symlink()]:
            if name.startswith("."):
                continue
            path = here / name
            found.append((path.relative_to(root).as_posix(), path, _refusal(path, root)))
    return _with_ids(found, root)


#: Why a symbolic link that leads nowhere (it leads to itself, or to another that leads back)
#: is not read.
LOOP = "a symbolic link loop: not followed"


def _resolve(path: Path, strict: bool = False) -> Path | None:
    """`path` with every link followed, or None for a link loop (Python 3.11 and 3.12 raise
    RuntimeError for one, later versions OSError in strict mode only)."""
    try:
        return path.resolve(strict=strict)
    except RuntimeError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        raise


def _refusal(path: Path, root: Path) -> str | None:
    """Why a file found under the raw folder must not be read, or None."""
    if not path.is_symlink():
        return None
    target = _resolve(path)
    if target is None:
        return LOOP
    if target.is_dir():
        return "a symbolic link to a folder: not followed"
    if not target.is_relative_to(root):
        return "a symbolic link to a file outside the raw folder: not read"
    return None


def _with_ids(found: list[tuple[str, Path, str | None]], root: Path) -> list[RawRef]:
    """References sorted by id; paths whose short ids collide get the long form."""
    short = [document_id(relative) for relative, _, _ in found]
    counts: dict[str, int] = {}
    for doc_id in short:
        counts[doc_id] = counts.get(doc_id, 0) + 1
    refs = [RawRef(doc_id if counts[doc_id] == 1 else document_id(relative, full_hash=True),
                   safe_source(relative), str(path), str(root), refused)
            for doc_id, (relative, path, refused) in zip(short, found, strict=True)]
    refs.sort(key=lambda ref: ref.id)
    return refs


def read(ref: RawRef, max_bytes: int) -> RawFile | Document:
    """The bytes of a raw file, or a failed document saying why they could not be had."""
    if ref.refused:
        return unreadable(ref.id, ref.source, ref.refused)
    try:
        target = _resolve(Path(ref.path), strict=True)
        if target is None:
            return unreadable(ref.id, ref.source, LOOP)
        if ref.root and not target.is_relative_to(ref.root):
            return unreadable(ref.id, ref.source, "a symbolic link to a file outside the raw "
                                                  "folder: not read")
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return unreadable(ref.id, ref.source, "not a regular file")
            if info.st_size > max_bytes:
                return unreadable(ref.id, ref.source,
                                  f"file is {info.st_size} bytes, over the size limit of "
                                  f"{max_bytes} bytes")
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return unreadable(ref.id, ref.source, f"cannot read file: {error.strerror or error}")
    return RawFile(ref.id, ref.source, data)


def unreadable(doc_id: str, source: str, message: str) -> Document:
    """A failed document for a file that could not even be read."""
    entry = AuditEntry(STAGE, Action.STATUS, Reason.INPUT_ERROR, detail=message)
    return Document(id=doc_id, source=source, status=Status.FAILED, error=message,
                    audit=(entry,))
