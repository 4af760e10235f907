"""Paths and helpers shared by the tests (importable as `helpers`: tests/ is on the path)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from copydesk.cleaners.dedup.across import drop_repeats_across
from copydesk.cleaners.dedup.index import open_index
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.document import Document, Paragraph
from copydesk.cleaners.io.clean_folder import published_folder

ROOT = Path(__file__).resolve().parents[1]
#: A folder outside the checkout, for processes that import copydesk: in the checkout's root
#: folder, `copydesk/` (the package's own files only) would hide an installed copydesk.
OUTSIDE = Path(tempfile.gettempdir())
SHARED = ROOT.parent / "shared"
SAMPLE_RAW = ROOT / "raw"
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test when that folder is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent)")
    return path


def tree_bytes(clean: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file of the published run of a clean folder (its current generation, or the
    folder itself when it has none) by relative path, for byte-for-byte comparisons."""
    folder = published_folder(clean)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).as_posix() not in skip}


def load_wire() -> list[Document]:
    """The three-outlet wire fixture: one story syndicated with edits, and others."""
    data = json.loads((FIXTURES / "wire" / "documents.json").read_text(encoding="utf-8"))
    return [Document(id=d["id"], source=f"{d['id']}.txt", date=d["date"], title=d["title"],
                     body=tuple(Paragraph(text) for text in d["paragraphs"]))
            for d in data["documents"]]


def run_in_parts(parts: list[list[Document]], config: DedupSettings,
                 state: Path) -> dict[str, Document]:
    """One dedup run per part, each reopening the index the previous one saved."""
    result: dict[str, Document] = {}
    for part in parts:
        index = open_index(config, state)
        result.update((d.id, d) for d in drop_repeats_across(part, config, index))
        index.save()
    return result
