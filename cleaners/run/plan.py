"""Incremental runs: when raw/ has only grown, clean only the new files.

A run keeps, in the `.state/published.json` of its generation, what it needs to treat its
documents as already published in the next run: each document's raw SHA-256, its place in
keep-first order and what the corpus steps noted of it (the template-line fingerprint), plus
a fingerprint of the settings and library versions. The next run is incremental when

- the state is there, matches the manifest, and was written with the same settings and
  versions (else the output could differ for reasons other than the new files);
- no raw file was changed or deleted (a published document may own paragraphs that later
  documents lost to it; only a full run gives those back);

and files that failed before are simply tried again (they own nothing). After the corpus
step each corpus step confirms that the result equals a full run (`CorpusStep.conflict`),
and the run starts over in full when one does not:

- no new document that sorts before a published one in keep-first order lost anything to
  the corpus-wide dedup (in a full run it might have been the owner);
- the new documents change no template-line verdict of a published document.

Published documents are never rewritten by an incremental run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Status, corpus_order
from copydesk.cleaners.io.clean_folder import iter_records, write_atomic_pieces
from copydesk.cleaners.io.files import RawRef
from copydesk.cleaners.stage import Earlier

STATE_DIR = ".state"
STATE_FILE = "published.json"
STATE_VERSION = 2


@dataclass(frozen=True, slots=True)
class Published:
    """What the next run needs to know of one document of an earlier run."""

    raw_sha256: str | None
    earlier: Earlier  # its order, status and the corpus steps' notes


@dataclass
class Plan:
    mode: str  # "full" or "incremental"
    reason: str
    todo: list[RawRef]  # to clean (`run_corpus` empties it as it hands them to the batches)
    kept: set[str] = field(default_factory=set)  # ids carried over from the previous run
    published: dict[str, Published] = field(default_factory=dict)  # ... and what they are
    warnings: list[str] = field(default_factory=list)

    def earlier(self) -> dict[str, Earlier]:
        """The published documents this run does not clean again, as the corpus steps see
        them."""
        return {doc_id: entry.earlier for doc_id, entry in self.published.items()}


def settings_fingerprint(config: Config, versions: dict[str, str]) -> str:
    """Everything besides the input that decides the output: settings that change text, and
    library versions. Batch size, workers and limits do not change the output."""
    settings = config.to_dict()
    settings.pop("run", None)
    blob = json.dumps({"config": settings, "versions": versions}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def plan_run(refs: list[RawRef], previous: Path | None, fingerprint: str,
             force_full: bool = False) -> Plan:
    """Decide between a full and an incremental run, and what to clean; `previous` is the
    folder of the published generation (None before the first run)."""
    if force_full:
        return Plan("full", "a full run was asked for", refs)
    if previous is None:
        return Plan("full", "no earlier run", refs)
    state, problem = load_state(previous)
    if state is None:
        plan = Plan("full", f"no usable state from the earlier run ({problem})", refs)
        if problem != "none saved":
            plan.warnings.append(f"the state of the earlier run was unusable ({problem}); "
                                 "cleaning everything again")
        return plan
    if state["fingerprint"] != fingerprint:
        return Plan("full", "settings or library versions changed", refs)
    published: dict[str, Published] = state["documents"]
    listed = {record["id"] for record in iter_records(previous)}
    if listed != set(published):
        return Plan("full", "the manifest and the state disagree", refs)
    current = {ref.id for ref in refs}
    gone = sorted(set(published) - current)
    if gone:
        return Plan("full", f"{len(gone)} raw file(s) deleted", refs)
    todo = []
    for ref in refs:
        before = published.get(ref.id)
        if before is None or before.earlier.status == Status.FAILED.value:
            todo.append(ref)
        elif before.raw_sha256 != ref_sha256(ref):
            return Plan("full", f"raw file changed: {ref.source}", refs)
    carried = current - {ref.id for ref in todo}
    return Plan("incremental", f"{len(todo)} new or earlier failed file(s)", todo, carried,
                {doc_id: published[doc_id] for doc_id in carried})


def ref_sha256(ref: RawRef) -> str | None:
    """The SHA-256 of what a raw reference holds now (a WARC record's was taken when its file
    was scanned)."""
    return ref.sha256 if ref.offset is not None else file_sha256(ref.path)


def load_state(folder: Path) -> tuple[dict[str, Any] | None, str]:
    """The saved state of a generation, or None and why it cannot be used."""
    path = folder / STATE_DIR / STATE_FILE
    if not path.exists():
        return None, "none saved"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        return None, f"{path.name} cannot be read: {error}"
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None, f"{path.name} is of another version"
    try:
        documents = {
            doc_id: Published(entry["raw_sha256"], Earlier(
                (bool(entry["order"][0]), str(entry["order"][1]), str(entry["order"][2])),
                str(entry["status"]), dict(entry["notes"])))
            for doc_id, entry in data["documents"].items()
        }
    except (KeyError, TypeError, IndexError, ValueError) as error:
        return None, f"{path.name} is damaged: {type(error).__name__}"
    return {"fingerprint": data.get("fingerprint"), "documents": documents}, ""


def save_state(folder: Path, fingerprint: str | None, published: dict[str, Published]) -> None:
    """Write the state of a generation: `state_json(fingerprint, published)`, streamed.
    Replaced, never written in place: the generation being built starts with a hard link to
    the published generation's file, which must stay as it is until the switch."""
    write_atomic_pieces(folder / STATE_DIR / STATE_FILE,
                        (piece.encode("utf-8") for piece in _state_pieces(fingerprint, published)),
                        sync=False)


def state_json(fingerprint: str | None, published: dict[str, Published]) -> str:
    """The state file's text: `{"documents": {id: {"notes", "order", "raw_sha256",
    "status"}}, "fingerprint", "version"}` as `json.dumps(..., ensure_ascii=False,
    sort_keys=True)` writes it, plus a newline.

    >>> state = {"b": Published("f0", Earlier((False, "2024-01-02", "b"), "clean", {}))}
    >>> print(state_json("x", state), end="")
    {"documents": {"b": {"notes": {}, "order": [false, "2024-01-02", "b"], "raw_sha256": "f0", \
"status": "clean"}}, "fingerprint": "x", "version": 2}
    """
    return "".join(_state_pieces(fingerprint, published))


def _state_pieces(fingerprint: str | None, published: dict[str, Published]) -> Iterator[str]:
    """`state_json` one document at a time (at 50,000 documents the whole state as one
    dict and one string took 60 MB, the run's peak of memory)."""
    yield '{"documents": {'
    for number, doc_id in enumerate(sorted(published)):
        entry = published[doc_id]
        fields = {"raw_sha256": entry.raw_sha256, "order": list(entry.earlier.order),
                  "status": entry.earlier.status, "notes": entry.earlier.notes}
        yield (", " if number else "") + _json(doc_id) + ": " + _json(fields)
    yield '}, "fingerprint": ' + _json(fingerprint) + ', "version": ' + _json(STATE_VERSION)
    yield "}\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def published_entry(doc: Document, notes: dict[str, Any],
                    order: tuple[bool, str, str] | None = None) -> Published:
    """What the next run must know of a document of this one. `order`: an equal tuple
    that the caller keeps anyway, to be shared rather than held twice."""
    computed = corpus_order(doc)
    order = order if order == computed else computed
    return Published(doc.raw_sha256, Earlier(order, doc.status.value, notes))
