"""What copydesk publishes from an HTML page against what a real headless Chromium shows.

Each page is served by a local HTTP server (127.0.0.1, a port the OS picks) the way a plain
web server would: `text/html` without a charset, so Chromium decodes it by the page's own
`<meta charset>` or its detection, and `.html.gz` files with `Content-Encoding: gzip`.
Chromium (Debian's `chromium` and `chromedriver`, driven by Selenium; one browser for the
module) loads the page and runs its scripts; `document.body.innerText` is what a reader sees.
copydesk cleans the same bytes on its HTML path (`clean_document`, then the corpus steps and
`finalize` for that one document, as the flow does).

Two checks:

- every block of the clean text (title, paragraphs, headings, list items), whitespace
  collapsed, appears in the rendered text (the title may also come from `document.title`).
  Where the repair stage changed a block, the audit records the text before and after each
  repair; the block passes when the text before its recorded repairs is on the page;
- text a reader is not shown (`display:none`, `visibility:hidden`, the `hidden` attribute,
  `aria-hidden`, `<noscript>`, `<template>`, script and style source) is never published.

The hostile pages are one short article with one such construct in the middle of it; the
same article with the sentence visible is the control that shows the sentence would be
published if it were shown. Text hidden by CSS alone is checked with
`[extract] drop_styled_hidden` on, and checked kept with the default (see `STYLED`). Cases
copydesk gets wrong would be `xfail(strict=True)` in `LEAKS`, so that a fix fails the suite
until the mark is removed.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import http.server
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import chromium, needs_chromium
from helpers import SAMPLE_RAW

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Paragraph, Status
from copydesk.cleaners.ids import document_id
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_corpus, clean_document
from copydesk.cleaners.reasons import Action

pytestmark = [pytest.mark.integration, needs_chromium]

RAW_PAGES = sorted(p.relative_to(SAMPLE_RAW).as_posix() for p in (SAMPLE_RAW / "html").rglob("*")
                   if p.is_file() and re.search(r"\.html?(\.gz)?$", p.name))

# --- the hostile pages --------------------------------------------------------------------

TITLE = "Orrin votes to keep its lake ferry"
ARTICLE = (
    "Residents of the lakeside town of Orrin voted on Sunday to keep their century-old ferry "
    "running, after the regional transport board had proposed replacing it with a bus link.",
    "The ferry carries about 400 passengers a day across the narrows in summer and half that "
    "in winter, according to figures published by the operator last month.",
    "Supporters of the ferry collected more than 2,000 signatures in six weeks and argued that "
    "the road around the lake is often closed by snow in January.",
    "The transport board said it would respect the result and look for money to repair the "
    "ferry's engine, which broke down twice last year.",
    "A spokesperson for the board said a decision on the repair budget was expected before the "
    "end of the summer season.",
)
#: The word that marks text a reader is not shown; it is in no visible text of any page.
MARK = "Quillfeather"
SECRET = (f"The harbour master also confirmed that the {MARK} pier would close in May for "
          "repairs to its western landing stage.")
LONG_SECRET = "".join(f"<p>{text}</p>" for text in (
    f"The full inspection report on the {MARK} pier runs to ninety pages and lists every pile "
    "that divers found cracked or eaten away by shipworm during the winter survey.",
    f"Engineers recommend replacing the {MARK} landing stage in two phases, so that the ferry "
    "can keep a berth on the eastern side while the western side is rebuilt.",
    f"The report puts the cost of the {MARK} works at 3.2 million, of which the regional "
    "transport board has so far set aside less than a third.",
    f"Divers will return to the {MARK} pier in the autumn to measure how far the cracks have "
    "spread over the summer, when the water is warmest.",
))


@dataclass(frozen=True)
class Hostile:
    html: str  # inserted after the third paragraph (the second of a shorter article)
    head: str = ""  # inserted into <head>
    shown: bool = False  # whether Chromium draws the text (aria-hidden, script-inserted)
    visible_paragraphs: int = len(ARTICLE)


def xfail_leak(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"copydesk leak: {reason}")


HOSTILE = {
    "display-none": Hostile(f'<p style="display:none">{SECRET}</p>'),
    "visibility-hidden": Hostile(f'<p style="visibility: hidden">{SECRET}</p>'),
    "hidden-attribute": Hostile(f"<div hidden><p>{SECRET}</p></div>"),
    "display-none-stylesheet": Hostile(f'<p class="note-x">{SECRET}</p>',
                                       head="<style>.note-x { display: none }</style>"),
    "display-none-long-block": Hostile(f'<div style="display:none">{LONG_SECRET}</div>',
                                       visible_paragraphs=3),
    # Drawn on screen but withheld from assistive technology: not content for a non-visual
    # reader (icons, decorative duplicates), which is what the clean text is for.
    "aria-hidden": Hostile(f'<p aria-hidden="true">{SECRET}</p>', shown=True),
    "noscript": Hostile(f"<noscript><p>{SECRET}</p></noscript>"),
    "template": Hostile(f"<template><p>{SECRET}</p></template>"),
    "script": Hostile(f'<script>var pierNote = "{SECRET}";</script>'),
    "script-inserted": Hostile(
        f"<p id=\"slot\"></p><script>document.getElementById('slot').textContent = "
        f'"{SECRET}";</script>', shown=True),
    "json-ld": Hostile('<script type="application/ld+json">{"@type": "NewsArticle", '
                       f'"articleBody": "{SECRET}"}}</script>'),
    "style": Hostile(f"<style>/* {SECRET} */ .lead {{ font-weight: bold }}</style>"),
}
#: Hidden by CSS only: copydesk removes these with `[extract] drop_styled_hidden = true`.
#: Off by default, because saved pages hide article text with styles their scripts lift
#: (see cleaners/extract/hidden.py); the default relies on trafilatura, which drops a small block
#: hidden by an inline style but not these two.
STYLED = {"display-none-stylesheet", "display-none-long-block"}
STYLED_CONFIG = Config.from_mapping({"extract": {"drop_styled_hidden": True}})
#: Cases copydesk is known to get wrong: name -> why (none at present).
LEAKS: dict[str, str] = {}
#: The control: the same sentence, shown to the reader.
VISIBLE = Hostile(f"<p>{SECRET}</p>", shown=True)

#: A page whose text the repair stage changes (mojibake, a missing space after a full stop,
#: a doubled curly quote): published text that is not on the page, but in the audit.
REPAIRED_HTML = ("<p>The ferry\u00e2\u20ac\u2122s timetable will not change this summer, the "
                 "operator said.Crossings leave every forty minutes from seven in the morning "
                 "until ten at night.</p>"
                 "<p>\u201cWe never doubted the vote\u201d\u201d, said the skipper, who has run "
                 "the crossing for twenty-two years and knows every regular passenger.</p>")


#: A page as React's streaming renderer sends it: the article's place holds a placeholder
#: and a loading fallback; the article comes at the end in `<div hidden id="S:0">`, and a
#: script moves it into place (the same steps as React's `$RC`, written for this test).
LOADING = "Loading the story"
STREAMED_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{TITLE} | Lakeside News</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{TITLE}</h1>
<!--$?--><template id="B:0"></template><p>{LOADING}</p><!--/$-->
</article></main>
<footer><p>Lakeside News, 4 Quay Street, Orrin</p></footer>
<div hidden id="S:0">{"".join(f"<p>{text}</p>" for text in ARTICLE)}</div>
<script>
function $RC(b, s) {{
  var t = document.getElementById(b), c = document.getElementById(s), p = t.parentNode;
  var n = t.nextSibling, depth = 0;
  while (n) {{
    var next = n.nextSibling;
    if (n.nodeType === 8) {{
      if (n.data === "/$") {{ if (depth === 0) break; depth--; }}
      else if (n.data.charAt(0) === "$") depth++;
    }}
    p.removeChild(n);
    n = next;
  }}
  while (c.firstChild) p.insertBefore(c.firstChild, n);
  p.removeChild(t);
  c.parentNode.removeChild(c);
}}
$RC("B:0", "S:0");
</script>
</body>
</html>
"""


