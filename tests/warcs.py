"""WARC files for tests, written with warcio the way a crawler writes them."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour cranes return after a winter of repairs | Coast Ledger</title>
<link rel="canonical" href="https://coast-ledger.example/harbour-cranes"></head><body>
<nav><a href="/">Home</a> <a href="/port">Port</a> <a href="/weather">Weather</a></nav>
<article><h1>Harbour cranes return after a winter of repairs</h1>
<p>The three container cranes at the north quay were back at work on Monday after four
months in which engineers replaced their cables, gearboxes and control cabins.</p>
<p>Dock workers said the queue of ships waiting outside the breakwater had shrunk from
eleven to two by the evening, and the port authority expects the backlog to clear
within the week.</p>
<p>“We had to move every box twice while they were out,” said a crane driver who has
worked at the quay for nineteen years. “Now it is one lift again.”</p>
</article><footer>© 2026 Coast Ledger. All rights reserved.</footer></body></html>
"""

NOTICE = """Ferry timetable changes for the spring season

The morning ferry to the islands will leave twenty minutes earlier from the first of
March, the operator said, so that it meets the first train at the mainland terminal.

The evening crossing keeps its time. Tickets bought before the change stay valid.
"""

# Czech in windows-1250: declared only in the HTTP header, not in the page.
CZECH = """<html><head><title>Přístav</title></head><body><article>
<h1>Jeřáby v přístavu znovu v provozu</h1>
<p>Tři kontejnerové jeřáby na severním nábřeží se v pondělí vrátily do provozu po čtyřech
měsících oprav, během nichž technici vyměnili lana, převodovky a řídicí kabiny.</p>
<p>Fronta lodí čekajících před vlnolamem se podle přístavních dělníků do večera zkrátila
z jedenácti na dvě a správa přístavu očekává, že se zpoždění vyřeší během týdne.</p>
</article></body></html>
"""

NOT_FOUND = "<html><body><h1>Page not found</h1><p>Try the search box.</p></body></html>"


@dataclass
class Warc:
    """A WARC file being put together, one record at a time; `bytes()` gives the file."""

    compress: bool = True
    members: list[bytes] = field(default_factory=list)
    ids: list[str | None] = field(default_factory=list)  # WARC-Record-ID of each record

    def _write(self, record) -> None:
        out = io.BytesIO()
        WARCWriter(out, gzip=self.compress).write_record(record)
        self.members.append(out.getvalue())
        self.ids.append(record.rec_headers.get_header("WARC-Record-ID"))

    def _writer(self) -> WARCWriter:
        return WARCWriter(io.BytesIO(), gzip=self.compress)

    def info(self) -> Warc:
        self._write(self._writer().create_warcinfo_record("crawl.warc", {"software": "test"}))
        return self

    def request(self, url: str) -> Warc:
        headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])],
                                   is_http_request=True)
        self._write(self._writer().create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                      http_headers=headers))
        return self

    def response(self, url: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                 status: str = "200 OK", date: str = "2026-03-02T08:15:00Z",
                 extra: list[tuple[str, str]] | None = None) -> Warc:
        headers = [("Content-Type", content_type), *(extra or [])]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self._writer().create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date})
        self._write(record)
        return self

    def gzipped(self, url: str, body: bytes, **kwargs) -> Warc:
        """A response sent with `Content-Encoding: gzip` and chunked transfer."""
        packed = gzip.compress(body, mtime=0)
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part)
                           for part in (packed[:100], packed[100:]) if part) + b"0\r\n\r\n"
        return self.response(url, chunked, extra=[("Content-Encoding", "gzip"),
                                                  ("Transfer-Encoding", "chunked")], **kwargs)

    def cut_last(self, keep: float = 0.5) -> Warc:
        """Cut the last record short, as a crawl that stopped while writing it."""
        last = self.members[-1]
        self.members[-1] = last[: int(len(last) * keep)]
        return self

    def bytes(self) -> bytes:
        return b"".join(self.members)


def crawl(compress: bool = True) -> Warc:
    """The WARC file of the issue's test: a page, a text, a 404, a page declared
    windows-1250 only in its HTTP header, a gzip-encoded chunked response, an image, a
    request and the file's warcinfo."""
    return (Warc(compress).info()
            .request("https://coast-ledger.example/harbour-cranes")
            .response("https://coast-ledger.example/harbour-cranes", ARTICLE.encode())
            .response("https://coast-ledger.example/ferries.txt", NOTICE.encode(),
                      "text/plain", date="2026-03-02T08:16:00Z")
            .response("https://coast-ledger.example/gone", NOT_FOUND.encode(),
                      status="404 Not Found")
            .response("https://pristav.example/jeraby", CZECH.encode("cp1250"),
                      "text/html; charset=windows-1250", date="2026-03-03T10:00:00Z")
            .gzipped("https://coast-ledger.example/harbour-cranes-2",
                     ARTICLE.replace("harbour-cranes", "harbour-cranes-2").encode())
            .response("https://coast-ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" * 20,
                      "image/png"))
