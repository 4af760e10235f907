"""Phrase lists: every language loads, every list names a reason, matching is whole-line."""

from __future__ import annotations

import pytest

from copydesk.cleaners.boilerplate.lexicon import language_folders
from copydesk.cleaners.boilerplate.phrases import LISTS, fold, phrase_book
from copydesk.cleaners.reasons import Reason


@pytest.mark.parametrize("lang", sorted(language_folders()))
def test_each_language_has_the_core_lists(lang: str) -> None:
    folder = language_folders()[lang]
    for name in ("comments", "related", "newsletter", "legal"):
        assert (folder / f"{name}.txt").is_file(), f"{lang}/{name}.txt missing"
    book = phrase_book((lang,))
    assert book.exact and book.prefixes


def test_every_list_file_is_known() -> None:
    for lang in language_folders().values():
        for path in lang.iterdir():
            if path.name.endswith(".txt"):
                assert path.name[:-4] in LISTS, f"{lang.name}/{path.name} has no reason"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError):
        phrase_book(("xx",))


@pytest.mark.parametrize(("line", "reason"), [
    ("Comments (12)", Reason.COMMENTS),
    ("  LEAVE A REPLY  ", Reason.COMMENTS),
    ("Read more: Putin wins", Reason.RELATED_LINKS),
    ("Lire aussi : les quotas", Reason.RELATED_LINKS),
    ("Das könnte Sie auch interessieren", Reason.RELATED_LINKS),
    ("Suscríbete a nuestro boletín", Reason.NEWSLETTER),
    ("© 2024 Example Media", Reason.LEGAL_FOOTER),
])
def test_matches(line: str, reason: Reason) -> None:
    match = phrase_book(("en", "fr", "de", "es")).match(line)
    assert match is not None and match.reason is reason


@pytest.mark.parametrize("line", [
    "Read moreover the fine print",  # a prefix ends at a word boundary
    "Comments from the minister were not expected",  # exact phrases match whole lines only
    "Sharecropping in the delta",
])
def test_does_not_match(line: str) -> None:
    assert phrase_book(("en", "fr", "de", "es")).match(line) is None


def test_fold() -> None:
    assert fold("  Comments (12): ") == "comments"
    assert fold("3 Comments") == "comments"


def test_code_is_not_a_label() -> None:
    assert phrase_book(("en",)).match('"Comment": {') is None
    assert phrase_book(("en",)).match("comments = load()") is None
