"""Garble scoring: invented words are flagged with reasons; names, jargon and foreign text not."""

from __future__ import annotations

import json

import pytest
from helpers import TESTS

from copydesk.cleaners.repair.garble import garble

CASES = json.loads((TESTS / "cases" / "repair" / "garble.json")
                   .read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", CASES["garbled"])
def test_invented_words_are_garble(text):
    verdict = garble(text)
    assert verdict.garbled
    assert 0 < verdict.score <= 1
    for reason in verdict.reasons:
        word = reason.split("'")[1]
        assert word in text.lower()


@pytest.mark.parametrize("text", CASES["clean"])
def test_names_jargon_and_foreign_text_are_not_garble(text):
    verdict = garble(text)
    assert not verdict.garbled
    assert verdict.score == 0.0


def test_score_is_the_share_of_suspect_words():
    assert garble("Tradinging ports").score == 0.5
    assert garble("Tradinging ports, tradinging ships").score == 0.5
    assert len(garble("Tradinging ports, tradinging ships").reasons) == 2


def test_a_capitalised_word_mid_sentence_is_a_name():
    assert not garble("We met Tradinging at the port.").garbled
    assert garble("We met them. Tradinging at the port.").garbled


def test_never_suggests_a_spelling():
    verdict = garble("The council harborized the plan.")
    assert verdict.reasons == (
        "'harborized': known stem 'harbor' + '-ized' makes no known word",)
    assert garble("") == garble("   ")
