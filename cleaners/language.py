"""Language: the document's language with langdetect, deterministic, on bounded samples.

langdetect draws random n-grams; without a seed it answers differently from run to run. The
detector is created per call with the configured seed, so the answer depends only on the text.

The document's language is judged once, on the title and the first `sample_chars` of the body.
Paragraphs long enough to judge (`min_paragraph_chars`) get their own language, and those in
another language than the document are flagged. A langdetect call costs 3-8 ms whatever the
length of the text, so a paragraph is first checked cheaply: when its share of the commonest
words of the document's language is high and clearly above that of any other language, it is
in that language and langdetect is not asked. Only paragraphs that look different, or whose
language the word lists cannot tell, are judged by langdetect, on at most
`_PARAGRAPH_SAMPLE_CHARS` characters.

Documents outside the wanted languages (when a list is configured) are `filtered`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from pathlib import Path

import wordfreq
from langdetect import detector_factory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.config import LanguageConfig
from cleaners.document import AuditEntry, Document, Paragraph, Status
from cleaners.reasons import Action, Reason

STAGE = "language"

# langdetect reads at most this much of a paragraph; its cost is in its sampling iterations,
# not the length, but the n-gram table it builds first grows with the text.
_PARAGRAPH_SAMPLE_CHARS = 1000

# The word-list check. Over the 1,623 paragraphs of 200+ characters of the 181 Scrapinghub
# articles, the seeds and our samples, the commonest-100-words test with these numbers
# decided 1,466 and agreed with langdetect on every one; the stage ran 3.1x faster than
# with langdetect on every paragraph (benchmarks/language.py).
_COMMON_WORDS = 100
_MIN_SHARE = 0.3  # share of the paragraph's words among the language's commonest words
_MIN_LEAD = 1.5  # ... at least this many times the share of the runner-up language
#: Languages with space-separated words whose commonest words tell them apart.
_WORD_LIST_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl", "sv")
_WORD = re.compile(r"[^\W\d_]+")


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


CommonWords = dict[str, frozenset[str]]


def common_words() -> CommonWords:
    """The commonest words of each word-list language, from the lists wordfreq ships."""
    return {lang: frozenset(wordfreq.top_n_list(lang, _COMMON_WORDS, wordlist="small"))
            for lang in _WORD_LIST_LANGUAGES}


def plainly_in(text: str, language: str, common: CommonWords) -> bool:
    """Whether the commonest words of `language` make up a clear share of `text`.

    >>> common = common_words()
    >>> plainly_in("The minister said the plan would be ready by the end of May.", "en", common)
    True
    >>> plainly_in("Le ministre a dit que le plan serait prêt à la fin de mai.", "en", common)
    False
    """
    if language not in common:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return False
    shares = {lang: sum(word in listed for word in words) / len(words)
              for lang, listed in common.items()}
    runner_up = max(share for lang, share in shares.items() if lang != language)
    return shares[language] >= _MIN_SHARE and shares[language] >= _MIN_LEAD * runner_up


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


def detect_language(doc: Document, config: LanguageConfig) -> Document:
    """Set the document's language and probability, tag paragraphs, apply the wanted list."""
    sample = _sample(doc, config.sample_chars)
    language, probability = detect(sample, config.seed)
    entries = [AuditEntry(STAGE, Action.METADATA, Reason.LANGUAGE, text=language,
                          detail=f"probability {probability}")] if language else []
    common = common_words()
    body = [_tag(paragraph, index, language, config, common, entries)
            for index, paragraph in enumerate(doc.body)]
    changes: dict[str, object] = {"language": language, "language_probability": probability,
                                  "body": tuple(body)}
    if config.wanted and language not in config.wanted:
        message = f"language {language or 'unknown'} is not among the wanted languages " \
                  f"({', '.join(config.wanted)})"
        entries.append(AuditEntry(STAGE, Action.STATUS, Reason.UNWANTED_LANGUAGE, detail=message))
        changes.update(status=Status.FILTERED, error=None)
    return doc.with_changes(entries, **changes)


def _tag(paragraph: Paragraph, index: int, language: str | None, config: LanguageConfig,
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
        entries.append(AuditEntry(STAGE, Action.FLAGGED, Reason.FOREIGN_LANGUAGE,
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
