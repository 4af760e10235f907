"""Hidden content is removed from a page before extraction, and only hidden content."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from copydesk.cleaners.extract.hidden import Hidden, hides, strip_hidden


def _page(body: str, style: str = "") -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(
        f"<html><head><style>{style}</style></head><body>{body}</body></html>")


def _visible_text(tree: lxml_html.HtmlElement) -> str:
    return " ".join(" ".join(tree.find("body").itertext()).split())


@pytest.mark.parametrize("body,style,removed", [
    ('<p>Shown.</p><div hidden><p>Secret words.</p></div>', "", ["Secret words."]),
    ('<p>Shown.</p><template><p>Secret words.</p></template>', "", ["Secret words."]),
    ('<p>Shown.</p><p style="display:none">Secret words.</p>', "", ["Secret words."]),
    ('<p>Shown.</p><p style="visibility: HIDDEN">Secret words.</p>', "", ["Secret words."]),
    ('<p>Shown.</p><p class="k">Secret words.</p>', ".k { display: none !important }",
     ["Secret words."]),
    ('<p>Shown.</p><p id="seo">Secret words.</p>', "h1, #seo {visibility: collapse}",
     ["Secret words."]),
    ('<p>Shown.</p><div style="display:none"><p>Secret</p><p>words.</p></div>', "",
     ["Secret words."]),
    # CSS error recovery closes a block left open at the end of the sheet, as browsers do.
    ('<p>Shown.</p><p class="k">Secret words.</p>', ".k { display: none", ["Secret words."]),
], ids=["hidden-attribute", "template", "inline-display", "inline-visibility",
        "stylesheet-class", "stylesheet-id-in-a-list", "nested-block-once",
        "unterminated-rule"])
def test_hidden_elements_go_with_their_text(body: str, style: str, removed: list[str]) -> None:
    tree = _page(body, style)
    assert [hidden.text for hidden in strip_hidden(tree, styles=True)] == removed
    assert _visible_text(tree) == "Shown."


@pytest.mark.parametrize("body,style", [
    ('<p>Shown.</p><p style="display:none">Also kept.</p>', ""),
    ('<p>Shown.</p><p class="k">Also kept.</p>', ".k { display: none }"),
])
def test_without_styles_only_markup_counts(body: str, style: str) -> None:
    tree = _page(body + "<template>t</template><p hidden>h</p>", style)
    assert [hidden.text for hidden in strip_hidden(tree)] == ["t", "h"]
    assert _visible_text(tree) == "Shown. Also kept."


@pytest.mark.parametrize("body,style", [
    ('<p>Shown.</p><div hidden="until-found"><p>Also shown.</p></div>', ""),
    ('<p>Shown.</p><p class="k">Also shown.</p>', "@media print { .k { display: none } }"),
    ('<p>Shown.</p><p class="k">Also shown.</p>', ".k:hover { display: none }"),
    ('<p>Shown.</p><p class="k">Also shown.</p>', ".k { display: block; color: red }"),
    ('<p>Shown.</p><p class="k">Also shown.</p>', ".other { display: none }"),
    ('<p>Shown.</p><p style="display: inline">Also shown.</p>', ""),
], ids=["until-found", "media-rule", "pseudo-class", "displayed", "other-selector",
        "inline-shown"])
def test_visible_elements_stay(body: str, style: str) -> None:
    tree = _page(body, style)
    assert strip_hidden(tree, styles=True) == []
    assert _visible_text(tree) == "Shown. Also shown."


def test_the_text_after_a_hidden_element_stays() -> None:
    tree = _page('<p>Before <span hidden>secret</span>after, and <b hidden>x</b> on.</p>')
    assert [hidden.text for hidden in strip_hidden(tree)] == ["secret", "x"]
    assert _visible_text(tree) == "Before after, and on."


def test_each_removal_says_why() -> None:
    tree = _page('<p hidden>a</p><template>b</template><p style="display:none">c</p>'
                 '<p class="k">d</p><p>Shown.</p>', "h2, p.k { display: none }")
    assert strip_hidden(tree, styles=True) == [
        Hidden("a", "hidden attribute"), Hidden("b", "template"),
        Hidden("c", "inline style"), Hidden("d", "page style: p.k")]


@pytest.mark.parametrize("declarations,expected", [
    ("display:none", True),
    ("DISPLAY: None", True),
    ("color: red; /* display: none */ margin: 0", False),
    ("display: flex", False),
    ("visibility: visible", False),
    ("content: 'display: none'", False),
    ("", False),
])
def test_hides(declarations: str, expected: bool) -> None:
    assert hides(declarations) is expected
