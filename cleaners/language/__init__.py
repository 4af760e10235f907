"""The language stage: the document's language with langdetect (deterministic, `detect.py`),
paragraphs in another language flagged (a cheap first look with `common_words.py`), and
documents outside the wanted languages filtered (`stage.py`). Settings: `settings.py`."""

from __future__ import annotations

from copydesk.cleaners.language.settings import LanguageSettings
from copydesk.cleaners.language.stage import NAME, detect_language
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.stage import Stage

STAGE = Stage(
    name=NAME,
    summary="langdetect with a fixed seed on a bounded sample; long paragraphs in another "
            "language are flagged; unwanted languages are filtered",
    settings=LanguageSettings,
    reasons=(Reason.LANGUAGE, Reason.FOREIGN_LANGUAGE, Reason.UNWANTED_LANGUAGE),
    document=detect_language,
)

__all__ = ["STAGE", "LanguageSettings", "detect_language"]
