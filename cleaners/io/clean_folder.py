"""The `clean/` folder: the output contract, written and read back in one place.

Contract version 2 (`SCHEMA_VERSION`; the README's "Output format" and `clean_readme.md`,
which is copied into every clean folder, describe it). One generation of the folder holds:

- `documents/<id>.txt`: the text of each clean document (`render_text`);
- `manifest.jsonl`: one record per raw document, sorted by id (`manifest_record`);
- `audit.jsonl`: every removal, repair, flag and metadata decision (`audit_records`);
- `documents.jsonl.gz`: one row per clean document with its text, for datasets tools
  (`dataset_row`: the `id`/`text` shape Dolma and datatrove read);
- `changes.jsonl`: the change feed (`copydesk.cleaners.run.feed`);
- `run.json`, `README.md`, and `.state/` (what the next incremental run needs).

Writing happens in a new generation (`generations.py`) that is switched in whole, so files are
written plainly into it, in id order, streaming: `GenerationWriter`. Reading goes through the
published generation: `read_manifest`, `read_clean`, `published_folder`.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any, cast

from copydesk.cleaners.document import Document, Kind, Status
from copydesk.cleaners.io.generations import CleanFolder
from copydesk.cleaners.reasons import Action

SCHEMA_VERSION = 2
MANIFEST = "manifest.jsonl"
AUDIT = "audit.jsonl"
RUN = "run.json"
README = "README.md"
DOCUMENTS = "documents"
DATASET = "documents.jsonl.gz"
CHANGES = "changes.jsonl"
REVIEW = "review"


# --- the published form of one document ------------------------------------------------------

def render_text(doc: Document) -> str:
    """The text file of a clean document: NFC, `\\n` line ends, the title once as the first
    line, a blank line, then the blocks separated by one blank line (list items as "- item"),
    and a final newline."""
    blocks = [doc.title] if doc.title else []
    for paragraph in doc.body:
        text = paragraph.text
        blocks.append(f"- {text}" if paragraph.kind is Kind.LIST_ITEM else text)
    text = "\n\n".join(block.replace("\r", " ").replace("\n", " ").strip() for block in blocks)
    return unicodedata.normalize("NFC", text) + "\n"


def text_path(doc_id: str) -> str:
    """Where a clean document's text lives, relative to the clean folder."""
    return f"{DOCUMENTS}/{doc_id}.txt"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def status_reason(doc: Document) -> str | None:
    """The reason code behind a status other than clean."""
    if doc.status is Status.CLEAN:
        return None
    for entry in reversed(doc.audit):
        if entry.action is Action.STATUS:
            return entry.reason.value
    return None


def manifest_record(doc: Document, text_sha256: str | None = None) -> dict[str, Any]:
    """The manifest line of one document; keys in a fixed order. `text_sha256` is the
    SHA-256 of its text file (clean documents only)."""
    clean = doc.status is Status.CLEAN
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "status": doc.status.value,
        "reason": status_reason(doc),
        "path": text_path(doc.id) if clean else None,
        "title": doc.title,
        "authors": list(doc.authors),
        "date": doc.date,
        "language": doc.language,
        "language_probability": doc.language_probability,
        "duplicate_of": doc.duplicate_of,
        "error": doc.error,
        "raw_sha256": doc.raw_sha256,
        "text_sha256": text_sha256 if clean else None,
        "fetched": doc.fetched,
        "input_format": doc.input_format.value if doc.input_format else None,
        "encoding": doc.encoding,
        "paragraphs": len(doc.body) if clean else 0,
        "removed": doc.counts(Action.REMOVED),
        "repaired": doc.counts(Action.REPAIRED),
        "flagged": doc.counts(Action.FLAGGED),
    }


def audit_records(doc: Document) -> list[dict[str, Any]]:
    """The audit lines of one document, in the order the stages wrote them."""
    return [{"id": doc.id, "seq": seq, **entry.to_json()} for seq, entry in enumerate(doc.audit)]


#: The manifest fields a dataset row carries in its `metadata`.
_ROW_METADATA = ("title", "authors", "date", "language", "language_probability", "url",
                 "fetched", "duplicate_of", "raw_sha256", "text_sha256", "input_format",
                 "encoding", "paragraphs", "removed", "repaired", "flagged")


def dataset_row(record: dict[str, Any], text: str) -> dict[str, Any]:
    """The `documents.jsonl.gz` row of a clean document: `id` and `text` (what Dolma's and
    datatrove's JSONL readers need), `source`, `url`, `added` (when the page was fetched, if
    known), `created` (its publication date, if known) and the rest of its record."""
    return {"id": record["id"], "text": text, "source": record["source"],
            "url": record.get("url"), "added": record.get("fetched"),
            "created": record.get("date"),
            "metadata": {name: record.get(name) for name in _ROW_METADATA}}


def json_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- writing one generation --------------------------------------------------------------------

def readme_text() -> bytes:
    """The `README.md` copied into every clean folder."""
    return (resources.files(__package__) / "clean_readme.md").read_bytes()


