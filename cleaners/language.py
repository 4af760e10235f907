"""Language: the document's language with langdetect, deterministic, on a bounded sample.

langdetect draws random n-grams; without a seed it answers differently from run to run. The
detector is created per call with the configured seed, so the answer depends only on the text.
Long paragraphs get their own language, and those in another language than the document are
flagged. Documents outside the wanted languages (when a list is configured) are `filtered`.
"""

from __future__ import annotations

import dataclasses

from langdetect import detector_factory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.config import LanguageConfig
from cleaners.document import AuditEntry, Document, Status
from cleaners.reasons import Action, Reason

STAGE = "language"


def detect(text: str, seed: int) -> tuple[str | None, float | None]:
    """The most probable language of `text` and its probability, or (None, None).

    >>> detect("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", 0)[0]
    'fr'
    """
    if not text.strip():
        return None, None
    detector_factory.init_factory()  # loads the profiles once; a no-op afterwards
    detector = detector_factory._factory.create()
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


def detect_language(doc: Document, config: LanguageConfig) -> Document:
    sample = _sample(doc, config.sample_chars)
    language, probability = detect(sample, config.seed)
    entries = [AuditEntry(STAGE, Action.METADATA, Reason.LANGUAGE, text=language,
                          detail=f"probability {probability}")] if language else []
    body = list(doc.body)
    for index, paragraph in enumerate(body):
        if len(paragraph.text) < config.min_paragraph_chars:
            continue
        own, own_probability = detect(paragraph.text, config.seed)
        if own is None:
            continue
        body[index] = paragraph = dataclasses.replace(paragraph, language=own)
        if language and own != language:
            body[index] = paragraph.flagged(Reason.FOREIGN_LANGUAGE)
            entries.append(AuditEntry(STAGE, Action.FLAGGED, Reason.FOREIGN_LANGUAGE,
                                      text=paragraph.text, paragraph=index,
                                      detail=f"{own} ({own_probability}) in a {language} document"))
    changes: dict[str, object] = {"language": language, "language_probability": probability,
                                  "body": tuple(body)}
    if config.wanted and language not in config.wanted:
        message = f"language {language or 'unknown'} is not among the wanted languages " \
                  f"({', '.join(config.wanted)})"
        entries.append(AuditEntry(STAGE, Action.STATUS, Reason.UNWANTED_LANGUAGE, detail=message))
        changes.update(status=Status.FILTERED, error=None)
    return doc.with_changes(entries, **changes)


def _sample(doc: Document, limit: int) -> str:
    """Title and body up to `limit` characters: enough to judge, bounded in cost."""
    parts: list[str] = [doc.title] if doc.title else []
    size = sum(len(part) for part in parts)
    for paragraph in doc.body:
        if size >= limit:
            break
        parts.append(paragraph.text)
        size += len(paragraph.text) + 1
    return "\n".join(parts)[:limit]
