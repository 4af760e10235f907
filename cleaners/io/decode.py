"""Decode: raw bytes of any encoding to text, never an exception.

The order is the one browsers use, with one change that suits scraped files: a byte-order
mark decides; otherwise bytes that are valid UTF-8 are UTF-8 (non-UTF-8 text almost never
validates, while pages that declare a charset often lie); otherwise the charset the HTTP
response declared (a WARC record's `Content-Type`), then the one the page declares
(`<meta charset>`, `http-equiv`, an XML declaration), each used only if the bytes decode in
it; otherwise `charset_normalizer` guesses; and as a last resort Windows-1252 with
replacement characters, which decodes every byte.

A file that is mostly UTF-8 (at least as many well-formed multi-byte sequences as broken
bytes: text in a single-byte encoding has almost none of the former) stays UTF-8, with the
broken bytes replaced by U+FFFD and flagged, since what they were cannot be known. Every
document decoded as something other than UTF-8 says which encoding and why in its audit.

What cannot be a document (empty, binary, over the size limit, a broken gzip stream, a type
copydesk does not read) gets status `failed` with a message that says why.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zlib

import charset_normalizer

from copydesk.cleaners.document import AuditEntry, Document, InputFormat, Status
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.settings import Int, Settings, setting
from copydesk.cleaners.stage import Stage

NAME = "decode"


class DecodeSettings(Settings):
    # A news article is rarely over 1 MB of HTML; 20 MB leaves room for bloated pages while
    # keeping one hostile file from taking the memory of a batch.
    max_bytes: Int = setting(20_000_000, "larger files (also after decompression) fail", gt=0)
    # How many bytes charset detection looks at when neither a BOM nor a declared charset
    # decides; detection time grows with the sample.
    detect_sample_bytes: Int = setting(200_000, "bytes charset detection looks at", gt=0)

#: File name endings copydesk reads, and the format each means.
SUFFIXES: dict[str, InputFormat] = {
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".txt": InputFormat.TEXT,
}
GZIP_SUFFIX = ".gz"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_:.-]+)""",
    re.IGNORECASE,
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])",
                         re.IGNORECASE | re.DOTALL)
# WHATWG: these labels mean windows-1252 on the web.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                "ascii": "cp1252", "us-ascii": "cp1252", "iso8859-1": "cp1252"}
#: Media types of a WARC record's payload that are documents, and the format each means.
MEDIA_TYPES: dict[str, InputFormat] = {
    "text/html": InputFormat.HTML,
    "application/xhtml+xml": InputFormat.HTML,
    "text/plain": InputFormat.TEXT,
}
_ASCII_BYTES = bytes(range(0x80))


class InputError(ValueError):
    """The bytes cannot be a document; the message is what the manifest shows."""


def input_format_for(source: str) -> InputFormat | None:
    """The format a file name promises, or None when copydesk does not read that type.

    >>> input_format_for("a/b.HTML.gz")
    <InputFormat.HTML: 'html'>
    >>> input_format_for("notes.md") is None
    True
    """
    name = source.lower()
    if name.endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def decode(raw: RawFile, config: DecodeSettings) -> Document:
    """Turn a raw file into a `Document` holding its text, or a failed one saying why."""
    doc = Document(id=raw.id, source=raw.source, url=raw.url, fetched=raw.fetched,
                   raw_sha256=hashlib.sha256(raw.data).hexdigest())
    if raw.url:
        doc = doc.with_changes([AuditEntry(NAME, Action.METADATA, Reason.URL, text=raw.url,
                                           detail=_fetched(raw))])
    if raw.http_status is not None and raw.http_status != 200:  # a WARC record's
        detail = f"HTTP status {raw.http_status}: the crawler got no page"
        entry = AuditEntry(NAME, Action.STATUS, Reason.HTTP_STATUS, detail=detail)
        return doc.with_changes([entry], status=Status.FILTERED)
    try:
        data, fmt = _payload(raw, config)
        check_size(data, config.max_bytes)
        text, encoding, entries = bytes_to_text(data, config, raw.charset)
    except InputError as error:
        entry = AuditEntry(NAME, Action.STATUS, Reason.INPUT_ERROR, detail=str(error))
        return doc.with_changes([entry], status=Status.FAILED, error=str(error))
    if fmt is InputFormat.TEXT and _HTML_START.match(data[:2048]):
        fmt = InputFormat.HTML
    return doc.with_changes(entries, input_format=fmt, encoding=encoding, text=text)


def _fetched(raw: RawFile) -> str:
    return f"from the WARC record, fetched {raw.fetched}" if raw.fetched else \
        "from the WARC record"


