"""The language stage over one document.

The document's language is judged once, on the title and the first `sample_chars` of the
body. Paragraphs long enough to judge (`min_paragraph_chars`) get their own language, and
those in another language than the document are flagged: a paragraph is first checked against
the commonest words of the document's language (`common_words.py`), and only paragraphs that
look different, or whose language the word lists cannot tell, are judged by langdetect, on at
most `_PARAGRAPH_SAMPLE_CHARS` characters. Documents outside the wanted languages (when a
list is configured) are `filtered`.
"""

from __future__ import annotations

import dataclasses

from copydesk.cleaners.document import AuditEntry, Document, Paragraph, Status
from copydesk.cleaners.language.common_words import CommonWords, common_words, plainly_in
from copydesk.cleaners.language.detect import detect
from copydesk.cleaners.language.settings import LanguageSettings
from copydesk.cleaners.reasons import Action, Reason

NAME = "language"

# langdetect reads at most this much of a paragraph; its cost is in its sampling iterations,
# not the length, but the n-gram table it builds first grows with the text.
_PARAGRAPH_SAMPLE_CHARS = 1000


def paragraph_language(text: str, document_language: str | None, seed: int,
                       common: CommonWords) -> tuple[str | None, float | None, str]:
    """A paragraph's language, its probability (None when decided by word list) and how.

    >>> paragraph_language("It was the best of times, it was the worst of times.", "en", 0,
    ...                    common_words())
    ('en', None, 'word list')
    """
    if document_language and plainly_in(text, document_language, common):
        return document_language, None, "word list"
    language, probability = detect(text[:_PARAGRAPH_SAMPLE_CHARS], seed)
    return language, probability, "langdetect"


def detect_language(doc: Document, config: LanguageSettings) -> Document:
    """Set the document's language and probability, tag paragraphs, apply the wanted list."""
    sample = _sample(doc, config.sample_chars)
    language, probability = detect(sample, config.seed)
    entries = [AuditEntry(NAME, Action.METADATA, Reason.LANGUAGE, text=language,
                          detail=f"probability {probability}")] if language else []
    common = common_words()
    body = [_tag(paragraph, index, language, config, common, entries)
            for index, paragraph in enumerate(doc.body)]
    changes: dict[str, object] = {"language": language, "language_probability": probability,
                                  "body": tuple(body)}
    if config.wanted and language not in config.wanted:
        message = f"language {language or 'unknown'} is not among the wanted languages " \
                  f"({', '.join(config.wanted)})"
        entries.append(AuditEntry(NAME, Action.STATUS, Reason.UNWANTED_LANGUAGE, detail=message))
        changes.update(status=Status.FILTERED, error=None)
    return doc.with_changes(entries, **changes)


def _tag(paragraph: Paragraph, index: int, language: str | None, config: LanguageSettings,
         common: CommonWords, entries: list[AuditEntry]) -> Paragraph:
    """Give a long paragraph its own language; flag it when it differs from the document's."""
    if len(paragraph.text) < config.min_paragraph_chars:
        return paragraph
    own, own_probability, how = paragraph_language(paragraph.text, language, config.seed,
                                                   common)
    if own is None:
        return paragraph
    paragraph = dataclasses.replace(paragraph, language=own)
    if language and own != language:
        paragraph = paragraph.flagged(Reason.FOREIGN_LANGUAGE)
        entries.append(AuditEntry(NAME, Action.FLAGGED, Reason.FOREIGN_LANGUAGE,
                                  text=paragraph.text, paragraph=index,
                                  detail=f"{own} ({own_probability}, {how}) "
                                         f"in a {language} document"))
    return paragraph


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
