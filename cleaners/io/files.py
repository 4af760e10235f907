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

A WARC file (`.warc`, `.warc.gz`) is not one document but as many as it has pages: each is a
reference of its own, found by scanning the file (`warc.py`). Its id hashes the file's path
and the record's `WARC-Record-ID` (its offset when it has none), its slug is made of the
page's URL, and its source is the file's path with the record's offset after a `#`
(`crawl.warc.gz#1448`: `warcio extract crawl.warc.gz 1448` prints it). The records that
are not documents are counted by kind (`Listing.skipped`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.ids import document_id, safe_source
from copydesk.cleaners.io import warc
from copydesk.cleaners.reasons import Action, Reason

#: Reading a file is the first part of decoding it: its failures are the decode stage's.
STAGE = "decode"


@dataclass(frozen=True, slots=True)
class RawRef:
    """A file found in the raw folder, not yet read."""

    id: str
    source: str  # POSIX path relative to the raw folder
    # The absolute path, when it is not `root/source` (a WARC record's file, a name that is
    # not UTF-8); None in the usual case: a run holds a reference to every document.
    stored_path: str | None
    root: str = ""  # the raw folder, resolved: nothing outside it is read
    refused: str | None = None  # why it is not read at all (a link that leads outside)
    offset: int | None = None  # for a record of a WARC file: where it starts in the file,
    length: int = 0  # how many bytes it takes,
    sha256: str | None = None  # and the SHA-256 of its payload when the file was listed

    @property
    def path(self) -> str:
        """The absolute path, for reading."""
        return self.stored_path if self.stored_path is not None else f"{self.root}/{self.source}"


@dataclass(frozen=True)
class RawFile:
    """A raw document as read: its stable id, its relative path, its bytes, and what the
    crawler knew of it (for a record of a WARC file: `warc.py`)."""

    id: str
    source: str
    data: bytes
    url: str | None = None  # the page's address
    fetched: str | None = None  # when it was fetched (ISO 8601)
    charset: str | None = None  # the charset its HTTP Content-Type declared
    media_type: str | None = None  # its HTTP Content-Type's media type: it decides the format
    http_status: int | None = None  # the HTTP status of the response


@dataclass
class Listing:
    """What the raw folder holds: the documents to read, and the records of its WARC files
    that are not documents, counted by kind ('request', 'response image/png', ...)."""

    refs: list[RawRef]
    skipped: Counter[str] = field(default_factory=Counter)
    warc_files: int = 0


@dataclass(frozen=True)
class _Found:
    key: str  # what the id hashes: the relative path, and for a WARC record its id
    label: str  # what the id's slug is made of
    source: str
    path: Path
    refused: str | None
    record: warc.Found | None = None


def discover(raw_dir: str | Path, exclude: str | Path | None = None) -> list[RawRef]:
    """Every document under `raw_dir` but hidden files and the `exclude` folder, sorted by
    id (each page of a WARC file is one)."""
    return list_raw(raw_dir, exclude).refs


def list_raw(raw_dir: str | Path, exclude: str | Path | None = None,
             max_bytes: int = 20_000_000) -> Listing:
    """The raw folder's documents, sorted by id, and the WARC records that are not
    documents; WARC payloads over `max_bytes` fail."""
    root = Path(raw_dir).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    skip = Path(exclude).resolve() if exclude is not None else None
    listing = Listing([])
    found: list[_Found] = []
    for folder, dirs, files in os.walk(root):  # links to folders are listed, not entered
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files) + [d for d in dirs if (here / d).is_symlink()]:
            if name.startswith("."):
                continue
            path = here / name
            relative, refused = path.relative_to(root).as_posix(), _refusal(path, root)
            if warc.is_warc(name) and refused is None:
                listing.warc_files += 1
                found.extend(_records(relative, path, max_bytes, listing.skipped))
            else:
                found.append(_Found(relative, relative, safe_source(relative), path, refused))
    listing.refs = _with_ids(found, root)
    return listing


def _records(relative: str, path: Path, max_bytes: int, skipped: Counter[str],
             ) -> list[_Found]:
    """The documents of one WARC file; the other records are counted in `skipped`. A file
    that cannot be opened is one failed document."""
    out = []
    try:
        for record in warc.scan(path, max_bytes):
            if not record.document:
                skipped[record.kind] += 1
                continue
            key = f"{relative}\0{record.record_id or record.offset}"
            out.append(_Found(key, _url_label(record.url) or relative,
                              f"{safe_source(relative)}#{record.offset}", path,
                              record.problem, record))
    except OSError as error:
        return [_Found(relative, relative, safe_source(relative), path,
                       f"cannot read file: {error.strerror or error}")]
    return out


def _url_label(url: str | None) -> str | None:
    """A URL without its scheme and query, to name a document by.

    >>> _url_label("https://www.example.org/news/2026/harbour-cranes?ref=rss")
    'www.example.org/news/2026/harbour-cranes'
    """
    if not url:
        return None
    parts = urlsplit(url)
    return (parts.netloc + parts.path) or None


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


def _with_ids(found: list[_Found], root: Path) -> list[RawRef]:
    """References sorted by id; keys whose short ids collide get the long form."""
    short = [document_id(item.key, label=item.label) for item in found]
    counts = Counter(short)
    refs = []
    folder = str(root)  # one string for every reference: a run holds them all
    for doc_id, item in zip(short, found, strict=True):
        if counts[doc_id] > 1:
            doc_id = document_id(item.key, full_hash=True, label=item.label)
        record = item.record
        path = str(item.path)
        stored = None if path == f"{folder}/{item.source}" else path
        refs.append(RawRef(doc_id, item.source, stored, folder, item.refused,
                           record.offset if record else None, record.length if record else 0,
                           record.sha256 if record else None))
    refs.sort(key=lambda ref: ref.id)
    return refs


def read(ref: RawRef, max_bytes: int) -> RawFile | Document:
    """The bytes of a raw file, or a failed document saying why they could not be had."""
    if ref.refused:
        return unreadable(ref.id, ref.source, ref.refused)
    if ref.offset is not None:
        return read_record(ref, max_bytes)
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


def read_record(ref: RawRef, max_bytes: int) -> RawFile | Document:
    """The payload of a WARC record and what the crawler knew of it, or a failed document."""
    assert ref.offset is not None
    try:
        target = Path(ref.path).resolve(strict=True)
        if ref.root and not target.is_relative_to(ref.root):
            return unreadable(ref.id, ref.source, "a symbolic link to a file outside the raw "
                                                  "folder: not read")
        payload = warc.read_record(target, ref.offset, ref.length, max_bytes)
    except warc.RecordError as error:
        return unreadable(ref.id, ref.source, str(error))
    except OSError as error:
        return unreadable(ref.id, ref.source, f"cannot read file: {error.strerror or error}")
    return RawFile(ref.id, ref.source, payload.data, payload.url, payload.fetched,
                   payload.charset, payload.media_type, payload.http_status)


def unreadable(doc_id: str, source: str, message: str) -> Document:
    """A failed document for a file that could not even be read."""
    entry = AuditEntry(STAGE, Action.STATUS, Reason.INPUT_ERROR, detail=message)
    return Document(id=doc_id, source=source, status=Status.FAILED, error=message,
                    audit=(entry,))