def _payload(raw: RawFile, config: DecodeSettings) -> tuple[bytes, InputFormat]:
    """The bytes to decode and the format they are in: from the media type of a WARC
    record, else from the file name (a `.gz` file is decompressed)."""
    if raw.media_type is not None:
        fmt = MEDIA_TYPES.get(raw.media_type)
        if fmt is None:
            raise InputError(f"unsupported media type {raw.media_type!r}: copydesk reads "
                             + ", ".join(MEDIA_TYPES))
        return raw.data, fmt
    named = input_format_for(raw.source)
    if named is None:
        raise InputError("unsupported file type: copydesk reads .html, .htm and .txt files, "
                         "each optionally gzip-compressed (.gz), and .warc/.warc.gz files")
    if raw.source.lower().endswith(GZIP_SUFFIX):
        return gunzip(raw.data, config.max_bytes), named
    return raw.data, named


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip stream, refusing broken streams and output over `max_bytes`."""
    if not data:
        raise InputError("empty file")
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise InputError(f"not a valid gzip stream: {error}") from None
    if len(out) > max_bytes:
        raise InputError(f"gzip content is over the size limit of {max_bytes} bytes")
    if not decompressor.eof:
        raise InputError(f"truncated gzip stream: it ends after {len(out)} bytes of content")
    return out


def check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(f"file is {len(data)} bytes, over the size limit of {max_bytes} bytes")
    if not data.strip():
        raise InputError("empty file" if not data else "file holds only whitespace")


def bytes_to_text(data: bytes, config: DecodeSettings, http_charset: str | None = None,
                  ) -> tuple[str, str, list[AuditEntry]]:
    """Decode bytes; returns the text, the encoding used, and audit entries saying why an
    encoding other than UTF-8 was used and what could not be decoded."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_lossy(data[len(bom):], encoding, "its byte-order mark")

    if _looks_binary(data):
        guess = charset_normalizer.from_bytes(data[: config.detect_sample_bytes]).best()
        if guess is not None and guess.encoding.startswith(("utf_16", "utf_32")):
            return _decode_lossy(data, guess.encoding, "detection (the text has NUL bytes)")
        raise InputError("binary file: it contains NUL bytes and is not UTF-16 or UTF-32 text")

    text, broken, multibyte = _utf8_with_count(data)
    if broken == 0:
        return text, "utf-8", []
    if 0 < multibyte and broken <= multibyte:
        return text, "utf-8", [_fallback_entry("utf-8", broken)]

    for declared, why in ((codec_for(http_charset), "the charset of the HTTP response"),
                          (declared_encoding(data), "the charset the page declares")):
        if declared is not None:
            try:
                return data.decode(declared), declared, [_chosen(declared, why)]
            except UnicodeDecodeError:
                pass

    guess = charset_normalizer.from_bytes(data[: config.detect_sample_bytes]).best()
    if guess is not None:
        try:
            return (data.decode(guess.encoding), guess.encoding,
                    [_chosen(guess.encoding, "detection (charset-normalizer)")])
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_lossy(data, "cp1252", "the last resort (no other encoding fits)")


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    return codec_for((match.group(1) or match.group(2)).decode("ascii"))


def codec_for(label: str | None) -> str | None:
    """Python's codec for a charset label as the web uses it, or None when it has none.

    >>> codec_for("ISO-8859-1"), codec_for("Shift_JIS"), codec_for("x-unknown")
    ('cp1252', 'shift_jis', None)
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _utf8_with_count(data: bytes) -> tuple[str, int, int]:
    r"""Decode as UTF-8 with replacement; count broken and well-formed multi-byte sequences.

    The codec does the work: valid UTF-8 (almost every page) is one strict decode. Otherwise
    each byte that is not part of a valid sequence is one lone surrogate under
    `surrogateescape` and is dropped under `ignore`, so the broken bytes are the bytes that
    `ignore` loses; and every byte under 0x80 is one ASCII character either way, so the
    non-ASCII characters are the characters that are not ASCII bytes.

    >>> _utf8_with_count("café".encode())
    ('café', 0, 1)
    >>> _utf8_with_count(b"caf\xe9 au lait \xc3\xa9t\xc3\xa9")
    ('caf\ufffd au lait été', 1, 2)
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, 0, len(text) - (len(data) - len(data.translate(None, _ASCII_BYTES)))
    escaped = data.decode("utf-8", errors="surrogateescape")
    broken = len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    ascii_chars = len(data) - len(data.translate(None, _ASCII_BYTES))
    multibyte = len(escaped) - ascii_chars - broken
    return data.decode("utf-8", errors="replace"), broken, multibyte


def _decode_lossy(data: bytes, encoding: str, why: str) -> tuple[str, str, list[AuditEntry]]:
    text = data.decode(encoding, errors="replace")
    broken = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    entries = [] if encoding == "utf-8" else [_chosen(encoding, why)]
    if broken:
        entries.append(_fallback_entry(encoding, broken))
    return text, encoding, entries


def _chosen(encoding: str, why: str) -> AuditEntry:
    return AuditEntry(NAME, Action.METADATA, Reason.ENCODING, detail=f"{encoding}, from {why}")


def _fallback_entry(encoding: str, broken: int) -> AuditEntry:
    return AuditEntry(NAME, Action.FLAGGED, Reason.DECODE_FALLBACK,
                      detail=f"{broken} byte sequence(s) invalid in {encoding} "
                             "were replaced with U+FFFD")


STAGE = Stage(
    name=NAME,
    summary="bytes to text: a byte-order mark decides; bytes valid as UTF-8 are UTF-8; else "
            "the charset of the HTTP response, then the one the page declares; else detection "
            "(charset-normalizer); else Windows-1252 with replacement. Gzip is read. Empty, "
            "binary, oversized, truncated or unsupported files fail with a clear error; a WARC "
            "response other than 200 is filtered.",
    settings=DecodeSettings,
    reasons=(Reason.URL, Reason.ENCODING, Reason.DECODE_FALLBACK, Reason.HTTP_STATUS,
             Reason.INPUT_ERROR),
    read=decode,
)
