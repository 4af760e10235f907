"""Page content after the closing `</body>` or `</html>`: a browser shows it in the body.

Some page templates close the document early: a header include ends with `</body></html>`
and the article follows. HTML's parsing rules put whatever comes after those tags back into
the body (the "after body" and "after after body" insertion modes), so a reader sees the
article. libxml2 instead starts a second top-level element after the root, which
trafilatura never reads (it works on the root's tree): the article was lost whole, and the
extraction kept the header's menu (wcxb-dev: one page of 792, F1 0.04; eleven more carry a
stray footer or scripts there). `adopt_stray_content` does what a browser does: it moves
that content to the end of the body, in page order.
"""

from __future__ import annotations

from lxml import etree

from copydesk.cleaners.extract.hidden import NOT_DISPLAYED, displayed_text
from copydesk.cleaners.text import fold_space


def adopt_stray_content(root: etree._Element) -> str:
    """Move the elements and text that follow `root` at the top of its document (an early
    `</html>`) to the end of its `<body>`, in place; return their displayed text ("" when
    there was none, or when the page has no body to take it)."""
    body = root.find("body")
    if body is None:
        return ""
    texts: list[str] = []
    for stray in list(root.itersiblings()):
        if not isinstance(stray.tag, str):  # a comment or processing instruction
            continue
        if stray.tag != "html":  # content libxml2 left at the top on its own
            _move(stray, body, texts)
            continue
        _append_text(body, stray.text, texts)
        for child in list(stray):
            if child.tag == "head":
                continue
            if child.tag != "body":
                _move(child, body, texts)
                continue
            _append_text(body, child.text, texts)
            for element in list(child):
                _move(element, body, texts)
            _append_text(body, child.tail, texts)
    return fold_space(" ".join(texts))


def _move(element: etree._Element, body: etree._Element, texts: list[str]) -> None:
    """Append an element (with its tail) to the body; note the text a browser shows."""
    body.append(element)
    if isinstance(element.tag, str) and element.tag not in NOT_DISPLAYED:
        texts.extend(displayed_text(element))  # a stray script's text is not page text
    texts.append(element.tail or "")


def _append_text(body: etree._Element, text: str | None, texts: list[str]) -> None:
    """Text at the end of the body (after its last element, else as its own text)."""
    if not text:
        return
    texts.append(text)
    children = list(body)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        body.text = (body.text or "") + text
