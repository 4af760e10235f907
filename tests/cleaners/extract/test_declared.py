"""The article body a page declares in its JSON-LD replaces an extraction that kept a fraction
of it."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from copydesk.cleaners.document import Document, InputFormat
from copydesk.cleaners.explain import explain
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.declared import declared_body
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.reasons import Action, Reason

LEAD = ("Six small flats on Quay Street share one garden, and their owners have just won "
        "the town's prize for the best-kept yard of the year.")
REST = [
    "The garden was a car park until 2019, when the residents dug up the tarmac themselves "
    "over three weekends and planted a hedge of hawthorn along the street.",
    "Its beds are shared by rota: each flat keeps one for a season, and the vegetables go "
    "to whoever is home when they ripen, which the jury called a model of good sense.",
    "The prize brings a bench and a plaque; the residents say they will put the bench "
    "under the pear tree, where the afternoon sun reaches longest in the autumn.",
    "Next year they hope to add a pond, if the council agrees to move a drain that runs "
    "under the far corner of the plot.",
]


def _texts(doc: Document) -> list[str]:
    return [p.text for p in doc.body if p.text != "Quay Street wins"]  # the title: metadata


def _page(article_body: str | None, markup: str) -> str:
    ld = ("" if article_body is None else '<script type="application/ld+json">'
          + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                        "headline": "Quay Street wins", "articleBody": article_body})
          + "</script>")
    return f"<html><head><title>Quay Street wins</title>{ld}</head><body>{markup}</body></html>"


#: A script-built page: its markup holds the lead and a sign-up box, the rest is drawn later.
SLIDES = ("<main><article><h1>Quay Street wins</h1>" f"<p>{LEAD}</p><p>{REST[0]}</p>"
          "<div id='slides' data-src='/api/slides/1'></div></article></main>")


def test_the_declared_body_is_read_as_paragraphs_markup_or_not() -> None:
    plain = lxml_html.fromstring(_page("\n\n".join([LEAD, *REST]).replace("’", "&#8217;"),
                                       "<p>x</p>"))
    assert [p.text for p in declared_body(plain)] == [LEAD, *REST]
    marked = lxml_html.fromstring(_page("".join(f"<p>{t}</p>" for t in [LEAD, *REST]),
                                        "<p>x</p>"))
    assert [p.text for p in declared_body(marked)] == [LEAD, *REST]
    assert declared_body(lxml_html.fromstring(_page(None, "<p>x</p>"))) == ()


def test_an_extraction_that_kept_a_fraction_of_the_declared_body_gives_way_to_it() -> None:
    html = _page("\n".join([LEAD, *REST]), SLIDES)
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=html),
                  ExtractSettings())
    assert _texts(doc) == [LEAD, *REST]
    [entry] = [e for e in doc.audit if e.reason is Reason.DECLARED_BODY]
    assert entry.action is Action.REPAIRED
    assert "extract: declared-body:" in explain(doc)


def test_an_extraction_as_long_as_the_declared_body_is_kept() -> None:
    # the markup has the whole article, the declared body a summary of it: no switch
    markup = "<main><article><h1>Quay Street wins</h1>" + "".join(
        f"<p>{t}</p>" for t in [LEAD, *REST]) + "</article></main>"
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML,
                           text=_page(LEAD, markup)), ExtractSettings())
    assert _texts(doc) == [LEAD, *REST]
    assert not [e for e in doc.audit if e.reason is Reason.DECLARED_BODY]
    off = extract(Document("d", "d.html", input_format=InputFormat.HTML,
                           text=_page("\n".join([LEAD, *REST]), SLIDES)),
                  ExtractSettings(declared_body_ratio=0))
    assert _texts(off) == [LEAD, REST[0]]
