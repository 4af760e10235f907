"""Where a repair changed a text, in a few characters of context, for a reader of the audit."""

from __future__ import annotations


def spots(before: str, after: str, context: int = 8, limit: int = 5) -> str:
    """The changed spots of a text with a little context, for a reader of the audit.

    The rules insert, drop or change a few characters at a time, so the two texts are
    walked side by side and re-aligned after each difference: linear in the length, where a
    general diff is quadratic (a 47,000-character paragraph took minutes with difflib).

    >>> spots("a distance of 100 meters.Many cameras", "a distance of 100 meters. Many cameras")
    "'meters.Many cam' -> 'meters. Many cam'"
    >>> spots("It rained.Roads flooded –- again.", "It rained. Roads flooded – again.")
    "'rained.Roads fl' -> 'rained. Roads fl'; 'looded –- again.' -> 'looded – again.'"
    """
    i = j = 0
    shown: list[str] = []
    while i < len(before) and j < len(after):
        if before[i] == after[j]:
            i, j = i + 1, j + 1
            continue
        skip_i, skip_j = _realign(before, after, i, j)
        shown.append(f"{before[max(i - context, 0): i + skip_i + context].strip()!r} -> "
                     f"{after[max(j - context, 0): j + skip_j + context].strip()!r}")
        i, j = i + skip_i, j + skip_j
    if i < len(before) or j < len(after):
        shown.append(f"{before[max(i - context, 0):].strip()[:40]!r} -> "
                     f"{after[max(j - context, 0):].strip()[:40]!r}")
    return "; ".join(shown[:limit]) + ("; ..." if len(shown) > limit else "")


def _realign(before: str, after: str, i: int, j: int, window: int = 4) -> tuple[int, int]:
    """How many characters to skip in each text so that the next `window` agree."""
    for total in range(1, 9):
        for skip_i in range(total + 1):
            skip_j = total - skip_i
            ahead_a = before[i + skip_i: i + skip_i + window]
            ahead_b = after[j + skip_j: j + skip_j + window]
            if ahead_a == ahead_b and (ahead_a or (i + skip_i >= len(before)
                                                   and j + skip_j >= len(after))):
                return skip_i, skip_j
    return len(before) - i, len(after) - j
