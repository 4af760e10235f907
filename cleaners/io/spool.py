"""Documents kept on disk between the steps of a run, so that no step holds them all.

A run cleans documents in batches, possibly on other machines; the corpus steps then read
them back one chunk at a time in keep-first order, and publication reads the results in id
order. Each batch appends its documents to a spool file of its own (one JSON line each; no
pickles, so a spool file someone else could write cannot run code) and remembers where each
one starts; `read` fetches one document back from that place.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from copydesk.cleaners.document import Document


@dataclass(frozen=True, slots=True)
class Place:
    """Where one document sits in the spool: its file, first byte and length."""

    file: str
    offset: int
    length: int

    def packed(self) -> int:
        """Offset and length as one int (a third of the memory of a Place), for an index
        of one file that a run keeps for every document; `unpack` gives the Place back."""
        if self.length >= 1 << 32:
            raise ValueError(f"a spool record of {self.length} bytes is too long to pack")
        return self.offset << 32 | self.length

    @classmethod
    def unpack(cls, file: str, packed: int) -> Place:
        return cls(file, packed >> 32, packed & 0xFFFFFFFF)


class SpoolWriter:
    """Appends documents (or any JSON values) to one spool file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._name = path.name  # one string for every place in this file: a run keeps them
        self._handle = open(path, "ab")
        self._offset = self._handle.tell()

    def write_json(self, value: Any) -> Place:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._handle.write(data + b"\n")
        place = Place(self._name, self._offset, len(data))
        self._offset += len(data) + 1
        return place

    def write(self, doc: Document) -> Place:
        return self.write_json(doc.to_json())

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()

    def __enter__(self) -> SpoolWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class SpoolReader:
    """Reads documents back from the spool files of one folder, by their `Place`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._handles: dict[str, Any] = {}

    def read_json(self, place: Place) -> Any:
        handle = self._handles.get(place.file)
        if handle is None:
            handle = self._handles[place.file] = open(self.folder / place.file, "rb")
        handle.seek(place.offset)
        return json.loads(handle.read(place.length))

    def read(self, place: Place) -> Document:
        return Document.from_json(self.read_json(place))

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()

    def __enter__(self) -> SpoolReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
