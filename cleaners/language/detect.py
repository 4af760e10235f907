"""langdetect, deterministic: the same text gives the same answer in every run and process.

langdetect draws random n-grams; without a seed it answers differently from run to run. The
detector is created per call with the configured seed, so the answer depends only on the
text. Its language profiles are loaded once per process, completely, on first use
(`_profiles`), and the answer for a text is cached (`detect`).

The detector is langdetect's own, with the steps that walked the text one character at a
time in Python rewritten to do the same with str and re operations (`_Detector`): the same
n-grams in the same order, the same random draws and the same arithmetic, so the same
probabilities to the last bit (tests/cleaners/language/test_detect.py compares both on
every paragraph of the evaluation pages). Those steps were 70% of its time.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import Any

import numpy
from langdetect import detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_PROFILES_LOCK = threading.Lock()


@functools.cache
def _profiles() -> detector_factory.DetectorFactory:
    """langdetect's language profiles, loaded once, completely, in sorted order.

    langdetect's own `init_factory` publishes its factory before the profiles are loaded, so a
    second thread can detect with half the languages (seen: an English text read as Polish
    with two worker threads); and it loads them in directory order, which differs between
    file systems. The profiles are static data, so caching them changes no result.
    """
    with _PROFILES_LOCK:
        folder = Path(detector_factory.PROFILES_DIRECTORY)
        profiles = [path.read_text("utf-8") for path in sorted(folder.iterdir())
                    if path.is_file() and not path.name.startswith(".")]
        factory = detector_factory.DetectorFactory()
        factory.load_json_profile(profiles)
        return factory


#: Distinct texts whose answer is kept (a paragraph syndicated or templated across a corpus
#: is judged once per process). A text is at most `sample_chars` long (4,000 by default):
#: with the default, at most 16 MB of Latin-script text, a few MB for news.
_CACHED_TEXTS = 4096


@functools.lru_cache(maxsize=_CACHED_TEXTS)
def detect(text: str, seed: int) -> tuple[str | None, float | None]:
    """The most probable language of `text` and its probability, or (None, None).

    >>> detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", 0)[0]
    'fr'
    """
    if not text.strip():
        return None, None
    detector = _Detector(_profiles())
    detector.seed = seed
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    return _iso639_1(best.lang), round(best.prob, 4)


def _iso639_1(code: str) -> str:
    # langdetect names Chinese "zh-cn" / "zh-tw"; the manifest carries ISO 639-1.
    return code.split("-", 1)[0]


def known_languages() -> frozenset[str]:
    """The ISO 639-1 codes langdetect can answer."""
    folder = Path(detector_factory.PROFILES_DIRECTORY)
    return frozenset(_iso639_1(path.name) for path in folder.iterdir()
                     if path.is_file() and not path.name.startswith("."))


_MULTIPLE_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z', with [ \\ ] ^ _ `
_FROM_U0300 = re.compile("[\u0300-\U0010ffff]")
#: Each character as langdetect's `NGram.normalize` maps it, for `str.translate`; filled
#: as characters are met (a few hundred in practice).
_NORMALIZED: dict[int, str] = {}
_NORMALIZED_LOCK = threading.Lock()


class _Detector(Detector):  # type: ignore[misc]
    """langdetect's `Detector`, the same answer bit for bit, without per-character Python
    loops: `append`, `cleaning_text`, `_extract_ngrams` and the sampling in `_detect_block`
    (numpy multiplies and divides element by element exactly as Python does; the sum of the
    normalisation stays Python's own `sum`, in langdetect's order)."""

    text: str

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # langdetect keeps a character unless it is a space after a space, up to the limit.
        self.text += _MULTIPLE_SPACES.sub(" ", text[:self.max_text_length])

    def cleaning_text(self) -> None:
        # langdetect compares a block number with a block name here, so every character
        # from U+0300 on counts as non-Latin: kept as it is.
        latin = len(_LATIN.findall(self.text))
        if latin * 2 < len(_FROM_U0300.findall(self.text)):
            self.text = _LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        return ngrams(_normalize(self.text))

    def _detect_block(self) -> None:
        self.cleaning_text()
        grams = self._extract_ngrams()
        if not grams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        rows = _rows()
        size = len(self.langlist)
        langprob = [0.0] * size
        self.random.seed(self.seed)
        choice = self.random.choice
        for _ in range(self.n_trial):
            prob = numpy.array(self._init_probability())
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                prob *= weight + rows[choice(grams)]
                if i % 5 == 0:
                    prob /= sum(prob.tolist())
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            for j, p in enumerate(prob.tolist()):
                langprob[j] += p / self.n_trial
        self.langprob = langprob


class _Rows(dict[str, "numpy.ndarray[Any, numpy.dtype[numpy.float64]]"]):
    """The profiles' probabilities of an n-gram in every language, as an array, made when
    the n-gram is first drawn. It grows with the n-grams met, to 48 MB were every one of the
    profiles' 87,598 drawn (a few MB for news in a few languages)."""

    def __init__(self, source: dict[str, list[float]]) -> None:
        super().__init__()
        self.source = source

    def __missing__(self, gram: str) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
        row = self[gram] = numpy.array(self.source[gram], dtype=numpy.float64)
        return row


@functools.cache
def _rows() -> _Rows:
    return _Rows(_profiles().word_lang_prob_map)


def _normalize(text: str) -> str:
    """`text` with every character mapped by langdetect's `NGram.normalize`."""
    missing = {ord(ch) for ch in set(text)} - _NORMALIZED.keys()
    if missing:
        with _NORMALIZED_LOCK:
            _NORMALIZED.update({code: NGram.normalize(chr(code)) for code in missing})
    return text.translate(_NORMALIZED)


def ngrams(text: str) -> list[str]:
    """The 1-, 2- and 3-grams langdetect's `_extract_ngrams` draws from a normalized text,
    in its order.

    langdetect feeds the text to a 3-character window one character at a time; a space
    starts a word again. So each word (between single spaces) is read with a space before
    it, and a space after it unless it ends the text (`_word_grams`).

    >>> ngrams("the UN  met")  # no "N" after "U"; the space closes a word
    ['t', ' t', 'h', 'th', ' th', 'e', 'he', 'the', 'e ', 'he ', 'U', ' U', 'N ', 'm', ' m', \
'e', 'me', ' me', 't', 'et', 'met']
    """
    result: list[str] = []
    words = text.split(" ")
    last = len(words) - 1
    for index, word in enumerate(words):
        if word:
            result += _word_grams(f" {word} " if index < last else f" {word}")
    return result


@functools.lru_cache(maxsize=1 << 16)
def _word_grams(padded: str) -> tuple[str, ...]:
    """The grams of one word with the spaces around it: at each of its characters, those
    ending there that the profiles know, 1-gram first, except at the second and later
    capital letters of a run of capitals (an acronym), as langdetect's `capitalword`."""
    known = _profiles().word_lang_prob_map
    result = []
    previous_upper = False
    for i in range(1, len(padded)):
        ch = padded[i]
        upper = ch.isupper()
        if upper and previous_upper:
            continue
        previous_upper = upper
        if ch != " " and ch in known:
            result.append(ch)
        gram = padded[i - 1:i + 1]
        if gram in known:
            result.append(gram)
        if i > 1:
            gram = padded[i - 2:i + 1]
            if gram in known:
                result.append(gram)
    return tuple(result)
