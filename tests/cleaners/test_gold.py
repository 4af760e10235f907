"""The seeds' gold.json: every keep snippet kept, remove snippets gone, metadata right."""

from __future__ import annotations

import pytest
from gold import SEEDS, assert_targets, score_document, score_folder

from copydesk.cleaners.document import Document


@pytest.mark.skipif(not (SEEDS / "gold.json").is_file(), reason="../shared/seeds not present")
def test_seeds_meet_gold_targets() -> None:
    assert_targets(score_folder(SEEDS))


def test_scorer_catches_a_lost_keep_and_a_kept_remove() -> None:
    doc = Document("x", "x.txt", title="A title", body=())
    gold = {"keep": ["missing sentence"], "remove": ["A title"], "title": "Other",
            "date": "2024-01-01", "authors": ["Jane Doe"]}
    score = score_document("x", doc, gold)
    assert score.keep_found == 0 and score.remove_gone == 0
    assert len(score.problems) == 5
    with pytest.raises(AssertionError):
        assert_targets(score)
