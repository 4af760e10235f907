"""WARC files: every response with a page in it is a document.

Crawlers (wget `--warc-file`, Heritrix, Browsertrix, Common Crawl) store what they fetched as
WARC records, often thousands to a file. warcio reads them. A `response` record (or a
`resource` record, which has no HTTP part) whose payload is HTML or plain text is one
document, with the URL it was fetched from, the time (`WARC-Date`), the HTTP status and the
charset of the HTTP `Content-Type`; the payload is handed on with the transfer and content
encodings (chunked, gzip, deflate, brotli) undone. Other records (`request`, `warcinfo`,
`metadata`, `revisit`, and responses with images, scripts, styles...) are not documents:
the run counts them by kind in `run.json`.

A WARC file is scanned once when the raw folder is listed (`scan`): each document record's
offset, length and the SHA-256 of its payload (what an incremental run compares). A worker
then reads the record alone, by its offset (`read_record`). A record that cannot be read
(bad headers, a gzip member cut short, a payload shorter than its `Content-Length`) becomes
one failed document; the scan looks for the next record after it and goes on.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed

#: File name endings of WARC files (each record its own gzip member in `.warc.gz`).
SUFFIXES = (".warc", ".warc.gz")
#: Record types that can hold a page.
PAGE_RECORDS = ("response", "resource")
#: Media types that are documents.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
#: Headers and framing a record may hold on top of its payload: a record longer than the
#: payload limit plus this fails without being read.
_HEADROOM = 1 << 20
_CHUNK = 1 << 16
# Where a record may start, to look for the next one after a damaged record.
_GZIP_MEMBER = re.compile(rb"\x1f\x8b\x08")
_WARC_START = re.compile(rb"WARC/1\.[01]\r?\n")


def is_warc(name: str) -> bool:
    """Whether a file name is a WARC file's.

    >>> is_warc("crawl-01.WARC.GZ"), is_warc("page.html.gz")
    (True, False)
    """
    return name.lower().endswith(SUFFIXES)


@dataclass(frozen=True)
class Found:
    """One record of a WARC file as the scan saw it."""

    offset: int
    length: int  # bytes the record takes in the file (0 when unknown: damaged)
    kind: str  # 'response', 'request', ... ; for a response that is no page, its media type
    record_id: str | None = None
    sha256: str | None = None  # of the payload, for a document
    problem: str | None = None  # why the record cannot be read; it fails as a document
    url: str | None = None

    @property
    def document(self) -> bool:
        """Whether the record is a document (a damaged one fails as one): a page, or a
        record whose kind could not even be read."""
        return self.kind in ("page", "damaged") or (self.problem is not None
                                                   and self.kind in PAGE_RECORDS)


@dataclass(frozen=True)
class Payload:
    """A document record's payload and what the crawler knew of it."""

    data: bytes
    url: str | None
    fetched: str | None
    media_type: str
    charset: str | None
    http_status: int | None


class RecordError(ValueError):
    """A record cannot be read as a document; the message says why."""


class _Records(ArchiveIterator):
    """warcio's iterator without its warning about a record that does not end where its
    Content-Length says (it prints the rest of the record): `err_count` counts them, and
    the scan reports such a record as damaged."""

    INC_RECORD = ""


#: What warcio raises on a damaged record: its own errors, and on some malformed headers a
#: bug of its own (a record of type response without a target URI: AttributeError on None).
_PARSE_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError, UnicodeDecodeError,
                 AttributeError, TypeError, KeyError, IndexError)


