"""The words of each language (lang/<code>/words.toml) and the patterns built from them."""

from __future__ import annotations

import pytest

from copydesk.cleaners.boilerplate.headlines import find_date, parse_byline, parse_dateline
from copydesk.cleaners.boilerplate.lexicon import (
    DEFAULT_LANGUAGES,
    any_of,
    language_folders,
    lexicon,
)
from copydesk.cleaners.boilerplate.lines import is_share_row, line_verdict
from copydesk.cleaners.boilerplate.phrases import phrase_book
from copydesk.cleaners.reasons import Reason


def test_every_folder_is_a_default_language_english_first() -> None:
    assert DEFAULT_LANGUAGES == tuple(language_folders())
    assert DEFAULT_LANGUAGES[0] == "en" and list(DEFAULT_LANGUAGES[1:]) == sorted(
        DEFAULT_LANGUAGES[1:])
    assert {"en", "fr", "de", "es", "it"} <= set(DEFAULT_LANGUAGES)


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="no words for language"):
        lexicon(("en", "xx"))


def test_alternations_are_literal_and_longest_first() -> None:
    assert any_of(["a.m", "am"]) == r"a\.m|am"
    assert any_of([]) == "(?!)"


@pytest.mark.parametrize("languages,line,names", [
    (("it",), "di Giulia Ferri e Marco Bini", ("Giulia Ferri", "Marco Bini")),
    (("it",), "A cura di Anna Galli", ("Anna Galli",)),
    (("en",), "di Giulia Ferri", ()),  # only Italian signs articles with "di"
    (("de",), "Von Jana Brandt und Ole Sievers", ("Jana Brandt", "Ole Sievers")),
])
def test_bylines_use_the_words_of_the_configured_languages(languages, line, names) -> None:
    assert parse_byline(line, lexicon(languages)) == names


@pytest.mark.parametrize("languages,text,date", [
    (("it",), "Pubblicato il 12 marzo 2024 alle 09:30", "2024-03-12"),
    (("it",), "1° febbraio 2024", "2024-02-01"),
    (("fr",), "Publié le 1er mars 2024 à 10h15", "2024-03-01"),
    (("es",), "Publicado el 18 de marzo de 2024", "2024-03-18"),
])
def test_datelines_in_each_language(languages, text, date) -> None:
    assert parse_dateline(text, lexicon(languages)) == date


def test_a_month_only_one_language_knows() -> None:
    assert find_date("4 aprile 2024", lexicon(("it",))) == "2024-04-04"
    assert find_date("4 aprile 2024", lexicon(("en",))) is None


@pytest.mark.parametrize("line,reason", [
    ("Foto d'archivio", Reason.CAPTION),
    ("Iscriviti alla newsletter del giornale per ricevere le notizie", Reason.NEWSLETTER),
    ("Seguici su Instagram per restare aggiornato", Reason.NEWSLETTER),
    ("© 2024 Editoriale Lagunare - Tutti i diritti riservati", Reason.LEGAL_FOOTER),
])
def test_italian_line_rules(line, reason) -> None:
    words = lexicon(("it",))
    verdict = line_verdict(line, phrase_book(("it",)), words)
    assert verdict is not None and verdict.reason is reason


def test_share_buttons_and_networks_do_not_depend_on_the_language() -> None:
    assert is_share_row("Condividi Facebook WhatsApp", lexicon(("it",)))
    assert not is_share_row("Condividi Facebook WhatsApp", lexicon(("en",)))
    assert is_share_row("Share Telegram Bluesky", lexicon(("en",)))
