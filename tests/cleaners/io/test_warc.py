"""WARC records: found by a scan, read one by one, damaged ones reported and skipped past."""

from __future__ import annotations

import hashlib

import pytest
from warcs import ARTICLE, CZECH, NOTICE, Warc, crawl

from copydesk.cleaners.document import Document, Status
from copydesk.cleaners.io import warc
from copydesk.cleaners.io.decode import DecodeSettings, decode
from copydesk.cleaners.io.files import list_raw, read
from copydesk.cleaners.reasons import Reason

LIMIT = 1_000_000
LONG_PAGE = b"<html><body><p>" + b"quay " * 400 + b"</p></body></html>"


def damaged_crawl(compress: bool) -> Warc:
    """The issue's crawl, then a record cut short in the middle of the file, a good record,
    and a last record cut short (the crawl stopped while writing it)."""
    return (crawl(compress)
            .response("https://coast-ledger.example/cut", LONG_PAGE).cut_last(0.6)
            .response("https://coast-ledger.example/after", NOTICE.encode(), "text/plain")
            .response("https://coast-ledger.example/end", LONG_PAGE).cut_last(0.7))


@pytest.mark.parametrize("compress", [True, False])
def test_scan_finds_each_record_and_reads_past_damage(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(damaged_crawl(compress).bytes())
    found = list(warc.scan(path, LIMIT))
    kinds = [f.kind for f in found]
    assert kinds[:2] == ["warcinfo", "request"]
    assert kinds[2:7] == ["page"] * 5 and kinds[7] == "response image/png"
    documents = [f for f in found if f.document]
    # the five pages, the one cut short in the middle, the good one after it, the last one
    assert len(documents) == 8
    assert [f.problem is None for f in documents] == [True] * 5 + [False, True, False]
    assert "damaged WARC record" in documents[5].problem
    # a gzip member cut short ends the file; an uncompressed record lacks bytes at the end
    assert ("the file ends inside a record" if compress else "bytes of its content are "
            "missing") in documents[7].problem
    offsets = [f.offset for f in found]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    after = documents[6]
    payload = warc.read_record(path, after.offset, after.length, LIMIT)
    assert payload.url == "https://coast-ledger.example/after"
    assert payload.data == NOTICE.encode()
    assert after.sha256 == hashlib.sha256(payload.data).hexdigest()


def test_records_carry_url_date_status_and_charset_and_encodings_are_undone(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl().bytes())
    pages = {payload.url: payload for payload in (
        warc.read_record(path, f.offset, f.length, LIMIT)
        for f in warc.scan(path, LIMIT) if f.document)}
    cranes = pages["https://coast-ledger.example/harbour-cranes"]
    assert (cranes.fetched, cranes.http_status, cranes.media_type, cranes.charset) == \
        ("2026-03-02T08:15:00Z", 200, "text/html", "utf-8")
    assert cranes.data == ARTICLE.encode()
    assert pages["https://coast-ledger.example/gone"].http_status == 404
    assert pages["https://coast-ledger.example/ferries.txt"].media_type == "text/plain"
    czech = pages["https://pristav.example/jeraby"]
    assert czech.charset == "windows-1250" and czech.data == CZECH.encode("cp1250")
    # sent gzip-compressed in chunks: the payload is the page itself
    assert pages["https://coast-ledger.example/harbour-cranes-2"].data == \
        ARTICLE.replace("harbour-cranes", "harbour-cranes-2").encode()


def test_a_payload_over_the_limit_or_in_an_unknown_encoding_fails(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(Warc().response("https://a.example/big", LONG_PAGE)
                     .response("https://a.example/zstd", b"(\xb5/\xfd", extra=[
                         ("Content-Encoding", "zstd")]).bytes())
    big, zstd = list(warc.scan(path, 1000))
    assert "over the size limit of 1000 bytes" in big.problem
    assert "content encoding 'zstd' cannot be undone" in zstd.problem


def test_listing_gives_each_page_an_id_named_by_its_url_and_a_source_with_its_offset(tmp_path):
    (tmp_path / "crawls").mkdir()
    (tmp_path / "crawls" / "day1.warc.gz").write_bytes(crawl().bytes())
    (tmp_path / "page.html").write_text("<p>x</p>")
    listing = list_raw(tmp_path)
    assert listing.warc_files == 1
    assert listing.skipped == {"warcinfo": 1, "request": 1, "response image/png": 1}
    sources = sorted(ref.source for ref in listing.refs)
    assert sources[-1] == "page.html"
    assert all(s.startswith("crawls/day1.warc.gz#") for s in sources[:-1])
    ids = {ref.id for ref in listing.refs}
    assert "pristav-example-jeraby" in {i.rsplit("-", 1)[0] for i in ids}
    # stable: the same file lists the same ids; another copy of it, other ids
    assert ids == {ref.id for ref in list_raw(tmp_path).refs}
    (tmp_path / "crawls" / "day2.warc.gz").write_bytes(
        (tmp_path / "crawls" / "day1.warc.gz").read_bytes())
    assert len({ref.id for ref in list_raw(tmp_path).refs}) == 2 * len(ids) - 1


def test_a_record_reads_as_a_document_with_its_url_and_charset(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(crawl().bytes())
    docs = {}
    for ref in list_raw(tmp_path).refs:
        raw = read(ref, LIMIT)
        assert not isinstance(raw, Document)
        docs[raw.url] = decode(raw, DecodeSettings())
    czech = docs["https://pristav.example/jeraby"]
    assert czech.encoding == "cp1250" and "Jeřáby v přístavu" in czech.text
    assert czech.fetched == "2026-03-03T10:00:00Z"
    assert [(e.reason, e.detail) for e in czech.audit][:2] == [
        (Reason.URL, "from the WARC record, fetched 2026-03-03T10:00:00Z"),
        (Reason.ENCODING, "cp1250, from the charset of the HTTP response")]
    gone = docs["https://coast-ledger.example/gone"]
    assert gone.status is Status.FILTERED
    assert gone.audit[-1].reason is Reason.HTTP_STATUS and "404" in gone.audit[-1].detail
    assert docs["https://coast-ledger.example/ferries.txt"].text == NOTICE


def test_a_damaged_record_reads_as_a_failed_document(tmp_path):
    (tmp_path / "crawl.warc").write_bytes(damaged_crawl(False).bytes())
    failed = [read(ref, LIMIT) for ref in list_raw(tmp_path).refs if ref.refused]
    assert len(failed) == 2
    assert all(isinstance(doc, Document) and doc.status is Status.FAILED for doc in failed)


def test_a_response_record_without_a_target_uri_is_damaged_not_a_failed_run(tmp_path):
    """warcio itself fails on it (AttributeError on the missing URI): issue 14's hostile
    folder made the whole run fail with it."""
    path = tmp_path / "garbage.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
                     + bytes(range(64)))
    found = list(warc.scan(path, LIMIT))
    assert [f.kind for f in found] == ["damaged"]
    assert "damaged WARC record at byte 0" in (found[0].problem or "")