def scan(path: str | Path, max_bytes: int) -> Iterator[Found]:
    """Every record of a WARC file, in order. A damaged record is reported (a page, or
    anything at a place where no record could be parsed, as a problem: it fails as a
    document), and the scan goes on from the next record it can find."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        start: int | None = 0
        while start is not None and start < size:
            start = yield from _scan_from(handle, start, size, max_bytes)


def _scan_from(handle: BinaryIO, start: int, size: int, max_bytes: int,
               ) -> Generator[Found, None, int | None]:
    """The records from `start` on; returns where to look on after a damaged record, or None
    at the end of the file."""
    handle.seek(start)
    records = _Records(handle, verify_http=False)
    at = start  # where the record being read starts
    try:
        for record in records:
            kind, record_id = _kind(record), _record_id(record)
            url = record.rec_headers.get_header("WARC-Target-URI")
            sha256 = problem = None
            if kind == "page":
                try:
                    sha256 = _payload_digest(record, max_bytes)
                except RecordError as error:
                    problem = str(error)
            errors = records.err_count
            offset, length = records.get_record_offset(), records.get_record_length()
            if records.err_count > errors:  # what follows is not the end of a record
                yield Found(offset, 0, kind, record_id, None, _damaged(
                    offset, "its Content-Length does not end where the next record starts "
                            "(the record is cut short or the file is damaged)"), url)
                return _next_start(handle, offset + 1)
            yield Found(offset, length, kind, record_id, sha256, problem, url)
            at = offset + length
    except _PARSE_ERRORS as error:
        yield Found(at, 0, "damaged", None, None, _damaged(at, _say(error)))
        return _next_start(handle, at + 1)
    handle.seek(at)
    if handle.read(_CHUNK).strip(b"\r\n"):  # the iterator stopped before the end of the file
        yield Found(at, 0, "damaged", None, None, _damaged(
            at, f"the file ends inside a record ({size - at} bytes after the last complete "
                "one)"))
        return _next_start(handle, at + 1)
    return None


def _damaged(offset: int, why: str) -> str:
    return f"damaged WARC record at byte {offset}: {why}"


def read_record(path: str | Path, offset: int, length: int, max_bytes: int) -> Payload:
    """The payload of the document record at `offset`, with what the crawler knew of it."""
    if length > max_bytes + _HEADROOM:
        raise RecordError(f"record is {length} bytes, over the size limit of {max_bytes} bytes")
    with open(path, "rb") as handle:
        handle.seek(offset)
        chunk = handle.read(length)
    if len(chunk) < length:
        raise RecordError("the WARC file is shorter than when it was listed")
    try:
        record = next(iter(_Records(io.BytesIO(chunk), verify_http=False)))
        if _kind(record) != "page":
            raise RecordError("the record is not a page")
        data = _read_payload(record, max_bytes)
    except (StopIteration, *_PARSE_ERRORS) as error:
        if isinstance(error, RecordError):
            raise
        raise RecordError(f"damaged WARC record: {_say(error)}") from None
    media_type, charset = content_type(record)
    status = record.http_headers.get_statuscode() if record.http_headers else None
    return Payload(data, record.rec_headers.get_header("WARC-Target-URI"),
                   record.rec_headers.get_header("WARC-Date"), media_type, charset,
                   int(status) if status and status.isdigit() else None)


def content_type(record: Any) -> tuple[str, str | None]:
    """The media type and charset of a record's payload: the HTTP `Content-Type` of a
    response, the record's own for a resource.

    >>> from warcio.statusandheaders import StatusAndHeaders
    >>> class R:
    ...     http_headers = StatusAndHeaders("200 OK", [
    ...         ("Content-Type", 'text/HTML; Charset="windows-1251"')], protocol="HTTP/1.1")
    >>> content_type(R())
    ('text/html', 'windows-1251')
    """
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers else record.content_type
    message = Message()
    message["Content-Type"] = value or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _kind(record: Any) -> str:
    """'page' for a record that is a document, else what it is."""
    if record.rec_type not in PAGE_RECORDS:
        return str(record.rec_type)
    media_type, _ = content_type(record)
    return "page" if media_type in PAGE_TYPES else f"{record.rec_type} {media_type}"


def _record_id(record: Any) -> str | None:
    value = record.rec_headers.get_header("WARC-Record-ID")
    return value.strip("<>") if value else None


def _payload_digest(record: Any, max_bytes: int) -> str:
    digest = hashlib.sha256()
    for block in _blocks(record, max_bytes):
        digest.update(block)
    return digest.hexdigest()


def _read_payload(record: Any, max_bytes: int) -> bytes:
    return b"".join(_blocks(record, max_bytes))


def _blocks(record: Any, max_bytes: int) -> Iterator[bytes]:
    """The payload of a record in blocks, with its encodings undone; refuses one over
    `max_bytes`, an encoding that cannot be undone, and a record cut short."""
    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower() \
        if record.http_headers else ""
    if encoding not in ("", "identity") and \
            encoding not in BufferedReader.get_supported_decompressors():
        raise RecordError(f"content encoding {encoding!r} cannot be undone")
    stream = record.content_stream()
    total = 0
    while block := stream.read(_CHUNK):
        total += len(block)
        if total > max_bytes:
            raise RecordError(f"payload is over the size limit of {max_bytes} bytes")
        yield block
    while record.raw_stream.read(_CHUNK):  # what the decoder left: trailers, padding
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise RecordError(f"truncated WARC record: {missing} bytes of its content are missing")


def _next_start(handle: BinaryIO, after: int) -> int | None:
    """Where the next record may start after a damaged one: the next gzip member in a
    compressed file, the next `WARC/1.x` line in a plain one; None when there is none."""
    handle.seek(0)
    compressed = handle.read(2) == b"\x1f\x8b"
    marker = _GZIP_MEMBER if compressed else _WARC_START
    size = os.fstat(handle.fileno()).st_size
    position = after
    while position < size:
        handle.seek(position)
        window = handle.read(_CHUNK + 16)
        match = marker.search(window)
        if match:
            return position + match.start()
        position += _CHUNK
    return None


def _say(error: BaseException) -> str:
    """An error as one short line of printable text (warcio quotes the bytes it could not
    parse: they are cut off)."""
    text = " ".join(str(error).split())
    text = text[:next((i for i, c in enumerate(text) if not c.isprintable()), len(text))]
    text = text.removesuffix(", first line:").strip()[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
