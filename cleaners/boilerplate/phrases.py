"""Phrase lists: boilerplate phrases per language, kept as data files and read by one loader.

`lang/<code>/<list>.txt` holds one phrase a line; `#` starts a comment. A phrase
matches a whole line, compared case-insensitively after surrounding punctuation, counts in
parentheses and spacing are folded away. A phrase ending in ` *` matches any line that
starts with it. The list a phrase came from names the reason it is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    prefixes: tuple[tuple[str, PhraseMatch], ...]  # longest first: the first that fits wins
    #: the same prefixes by text, each with its place in `prefixes` (the first of equals) ...
    _by_prefix: dict[str, tuple[int, PhraseMatch]] = field(init=False, repr=False)
    #: ... and the lengths they come in: a line is looked up once per length, not compared
    #: with every prefix (3.4 million comparisons over 300 benchmark pages)
    _lengths: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_prefix: dict[str, tuple[int, PhraseMatch]] = {}
        for index, (prefix, candidate) in enumerate(self.prefixes):
            by_prefix.setdefault(prefix, (index, candidate))
        object.__setattr__(self, "_by_prefix", by_prefix)
        object.__setattr__(self, "_lengths", tuple(sorted({len(p) for p in by_prefix})))

    def match(self, line: str) -> PhraseMatch | None:
        folded = fold(line)
        if not folded or _CODE.search(line):
            return None
        found = self.exact.get(folded)
        if found:
            return found
        light = _SPACE.sub(" ", line.casefold()).strip()
        best: tuple[int, PhraseMatch] | None = None
        for text in (light, folded):
            for length in self._lengths:
                if length > len(text):
                    break
                hit = self._by_prefix.get(text[:length])
                if hit and (best is None or hit[0] < best[0]) and _starts_with_words(
                        text, text[:length]):
                    best = hit
        return best[1] if best else None


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
