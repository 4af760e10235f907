"""Headings and list items the extraction skipped between two blocks it kept are put back."""

from __future__ import annotations

from lxml import html as lxml_html

from copydesk.cleaners.document import Document, InputFormat, Kind, Paragraph
from copydesk.cleaners.explain import explain
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.skipped import restore_skipped
from copydesk.cleaners.reasons import Action, Reason

FIRST = ("Most toddlers still nap once a day until they are about three, and a few keep "
         "the habit for a year longer without any harm to their night's sleep.")
SECOND = ("A child who wakes often at night may simply be too warm: a room at eighteen "
          "degrees suits most of them, with one blanket fewer than parents expect.")
THIRD = ("Screens in the hour before bed delay sleep by twenty minutes on average, the "
         "clinic's own survey of four hundred families found last spring.")

#: An article without a frame trafilatura knows (no <article>, no content class): its last
#: resort takes the paragraphs and skips the section titles.
PAGE = (
    "<html><body><header><h2>Parenting Weekly</h2></header>"
    "<div class='x1'><div class='x2'><h1>How children sleep</h1>"
    f"<p>{FIRST}</p><h2>Why do children wake at night?</h2><p>{SECOND}</p>"
    f"<h3>Screens and sleep</h3><p>{THIRD}</p></div></div>"
    "<div class='teasers'><h3>More from Parenting Weekly</h3></div>"
    "<footer><h4>Contact</h4></footer></body></html>"
)


def _body(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(text) for text in texts)


def test_a_heading_between_two_kept_paragraphs_goes_back_between_them() -> None:
    page = lxml_html.fromstring(PAGE)
    body, added = restore_skipped(page, _body(FIRST, SECOND, THIRD))
    assert [(p.text, p.kind) for p in body] == [
        (FIRST, Kind.PARAGRAPH), ("Why do children wake at night?", Kind.HEADING),
        (SECOND, Kind.PARAGRAPH), ("Screens and sleep", Kind.HEADING), (THIRD, Kind.PARAGRAPH)]
    assert added == [1, 3]


def test_headings_outside_the_kept_span_or_in_page_furniture_stay_out() -> None:
    page = lxml_html.fromstring(PAGE)
    # the extraction kept only the first two paragraphs: the second heading sits after them
    body, added = restore_skipped(page, _body(FIRST, SECOND))
    assert [p.text for p in body] == [FIRST, "Why do children wake at night?", SECOND]
    # a block between the two paragraphs that the extraction dropped: the heading's place
    # in the body is not known, so it stays out
    body, added = restore_skipped(page, _body(FIRST, THIRD))
    assert [p.text for p in body] == [FIRST, THIRD] and added == []


def test_a_body_with_headings_is_left_as_the_extraction_made_it() -> None:
    page = lxml_html.fromstring(PAGE)
    kept = (Paragraph(FIRST), Paragraph("Why do children wake at night?", Kind.HEADING),
            Paragraph(SECOND), Paragraph(THIRD))
    body, added = restore_skipped(page, kept)
    assert body == kept and added == []  # it kept headings: those it left out it meant to


def test_a_list_skipped_between_two_paragraphs_goes_back_as_list_items() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}</p><ul><li>Keep the room dark.</li>"
        "<li>Keep it quiet.</li></ul>"
        f"<p>{SECOND}</p><nav><ul><li>Home</li></ul></nav><p>{THIRD}</p></div></body></html>")
    body, added = restore_skipped(page, _body(FIRST, SECOND, THIRD))
    assert [(p.text, p.kind) for p in body] == [
        (FIRST, Kind.PARAGRAPH), ("Keep the room dark.", Kind.LIST_ITEM),
        ("Keep it quiet.", Kind.LIST_ITEM), (SECOND, Kind.PARAGRAPH), (THIRD, Kind.PARAGRAPH)]
    assert added == [1, 2]  # the menu stays out


def test_a_paragraph_that_is_one_line_of_a_longer_block_still_places_the_heading() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}<br>{SECOND}</p><h2>Screens and sleep</h2>"
        f"<p>{THIRD}<br>Ask your doctor.</p></div></body></html>")
    body, _ = restore_skipped(page, _body(FIRST, SECOND, THIRD, "Ask your doctor."))
    assert [p.text for p in body][2:4] == ["Screens and sleep", THIRD]
    assert [p.text for p in body][:2] == [FIRST, SECOND]


def test_extract_audits_each_restored_block_and_explain_names_it() -> None:
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=PAGE),
                  ExtractSettings())
    texts = [p.text for p in doc.body]
    assert texts.index("Why do children wake at night?") == texts.index(SECOND) - 1
    restored = [e for e in doc.audit if e.reason is Reason.RESTORED_BLOCK]
    assert {e.text for e in restored} <= {"Why do children wake at night?", "Screens and sleep"}
    assert restored and all(e.action is Action.REPAIRED for e in restored)
    assert "extract: restored-block: " in explain(doc)
    off = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=PAGE),
                  ExtractSettings(restore_skipped=False))
    assert not [e for e in off.audit if e.reason is Reason.RESTORED_BLOCK]


def test_a_teaser_title_linking_to_another_page_is_not_a_heading_of_the_article() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}</p>"
        "<h3><a href='/sleep/naps'>Why naps matter more than you think</a></h3>"
        f"<p>{SECOND}</p><a href='/sleep/screens'><h3>Screens before bed</h3></a>"
        f"<p>{THIRD}</p><h2><a href='#tips'>Tips for parents</a></h2>"
        "<p>Keep the same bedtime every night.</p></div></body></html>")
    body, added = restore_skipped(
        page, _body(FIRST, SECOND, THIRD, "Keep the same bedtime every night."))
    # a link to another page (in the heading, or around it) is a teaser; an anchor in the
    # page is a section's own
    assert [body[index].text for index in added] == ["Tips for parents"]


def test_the_label_of_a_box_of_links_inside_the_article_stays_out() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}</p><h4>Related</h4><ul>"
        "<li><a href='/sleep/naps'>Why naps matter</a></li>"
        "<li><a href='/sleep/screens'>Screens before bed</a></li></ul>"
        f"<p>{SECOND}</p></div></body></html>")
    body, added = restore_skipped(page, _body(FIRST, SECOND))
    assert [p.text for p in body] == [FIRST, SECOND] and added == []
