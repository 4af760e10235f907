"""Content safety: real article paragraphs must survive the text path.

Each of the 867 paragraphs in ``../shared/benchmarks/clean-paragraphs/clean_en_paragraphs.txt``
is article text. Each goes through ``clean_document`` as a small scraped-text document of its
own; it counts as removed when the boilerplate stage took it out (a removal in the audit) or
it is missing from the rendered text. The floor (issue 3): fewer than 1% removed.

Usage::

    .venv/bin/python benchmarks/content_safety.py [--show N]

Exits 0 with a note when the data is absent, 1 when 1% or more are removed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from copydesk.cleaners.config import Config
from copydesk.cleaners.io.clean_folder import render_text
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_document
from copydesk.cleaners.reasons import Action

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "clean-paragraphs" / "clean_en_paragraphs.txt"
MAX_REMOVED = 0.01


def removed_by_boilerplate(index: int, paragraph: str, config: Config) -> str | None:
    """The reason the paragraph was lost, or None when it survived."""
    raw = RawFile(f"p{index:04d}", f"p{index:04d}.txt", paragraph.encode("utf-8"))
    doc = clean_document(raw, config)
    for entry in doc.audit:
        if entry.stage == "boilerplate" and entry.action is Action.REMOVED:
            return entry.reason.value
    text = re.sub(r"\s+", " ", render_text(doc)) if doc.active else ""
    head = re.sub(r"\s+", " ", paragraph).strip()[:40]
    if head and head not in text and not doc.active:
        return f"status {doc.status.value}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=10, help="print this many removed lines")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return 0
    paragraphs = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    config = Config()
    lost: list[tuple[str, str]] = []
    start = time.perf_counter()
    for index, paragraph in enumerate(paragraphs):
        reason = removed_by_boilerplate(index, paragraph, config)
        if reason is not None:
            lost.append((reason, paragraph))
    seconds = time.perf_counter() - start
    share = len(lost) / len(paragraphs)
    print(f"paragraphs {len(paragraphs)}  removed {len(lost)} ({share:.2%})  "
          f"floor < {MAX_REMOVED:.0%}  {len(paragraphs) / seconds:.0f} paragraphs/s")
    for reason, count in Counter(reason for reason, _ in lost).most_common():
        print(f"  {reason:<20} {count}")
    for reason, paragraph in lost[:args.show]:
        print(f"  [{reason}] {paragraph[:110]}")
    return 1 if share >= MAX_REMOVED else 0


if __name__ == "__main__":
    sys.exit(main())
