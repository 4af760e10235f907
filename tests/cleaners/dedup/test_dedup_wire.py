"""One wire story on three outlets (tests/fixtures/wire, invented text): keep-first dedup.

The wire agency's copy is the earliest; two outlets republish it with a new headline, a
dateline, `defense` for `defence`, typos, a trimmed last paragraph and paragraphs of their
own. One outlet's site footer also appears on two of its other stories.
"""

from __future__ import annotations

import pytest
from helpers import load_wire

import copydesk.cleaners.dedup.across
from copydesk.cleaners.dedup.across import drop_repeats_across
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.document import Document, Kind, Paragraph, Status
from copydesk.cleaners.reasons import Action, Reason

FOOTER = "The Harbour Times is published by Portville Media."
PROSE_A = ("The linter reads every file in the project once and reports each rule it breaks "
           "with the line and the column.")
PROSE_B = ("Version two adds a cache, so that a second run over an unchanged project takes "
           "under a second on a laptop.")
PROSE_C = ("The shop on Mill Street reopens on Monday with shorter hours while the new "
           "manager hires staff for the summer.")


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.body]


@pytest.fixture(scope="module")
def cleaned() -> dict[str, Document]:
    return {doc.id: doc for doc in drop_repeats_across(load_wire(), DedupSettings())}


def test_the_wire_copy_is_untouched(cleaned: dict[str, Document]) -> None:
    original = {d.id: d for d in load_wire()}["northwire-drill"]
    assert cleaned["northwire-drill"] == original


@pytest.mark.parametrize("doc_id", ["harbour-times-drill", "valley-post-drill"])
def test_later_copies_point_to_the_first(cleaned: dict[str, Document], doc_id: str) -> None:
    doc = cleaned[doc_id]
    assert doc.status is Status.CLEAN
    assert doc.duplicate_of == "northwire-drill"


def test_harbour_times_keeps_only_its_own_paragraphs(cleaned: dict[str, Document]) -> None:
    assert texts(cleaned["harbour-times-drill"]) == [
        "Local hotel owners told the Harbour Times they expected the visiting crews to fill "
        "rooms that usually stand empty before the summer season begins.",
        "The harbour master said the main quay would stay open to ferries during the whole "
        "week of the exercise.",
    ]


def test_valley_post_keeps_only_its_own_paragraphs(cleaned: dict[str, Document]) -> None:
    kept = texts(cleaned["valley-post-drill"])
    assert len(kept) == 2
    assert kept[0].startswith("In the valley, farmers' unions")
    assert kept[1].startswith("Valley Post readers")


def test_each_removal_names_the_paragraph_it_repeats(cleaned: dict[str, Document]) -> None:
    removed = {e.paragraph: e for e in cleaned["harbour-times-drill"].audit
               if e.reason is Reason.NEAR_DUPLICATE}
    # dateline + "defense": 0 -> 0; typo: 1 -> 1; verbatim: 2 -> 2, 4 -> 3;
    # "defense": 5 -> 4; trimmed: 6 -> 5; the footer: 8 -> the ferry story's 3.
    expected = {0: "northwire-drill paragraph 0", 1: "northwire-drill paragraph 1",
                2: "northwire-drill paragraph 2", 4: "northwire-drill paragraph 3",
                5: "northwire-drill paragraph 4", 6: "northwire-drill paragraph 5",
                8: "harbour-times-ferry-fares paragraph 3"}
    assert sorted(removed) == sorted(expected)
    for number, source in expected.items():
        entry = removed[number]
        assert entry.action is Action.REMOVED
        assert entry.detail is not None and entry.detail.startswith(f"near-duplicate of {source} ")
        assert "similarity" in entry.detail
    assert "containment" in removed[6].detail  # the trimmed copy


def test_the_site_footer_stays_only_on_the_first_story(cleaned: dict[str, Document]) -> None:
    with_footer = sorted(doc_id for doc_id, doc in cleaned.items()
                         if any(p.text.startswith(FOOTER) for p in doc.body))
    assert with_footer == ["harbour-times-ferry-fares"]
    lighthouse = cleaned["harbour-times-lighthouse"]
    assert lighthouse.duplicate_of is None  # one shared footer does not make a copy
    assert len(lighthouse.body) == 2


def test_input_order_does_not_matter(cleaned: dict[str, Document]) -> None:
    again = drop_repeats_across(list(reversed(load_wire())), DedupSettings())
    assert [d.id for d in again] == sorted(cleaned)
    assert {d.id: d for d in again} == cleaned


def test_mark_only_keeps_text_and_flags_it() -> None:
    docs = {d.id: d for d in drop_repeats_across(load_wire(), DedupSettings(drop=False))}
    doc = docs["harbour-times-drill"]
    assert len(doc.body) == 9
    flagged = [p for p in doc.body if Reason.NEAR_DUPLICATE.value in p.flags]
    assert len(flagged) == 7
    assert doc.duplicate_of == "northwire-drill"


