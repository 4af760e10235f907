"""Invisible characters that ftfy leaves alone: zero-width spaces, soft hyphens, bidi controls.

Scraped pages carry them from CMS editors and copy-paste: they are invisible on screen but split
words for search, tokenizers and exact-match dedup (``Put\\u200bin`` is not ``Putin``). None of
them carries meaning in running news text, with one exception: the zero-width joiner (ZWJ) glues
emoji sequences (👩‍💻 is three code points) and shapes Indic and Arabic letters, so it is kept
next to an emoji or a letter of a script that uses it, and removed only between Latin text,
digits, spaces and punctuation, where it can only be noise.

The zero-width non-joiner is kept: Persian and Indic spelling need it.
"""

from __future__ import annotations

import re
import unicodedata

#: Removed wherever they occur. Code point -> name, for the audit.
INVISIBLE: dict[str, str] = {
    "\u00ad": "soft hyphen",
    "\u180e": "mongolian vowel separator",
    "\u200b": "zero-width space",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2060": "word joiner",
    "\u2061": "function application",
    "\u2062": "invisible times",
    "\u2063": "invisible separator",
    "\u2064": "invisible plus",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u061c": "arabic letter mark",
    "\ufeff": "zero-width no-break space",
}
ZWJ = "\u200d"

_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]+")
_ZWJ_RE = re.compile(ZWJ)


def remove_invisible(text: str) -> str:
    """Drop invisible formatting characters; keep the ZWJ where it joins something.

    >>> remove_invisible("Put\\u200bin met Xi\\u00ad Jinping")
    'Putin met Xi Jinping'
    >>> emoji = "coder \\U0001F469\\u200d\\U0001F4BB"
    >>> remove_invisible(emoji) == emoji
    True
    >>> remove_invisible("zero\\u200dwidth")
    'zerowidth'
    """
    if not _has_candidates(text):
        return text
    text = _INVISIBLE_RE.sub("", text)
    if ZWJ in text:
        text = _ZWJ_RE.sub(lambda m: ZWJ if _zwj_joins(m.string, m.start()) else "", text)
    return text


def invisible_names(text: str) -> list[str]:
    """The names of the invisible characters in `text`, for the audit, in order of first use."""
    seen: dict[str, None] = {}
    for char in text:
        if char in INVISIBLE:
            seen.setdefault(INVISIBLE[char], None)
        elif char == ZWJ:
            seen.setdefault("zero-width joiner", None)
    return list(seen)


def _has_candidates(text: str) -> bool:
    return ZWJ in text or _INVISIBLE_RE.search(text) is not None


def _zwj_joins(text: str, index: int) -> bool:
    """Whether the ZWJ at `index` sits next to an emoji part or a letter of a joining script."""
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return _joinable(before) or _joinable(after)


def _joinable(char: str) -> bool:
    if not char:
        return False
    category = unicodedata.category(char)
    if category in ("So", "Sk", "Mn", "Mc", "Me"):  # emoji, skin tones, marks, keycaps
        return True
    if "\ufe00" <= char <= "\ufe0f" or char == ZWJ:  # variation selectors
        return True
    # Letters of scripts after Latin, Greek and Cyrillic (Hebrew, Arabic, Indic, ...) may need
    # the joiner for their shapes.
    return category.startswith("L") and ord(char) >= 0x0590
