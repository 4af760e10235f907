"""What every review page shares: escaping, the page frame, the colour of each reason code.

Every text that comes from a document or a manifest record goes through `esc` (text and
attribute values alike): documents are scraped pages, and `<script>` in one is text to show.
"""

from __future__ import annotations

import html
from functools import lru_cache

from copydesk.cleaners.reasons import MEANINGS, Reason


def esc(text: object) -> str:
    """Text for an HTML element or a quoted attribute value."""
    return html.escape(str(text), quote=True)


@lru_cache(maxsize=256)
def meaning(reason: str) -> str:
    """What a reason code means (`reasons.MEANINGS`), or the code itself if unknown."""
    try:
        return MEANINGS[Reason(reason)]
    except ValueError:
        return reason


@lru_cache(maxsize=256)
def reason_class(reason: str) -> str:
    """The CSS class that colours a reason code (`reason_css`); codes are `a-z` and `-`."""
    return "r-" + "".join(c if c.isalnum() or c == "-" else "_" for c in reason)


#: The codes that take lines out of a page, which sit next to each other on a document page:
#: their hues are spread evenly round the circle, neighbours in this list far apart.
LINE_REASONS = (Reason.NAVIGATION, Reason.RELATED_LINKS, Reason.COMMENTS, Reason.NEWSLETTER,
                Reason.ADVERTISEMENT, Reason.LEGAL_FOOTER, Reason.CAPTION, Reason.AUTHOR_BIO,
                Reason.REPEATED_TITLE, Reason.TEMPLATE_LINE, Reason.BYLINE, Reason.DATELINE,
                Reason.TITLE, Reason.NEAR_DUPLICATE, Reason.DUPLICATE_IN_DOCUMENT,
                Reason.HIDDEN_TEXT)


def reason_hue(reason: Reason) -> int:
    """A hue for each code: evenly spaced for `LINE_REASONS` (in steps of 7/16 of a turn,
    so that list neighbours differ most), a golden angle apart for the others."""
    if reason in LINE_REASONS:
        return round(LINE_REASONS.index(reason) * 7 * 360 / len(LINE_REASONS)) % 360
    return round(list(Reason).index(reason) * 137.508) % 360


def reason_css() -> str:
    """One colour per reason code, in the order of `Reason`; three shades, so that codes
    whose hues come close still differ."""
    rules = ["/* One colour per reason code (written by copydesk's review from reasons.py). */"]
    for number, reason in enumerate(Reason):
        hue = reason_hue(reason)
        light = (28, 36, 44)[number % 3]
        rules.append(f".{reason_class(reason.value)} {{ --c: hsl({hue} 70% {light}%); "
                     f"--bg: hsl({hue} 80% 95%); }}")
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=4096)
def chip(reason: str, count: int | None = None) -> str:
    """A reason code as a small coloured label, with its meaning on hover."""
    label = esc(reason) if count is None else f"{esc(reason)} {count}"
    return (f'<span class="chip {reason_class(reason)}" data-reason="{esc(reason)}" '
            f'title="{esc(meaning(reason))}">{label}</span>')


def frame(title: str, body: str, root: str, page_class: str, scripts: tuple[str, ...] = ()
          ) -> str:
    """A whole page: `root` leads from the page to the review folder ("" or "../")."""
    tags = "".join(f'<script src="{esc(root + src)}"></script>\n' for src in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n"
            f'<link rel="stylesheet" href="{root}assets/review.css">\n'
            f'<link rel="stylesheet" href="{root}assets/reasons.css">\n'
            f'</head>\n<body class="{page_class}">\n{body}\n{tags}</body>\n</html>\n')
