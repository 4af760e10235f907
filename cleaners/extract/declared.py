"""The article body a page declares in its JSON-LD, for when the extraction missed it.

News and magazine pages describe their article for search engines with schema.org JSON-LD,
and some write its whole text there (`articleBody`). A page built by a script (a listicle
rendered slide by slide, a body filled in by the browser) can hold little of that text in its
markup: the extraction then keeps a lead or a box, a fraction of the article. When the
declared body has several times the words of what the extraction kept, the extraction lost
the article, and the declared body is the publisher's own statement of it (wcxb-dev: 25 of
792 pages declare a body, and one of them had lost it: 369 words kept of 1,550, F1 0.36).
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml.html import fragment_fromstring

from copydesk.cleaners.document import Kind, Paragraph
from copydesk.cleaners.extract.metadata import json_ld
from copydesk.cleaners.text import fold_space

#: Markup in a declared body ("<p>...</p>"): read as HTML, else as plain text.
_MARKUP = re.compile(r"</?(?:p|br|div|h[1-6]|li|ul|ol|strong|em|a|span)\b[^>]*>", re.IGNORECASE)
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote"})


def declared_body(page: etree._Element) -> tuple[Paragraph, ...]:
    """The page's JSON-LD `articleBody` as paragraphs (the longest, when it declares
    several), or () when it declares none."""
    texts = [item["articleBody"] for item in json_ld(page)
             if isinstance(item.get("articleBody"), str) and item["articleBody"].strip()]
    if not texts:
        return ()
    return tuple(Paragraph(line, Kind.PARAGRAPH)
                 for line in _lines(max(texts, key=len)))


def _lines(text: str) -> list[str]:
    if _MARKUP.search(text):
        try:
            root = fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):
            pass
        else:
            for element in root.iter(*_BLOCK):
                element.tail = "\n" + (element.tail or "")
            text = root.text_content()
    else:
        text = html.unescape(html.unescape(text))  # pages often escape it, sometimes twice
    return [line for line in (fold_space(part) for part in text.split("\n")) if line]
