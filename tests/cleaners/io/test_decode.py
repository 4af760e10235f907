"""decode: any bytes in, text or a clear error out, never an exception."""

from __future__ import annotations

import codecs
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.cleaners.document import InputFormat, Status
from copydesk.cleaners.io.decode import (
    DecodeSettings,
    _utf8_with_count,
    declared_encoding,
    decode,
    input_format_for,
)
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.reasons import Reason

CONFIG = DecodeSettings()
TEXT = "Le café “Lumière” a rouvert — enfin. Señora Müller était là.\n"


def run(data: bytes, name: str = "doc.txt", config: DecodeSettings = CONFIG):
    return decode(RawFile("id", name, data), config)


@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
])
def test_a_byte_order_mark_decides(bom, codec):
    doc = run(bom + TEXT.encode(codec))
    assert doc.status is Status.CLEAN
    assert doc.text == TEXT
    assert doc.encoding == codec


def test_valid_utf8_is_utf8_even_when_a_page_declares_otherwise():
    page = '<html><head><meta charset="iso-8859-1"></head><body>' + TEXT + "</body></html>"
    doc = run(page.encode("utf-8"), "page.html")
    assert TEXT in doc.text
    assert doc.encoding == "utf-8"


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8():
    page = '<html><head><meta charset="windows-1252"></head><body>' + TEXT + "</body></html>"
    doc = run(page.encode("cp1252"), "page.html")
    assert TEXT in doc.text
    assert doc.encoding == "cp1252"


def test_latin1_without_declaration_is_detected():
    doc = run((TEXT * 20).replace("“", '"').replace("”", '"').replace("—", "-")
              .encode("latin-1"))
    assert doc.status is Status.CLEAN
    assert "café" in doc.text and "Müller" in doc.text
    assert "\ufffd" not in doc.text


def test_a_few_invalid_bytes_in_utf8_are_replaced_and_audited():
    data = (TEXT * 10).encode("utf-8") + b"broken \xff\xfe here\n"
    doc = run(data)
    assert doc.encoding == "utf-8"
    assert "café" in doc.text and "\ufffd" in doc.text
    assert [e.reason for e in doc.audit] == [Reason.DECODE_FALLBACK]


@pytest.mark.parametrize("data,message", [
    (b"", "empty file"),
    (b"  \n\t\n", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
])
def test_what_cannot_be_a_document_fails_with_a_clear_error(data, message):
    doc = run(data)
    assert doc.status is Status.FAILED
    assert message in doc.error


def test_gzip_is_read_and_a_truncated_stream_fails():
    packed = gzip.compress(TEXT.encode("utf-8") * 50)
    assert run(packed, "a.txt.gz").text == TEXT * 50
    broken = run(packed[: len(packed) // 2], "a.txt.gz")
    assert broken.status is Status.FAILED
    assert "truncated gzip" in broken.error
    assert "not a valid gzip" in run(b"plain text", "a.txt.gz").error


def test_a_gzip_bomb_stops_at_the_size_limit():
    bomb = gzip.compress(b"a" * 2_000_000)
    doc = run(bomb, "bomb.html.gz", DecodeSettings(max_bytes=1_000_000))
    assert doc.status is Status.FAILED
    assert "over the size limit" in doc.error


def test_unsupported_types_fail_and_text_that_is_html_is_read_as_html():
    assert "unsupported file type" in run(b"# notes", "README.md").error
    assert run(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt").input_format \
        is InputFormat.HTML
    assert input_format_for("A/B.HTM.GZ") is InputFormat.HTML


def test_declared_encoding_maps_web_labels():
    assert declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; '
                             b'charset=ISO-8859-1">') == "cp1252"
    assert declared_encoding(b'<?xml version="1.0" encoding="koi8-r"?>') == "koi8-r"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.txt.gz", "x.bin"]))
def test_decode_never_raises(data, name):
    doc = run(data, name)
    assert doc.status in (Status.CLEAN, Status.FAILED)
    assert (doc.error is None) == (doc.status is Status.CLEAN)


def _utf8_with_count_per_character(data: bytes) -> tuple[str, int, int]:
    """The counting as it was done before issue 11, one character at a time: the reference
    the codec-only version must equal on every input."""
    text = data.decode("utf-8", errors="surrogateescape")
    broken = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - broken
    if broken:
        text = data.decode("utf-8", errors="replace")
    return text, broken, multibyte


# Bytes that are mostly UTF-8 with broken pieces: the case the counts decide.
_PIECES = st.lists(st.one_of(
    st.text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=4),
    st.sampled_from([b"\xc3", b"\xa9", b"\xe2\x80", b"\xed\xa0\x80", b"\xf0\x9f\x98",
                     b"\xff", b"\xc0\xaf", b"\xf4\x90\x80\x80"])), max_size=30).map(b"".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.binary(max_size=300), _PIECES))
def test_utf8_counts_equal_the_per_character_count(data):
    assert _utf8_with_count(data) == _utf8_with_count_per_character(data)


def test_utf8_counts_on_a_page_with_broken_bytes():
    data = "Señora Müller — “enfin”".encode() * 50 + b"\xe9\xff" + b"\xc3(" * 3
    assert _utf8_with_count(data) == _utf8_with_count_per_character(data)
    assert _utf8_with_count(data)[1:] == (5, 250)
