"""Scraped text to blocks: blank lines separate blocks, lines separate units within a block,
except where a block is prose hard-wrapped at a fixed width, which is joined again. A line
that starts like a bullet is a list item; one wrapped in dashes ("- A new paradigm -", as
news agencies write subheadings) is a heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from copydesk.cleaners.document import Kind, Paragraph
from copydesk.cleaners.text import ends_in_punctuation, fold_space

_BULLET = re.compile(r"^\s*(?:[-*•▪◦·‣–]|\d{1,2}[.)])\s+(?=\S)")
_DASH_HEADING = re.compile(r"^\s*[-–—]\s+(.+?)\s+[-–—]\s*$")


def split_text(text: str) -> Iterator[Paragraph]:
    """Paragraphs of scraped text: blank lines separate blocks, lines separate units.

    >>> [p.text for p in split_text("Site name\\nWorld\\n\\nFirst paragraph.\\n")]
    ['Site name', 'World', 'First paragraph.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for block in re.split(r"\n\s*\n", text):
        lines = [fold_space(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            lines = [" ".join(lines)]
        for line in lines:
            yield _paragraph_from_line(line)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Prose broken at a fixed width: every line but the last is 50-100 characters long,
    within a narrow band, and does not end a sentence."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    lengths = [len(line) for line in body]
    if min(lengths) < 50 or max(lengths) > 100 or max(lengths) - min(lengths) > 20:
        return False
    if len(lines[-1]) > max(lengths) + 5:
        return False  # the last line of wrapped prose is not longer than the wrap: a headline
        # and its blurb are (three of three teaser pairs in the sample raw/ joined otherwise)
    return not any(ends_in_punctuation(line) for line in body)


def _paragraph_from_line(line: str) -> Paragraph:
    heading = _DASH_HEADING.match(line)
    if heading:
        return Paragraph(heading.group(1), Kind.HEADING)
    bullet = _BULLET.match(line)
    if bullet and len(line) > bullet.end():
        return Paragraph(line[bullet.end():].strip(), Kind.LIST_ITEM)
    return Paragraph(line, Kind.PARAGRAPH)
