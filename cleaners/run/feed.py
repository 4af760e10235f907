"""The change feed: what changed in the published clean folder, run after run.

Every publication appends to `changes.jsonl` one record per document whose published state
changed, in id order:

    {"run": 7, "seq": 1042, "id": ..., "change": "added" | "updated" | "removed",
     "status": ..., "raw_sha256": ..., "text_sha256": ...}

`run` is the number of the publication (the generation), `seq` increases across runs, so a
consumer keeps the last `seq` it processed and reads only what follows (`changes`). A
document is `updated` when anything in its manifest record changed (status, text, metadata).
The feed is part of the generation, so it never disagrees with the manifest beside it.

Compaction: when the feed holds more than twice as many records as there are live documents
(and at least `COMPACT_MIN` records), it is rewritten to one `added` record per live document,
with new, higher `seq` numbers. A consumer whose last `seq` falls before the compaction reads
those records with `resync` set: they are every live document, and anything it holds that is
not among them is gone.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copydesk.cleaners.io.clean_folder import (
    CHANGES,
    iter_records,
    json_line,
    published_folder,
)

COMPACT_MIN = 1000


def change_of(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str | None:
    """How a document's published state changed from one run to the next, or None."""
    if before is None:
        return "added" if after is not None else None
    if after is None:
        return "removed"
    return "updated" if before != after else None


def _record(run: int, seq: int, doc_id: str, change: str,
            record: dict[str, Any]) -> dict[str, Any]:
    return {"run": run, "seq": seq, "id": doc_id, "change": change,
            "status": record.get("status"), "raw_sha256": record.get("raw_sha256"),
            "text_sha256": record.get("text_sha256")}


class FeedWriter:
    """Builds the feed of a new generation: the previous one's, then this run's records."""

    def __init__(self, building: Path, previous: Path | None, run: int) -> None:
        self.path = building / CHANGES
        self.run = run
        self.count = 0
        self.last_seq = 0
        if previous is not None and (previous / CHANGES).is_file():
            shutil.copyfile(previous / CHANGES, self.path)
            for line in _lines(self.path):
                self.count += 1
                self.last_seq = int(json.loads(line)["seq"])
        self.first_new = self.last_seq + 1
        self._out = open(self.path, "a", encoding="utf-8")

    def add(self, doc_id: str, change: str, record: dict[str, Any]) -> None:
        self.last_seq += 1
        self.count += 1
        self._out.write(json_line(_record(self.run, self.last_seq, doc_id, change, record))
                        + "\n")

    def close(self, manifest_folder: Path, live: int) -> dict[str, Any]:
        """Finish the feed, compacting it when it grew too long (`live`: the number of
        records of the new manifest in `manifest_folder`); returns its summary."""
        self._out.close()
        compacted = False
        if self.count > max(COMPACT_MIN, 2 * live):
            with open(self.path, "w", encoding="utf-8") as out:
                self.first_new = self.last_seq + 1
                for record in iter_records(manifest_folder):
                    self.last_seq += 1
                    out.write(json_line(_record(self.run, self.last_seq, record["id"],
                                                "added", record)) + "\n")
            self.count = live
            compacted = True
        return {"first_seq": self.first_new, "last_seq": self.last_seq,
                "new": self.last_seq - self.first_new + 1, "records": self.count,
                "compacted": compacted}


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield line


@dataclass(frozen=True)
class ChangedDocument:
    """One record of the feed, with the document as it is published now (`record` and
    `text` are None for a removed document, `text` for one that is not clean)."""

    seq: int
    run: int
    id: str
    change: str
    status: str | None
    record: dict[str, Any] | None
    text: str | None


class Changes:
    """The feed after a `seq`: iterate it for `ChangedDocument`s; `last_seq` is the `seq`
    to store for next time; `resync` is True when the feed was compacted after `after`."""

    def __init__(self, clean_dir: str | Path, after: int = 0) -> None:
        self.folder = published_folder(clean_dir)  # one generation for every read below
        self.after = after
        feed = [json.loads(line) for line in _lines(self.folder / CHANGES)] \
            if (self.folder / CHANGES).is_file() else []
        first = feed[0]["seq"] if feed else after + 1
        self.resync = 0 < after < first - 1
        self.records = [entry for entry in feed if entry["seq"] > after]
        self.last_seq = feed[-1]["seq"] if feed else after

    def __iter__(self) -> Iterator[ChangedDocument]:
        wanted = {entry["id"] for entry in self.records}
        records = {r["id"]: r for r in iter_records(self.folder) if r["id"] in wanted}
        for entry in self.records:
            record = records.get(entry["id"]) if entry["change"] != "removed" else None
            text = None
            if record is not None and record.get("path"):
                text = (self.folder / record["path"]).read_text("utf-8")
            yield ChangedDocument(entry["seq"], entry["run"], entry["id"], entry["change"],
                                  entry["status"], record, text)

    def __len__(self) -> int:
        return len(self.records)


def changes(clean_dir: str | Path, after: int = 0) -> Changes:
    """What changed in `clean_dir` since the feed record `after` (0: from the beginning).

    >>> import tempfile
    >>> feed = changes(tempfile.mkdtemp(), after=5)
    >>> list(feed), feed.last_seq, feed.resync
    ([], 5, False)
    """
    return Changes(clean_dir, after)
