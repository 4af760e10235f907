"""A hostile raw folder: every kind of input a careless scraper or a malicious user can leave.

    .venv/bin/python tests/hostile/generate.py OUT [--outside DIR] [--no-slow]

Nothing here is committed as data: the files are written by `generate`, which returns what
each raw entry must come out as (`Expect`: the manifest `source`, the statuses allowed, and a
piece of the error or the reason code). The tests (`tests/integration/test_hostile.py`) run
the real `copydesk run` over the folder and hold every record to it.

Some kinds need a place outside the raw folder (a secret file that a symbolic link points at,
a folder to link to): `outside`. The secret holds `marker`, a string that must appear nowhere
in the clean folder. `slow=True` adds the page of 1,000,000 `<p>` (8 MB) that ran for over
twenty minutes before documents had a time limit; it fails with `timeout` when the limit is
short. A file the process cannot read (mode 000) is only made when not running as root (root
reads it anyway).

Every document that should come out clean has prose of its own (random common English
words), so that the corpus-wide dedup leaves each one its text.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import os
import random
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

CLEAN = frozenset({"clean"})
FAILED = frozenset({"failed"})
NOT_CLEAN = frozenset({"failed", "filtered"})
COPIES = frozenset({"clean", "duplicate"})  # two files of one text: one keeps it

#: Words of the generated prose: common English words, spelled out here so that the corpus
#: is the same whatever the installed word lists are.
WORDS = tuple("""
able about above accept across action active actual address admit adult affect after again
against agency agent agree ahead allow almost alone along already also although always amount
analysis animal another answer anyone appear apply approach area argue around arrive article
artist assume attack attention audience author avoid away baby back ball bank base beat
beautiful because become before begin behavior behind believe benefit best better between
beyond bill black blood blue board body book born both break bring brother budget build
building business call camera campaign cancer candidate capital card care career carry case
catch cause cell center central century certain chair challenge chance change character
charge check child choice choose church citizen city civil claim class clear close coach cold
collection college color come commercial common community company compare computer concern
condition conference consider consumer contain continue control cost could country couple
course court cover create crime cultural culture current customer dark data daughter dead deal
death debate decade decide decision deep defense degree describe design despite detail develop
difference different difficult dinner direction director discover discuss disease doctor door
down draw dream drive drop drug during early east easy economic economy edge education effect
effort eight either election else employee energy enjoy enough enter entire environment
especially establish even evening event ever every evidence exactly example executive exist
expect experience expert explain face fact factor fail fall family father fear federal feel
field fight figure fill film final finally financial find fine finger finish fire firm first
fish five floor focus follow food foot force foreign forget form former forward four free
friend front full fund future game garden general generation girl give glass goal good
government great green ground group grow growth guess hair half hand happen happy hard have
head health hear heart heat heavy help here herself high himself history hold home hope
hospital hotel hour house however huge human hundred husband idea identify image imagine
impact important improve include increase indeed indicate individual industry information
inside instead institution interest international interview into investment involve island
issue itself join just keep kill kind kitchen know knowledge land language large last late
later laugh lawyer lead leader learn least leave left legal less letter level life light
like likely line list listen little live local long look lose loss love machine magazine main
maintain major majority make manage management manager many market marriage material matter
maybe mean measure media medical meet meeting member memory mention message method middle
might military million mind minute miss mission model modern moment money month more morning
most mother mouth move movement movie much music must myself name nation national natural
nature near nearly necessary need network never news newspaper next nice night none north
note nothing notice number occur offer office officer official often once only onto open
operation opportunity option order organization other outside owner page pain painting paper
parent part participant particular partner party pass past patient pattern peace people
perform perhaps period person personal phone physical pick picture piece place plan plant
play player point police policy political poor popular population position positive possible
power practice prepare present president pressure pretty prevent price private probably
problem process produce product production professional professor program project property
protect prove provide public pull purpose push quality question quickly quite race radio raise
range rate rather reach read ready real reality realize really reason receive recent recently
recognize record reduce reflect region relate relationship religious remain remember remove
report represent require research resource respond response rest result return reveal rich
right rise risk river road rock role room rule safe same save scene school science season
seat second section security seek seem sell send senior sense series serious serve service
seven several shake share shoot short shot should shoulder show side sign significant similar
simple simply since sing single sister site situation size skill skin small smile social
society soldier some somebody someone something sometimes song soon sort sound source south
southern space speak special specific speech spend sport spring staff stage stand standard
star start state statement station stay step still stock stop store story strategy street
strong structure student study stuff style subject success successful such suddenly suffer
suggest summer support sure surface system table take talk task teach teacher team
technology television tell tend term test than thank their them themselves theory there these
they thing think third those though thought thousand threat three through throughout throw
thus time today together tonight total tough toward town trade traditional training travel
treat treatment tree trial trip trouble true truth turn under understand unit until upon used
usually value various very victim view violence visit voice vote wait walk wall want watch
water weapon wear week weight well west western what whatever when where whether which while
white whole whom whose wide wife will wind window wish with within without woman wonder word
work worker world worry would write writer wrong yard yeah year young yourself
""".split())


@dataclass(frozen=True)
class Expect:
    """What one raw entry must come out as."""

    source: str  # the manifest's `source` (undecodable bytes of a name as \\xNN)
    kind: str  # what it is, in a few words
    statuses: frozenset[str]  # the statuses it may end as
    error: str | None = None  # a piece of the error (failed) ...
    reason: str | None = None  # ... or the reason code it must carry
    audit: str | None = None  # a reason code its audit must hold
    text: str | None = None  # a piece of its published text
    warc: bool = False  # a WARC file: one record per entry it holds, `source#offset`


@dataclass
class Hostile:
    """A hostile raw folder as written: what each entry must come out as, the marker of the
    secret outside it, and marker strings of text a browser never displays."""

    raw: Path
    outside: Path
    marker: str
    hidden_markers: list[str] = field(default_factory=list)
    expected: dict[str, Expect] = field(default_factory=dict)

    def expect(self, source: str, kind: str, statuses: frozenset[str],
               error: str | None = None, reason: str | None = None, **more: object) -> None:
        assert source not in self.expected, source
        self.expected[source] = Expect(source, kind, statuses, error, reason,
                                       **more)  # type: ignore[arg-type]


class Prose:
    """Distinct paragraphs of common English words, the same for the same seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(10, 16))
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))

    def title(self) -> str:
        return " ".join(self.rng.choices(WORDS, k=6)).capitalize()

    def article(self, paragraphs: int = 3) -> str:
        """A scraped text: title, blank line, paragraphs separated by blank lines."""
        return "\n\n".join([self.title()] + [self.paragraph() for _ in range(paragraphs)]) + "\n"

    def page(self, paragraphs: int = 3) -> str:
        """An HTML page with an article."""
        body = "".join(f"<p>{self.paragraph()}</p>\n" for _ in range(paragraphs))
        title = self.title()
        return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>"
                f"</head><body><article><h1>{title}</h1>\n{body}</article></body></html>\n")


