"""The extract stage: from decoded text to a body of headings, paragraphs and list items.

HTML goes through `html.py` (hidden content out, then trafilatura, with title, authors and
date); scraped text through `text.py` (blocks and lines). Settings: `settings.py`.
"""

from __future__ import annotations

from copydesk.cleaners.document import Document, InputFormat
from copydesk.cleaners.extract.html import NAME, extract_html
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.text import split_text
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.stage import Stage


def extract(doc: Document, config: ExtractSettings) -> Document:
    """Fill `body` (and, for HTML, title/authors/date) from `doc.text`."""
    if doc.input_format is InputFormat.HTML:
        return extract_html(doc, config)
    return doc.with_changes(body=tuple(split_text(doc.text)), text="")


STAGE = Stage(
    name=NAME,
    summary="HTML: content after an early </html> goes back into the body, and content a "
            "streaming renderer's script moves into place is put there; "
            "what a browser never displays goes (the `hidden` attribute, "
            "`<template>`; with `drop_styled_hidden` also `display: none` or `visibility: "
            "hidden`, inline or from the page's `<style>` rules), then trafilatura (main "
            "content, no comments), headings and list items it skipped between two blocks "
            "it kept put back, the page's JSON-LD articleBody instead where the extraction kept a "
            "fraction of it; title (the headline without the site name), authors and "
            "publication date from the page's JSON-LD, meta tags, h1 and byline, the URL from "
            "its canonical link or og:url; scraped "
            "text split into blocks and lines, hard-wrapped prose joined again. Each block "
            "is a heading, paragraph or list item.",
    settings=ExtractSettings,
    reasons=(Reason.HIDDEN_TEXT, Reason.STRAY_CONTENT, Reason.RESTORED_BLOCK,
             Reason.DECLARED_BODY, Reason.TITLE, Reason.BYLINE, Reason.DATELINE, Reason.URL,
             Reason.INPUT_ERROR),
    document=extract,
)

__all__ = ["STAGE", "ExtractSettings", "extract", "split_text"]
