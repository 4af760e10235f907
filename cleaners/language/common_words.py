"""The commonest words of a language: a cheap first look at a paragraph's language.

A langdetect call costs 3-8 ms whatever the length of the text, so a paragraph is first
checked cheaply: when its share of the commonest words of the document's language is high
and clearly above that of any other language, it is in that language and langdetect is not
asked.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import wordfreq

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


class CommonWords(dict[str, frozenset[str]]):
    """The commonest words of each language, and for each word the languages that list it
    (`languages_of`), so that a paragraph's words are looked up once, not once a language."""

    def __init__(self, lists: dict[str, frozenset[str]]) -> None:
        super().__init__(lists)
        languages: dict[str, list[str]] = {}
        for language, words in lists.items():
            for word in words:
                languages.setdefault(word, []).append(language)
        self.languages_of = {word: tuple(langs) for word, langs in languages.items()}


@functools.cache
def common_words() -> CommonWords:
    """The commonest words of each word-list language, from the lists wordfreq ships; read
    once per process, on first use."""
    return CommonWords({lang: frozenset(wordfreq.top_n_list(lang, _COMMON_WORDS,
                                                             wordlist="small"))
                        for lang in _WORD_LIST_LANGUAGES})


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
    words = _WORD.findall(text)
    if not words:
        return False
    hits = dict.fromkeys(common, 0)
    for word, count in Counter(map(str.lower, words)).items():
        for listed_in in common.languages_of.get(word, ()):
            hits[listed_in] += count
    shares = {lang: hit / len(words) for lang, hit in hits.items()}
    runner_up = max(share for lang, share in shares.items() if lang != language)
    return shares[language] >= _MIN_SHARE and shares[language] >= _MIN_LEAD * runner_up
