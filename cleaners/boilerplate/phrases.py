"""Phrase lists: boilerplate phrases per language, kept as data files and read by one loader.

`lang/<code>/<list>.txt` holds one phrase a line; `#` starts a comment. A phrase
matches a whole line, compared case-insensitively after surrounding punctuation, counts in
parentheses and spacing are folded away. A phrase ending in ` *` matches any line that
starts with it. The list a phrase came from names the reason it is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from copydesk.cleaners.boilerplate.lexicon import language_folders
from copydesk.cleaners.reasons import Reason

#: Which reason each list file stands for.
LISTS: dict[str, Reason] = {
    "comments": Reason.COMMENTS,
    "related": Reason.RELATED_LINKS,
    "newsletter": Reason.NEWSLETTER,
    "legal": Reason.LEGAL_FOOTER,
    "ads": Reason.ADVERTISEMENT,
    "bio": Reason.AUTHOR_BIO,
    "navigation": Reason.NAVIGATION,
}

_COUNT = re.compile(r"\(\s*\d+\s*\)|\[\s*\d+\s*\]|^\d+\s+|\s+\d+$")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")
#: A line of code or data ('"Comment": {'), not a label, whatever its words.
_CODE = re.compile(r"[{}=;]|\":")


@dataclass(frozen=True)
class PhraseMatch:
    reason: Reason
    source: str  # "<lang>/<list>.txt: <phrase>", for the audit
    list: str = ""  # the list's name ("related", "comments", ...)
    exact: bool = True  # the whole line is the phrase (not only its start)


def fold(line: str) -> str:
    """The form lines and phrases are compared in.

    >>> fold("  Comments (12): ")
    'comments'
    """
    line = _SPACE.sub(" ", line.casefold()).strip()
    line = _COUNT.sub("", line).strip()
    return _EDGE.sub("", line)


@dataclass(frozen=True)
class PhraseBook:
    exact: dict[str, PhraseMatch]
    prefixes: tuple[tuple[str, PhraseMatch], ...]

    def match(self, line: str) -> PhraseMatch | None:
        folded = fold(line)
        if not folded or _CODE.search(line):
            return None
        found = self.exact.get(folded)
        if found:
            return found
        light = _SPACE.sub(" ", line.casefold()).strip()
        for prefix, candidate in self.prefixes:
            if _starts_with_words(light, prefix) or _starts_with_words(folded, prefix):
                return candidate
        return None


def _starts_with_words(line: str, prefix: str) -> bool:
    """`line` starts with `prefix` and the prefix ends at a word boundary ("read more" does
    not start "read moreover")."""
    if not line.startswith(prefix):
        return False
    rest = line[len(prefix):len(prefix) + 1]
    return not rest or not (rest.isalnum() and prefix[-1:].isalnum())


@cache
def phrase_book(languages: tuple[str, ...]) -> PhraseBook:
    """Load the lists of the given languages (the files are static, so caching is safe)."""
    exact: dict[str, PhraseMatch] = {}
    prefixes: list[tuple[str, PhraseMatch]] = []
    folders = language_folders()
    for lang in languages:
        folder = folders.get(lang)
        if folder is None:
            raise ValueError(f"no phrase lists for language {lang!r}")
        for name, reason in LISTS.items():
            path = folder / f"{name}.txt"
            if not path.is_file():
                continue
            for raw in path.read_text(encoding="utf-8").splitlines():
                phrase = "" if raw.lstrip().startswith("#") else raw.strip()
                if not phrase:
                    continue
                is_prefix = phrase.endswith(" *")
                key = phrase[:-2].strip().casefold() if is_prefix else fold(phrase)
                match = PhraseMatch(reason, f"{lang}/{name}.txt: {phrase}", name, not is_prefix)
                if is_prefix:
                    prefixes.append((key, match))
                else:
                    exact.setdefault(key, match)
    prefixes.sort(key=lambda item: -len(item[0]))
    return PhraseBook(exact, tuple(prefixes))
