"""Streamed segments (React's server renderer) are shown where the page's script puts them."""

from __future__ import annotations

from copydesk.cleaners.document import Document, InputFormat
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.hidden import strip_hidden
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.streamed import load_page
from copydesk.cleaners.reasons import Reason

STORY = ("The Marrow Lane bakery reopened on Saturday, eight months after a kitchen fire, "
         "with a queue that ran past the post office.")
SECOND = ("Its owners said the new ovens bake twice as many loaves an hour, and that the "
          "sourdough recipe has not changed.")


def _page(body: str) -> str:
    return (f"<html><head><title>t</title></head><body><header>Marrow Post</header>{body}"
            "</body></html>")


def _text(html: str) -> list[str]:
    tree, dropped = load_page(html)
    assert tree is not None
    strip_hidden(tree)
    body = tree.find("body")
    return [" ".join(p.itertext()) for p in body.iter("p")] + [d.text for d in dropped]


def test_a_segment_named_by_the_script_replaces_its_placeholder_and_fallback() -> None:
    html = _page('<main><h1>Bakery</h1><!--$?--><template id="B:0"></template>'
                 '<p>Loading…</p><!--/$--><p>Last line.</p></main>'
                 f'<div hidden id="S:0"><p>{STORY}</p><p>{SECOND}</p></div>'
                 '<script>$RC("B:0","S:0")</script>')
    tree, dropped = load_page(html)
    assert tree is not None
    strip_hidden(tree)
    paragraphs = [p.text for p in tree.iter("p")]
    assert paragraphs == [STORY, SECOND, "Last line."]  # in place, fallback gone
    assert [(d.text, d.segment) for d in dropped] == [("Loading…", "S:0")]


def test_without_its_script_the_protocol_names_pair_segment_and_placeholder() -> None:
    html = _page('<main><template id="P:3"></template></main>'
                 f'<div hidden id="S:3"><p>{STORY}</p></div>')
    assert _text(html) == [STORY]


def test_a_hidden_element_that_no_placeholder_waits_for_stays_hidden() -> None:
    html = _page(f'<main><p>{SECOND}</p><template id="B:1"></template></main>'
                 f'<div hidden id="notes"><p>{STORY}</p></div>')
    assert _text(html) == [SECOND]


def test_a_segment_whose_placeholder_is_hidden_stays_hidden() -> None:
    html = _page(f'<main><p>{SECOND}</p></main><div hidden><template id="B:0"></template></div>'
                 f'<div hidden id="S:0"><p>{STORY}</p></div>')
    assert _text(html) == [SECOND]


def test_extract_publishes_the_streamed_article_and_audits_the_loading_text() -> None:
    html = _page('<article><h1>Bakery reopens</h1><!--$?--><template id="B:0"></template>'
                 '<p>Loading the story</p><!--/$--></article>'
                 f'<div hidden id="S:0"><p>{STORY}</p><p>{SECOND}</p><p>{STORY[:60]}.</p></div>')
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=html),
                  ExtractSettings())
    assert STORY in [p.text for p in doc.body]
    assert "Loading the story" not in [p.text for p in doc.body]
    hidden = [e for e in doc.audit if e.reason is Reason.HIDDEN_TEXT]
    assert [(e.text, e.detail) for e in hidden] == [
        ("Loading the story", "not displayed: loading text replaced by streamed content S:0")]