def hostile_page(case: Hostile) -> str:
    paragraphs = [f"<p>{text}</p>" for text in ARTICLE[:case.visible_paragraphs]]
    paragraphs.insert(min(3, len(paragraphs) - 1), case.html)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{TITLE} | Lakeside News</title>
{case.head}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
</header>
<main><article>
<h1>{TITLE}</h1>
{chr(10).join(paragraphs)}
</article></main>
<footer><p>Lakeside News, 4 Quay Street, Orrin</p></footer>
</body>
</html>
"""


# --- serving, rendering, cleaning -------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files as a plain server sends them: no charset; gzip as a content encoding."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = os.fspath(path).lower().removesuffix(".gz")
        return "text/html" if name.endswith((".html", ".htm")) else super().guess_type(path)

    def end_headers(self) -> None:
        if self.path.lower().endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 over a folder with raw/html and the hostile pages;
    its base URL and the folder."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(SAMPLE_RAW / "html", root / "html")
    (root / "hostile").mkdir()
    for name, case in {**HOSTILE, "visible": VISIBLE}.items():
        (root / "hostile" / f"{name}.html").write_text(hostile_page(case), encoding="utf-8")
    (root / "hostile" / "streamed.html").write_text(STREAMED_HTML, encoding="utf-8")
    repaired = hostile_page(Hostile(REPAIRED_HTML, shown=True))
    (root / "hostile" / "repaired.html.gz").write_bytes(gzip.compress(repaired.encode()))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (`tests/browser.py`)."""
    with chromium() as driver:
        yield driver


