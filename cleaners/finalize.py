"""Finalize: the last step over the corpus. A document with nothing left to publish is
`filtered`, with the reason; everything else about a document's published form is the
clean folder's contract (`cleaners.io.clean_folder`)."""

from __future__ import annotations

from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.stage import CorpusStep, Stage

NAME = "finalize"


def finalize(doc: Document) -> Document:
    """A clean document with nothing left to publish becomes `filtered`."""
    if doc.active and not doc.body:
        message = "no article text left after cleaning"
        entry = AuditEntry(NAME, Action.STATUS, Reason.EMPTY_DOCUMENT, detail=message)
        return doc.with_changes([entry], status=Status.FILTERED)
    return doc


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
