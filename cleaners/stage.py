"""How a stage declares itself: one `Stage` value in the stage's own folder.

A declaration says everything the rest of copydesk needs to know of a stage:

- `name`: the stage's name, which is also its table in the config file (`[extract]`) and
  the `stage` of its audit entries;
- `settings`: its settings model (`cleaners.settings.Settings`), or None;
- `reasons`: the reason codes its audit entries may carry;
- what it runs: `read` (bytes to a document: the decode stage), `document` (one document at
  a time, in a worker), and/or `corpus` (a `CorpusStep`: over the whole corpus, once every
  document has been through the per-document parts).

The pipeline (`cleaners.pipeline.STAGES`) is the list of declarations in order; the config
and the README's table of defaults are built from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copydesk.cleaners.document import Document
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.settings import Settings

if TYPE_CHECKING:
    from copydesk.cleaners.io.files import RawFile


@dataclass(frozen=True, slots=True)
class Earlier:
    """A document published by an earlier run, as the corpus steps of the next run see it."""

    order: tuple[bool, str, str]  # its place in keep-first order (`corpus_order`)
    status: str
    notes: Mapping[str, Any]  # what each corpus step noted of it, by stage name


class CorpusStep(ABC):
    """The corpus-wide part of a stage, for one run. The pipeline calls, in this order:

    1. `note(doc)` for each document once its per-document stages are done: the little this
       step needs to remember of it (JSON-able; kept between runs for published documents);
    2. `prepare(earlier, current)` once: the notes of documents published by earlier runs and
       of the documents of this run, by id;
    3. `apply(docs)` on chunks of documents, in keep-first order (`corpus_order`): returns
       them changed, with their audit entries;
    4. `finish()` once, after the last chunk (save state, release connections).

    `state_dir` is where a step keeps state between runs (None: nothing is kept); `fresh`
    means a full run, which starts that state afresh.
    """

    def __init__(self, settings: Any, state_dir: Path | None, fresh: bool) -> None:
        self.settings = settings
        self.state_dir = state_dir
        self.fresh = fresh
        self.warnings: list[str] = []  # what the run's summary should tell the user

    def note(self, doc: Document) -> Any:
        return None

    def prepare(  # noqa: B027 - optional: not every step needs the whole corpus first
            self, earlier: Mapping[str, Earlier], current: Mapping[str, Any]) -> None:
        """Take in the notes of the whole corpus before the first `apply`."""

    @abstractmethod
    def apply(self, docs: list[Document]) -> list[Document]: ...

    def finish(self) -> None:  # noqa: B027 - optional: only steps with state have work here
        """Persist what the next run needs, release what this one held."""

    def conflict(self, earlier: Mapping[str, Earlier], new: list[Document],
                 new_notes: Mapping[str, Any]) -> str | None:
        """Why an incremental run (new documents checked against earlier ones, which are not
        cleaned again) could give another result than a full run, or None. Called with each
        chunk of new documents after `apply` (`new_notes` holds the notes of all of them)."""
        return None


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline, declared in its own folder."""

    name: str
    summary: str  # one line for the README's table of stages
    settings: type[Settings] | None
    reasons: tuple[Reason, ...]
    read: Callable[[RawFile, Any], Document] | None = None
    document: Callable[[Document, Any], Document] | None = None
    corpus: type[CorpusStep] | None = None

    @property
    def scope(self) -> str:
        """Where the stage runs: per raw file, per document, over the corpus, or both."""
        parts = [name for name, part in (("raw file", self.read), ("document", self.document),
                                         ("corpus", self.corpus)) if part is not None]
        return " + ".join(parts)
