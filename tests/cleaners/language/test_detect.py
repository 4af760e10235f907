"""detect.py's detector gives langdetect's own answer, bit for bit: the same n-grams in the
same order, the same random draws, the same probabilities (not just the same language).

Compared with `langdetect.detector.Detector` on the same loaded profiles: our samples, the
paragraphs of the seeds and of some scrapinghub pages (when ../shared is there), and texts
hypothesis makes up from the characters langdetect treats specially (capitals, URLs and
e-mail addresses, Latin-1 punctuation, Vietnamese marks, CJK, kana, Hangul, Arabic).
"""

from __future__ import annotations

import json

import pytest
from helpers import SHARED, TESTS
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from copydesk.cleaners.config import Config
from copydesk.cleaners.io.decode import decode
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.language import detect as detect_module
from copydesk.cleaners.language.detect import _Detector, _profiles, detect, ngrams
from copydesk.cleaners.pipeline import STAGES

SAMPLES: dict[str, list[str]] = json.loads(
    (TESTS / "cases" / "language" / "samples.json").read_text(encoding="utf-8"))


def answer(kind: type[Detector], text: str, seed: int = 0) -> object:
    """Everything a detector computes: the ranked list and every language's probability."""
    detector = kind(_profiles())
    detector.seed = seed
    detector.append(text)
    try:
        ranked = [(language.lang, language.prob) for language in detector.get_probabilities()]
    except LangDetectException as error:
        return ("no features", str(error))
    return ranked, detector.langprob


def assert_same(text: str, seed: int = 0) -> None:
    assert answer(_Detector, text, seed) == answer(Detector, text, seed), text[:200]


def reference_ngrams(text: str) -> list[str]:
    detector = Detector(_profiles())
    detector.text = text
    return detector._extract_ngrams()


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_same_answer_on_our_samples(language):
    for text in SAMPLES[language]:
        for seed in (0, 1, 7):
            assert_same(text, seed)
    assert_same("\n\n".join(SAMPLES[language]))


_SPECIAL = st.sampled_from(
    list("AZaz [\\]^_` \n\t.,;:!?'\"-0123456789")
    + list("\xa0«°»éÉßñçÆøÿ") + ["\u0219", "\u021b", "\u06cc", "\u1ea0", "\u1ec3"]
    + ["a\u0300", "e\u0301", "o\u0303", "u\u0309", "y\u0323"]  # Vietnamese marks
    + list("\u3042\u30a2\u3105\u4e00\u4e8c\uac00\u0627\u0416\u0436\u2014\u201c\U0001f600")
    + [" https://example.org/a?b=c ", " someone@example.org ", "  ", "NATO", "IBM's"])
_TEXTS = st.lists(st.one_of(_SPECIAL, st.text(max_size=8)), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=3))
def test_same_answer_on_made_up_texts(text, seed):
    assert_same(text, seed)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_same_ngrams_in_the_same_order(text):
    normalized = detect_module._normalize(text)
    assert ngrams(normalized) == reference_ngrams(normalized)


def test_same_answer_on_real_paragraphs():
    """The texts the language stage hands langdetect: every paragraph of the seeds and of
    the first 20 scrapinghub pages, and each document's sample."""
    folders = [(SHARED / "seeds", "*.txt"),
               (SHARED / "benchmarks" / "article-extraction" / "scrapinghub" / "html",
                "*.html.gz")]
    if not all(folder.is_dir() for folder, _ in folders):
        pytest.skip("../shared is absent")
    config = Config()
    texts: list[str] = []
    for folder, pattern in folders:
        for path in sorted(folder.glob(pattern))[:20]:
            data = path.read_bytes()
            doc = decode(RawFile(path.name, path.name, data), config.decode)
            for stage in STAGES[1:]:
                if stage.name == "language" or not doc.active or stage.document is None:
                    break
                doc = stage.document(doc, config.section(stage.name))
            texts += [paragraph.text[:1000] for paragraph in doc.body
                      if len(paragraph.text) >= 200]
            texts.append("\n".join(paragraph.text for paragraph in doc.body)[:4000])
    assert len(texts) > 100
    for text in texts:
        assert_same(text)


def test_the_answer_is_cached_per_text():
    detect.cache_clear()
    text = SAMPLES["fr"][0]
    first = detect(text, 0)
    assert detect(text, 0) is first
    assert detect.cache_info().hits == 1