def _name(raw: Path, name: bytes) -> bytes:
    return os.path.join(os.fsencode(raw), name)


def _write(raw: Path, name: str | bytes, data: bytes) -> None:
    path = _name(raw, name if isinstance(name, bytes) else name.encode("utf-8"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)


def _gzip_stream(chunk: bytes, times: int) -> bytes:
    """`chunk` repeated `times` times, gzip-compressed, without holding the whole in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(chunk) for _ in range(times)]
    return b"".join(parts) + compressor.flush()


def generate(raw: Path, outside: Path, marker: str = "CD-SECRET-7f3a9c1e55b2",
             slow: bool = True, seed: int = 14) -> Hostile:
    """Write the hostile raw folder `raw` (and the files it links to in `outside`)."""
    raw.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    prose = Prose(seed)
    h = Hostile(raw, outside, marker)

    # --- files an ordinary run reads -------------------------------------------------------
    _write(raw, "plain.txt", prose.article().encode())
    # link-inside.txt below reads the same text: one of the two is the other's duplicate.
    h.expect("plain.txt", "an ordinary scraped text", COPIES)
    _write(raw, "plain.html", prose.page().encode())
    h.expect("plain.html", "an ordinary HTML page", CLEAN)

    # --- links: nothing outside raw/ is read ---------------------------------------------
    (outside / "secret.txt").write_text(f"Secret\n\n{marker} {prose.paragraph()}\n")
    (outside / "folder").mkdir(exist_ok=True)
    (outside / "folder" / "inside.txt").write_text(f"{marker}\n\n{prose.paragraph()}\n")
    links = [("link-etc-passwd.txt", "/etc/passwd", "a file outside the raw folder"),
             ("link-secret.txt", str(outside / "secret.txt"), "a file outside the raw folder"),
             ("link-secret-relative.txt", os.path.relpath(outside / "secret.txt", raw),
              "a file outside the raw folder"),
             ("link-folder.html", str(outside / "folder"), "a symbolic link to a folder"),
             ("sub/link-up", "..", "a symbolic link to a folder"),
             ("loop-a.txt", "loop-b.txt", "symbolic link"),
             ("loop-b.txt", "loop-a.txt", "symbolic link"),
             ("loop-self.txt", "loop-self.txt", "symbolic link"),
             ("dangling.txt", "no-such-file.txt", "")]
    for source, target, error in links:
        (raw / source).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, raw / source)
        h.expect(source, f"a symbolic link to {target}", FAILED, error or None)
    (raw / "sub" / "beside.txt").write_text(prose.article())
    h.expect("sub/beside.txt", "a file next to a link to its own folder", CLEAN)
    os.symlink("plain.txt", raw / "link-inside.txt")
    h.expect("link-inside.txt", "a symbolic link to a file inside raw/ (read: a copy of it)",
             COPIES)

    # --- files that are not documents -----------------------------------------------------
    os.mkfifo(raw / "pipe.txt")
    h.expect("pipe.txt", "a FIFO (a reader would block on it)", FAILED, "not a regular file")
    _write(raw, "empty.txt", b"")
    h.expect("empty.txt", "an empty file", FAILED, "empty file")
    _write(raw, "whitespace.txt", b" \n\t\r\n   \n")
    h.expect("whitespace.txt", "whitespace only", FAILED, "only whitespace")
    _write(raw, "invisible.txt", "\u00a0\u200b\u3000 \u2060\n\u00a0\u00a0\u200b\n".encode())
    h.expect("invisible.txt", "NBSP, zero-width and ideographic spaces only",
             frozenset({"filtered"}), reason="empty-document")
    _write(raw, "bom-only.txt", codecs.BOM_UTF8)
    h.expect("bom-only.txt", "a byte-order mark and nothing else", NOT_CLEAN)
    _write(raw, "nul-bytes.html", b"<html>\x00\x00\x01ELF" + bytes(range(256)) * 16)
    h.expect("nul-bytes.html", "binary: NUL bytes", FAILED, "binary file")
    _write(raw, "report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    h.expect("report.pdf", "a file type copydesk does not read", FAILED,
             "unsupported file type")
    with open(raw / "oversized.txt", "wb") as big:  # sparse: no disk space taken
        big.truncate(50_000_000)
    h.expect("oversized.txt", "a file of 50 MB, over the size limit (20 MB)", FAILED,
             "over the size limit")
    _write(raw, "bomb.html.gz", _gzip_stream(b"<p>" + b"a" * 1021, 30_000))  # 30 MB inside
    h.expect("bomb.html.gz", "a gzip bomb (30 MB of HTML in 30 KB)", FAILED,
             "over the size limit")
    _write(raw, "truncated.txt.gz", gzip.compress(prose.article().encode(), mtime=0)[:40])
    h.expect("truncated.txt.gz", "a truncated gzip stream", FAILED, "gzip")
    _write(raw, "double.txt.gz", gzip.compress(gzip.compress(prose.article().encode())))
    h.expect("double.txt.gz", "gzip inside gzip", FAILED, "binary file")
    (raw / "folder.txt").mkdir()
    _write(raw, "folder.txt/inner.html", prose.page().encode())
    h.expect("folder.txt/inner.html", "a page in a folder named like a file", CLEAN)
    if os.geteuid() != 0:
        _write(raw, "unreadable.txt", prose.article().encode())
        os.chmod(raw / "unreadable.txt", 0)
        h.expect("unreadable.txt", "a file the process may not read (mode 000)", FAILED,
                 "cannot read file")
    _write(raw, ".hidden.txt", f"{marker}\n".encode())  # skipped: no record, never read

    # --- encodings ----------------------------------------------------------------------------
    names = prose.article().replace("\n\n", "\n\nZoé Müller, Ærøskøbing, façade: ", 1)
    _write(raw, "utf16-bom.txt", prose.article().encode("utf-16"))
    h.expect("utf16-bom.txt", "UTF-16 with a byte-order mark", CLEAN)
    _write(raw, "utf16-no-bom.txt", prose.article().encode("utf-16-le"))
    h.expect("utf16-no-bom.txt", "UTF-16 (little-endian) without a byte-order mark", CLEAN)
    _write(raw, "utf32-bom.txt", prose.article().encode("utf-32"))
    h.expect("utf32-bom.txt", "UTF-32 with a byte-order mark", CLEAN)
    _write(raw, "latin1.txt", names.encode("latin-1"))
    h.expect("latin1.txt", "Latin-1", CLEAN)
    broken = prose.article().replace(" ", " café naïve ", 8).encode() + b" \xc3\x28 \xff.\n"
    _write(raw, "broken-utf8.txt", broken)
    h.expect("broken-utf8.txt", "UTF-8 with a few invalid bytes", CLEAN,
             audit="decode-fallback", text="café naïve")
    # Issue 14: mostly UTF-8 with runs of invalid bytes was decoded whole as cp1125.
    runs = [part.encode() for part in prose.article().replace(" ", " Ærøskøbing ", 6)
            .split("\n\n")]
    _write(raw, "mostly-utf8.txt", b"\n\n".join(part + b" \xff\xfe\x80\x81\x9f\xa0" * 3
                                             for part in runs))
    h.expect("mostly-utf8.txt", "mostly UTF-8 with runs of invalid bytes", CLEAN,
             audit="decode-fallback", text="Ærøskøbing")
    lying = prose.page().replace('charset="utf-8"', 'charset="shift_jis"')
    _write(raw, "charset-lie.html", lying.replace("<p>", "<p>Café – ", 1).encode("cp1252"))
    h.expect("charset-lie.html", "a page that declares the wrong charset", CLEAN)
    controls = prose.article().replace(" ", " \x1b[31m\x07", 2).replace(" ", " \u202e\u200b", 2)
    _write(raw, "controls.txt", controls.replace("\n", "\r\n").encode())
    h.expect("controls.txt", "terminal escapes, bidi overrides, CRLF", CLEAN)
    _write(raw, "cr-only.txt", prose.article().replace("\n", "\r").encode())
    h.expect("cr-only.txt", "old Mac line ends (CR only)", CLEAN)

    # --- HTML that is not what it seems --------------------------------------------------
    soup = prose.page().replace("</p>", "<b><i></p></div>", 2).replace("<article>",
                                                                       "<article><<>><table><td>")
    _write(raw, "soup.html", soup.encode())
    h.expect("soup.html", "invalid HTML soup", CLEAN)
    _write(raw, "script-only.html",
           b"<html><head><script>document.write('hello ' + 'world'.repeat(100))</script>"
           b"</head><body><script>var a = 1;</script><noscript></noscript></body></html>")
    h.expect("script-only.html", "a page of scripts and no text", NOT_CLEAN)
    hidden = f"Hidden {marker[:3]}-HIDDEN-{seed}"
    template = f"Template {marker[:3]}-TEMPLATE-{seed}"
    h.hidden_markers += [hidden, template]
    _write(raw, "hidden-only.html", (
        f"<html><body><article><div hidden><p>{hidden} {prose.paragraph()}</p></div>"
        f"<template><p>{template} {prose.paragraph()}</p></template></article></body></html>"
    ).encode())
    h.expect("hidden-only.html", "a page whose text is all hidden or in <template>", NOT_CLEAN)
    scripted = prose.article().replace("\n\n", "\n\n<script>alert(document.cookie)</script>\n\n",
                                       1)
    _write(raw, "script-in-text.txt", scripted.encode())
    h.expect("script-in-text.txt", "a <script> element in a scraped text", CLEAN)
    _write(raw, "really-html.txt", prose.page().encode())
    h.expect("really-html.txt", "a .txt that is an HTML page", CLEAN)
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    _write(raw, "billion-laughs.html", (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "ha">{laughs}]>'
        f"<html><body><article><p>&l9;</p><p>{prose.paragraph()}</p></article></body></html>"
    ).encode())
    h.expect("billion-laughs.html", "entity expansion (billion laughs)",
             frozenset({"clean", "failed", "filtered"}))
    for depth, name in [(1000, "deep.html"), (3000, "deeper.html")]:
        _write(raw, name, ("<html><body>" + "<div>" * depth + f"<p>{prose.paragraph()}</p>"
                           + "</div>" * depth + "</body></html>").encode())
    # Past libxml2's default 256 levels the text is kept (huge_tree); past its 2,047 the
    # document fails and says why.
    h.expect("deep.html", "text nested 1,000 elements deep", CLEAN)
    h.expect("deeper.html", "text nested 3,000 elements deep", FAILED,
             "nested deeper than 2040 levels")
    line = " ".join(prose.sentence() for _ in range(6000))  # one line of about 0.6 MB
    _write(raw, "one-line.txt", line.encode())
    h.expect("one-line.txt", "a single line of 0.6 MB", CLEAN)
    if slow:
        _write(raw, "million-p.html",
               b"<html><body>" + b"<p>a</p>" * 1_000_000 + b"</body></html>")
        h.expect("million-p.html", "a page of 1,000,000 <p> (8 MB)", FAILED, reason="timeout")

    # --- WARC files -------------------------------------------------------------------------
    from warcs import Warc

    page = prose.page().encode()
    _write(raw, "cut.warc.gz", Warc().response("https://hostile.example/a", page)
           .response("https://hostile.example/b", prose.page().encode()).cut_last().bytes())
    h.expect("cut.warc.gz", "a WARC file whose last record was cut short", COPIES | FAILED,
             "WARC record", warc=True)
    _write(raw, "garbage.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999"
           b"\r\n\r\n" + os.urandom(64))
    h.expect("garbage.warc", "a WARC file of one damaged record", FAILED, "damaged", warc=True)

    # --- file names -------------------------------------------------------------------------
    odd = ["name with spaces.txt", "new\nline.txt", "-leading-dash.txt", "ünïcödé ñame.txt",
           "back\\slash.txt", "tab\tand;semicolon'quote\".txt", "CON.txt",
           ("x" * 240) + ".txt"]
    for name in odd:
        _write(raw, name, prose.article().encode())
        h.expect(name.replace("\\", "\\\\"), f"an odd file name ({name[:20]!r})", CLEAN)
    for name, source in [(b"caf\xe9.txt", "caf\\xe9.txt"),
                         (b"bad\xff\xfename.txt", "bad\\xff\\xfename.txt"),
                         (b"bad\\xff\\xfename.txt", "bad\\\\xff\\\\xfename.txt")]:
        _write(raw, name, prose.article().encode())
        h.expect(source, f"a file name of bytes {name!r}", CLEAN)
    return h


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the raw folder to write (must not exist)")
    parser.add_argument("--outside", type=Path,
                        help="where the files links point at go (default: OUT-outside)")
    parser.add_argument("--no-slow", action="store_true",
                        help="leave out the page of 1,000,000 <p>")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: warcs.py
    outside = args.outside or args.out.with_name(args.out.name + "-outside")
    hostile = generate(args.out, outside, slow=not args.no_slow)
    for expect in hostile.expected.values():
        print(f"{expect.source!r:60} {'/'.join(sorted(expect.statuses)):24} {expect.kind}")
    print(f"{len(hostile.expected)} entries in {args.out}; outside: {outside}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