def write_atomic(path: Path, data: bytes, sync: bool = True) -> bool:
    """Replace `path` with `data` atomically; returns False when the file already held it.
    `sync=False` leaves flushing to disk to the caller (a generation is synced whole before
    it is switched in)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    return write_atomic_pieces(path, (data,), sync)


def write_atomic_pieces(path: Path, pieces: Iterable[bytes], sync: bool = True) -> bool:
    """Replace `path` atomically with the bytes of `pieces`, written as they come, so that
    the whole content is never in memory; returns False, and leaves the file (and any hard
    link to it) as it was, when it already held those bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            if path.exists() and filecmp.cmp(temporary, path, shallow=False):
                Path(temporary).unlink()
                return False
            if sync:
                os.fsync(out.fileno())
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _file_mode() -> int:
    """0666 less the process's umask (mkstemp makes 0600 files nobody else could read)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass(frozen=True)
class Published:
    """What one document contributes to a generation's lists, in id order."""

    record: dict[str, Any]
    audit: tuple[str, ...]  # audit lines (JSON), in order
    row: dict[str, Any] | None  # the documents.jsonl.gz row, for clean documents


class GenerationWriter:
    """Writes the files of one new generation; the previous one (if any) lends the texts
    that did not change (hard links: no copy, and the old generation stays as it was)."""

    def __init__(self, folder: Path, previous: Path | None) -> None:
        self.folder = folder
        self.previous = previous
        (folder / DOCUMENTS).mkdir(parents=True, exist_ok=True)
        self.written = 0
        self.linked = 0
        self._mode = _file_mode()

    def write_text(self, doc_id: str, text: str) -> str:
        """Write one clean document's text; returns its SHA-256."""
        data = text.encode("utf-8")
        target = self.folder / text_path(doc_id)
        old = self.previous / text_path(doc_id) if self.previous else None
        if old is not None and _same_bytes(old, data):
            os.link(old, target)
            self.linked += 1
        else:
            target.write_bytes(data)
            os.chmod(target, self._mode)
            self.written += 1
        return sha256(data)

    def keep_text(self, doc_id: str) -> bool:
        """Carry over the text of a document an incremental run did not clean again."""
        old = self.previous / text_path(doc_id) if self.previous else None
        if old is None or not old.is_file():
            return False
        os.link(old, self.folder / text_path(doc_id))
        self.linked += 1
        return True

    def write_lists(self, published: Iterable[Published]) -> int:
        """manifest.jsonl, audit.jsonl and documents.jsonl.gz from documents in id order;
        returns how many records were written."""
        count = 0
        with _Output(self.folder / MANIFEST) as manifest, \
                _Output(self.folder / AUDIT) as audit, \
                _Output(self.folder / DATASET, gzipped=True) as dataset:
            for item in published:
                manifest.write(json_line(item.record) + "\n")
                for line in item.audit:
                    audit.write(line + "\n")
                if item.row is not None:
                    dataset.write(json_line(item.row) + "\n")
                count += 1
        return count

    def write_file(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, self._mode)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


class _Output:
    """A text file written line by line (gzip-compressed deterministically: no name, no
    time in the header), flushed to disk when closed."""

    def __init__(self, path: Path, gzipped: bool = False) -> None:
        self.path = path
        self._raw = open(path, "wb")
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0,
                                   compresslevel=6) if gzipped else None
        self._out: IO[bytes] = cast(IO[bytes], self._gzip if self._gzip is not None
                                    else self._raw)

    def write(self, text: str) -> None:
        self._out.write(text.encode("utf-8"))

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._gzip is not None:
            self._gzip.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.chmod(self.path, _file_mode())


# --- reading -----------------------------------------------------------------------------------

def published_folder(clean_dir: str | Path) -> Path:
    """The folder that holds the published run: the current generation, or `clean_dir`
    itself for a clean folder of the old layout (or one never published to)."""
    return CleanFolder(clean_dir).current() or Path(clean_dir)


@dataclass(frozen=True)
class CleanDocument:
    """One manifest record of a clean folder, with the document's text (None unless clean)."""

    record: dict[str, Any]
    text: str | None

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def status(self) -> str:
        return str(self.record["status"])


def iter_records(folder: Path) -> Iterator[dict[str, Any]]:
    """The manifest records of one generation folder, in id order (none when absent)."""
    path = folder / MANIFEST
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def iter_audit(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """(id, its audit lines) for each document of one generation folder, in id order."""
    path = folder / AUDIT
    if not path.exists():
        return
    current: str | None = None
    lines: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            doc_id = json.loads(line)["id"]
            if doc_id != current:
                if current is not None:
                    yield current, lines
                current, lines = doc_id, []
            lines.append(line)
    if current is not None:
        yield current, lines


def iter_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """The `documents.jsonl.gz` rows of one generation folder, in id order."""
    path = folder / DATASET
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def read_manifest(clean_dir: str | Path) -> list[dict[str, Any]]:
    """The manifest records of the published run, in id order (empty when there is none)."""
    return list(iter_records(published_folder(clean_dir)))


def read_clean(clean_dir: str | Path, statuses: Iterable[str] | None = None
               ) -> Iterator[CleanDocument]:
    """Each document of the published run, in id order: its manifest record and its text.

    The generation is resolved once, so every record and text come from the same run even if
    another run publishes meanwhile. `statuses` limits what is yielded (e.g. ``{"clean"}``);
    by default every record comes, and documents other than clean have the text None.
    """
    folder = published_folder(clean_dir)
    wanted = set(statuses) if statuses is not None else None
    for record in iter_records(folder):
        if wanted is not None and record["status"] not in wanted:
            continue
        text = None
        if record["status"] == Status.CLEAN.value and record.get("path"):
            text = (folder / record["path"]).read_text("utf-8")
        yield CleanDocument(record, text)


def published_audit(clean_dir: str | Path, doc_id: str) -> list[dict[str, Any]]:
    """The audit records of one document of the published run."""
    for found, lines in iter_audit(published_folder(clean_dir)):
        if found == doc_id:
            return [json.loads(line) for line in lines]
    return []
