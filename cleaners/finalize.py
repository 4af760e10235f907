"""Finalize: the last step over the corpus. A document with nothing left to publish is
`filtered`, with the reason; everything else about a document's published form is the
clean folder's contract (`cleaners.io.clean_folder`)."""

from __future__ import annotations

from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.stage import CorpusStep, Stage

NAME = "finalize"


def finalize(doc: Document) -> Document:
    """A clean document with nothing visible left to publish becomes `filtered`. Blocks
    that repairs left blank (a line of zero-width spaces) are not published: they hold no
    text to lose."""
    if not doc.active:
        return doc
    visible = tuple(p for p in doc.body if p.text.strip())
    if not visible:
        message = "no visible text left after cleaning" if doc.body else \
            "no article text left after cleaning"
        entry = AuditEntry(NAME, Action.STATUS, Reason.EMPTY_DOCUMENT, detail=message)
        return doc.with_changes([entry], status=Status.FILTERED, body=visible)
    return doc if len(visible) == len(doc.body) else doc.with_changes(body=visible)


class Finalize(CorpusStep):
    """Runs after every other corpus step, so that it sees what they removed."""

    def apply(self, docs: list[Document]) -> list[Document]:
        return [finalize(doc) for doc in docs]


STAGE = Stage(
    name=NAME,
    summary="a document with nothing left is `filtered`",
    settings=None,
    reasons=(Reason.EMPTY_DOCUMENT,),
    corpus=Finalize,
)
