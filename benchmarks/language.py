"""Benchmark the language stage: documents per second, and that it is right and repeatable.

    python benchmarks/language.py [--no-floors]

Documents: the 181 Scrapinghub article bodies (../shared/benchmarks/article-extraction, one
paragraph a line), the five seeds, and our own samples (tests/cases/language/samples.json).
Prints documents per second for `detect_language`, the same for a baseline that asks
langdetect about every long paragraph (the stage with its word-list check off), how
many paragraph languages the word lists decided, and whether the two agree. Floors: every
sample and seed right, two runs identical, paragraph languages agreeing with the baseline.
Without ../shared only our samples are measured.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from repair import article_documents, report  # benchmarks/repair.py, beside this

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, Paragraph
from copydesk.cleaners.extract import extract
from copydesk.cleaners.io.decode import decode
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.language import detect as detector
from copydesk.cleaners.language import stage as language
from copydesk.cleaners.language.settings import LanguageSettings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "tests" / "cases" / "language" / "samples.json"


def seed_documents() -> list[tuple[Document, str]]:
    folder = SHARED / "seeds"
    if not folder.exists():
        return []
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    config = Config()
    docs = []
    for path in sorted(folder.glob("*.txt")):
        doc = decode(RawFile(path.stem, path.name, path.read_bytes()), config.decode)
        docs.append((extract(doc, config.extract), gold[path.name]["language"]))
    return docs


def sample_documents() -> list[tuple[Document, str]]:
    samples = json.loads(SAMPLES.read_text("utf-8"))
    return [(Document(id=lang, source=lang, body=tuple(Paragraph(t) for t in texts)), lang)
            for lang, texts in sorted(samples.items())]


def baseline(doc: Document, config: LanguageSettings) -> Document:
    """The stage with the word-list check switched off: langdetect on every long paragraph."""
    check = language.plainly_in
    language.plainly_in = lambda text, lang, common: False  # type: ignore[assignment]
    try:
        return language.detect_language(doc, config)
    finally:
        language.plainly_in = check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-floors", action="store_true", help="report only, never fail")
    args = parser.parse_args()
    config = LanguageSettings()
    labelled = sample_documents() + seed_documents()
    docs = article_documents() + [doc for doc, _ in labelled]
    language.detect_language(docs[0], config)  # load the profiles outside the timing

    # detect() caches its answer per text: each timed run starts with an empty cache, so
    # that neither is timed on answers the other computed.
    detector.detect.cache_clear()
    start = time.perf_counter()
    first = [language.detect_language(doc, config) for doc in docs]
    ours = time.perf_counter() - start
    detector.detect.cache_clear()
    start = time.perf_counter()
    reference = [baseline(doc, config) for doc in docs]
    theirs = time.perf_counter() - start
    detector.detect.cache_clear()
    second = [language.detect_language(doc, config) for doc in docs]

    judged = [(p.language, ref.language) for doc, other in zip(first, reference, strict=True)
              for p, ref in zip(doc.body, other.body, strict=True) if ref.language is not None]
    common = language.common_words()
    by_list = sum(1 for doc in first for p in doc.body
                  if p.language and language.plainly_in(p.text, doc.language or "", common))
    agree = sum(ours_ == ref for ours_, ref in judged)
    right = sum(language.detect_language(doc, config).language == expected
                for doc, expected in labelled)
    identical = [dataclasses.asdict(d) for d in first] == [dataclasses.asdict(d) for d in second]

    rows = [
        ("documents", str(len(docs)), True),
        ("documents/s, language stage", f"{len(docs) / ours:,.1f}", True),
        ("documents/s, langdetect on every long paragraph", f"{len(docs) / theirs:,.1f}", True),
        ("speed-up over that baseline", f"{theirs / ours:.1f}x", True),
        ("long paragraphs decided by word list", f"{by_list}/{len(judged)}", True),
        ("paragraph languages agreeing with langdetect", f"{agree}/{len(judged)}",
         agree == len(judged)),
        ("samples and seeds right", f"{right}/{len(labelled)}", right == len(labelled)),
        ("two runs identical", str(identical), identical),
    ]
    return report(rows, floors=not args.no_floors)


if __name__ == "__main__":
    sys.exit(main())
