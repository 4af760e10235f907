"""Shingles: the form in which two paragraphs are compared for near-duplication.

A paragraph becomes its normalised words (case folded; punctuation, digits and spacing
dropped, so `format` edits vanish), and then the set of hashes of each run of `size`
consecutive words. Short runs keep word order, which a bag of words would lose, while still
surviving a changed word better than long runs do: a single edit breaks `size` shingles.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

_NON_WORD = re.compile(r"[\W\d_]+")

# Odd 32-bit multiplier (the golden ratio) for the rolling combination of word hashes.
_MIX = np.uint64(0x9E3779B1)
_MASK32 = np.uint64(0xFFFFFFFF)


def normalise(text: str) -> str:
    """The form two paragraphs are compared in.

    >>> normalise("The  Storm, on 3 March!") == normalise("the storm on march")
    True
    """
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def tokens(text: str) -> list[str]:
    """The normalised words of a paragraph.

    >>> tokens("U.S. defence -- 2,000 troops")
    ['u', 's', 'defence', 'troops']
    """
    return _NON_WORD.sub(" ", text.casefold()).split()


def text_key(normalised: str) -> str:
    """A short stable hash of normalised text (exact-duplicate keys for paragraphs, documents)."""
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).hexdigest()


def shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """The sorted unique 32-bit hashes of every run of `size` consecutive words.

    Word hashes are CRC-32 (fixed, unlike Python's salted `hash`, so the same text gives the
    same shingles in every process); runs are combined with a vectorised rolling hash, so the
    cost per paragraph is one C call per word plus `size` numpy operations. A text shorter
    than `size` words is one shingle of all its words.

    >>> shingle_hashes(["a", "b", "c"], 2).size
    2
    >>> bool((shingle_hashes(["a", "b"], 2) == shingle_hashes(["a", "b"], 5)).all())
    True
    """
    if size < 1:
        raise ValueError("shingle size must be at least 1")
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64,
                         count=len(tokens))
    width = min(size, len(tokens))
    count = len(tokens) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        combined = (combined * _MIX + hashes[offset:offset + count]) & _MASK32
    return np.unique(combined.astype(np.uint32))
