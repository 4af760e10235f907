"""The language stage: right for our own samples and the seeds, deterministic, bounded.

Samples (tests/cases/language/samples.json) are news-like paragraphs written for these tests
in English, French, German, Spanish and Russian.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import OUTSIDE, TESTS, shared_or_skip

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Paragraph, Status
from copydesk.cleaners.extract import extract
from copydesk.cleaners.io.decode import decode
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.language import detect_language
from copydesk.cleaners.language import stage as language_module
from copydesk.cleaners.language.common_words import common_words, plainly_in
from copydesk.cleaners.language.settings import LanguageSettings
from copydesk.cleaners.language.stage import paragraph_language
from copydesk.cleaners.reasons import Action, Reason

SAMPLES: dict[str, list[str]] = json.loads(
    (TESTS / "cases" / "language" / "samples.json").read_text(encoding="utf-8"))
CONFIG = LanguageSettings()


def doc_of(*paragraphs: str, title: str | None = None) -> Document:
    return Document(id="d", source="d.txt", title=title,
                    body=tuple(Paragraph(text) for text in paragraphs))


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_document_language_of_our_samples(language):
    doc = detect_language(doc_of(*SAMPLES[language]), CONFIG)
    assert doc.language == language
    assert doc.language_probability is not None and doc.language_probability > 0.9
    assert [p.language for p in doc.body] == [language] * len(SAMPLES[language])
    assert doc.counts(Action.FLAGGED) == {}
    (entry,) = [e for e in doc.audit if e.reason is Reason.LANGUAGE]
    assert entry.text == language and entry.detail == f"probability {doc.language_probability}"


@pytest.mark.parametrize("language", sorted(set(SAMPLES) - {"en"}))
def test_a_paragraph_in_another_language_is_tagged(language):
    english = SAMPLES["en"]
    doc = detect_language(doc_of(english[0], SAMPLES[language][0], english[1]), CONFIG)
    assert doc.language == "en"
    assert [p.language for p in doc.body] == ["en", language, "en"]
    assert [p.flags for p in doc.body] == [(), (Reason.FOREIGN_LANGUAGE.value,), ()]
    (entry,) = [e for e in doc.audit if e.reason is Reason.FOREIGN_LANGUAGE]
    assert entry.paragraph == 1 and entry.detail.endswith("in a en document")
    assert "langdetect" in entry.detail


def test_short_paragraphs_keep_no_language_of_their_own():
    doc = detect_language(doc_of(*SAMPLES["en"], "Merci beaucoup."), CONFIG)
    assert doc.body[-1].language is None and doc.body[-1].flags == ()


def test_unwanted_language_filters_the_document():
    doc = detect_language(doc_of(*SAMPLES["de"]), LanguageSettings(wanted=("en", "fr")))
    assert doc.status is Status.FILTERED
    (entry,) = [e for e in doc.audit if e.reason is Reason.UNWANTED_LANGUAGE]
    assert entry.detail == "language de is not among the wanted languages (en, fr)"
    kept = detect_language(doc_of(*SAMPLES["fr"]), LanguageSettings(wanted=("en", "fr")))
    assert kept.status is Status.CLEAN


def test_identical_whatever_ran_before():
    docs = [doc_of(*texts) for _, texts in sorted(SAMPLES.items())]
    first = [detect_language(doc, CONFIG) for doc in docs]
    again = [detect_language(doc, CONFIG) for doc in reversed(docs)][::-1]
    assert first == again


def test_identical_in_a_fresh_process():
    code = ("import json, sys\n"
            "from copydesk.cleaners.language.detect import detect\n"
            "texts = json.load(sys.stdin)\n"
            "print(json.dumps([detect(t, 0) for t in texts]))\n")
    texts = [text[:60] for texts in SAMPLES.values() for text in texts]
    runs = [subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), text=True,
                           capture_output=True, check=True, cwd=OUTSIDE).stdout for _ in range(2)]
    here = json.loads(json.dumps([language_module.detect(t, 0) for t in texts]))
    assert json.loads(runs[0]) == json.loads(runs[1]) == here


def test_word_list_check_decides_plain_paragraphs_without_langdetect(monkeypatch):
    common = common_words()
    for language, texts in SAMPLES.items():
        for text in texts:
            # Russian inflects its common words too much for a 100-word list: langdetect.
            assert plainly_in(text, language, common) is (language != "ru")
            others = set(SAMPLES) - {language}
            assert not any(plainly_in(text, other, common) for other in others)

    def no_langdetect(text, seed):
        raise AssertionError("langdetect called")

    monkeypatch.setattr(language_module, "detect", no_langdetect)
    assert paragraph_language(SAMPLES["en"][0], "en", 0, common) == ("en", None, "word list")


def test_langdetect_reads_a_bounded_sample(monkeypatch):
    seen: list[int] = []
    real = language_module.detect

    def spy(text, seed):
        seen.append(len(text))
        return real(text, seed)

    monkeypatch.setattr(language_module, "detect", spy)
    long_french = " ".join(SAMPLES["fr"] * 20)
    detect_language(doc_of(long_french, *SAMPLES["en"]), LanguageSettings(sample_chars=2000))
    assert max(seen) <= 2000


def test_seeds_are_english():
    folder = shared_or_skip("seeds")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    config = Config()
    for path in sorted(folder.glob("*.txt")):
        doc = decode(RawFile(path.stem, path.name, path.read_bytes()), config.decode)
        doc = detect_language(extract(doc, config.extract), config.language)
        assert doc.language == gold[path.name]["language"], path.name
        assert doc.counts(Action.FLAGGED) == {}, path.name