@dataclass(frozen=True)
class Rendered:
    text: str  # document.body.innerText, whitespace collapsed
    title: str  # document.title, whitespace collapsed
    charset: str  # document.characterSet


def render(browser, url: str) -> Rendered:
    browser.get(url)
    text, title, charset = browser.execute_script(
        "return [document.body.innerText, document.title, document.characterSet]")
    return Rendered(collapse(text), collapse(title), charset)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def clean(source: str, data: bytes, config: Config | None = None) -> Document:
    """copydesk's HTML path for one page, as the flow runs it for a one-document corpus."""
    config = config or Config()
    [doc] = clean_corpus([clean_document(RawFile(document_id(source), source, data), config)],
                         config)
    return doc


def blocks(doc: Document) -> list[str]:
    """The blocks of the published text (see `finalize.render_text`), without list marks."""
    return ([doc.title] if doc.title else []) + [p.text for p in doc.body]


def before_repairs(doc: Document, text: str) -> str:
    """The text a block had before the repairs the audit records for it."""
    before = {e.after: e.before for e in doc.audit
              if e.action is Action.REPAIRED and e.stage == "repair" and e.after is not None}
    seen = {text}
    while text in before and before[text] not in seen:
        text = before[text]
        seen.add(text)
    return text


def unrendered(doc: Document, page: Rendered) -> list[str]:
    """The published blocks a reader of the page does not see, repairs accounted for."""
    missing = []
    for block in blocks(doc):
        shown = [collapse(block), collapse(before_repairs(doc, block))]
        if not any(text in page.text or (block == doc.title and text in page.title)
                   for text in shown):
            missing.append(block)
    return missing


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("source", RAW_PAGES)
def test_sample_pages_publish_only_what_chromium_shows(site, browser, source):
    base, root = site
    page = render(browser, f"{base}/{source}")
    doc = clean(source, (SAMPLE_RAW / source).read_bytes())
    assert doc.status is Status.CLEAN, doc.error
    assert len(doc.body) >= 5 and len(page.text) > 1000, "the article was not found"
    assert codecs.lookup(doc.encoding).name == codecs.lookup(page.charset).name, \
        f"copydesk decoded {doc.encoding}, Chromium {page.charset}"
    assert unrendered(doc, page) == []


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=xfail_leak(LEAKS[name])) if name in LEAKS else name
    for name in HOSTILE])
