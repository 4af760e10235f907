"""langdetect, deterministic: the same text gives the same answer in every run and process.

langdetect draws random n-grams; without a seed it answers differently from run to run. The
detector is created per call with the configured seed, so the answer depends only on the
text. Its language profiles are loaded once, completely (`_profiles`).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from langdetect import detector_factory
from langdetect.lang_detect_exception import LangDetectException

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


def detect(text: str, seed: int) -> tuple[str | None, float | None]:
    """The most probable language of `text` and its probability, or (None, None).

    >>> detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", 0)[0]
    'fr'
    """
    if not text.strip():
        return None, None
    detector = _profiles().create()
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
