"""Repeats inside one document (cleaners/dedup/within.py `drop_repeats_within`), on invented pages.

What goes: a paragraph of running prose printed twice, a pasted block around one, and a
line or run printed twice in a row (a stuttered title, a doubled table header). What stays:
the short lines a page repeats as its structure (labels per section, spec list items, table
cells, credits, an interview question put to each guest) and lines that differ in a digit.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.dedup.within import drop_repeats_within, repeat_key
from copydesk.cleaners.document import Document, Kind, Paragraph
from copydesk.cleaners.reasons import Action, Reason

LONG = ("The harbour authority said on Tuesday that the new crane would double the number of "
        "containers the port can unload each night.")
OTHER = ("Dock workers, who had asked for the crane for a decade, welcomed the decision but "
         "warned that training would take most of the winter.")
THIRD = ("A spokesperson for the city council declined to say how the project would be paid "
         "for, citing talks with two private lenders.")


def doc_of(*lines: str | tuple[str, Kind]) -> Document:
    body = tuple(Paragraph(line) if isinstance(line, str) else Paragraph(*line)
                 for line in lines)
    return Document(id="page", source="page.html", body=body)


def kept(doc: Document, config: DedupSettings | None = None) -> list[str]:
    return [p.text for p in drop_repeats_within(doc, config or DedupSettings()).body]


def test_a_paragraph_pasted_twice_goes_once() -> None:
    doc = doc_of(LONG, OTHER, THIRD, LONG.upper())
    result = drop_repeats_within(doc, DedupSettings())
    assert [p.text for p in result.body] == [LONG, OTHER, THIRD]
    (entry,) = result.audit
    assert (entry.action, entry.reason, entry.paragraph) == (
        Action.REMOVED, Reason.DUPLICATE_IN_DOCUMENT, 3)
    assert entry.detail == "repeats paragraph 0"


def test_a_title_printed_three_times_in_a_row_is_printed_once() -> None:
    title = ("Port orders a second crane", Kind.HEADING)
    assert kept(doc_of(title, title, title, LONG)) == ["Port orders a second crane", LONG]


def test_a_pasted_block_goes_with_its_short_lines() -> None:
    block = ["Harbour news", LONG, "Read the council's statement", OTHER]
    assert kept(doc_of(*block, THIRD, *block)) == [*block, THIRD]


def test_a_list_or_table_header_printed_twice_in_a_row_goes() -> None:
    header = ["Pos", "Player", "Mins", "%"]
    rows = ["GK", "Ana Lopes", "90", "100%"]
    assert kept(doc_of(LONG, *header, *header, *rows)) == [LONG, *header, *rows]
    items = [("Check the tide table", Kind.LIST_ITEM), ("Book a berth", Kind.LIST_ITEM)]
    assert kept(doc_of(LONG, *items, *items, OTHER)) == [
        LONG, "Check the tide table", "Book a berth", OTHER]


def test_labels_and_list_items_a_page_repeats_stay() -> None:
    lines = [
        "Day 1", "Breakfast", "Porridge with one apple", "Lunch", "Bean soup",
        "Day 2", "Breakfast", "Porridge with one apple", "Lunch", "Lentil stew",
        ("Quiet Kettle 2", Kind.HEADING), ("Boils in two minutes", Kind.LIST_ITEM),
        ("Buy it now: Corner Shop", Kind.LIST_ITEM),
        ("Quiet Kettle 3", Kind.HEADING), ("Boils in two minutes", Kind.LIST_ITEM),
        ("Buy it now: Corner Shop", Kind.LIST_ITEM),
        LONG, "[Harbour Gazette]", OTHER, "[Harbour Gazette]", THIRD,
    ]
    doc = doc_of(*lines)
    assert kept(doc) == [p.text for p in doc.body]


def test_an_interview_question_put_to_each_guest_stays() -> None:
    question = ("What made you start cooking for other people, and which dish do you still "
                "find hardest to get right after all these years?")
    doc = doc_of(question, LONG, question, OTHER, question, THIRD)
    assert kept(doc) == [p.text for p in doc.body]


def test_lines_that_differ_in_a_digit_are_not_repeats() -> None:
    assert repeat_key("Meal 2:") == repeat_key("meal 2")
    assert repeat_key("Meal 2") != repeat_key("Meal 3")
    doc = doc_of(("Series 3", Kind.HEADING), LONG, ("Series 4", Kind.HEADING), OTHER)
    assert kept(doc) == [p.text for p in doc.body]
    later = LONG.replace("Tuesday", "Tuesday, 4 March")
    assert kept(doc_of(LONG, OTHER, later)) == [LONG, OTHER, later]


def test_a_short_sentence_repeated_apart_stays_and_the_floor_is_configurable() -> None:
    line = "Click the map to see every berth in the harbour."
    doc = doc_of(line, LONG, OTHER, line)
    assert kept(doc) == [line, LONG, OTHER, line]
    assert kept(doc, DedupSettings(repeat_min_words=8)) == [line, LONG, OTHER]


def test_turned_off_nothing_goes() -> None:
    doc = doc_of(LONG, LONG)
    assert drop_repeats_within(doc, DedupSettings(within_document=False)) is doc


LINES = st.sampled_from([LONG, OTHER, THIRD, "Day 1", "Day 2", "%", "90", "Lunch", "",
                         "What now?", "Port orders a second crane"])


@given(st.lists(LINES, max_size=14))
def test_only_repeats_go_and_each_line_keeps_its_first_copy(lines: list[str]) -> None:
    doc = doc_of(*lines)
    result = drop_repeats_within(doc, DedupSettings())
    assert [repeat_key(t) for t in dict.fromkeys(lines)] == \
        [repeat_key(t) for t in dict.fromkeys(p.text for p in result.body)]
    assert len(result.audit) == len(doc.body) - len(result.body)
    assert [p.text for p in result.body].count(LONG) <= 1
