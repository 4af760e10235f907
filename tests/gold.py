"""The gold scorer (importable as `gold`): whole documents against `gold.json` keep/remove
snippets and metadata.

`gold.json` (in ../shared/seeds, and in tests/fixtures/outlets for our own pages) maps a file
name to `keep` snippets that must be in the clean text, `remove` snippets that must not,
the `title` (equal to the title metadata, printed at most `title_max_count` times), `date`
and `authors`. Matching is done after collapsing whitespace and folding curly quotes.
Targets (issue 3): every `keep` kept, at least 97% of `remove` gone, metadata right.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document
from copydesk.cleaners.io.clean_folder import render_text
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
REMOVE_TARGET = 0.97

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                         "’": "'", "‚": "'"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


@dataclass
class Score:
    """What one gold file found; `problems` names every miss for the assertion message."""

    keep_total: int = 0
    keep_found: int = 0
    remove_total: int = 0
    remove_gone: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.keep_total += other.keep_total
        self.keep_found += other.keep_found
        self.remove_total += other.remove_total
        self.remove_gone += other.remove_gone
        self.problems += other.problems

    @property
    def remove_rate(self) -> float:
        return self.remove_gone / self.remove_total if self.remove_total else 1.0


def clean_file(path: Path) -> Document:
    return clean_document(RawFile(path.stem, path.name, path.read_bytes()), Config())


def score_document(name: str, doc: Document, gold: dict) -> Score:
    """Score one cleaned document against its gold record."""
    score = Score()
    text = normalise(render_text(doc))
    for snippet in gold.get("keep", []):
        score.keep_total += 1
        if normalise(snippet) in text:
            score.keep_found += 1
        else:
            score.problems.append(f"{name}: lost {snippet!r}")
    for snippet in gold.get("remove", []):
        score.remove_total += 1
        if normalise(snippet) in text:
            score.problems.append(f"{name}: kept {snippet!r}")
        else:
            score.remove_gone += 1
    title = gold.get("title")
    if "title" in gold and normalise(doc.title or "") != normalise(title or ""):
        score.problems.append(f"{name}: title {doc.title!r}, expected {title!r}")
    if title:
        count = text.count(normalise(title))
        if count > gold.get("title_max_count", 1):
            score.problems.append(f"{name}: title printed {count} times")
    if "date" in gold and doc.date != gold["date"]:
        score.problems.append(f"{name}: date {doc.date!r}, expected {gold['date']!r}")
    if "authors" in gold and list(doc.authors) != gold["authors"]:
        score.problems.append(f"{name}: authors {list(doc.authors)}, expected {gold['authors']}")
    return score


def score_folder(folder: Path) -> Score:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    total = Score()
    for name, record in sorted(gold.items()):
        total.add(score_document(name, clean_file(folder / name), record))
    return total


def assert_targets(score: Score) -> None:
    """All keep snippets kept, 97% of remove snippets gone, no metadata problem."""
    lost = [p for p in score.problems if ": kept " not in p]
    assert not lost, "\n".join(lost)
    assert score.keep_found == score.keep_total
    kept = [p for p in score.problems if ": kept " in p]
    assert score.remove_rate >= REMOVE_TARGET, "\n".join(kept)