def test_a_copy_with_nothing_of_its_own_is_a_duplicate() -> None:
    wire = {d.id: d for d in load_wire()}["northwire-drill"]
    copy = Document(id="zz-copy", source="zz.txt", date="2026-03-09", body=tuple(
        Paragraph(p.text.replace("defence", "defense")) for p in wire.body[:4]))
    result = {d.id: d for d in drop_repeats_across([wire, copy], DedupSettings())}
    assert result["zz-copy"].status is Status.DUPLICATE
    assert result["zz-copy"].duplicate_of == "northwire-drill"
    assert result["zz-copy"].body == ()


def test_an_exact_duplicate_document_is_found_by_content() -> None:
    wire = {d.id: d for d in load_wire()}["northwire-drill"]
    copy = Document(id="zz-same", source="zz.txt", date="2026-03-09", body=tuple(
        Paragraph(p.text.upper()) for p in wire.body))
    result = {d.id: d for d in drop_repeats_across([wire, copy], DedupSettings())}
    assert result["zz-same"].status is Status.DUPLICATE
    assert result["zz-same"].duplicate_of == "northwire-drill"
    assert [e.reason for e in result["zz-same"].audit] == [Reason.DUPLICATE_DOCUMENT]


def test_short_lines_an_earlier_page_also_has_stay() -> None:
    """Headings, labels and code lines a later page of the same site repeats are its own."""
    first = Document(id="a", source="a", date="2026-01-01", body=(
        Paragraph("Installation", Kind.HEADING), Paragraph("npm install quill-lint"),
        Paragraph(PROSE_A)))
    second = Document(id="b", source="b", date="2026-01-02", body=(
        Paragraph("Installation", Kind.HEADING), Paragraph("npm install quill-lint"),
        Paragraph(PROSE_B)))
    result = {d.id: d for d in drop_repeats_across([first, second], DedupSettings())}
    assert texts(result["b"]) == ["Installation", "npm install quill-lint", PROSE_B]


def test_short_lines_repeated_as_a_block_go_and_need_an_exact_match() -> None:
    listing = ["Opening hours:", "Monday to Friday 9-17", "Saturday 10-14", "Sunday closed"]
    first = Document(id="a", source="a", date="2026-01-01",
                     body=(Paragraph(PROSE_A), *(Paragraph(t) for t in listing)))
    second = Document(id="b", source="b", date="2026-01-02",
                      body=(Paragraph(PROSE_B), *(Paragraph(t.upper()) for t in listing)))
    third = Document(id="c", source="c", date="2026-01-03", body=(
        Paragraph(PROSE_C), Paragraph(listing[0]), Paragraph(listing[1]),
        Paragraph("Saturday mornings only"), Paragraph(listing[3])))
    settings = DedupSettings()
    result = {d.id: d for d in drop_repeats_across([first, second, third], settings)}
    assert texts(result["b"]) == [PROSE_B]
    details = [e.detail for e in result["b"].audit if e.reason is Reason.NEAR_DUPLICATE]
    assert details[0] == ("near-duplicate of a paragraph 1 (similarity 1.0, exact, in a block "
                          "of 4 repeated paragraphs)")
    assert texts(result["c"]) == [PROSE_C, *listing[:2], "Saturday mornings only", listing[3]]
    longer = DedupSettings(min_block=5)
    assert texts({d.id: d for d in drop_repeats_across([first, second], longer)}["b"]) == [
        PROSE_B, *(t.upper() for t in listing)]


def test_a_page_left_with_only_its_furniture_is_a_duplicate() -> None:
    """The article went as a near-duplicate; a rating widget and a plugin notice are no
    text of the page's own."""
    wire = {d.id: d for d in load_wire()}["northwire-drill"]
    copy = Document(id="zz-copy", source="zz.txt", date="2026-03-09", body=(
        Paragraph("Was this page helpful?"), *wire.body[:4],
        Paragraph("This video requires a plugin"), Paragraph("Rate this article: 4.5")))
    result = {d.id: d for d in drop_repeats_across([wire, copy], DedupSettings())}
    doc = result["zz-copy"]
    assert doc.status is Status.DUPLICATE
    assert doc.duplicate_of == "northwire-drill"
    status = [e for e in doc.audit if e.action is Action.STATUS]
    assert status[0].detail is not None and "only short lines left" in status[0].detail
    # With a paragraph of its own left, the same page stays clean.
    own = copy.with_changes(body=(*copy.body, Paragraph(PROSE_A)))
    result = {d.id: d for d in drop_repeats_across([wire, own], DedupSettings())}
    assert result["zz-copy"].status is Status.CLEAN


def test_failed_documents_pass_through() -> None:
    failed = Document(id="f", source="f", status=Status.FAILED, error="boom")
    assert drop_repeats_across([failed], DedupSettings()) == [failed]


def test_signing_in_small_batches_changes_nothing(cleaned: dict[str, Document],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(copydesk.cleaners.dedup.across, "_CHUNK", 2)
    assert {d.id: d for d in drop_repeats_across(load_wire(), DedupSettings())} == cleaned
