"""Content after an early `</body></html>` is the body's, as a browser shows it."""

from __future__ import annotations

from lxml import etree

from copydesk.cleaners.document import Document, InputFormat
from copydesk.cleaners.explain import explain
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.stray import adopt_stray_content
from copydesk.cleaners.extract.streamed import load_page
from copydesk.cleaners.reasons import Action, Reason

PARAGRAPHS = (
    "The harbour ferry to Gull Island runs again from Monday, after a winter in dry dock "
    "that cost the town council twice what it had planned.",
    "Its new engines burn a third less fuel, the operator said, and the crossing now takes "
    "eighteen minutes instead of twenty-five in calm weather.",
    "Season tickets go on sale at the pier office on Saturday morning; islanders who bought "
    "one last year pay the old price until the end of April.",
)

#: A template whose header include closes the document, the article after it.
EARLY_CLOSE = (
    "<html><head><title>Ferry runs again | Gull Bay Post</title></head><body>"
    "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
    "</body></html>\n"
    "<div class='post'><h1>Ferry runs again</h1>"
    + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    + "<script>track('post')</script></div> <footer>Gull Bay Post</footer>"
)


def test_content_after_the_closing_html_tag_moves_to_the_end_of_the_body() -> None:
    tree, _ = load_page(EARLY_CLOSE)
    assert tree is not None
    assert [element.tag for element in tree.itersiblings()] == ["html"]  # libxml2's reading
    moved = adopt_stray_content(tree)
    assert moved.startswith("Ferry runs again " + PARAGRAPHS[0])
    assert moved.endswith(PARAGRAPHS[2] + " Gull Bay Post")
    assert "track(" not in moved  # a script is not displayed text
    body = tree.find("body")
    assert [child.tag for child in body] == ["header", "div", "footer"]
    assert [p.text for p in body.iter("p")] == list(PARAGRAPHS)


def test_a_page_closed_once_at_its_end_is_left_as_it_is() -> None:
    html = "<html><body><p>" + PARAGRAPHS[0] + "</p></body></html>\n"
    tree, _ = load_page(html)
    assert tree is not None
    before = etree.tostring(tree)
    assert adopt_stray_content(tree) == ""
    assert etree.tostring(tree) == before


def test_extract_publishes_the_article_after_an_early_close_and_explain_names_it() -> None:
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=EARLY_CLOSE),
                  ExtractSettings())
    texts = [p.text for p in doc.body]
    assert all(text in texts for text in PARAGRAPHS)
    [entry] = [e for e in doc.audit if e.reason is Reason.STRAY_CONTENT]
    assert entry.action is Action.REPAIRED and entry.stage == "extract"
    assert PARAGRAPHS[1] in (entry.text or "")
    assert "extract: stray-content: Ferry runs again" in explain(doc)
