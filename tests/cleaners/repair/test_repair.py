"""The repair stage: table-driven cases, document-level rules, the audit, and properties.

Cases live in tests/cases/repair/: `synthetic.json` and `in-the-wild.json` (invented text in
the shapes real pages and machine translation produce) map input to expected output;
`negative.json` must come out unchanged; `documents.json` needs the whole document (names).
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from helpers import TESTS
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.cleaners.document import Document, Paragraph
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.repair import FIXERS, repair, repair_text
from copydesk.cleaners.repair.settings import RepairSettings
from copydesk.cleaners.repair.unicode import fix_with_ftfy

CASES = TESTS / "cases" / "repair"
CONFIG = RepairSettings()


def load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def doc_of(*paragraphs: str, title: str | None = None) -> Document:
    return Document(id="d", source="d.txt", title=title,
                    body=tuple(Paragraph(text) for text in paragraphs))


@pytest.mark.parametrize("case", load("synthetic.json") + load("in-the-wild.json"),
                         ids=lambda case: case["label"])
def test_repairs(case):
    fixed, changes = repair_text(case["input"], CONFIG)
    assert fixed == case["expected"]
    assert changes, "a repair must be recorded"


@pytest.mark.parametrize("case", load("negative.json"), ids=lambda case: case["label"])
def test_correct_text_is_left_alone(case):
    fixed, changes = repair_text(case["input"], CONFIG)
    assert fixed == case["input"]
    assert changes == []


@pytest.mark.parametrize("case", load("documents.json"), ids=lambda case: case["label"])
def test_document_level_name_case(case):
    repaired = repair(doc_of(*case["paragraphs"]), CONFIG)
    assert [paragraph.text for paragraph in repaired.body] == case["expected"]


def test_every_change_is_in_the_audit_with_its_reason_and_spot():
    doc = doc_of("Intro text.", "It rained all day.Roads flooded –- again.", title="A re\u00adport")
    repaired = repair(doc, CONFIG)
    entries = [entry for entry in repaired.audit if entry.action is Action.REPAIRED]
    assert {entry.reason for entry in entries} == {
        Reason.MISSING_SPACE, Reason.DASH_RUN, Reason.INVISIBLE_CHARACTER}
    missing = next(entry for entry in entries if entry.reason is Reason.MISSING_SPACE)
    assert missing.paragraph == 1
    # Each entry's `before` is the text as that rule found it: the dash rule ran first.
    assert missing.before == "It rained all day.Roads flooded – again."
    assert missing.after == "It rained all day. Roads flooded – again."
    assert missing.detail == "fix_missing_space: 'all day.Roads fl' -> 'all day. Roads fl'"
    title = next(entry for entry in entries if entry.reason is Reason.INVISIBLE_CHARACTER)
    assert title.paragraph is None and title.detail == "title: removed soft hyphen"
    assert repaired.title == "A report"
    assert repaired.counts(Action.REPAIRED) == {"dash-run": 1, "invisible-character": 1,
                                                "missing-space": 1}


def test_ftfy_explanation_is_recorded():
    repaired = repair(doc_of("the mayorâ€™s office"), CONFIG)
    (entry,) = repaired.audit
    assert entry.reason is Reason.MOJIBAKE
    assert entry.detail.startswith("ftfy: ") and "decode" in entry.detail


def test_an_unchanged_document_is_returned_as_is():
    doc = doc_of("Nothing to repair here.", "Nor here.")
    assert repair(doc, CONFIG) is doc


def test_garbled_paragraphs_are_flagged_with_score_and_reasons():
    doc = doc_of("The ministry has repeatedly harborized its position.", "A clean sentence.")
    repaired = repair(doc, CONFIG)
    assert repaired.body[0].flags == (Reason.GARBLED.value,)
    assert repaired.body[1].flags == ()
    (entry,) = [entry for entry in repaired.audit if entry.reason is Reason.GARBLED]
    assert entry.action is Action.FLAGGED and entry.paragraph == 0
    assert entry.detail.startswith("score 0.143: 'harborized'")
    assert repaired.counts(Action.FLAGGED) == {"garbled": 1}


def test_drop_garbled_above_removes_only_paragraphs_scoring_above():
    doc = doc_of("Tradinging the ports and farmer vision:",  # 1 of 6 words: 0.167
                 "The ministry has repeatedly harborized its position on the dispute.",  # 0.1
                 "A clean sentence.")
    repaired = repair(doc, RepairSettings(drop_garbled_above=0.15))
    assert [p.text for p in repaired.body] == [doc.body[1].text, doc.body[2].text]
    assert repaired.body[0].flags == (Reason.GARBLED.value,)
    removed = [entry for entry in repaired.audit if entry.action is Action.REMOVED]
    assert [(entry.paragraph, entry.reason) for entry in removed] == [(0, Reason.GARBLED)]


def test_fixers_are_named_functions():
    assert [fixer.__name__ for fixer in FIXERS] == [
        "fix_with_ftfy", "fix_invisible", "fix_dash_run", "fix_stray_comma_dash",
        "fix_spaced_compound", "fix_broken_quotes", "fix_missing_space"]


# --- properties --------------------------------------------------------------------------

# Text built from the pieces repair rules look at: words (names, all-caps, accented,
# Cyrillic), sentence ends, dashes, quotes, entities and invisible characters.
_PIECES = st.sampled_from([
    "the", "harbour", "Lisbon", "XI", "Xi", "NATO", "U.S", "café", "Москва", "large", "scale",
    "e.g", "3.5", "11.000", "Node", "js", "example", "com", "Okonkwo", "OKONKWO",
    " ", " ", " ", ".", ". ", ",", ",-", " -", "-", "–", "—", "–-", "—-", "“", "”", "““", "””",
    "“”", "’", "\"", "'", "?", "!", "...", "&amp;", "&amp;#8217;", "&lt;", "\u200b", "\u00ad",
    "\u200d", "\u200e", "\u2060", "\ufeff", "\U0001F469", "\n",
])
PIECED_TEXT = st.lists(_PIECES, max_size=40).map("".join)
ANY_TEXT = st.text(max_size=200)


@settings(max_examples=200, deadline=None)
@given(st.one_of(PIECED_TEXT, ANY_TEXT))
def test_repair_is_idempotent(text):
    once, _ = repair_text(text, CONFIG)
    twice, changes = repair_text(once, CONFIG)
    assert twice == once, changes


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECED_TEXT, min_size=1, max_size=4))
def test_document_repair_is_idempotent(paragraphs):
    once = repair(doc_of(*paragraphs), CONFIG)
    twice = repair(once, CONFIG)
    assert [p.text for p in twice.body] == [p.text for p in once.body]


def _word_characters(text: str) -> list[str]:
    return re.findall(r"\w", unicodedata.normalize("NFC", text))


# ftfy's mojibake repair replaces characters by design (`Ã©` -> `é`) and can misfire on odd
# but clean text (`café”“` reads as UTF-8 bytes E9 94 93 -> `caf锓`), so the word characters
# are compared with what ftfy hands the other rules: those never delete one.
def _after_ftfy(text: str) -> str:
    return fix_with_ftfy(text, CONFIG)[0]


@settings(max_examples=200, deadline=None)
@given(PIECED_TEXT)
def test_repair_never_deletes_a_word_character(text):
    fixed, _ = repair_text(text, CONFIG)
    assert _word_characters(fixed) == _word_characters(_after_ftfy(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECED_TEXT, min_size=1, max_size=4))
def test_document_repair_keeps_word_characters_up_to_case(paragraphs):
    doc = doc_of(*paragraphs)
    repaired = repair(doc, CONFIG)
    for before, after in zip(doc.body, repaired.body, strict=True):
        assert [c.lower() for c in _word_characters(after.text)] == \
            [c.lower() for c in _word_characters(_after_ftfy(before.text))]


def test_a_garbled_title_is_flagged_in_the_audit_and_kept():
    repaired = repair(doc_of("A clean sentence.", title="Tradinging the ports"), CONFIG)
    assert repaired.title == "Tradinging the ports"
    (entry,) = repaired.audit
    assert (entry.action, entry.reason, entry.paragraph) == (Action.FLAGGED, Reason.GARBLED, None)
    assert entry.detail.startswith("title: score 0.333: 'tradinging'")


def test_the_audit_shows_at_most_five_spots_of_a_long_paragraph():
    text = "The ferry left at noon.Passengers waved from the deck. " * 500
    fixed, (change,) = repair_text(text, CONFIG)
    assert fixed.count("noon. Passengers") == 500
    assert change.detail.count("->") == 5 and change.detail.endswith("; ...")
