"""Our own seed-like pages for other outlets, languages and phrasings, scored like the seeds.

The pages in tests/fixtures/outlets are written for copydesk (invented outlets and text):
an English local paper with comments, a review blog with an author box and a comment form,
a French, a German and a Spanish paper, a wire story with a photo credit and credits line,
a numbered-list feature, an HTML page whose article element holds a repeated title,
a newsletter prompt, a "You may also like" list, a comments label and a copyright line, and
three Italian pages (a local paper, a regional one with a photo credit and an author box, a
recipe blog), which only the words of `lang/it/` clean; and twelve outlets unlike the sample
ones (en, fr, de, es), each laid out differently: a photo caption and its credit line above
the headline, a name alone under the headline, a publication line with the outlet, a time or
the reading time ("Published on <outlet>: <date> · 4 min read"), a labelled share bar, a
reader-feedback prompt and its buttons, a sponsored teaser and a syndication line.
Rules tuned to the five seeds would fail here.
"""

from __future__ import annotations

import json

import pytest
from gold import assert_targets, clean_file, score_document, score_folder
from helpers import TESTS

OUTLETS = TESTS / "fixtures" / "outlets"
GOLD = json.loads((OUTLETS / "gold.json").read_text(encoding="utf-8"))


def test_outlets_meet_gold_targets_together() -> None:
    assert_targets(score_folder(OUTLETS))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_outlet_page(name: str) -> None:
    score = score_document(name, clean_file(OUTLETS / name), GOLD[name])
    assert not score.problems, "\n".join(score.problems)