def test_hidden_text_is_never_published(site, browser, name):
    base, root = site
    case = HOSTILE[name]
    page = render(browser, f"{base}/hostile/{name}.html")
    assert ARTICLE[0] in page.text
    assert (MARK in page.text) is case.shown, "the page does not do what the case says"
    doc = clean(f"hostile/{name}.html", (root / "hostile" / f"{name}.html").read_bytes(),
                STYLED_CONFIG if name in STYLED else None)
    assert doc.status is Status.CLEAN, doc.error
    assert ARTICLE[0] in [p.text for p in doc.body], "the article was not found"
    assert [block for block in blocks(doc) if MARK in block] == [], "hidden text published"
    assert unrendered(doc, page) == []


@pytest.mark.parametrize("name", sorted(STYLED))
def test_text_hidden_by_css_alone_is_kept_by_default(site, browser, name):
    """The other side of the trade-off, so that a change of default is seen."""
    base, root = site
    doc = clean(f"hostile/{name}.html", (root / "hostile" / f"{name}.html").read_bytes())
    assert [block for block in blocks(doc) if MARK in block] != []


def test_the_sentence_is_published_when_it_is_shown(site, browser):
    """The control: shown, the hidden cases' sentence is article text that copydesk keeps,
    so the hidden cases would see it leak."""
    base, root = site
    page = render(browser, f"{base}/hostile/visible.html")
    doc = clean("hostile/visible.html", (root / "hostile" / "visible.html").read_bytes())
    assert SECRET in page.text
    assert SECRET in [p.text for p in doc.body]
    assert unrendered(doc, page) == []


def test_streamed_article_is_published_where_the_browser_shows_it(site, browser):
    """Hidden in the markup, shown once the page's script has run: the article is published,
    in its place, and the loading text it replaced is not."""
    base, root = site
    page = render(browser, f"{base}/hostile/streamed.html")
    assert all(text in page.text for text in ARTICLE) and LOADING not in page.text
    doc = clean("hostile/streamed.html", (root / "hostile" / "streamed.html").read_bytes())
    assert doc.status is Status.CLEAN, doc.error
    assert [p.text for p in doc.body] == list(ARTICLE)
    assert unrendered(doc, page) == []


def test_repaired_text_is_checked_against_the_page_through_the_audit(site, browser):
    base, root = site
    page = render(browser, f"{base}/hostile/repaired.html.gz")
    doc = clean("hostile/repaired.html.gz", (root / "hostile" / "repaired.html.gz").read_bytes())
    repairs = {e.reason.value for e in doc.audit if e.action is Action.REPAIRED}
    assert {"mojibake", "missing-space", "broken-quotes"} <= repairs, repairs
    changed = [b for b in blocks(doc) if collapse(b) not in page.text]
    assert len(changed) == 2, "both repaired paragraphs differ from the page"
    assert unrendered(doc, page) == []
    # Without its audit, the repaired text is text the page does not show.
    assert unrendered(doc.with_changes(audit=()), page) == changed


def test_the_check_sees_a_leak(site, browser):
    """Negative control: a hidden sentence slipped into the published body is caught."""
    base, root = site
    page = render(browser, f"{base}/hostile/display-none.html")
    doc = clean("hostile/display-none.html",
                (root / "hostile" / "display-none.html").read_bytes())
    assert unrendered(doc, page) == []
    leaked = doc.with_changes(body=(*doc.body, Paragraph(SECRET)))
    assert unrendered(leaked, page) == [SECRET]
