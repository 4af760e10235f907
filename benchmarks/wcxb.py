"""Articles from sites nobody tuned for: copydesk against plain trafilatura on WCXB's dev split.

Reads ``../shared/benchmarks/wcxb-dev/`` (792 article pages with their main text, title,
author and publication date) and prints, for

* ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, the baseline, and
  ``trafilatura.extract_metadata(html)`` for its title, author and date;
* ``copydesk``: ``clean_document`` on the page, scored on the body (the truth has no title),
  with the document's title, authors and date,

the benchmark's own metric (lowercase, words by ``\\w+``, bag-of-words precision = shared /
predicted, recall = shared / truth, F1 per page, macro-averaged), the pages where copydesk is
more than 0.1 F1 below or above trafilatura, the share of pages under F1 0.5 (articles lost
almost whole), and exact-match accuracy of title, authors and date. Titles and names match
after folding whitespace and case; authors are the set of names (split on commas, "and",
"with", "&" and ";"). Accuracy counts the pages whose truth has the field (all 792 have a
title, 618 an author, 658 a date), as the issue's figures for trafilatura were measured
(its author and date accuracy come out 0.64 and 0.85 that way, 0.69 and 0.71 counting a
missing value on a page without one as a hit); how often a system gives an author or date
the truth does not have is printed too.

Usage::

    .venv/bin/python benchmarks/wcxb.py [--limit N] [--no-floors] [--option SECTION.KEY=JSON]
                                        [--dump pages.jsonl] [--show N]

Exits 0 with a note when the data is absent, 1 when a pinned floor is not met (on the full
set only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura
from extraction import config_from_options, copydesk_body, f1

from copydesk.cleaners.config import Config

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "wcxb-dev"

#: Floors (issue 10), checked on all 792 pages. Measured (trafilatura 2.3.1): copydesk F1
#: 0.952 (P 0.953 R 0.965) against 0.937 (P 0.940 R 0.954), a lead of +0.0148, 1.6% of
#: pages under F1 0.5 against 2.4%, 3 pages more than 0.1 below trafilatura and 34 above;
#: title 0.802, authors 0.815, date 0.877 (trafilatura's metadata 0.521, 0.643, 0.848).
#: The author floor is pinned at 0.81 now that it is met; the F1 lead and date floors are
#: not met yet, so the script exits 1 (for the date, `wcxb_dates.py` shows how few of the
#: truth's dates an extractor of publication dates can give: at most 0.924). copydesk's F1
#: must beat trafilatura's from the same run by this margin ...
MIN_F1_LEAD = 0.015
#: ... with no larger a share of pages under this F1 (an article lost almost whole) ...
LOST_F1 = 0.5
#: ... and get the metadata right this often.
MIN_ACCURACY = {"title": 0.80, "author": 0.81, "date": 0.92}
#: A page where the two differ by more than this much F1 is counted, either way.
GAP = 0.1

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_NAME_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b|\bwith\b)\s*", re.IGNORECASE)


def bag_scores(predicted: str, truth: str) -> tuple[float, float, float]:
    """F1, precision and recall of two texts as bags of lowercased words.

    >>> bag_scores("The cat sat", "the cat sat down")
    (0.8571428571428571, 1.0, 0.75)
    >>> bag_scores("", "some truth")
    (0.0, 0.0, 0.0)
    """
    pred = Counter(_WORD.findall(predicted.lower()))
    gold = Counter(_WORD.findall(truth.lower()))
    shared = sum((pred & gold).values())
    p = shared / sum(pred.values()) if pred else 0.0
    r = shared / sum(gold.values()) if gold else 0.0
    return f1(p, r), p, r


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip().casefold()


def names(authors: str | None) -> frozenset[str]:
    """The set of names in an author field.

    >>> sorted(names("Jane Roe, John Doe and Ann  Lee"))
    ['ann lee', 'jane roe', 'john doe']
    >>> names(None)
    frozenset()
    """
    return frozenset(name for name in (fold(part) for part in _NAME_SPLIT.split(authors or ""))
                     if name)


@dataclass
class System:
    """Per-page scores and metadata hits of one system."""

    f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    judged: Counter[str] = field(default_factory=Counter)  # pages whose truth has the field
    extra: Counter[str] = field(default_factory=Counter)  # a value where the truth has none
    seconds: float = 0.0

    def add(self, predicted: str, truth: str) -> None:
        f, p, r = bag_scores(predicted, truth)
        self.f1.append(f)
        self.precision.append(p)
        self.recall.append(r)

    def mean(self, values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    def lost(self) -> float:
        return self.mean([1.0 if f < LOST_F1 else 0.0 for f in self.f1])

    def accuracy(self, key: str) -> float:
        return self.hits[key] / self.judged[key] if self.judged[key] else 0.0


def metadata_hits(system: System, title: str | None, authors: str | None, date: str | None,
                  truth: dict[str, Any]) -> dict[str, bool]:
    expected = {"title": truth.get("title"), "author": truth.get("author"),
                "date": truth.get("publish_date")}
    given = {"title": title, "author": authors, "date": date}
    found = {"title": fold(title) == fold(expected["title"]),
             "author": names(authors) == names(expected["author"]),
             "date": (date or None) == (expected["date"] or None)}
    for key, hit in found.items():
        if expected[key]:
            system.judged[key] += 1
            system.hits[key] += hit
        elif given[key]:
            system.extra[key] += 1
    return found


def run(limit: int | None, config: Config,
        dump: Path | None) -> tuple[System, System, list[str]]:
    pages = sorted((DATA / "ground-truth").glob("*.json"))[:limit]
    base, ours = System(), System()
    out = dump.open("w", encoding="utf-8") if dump else None
    for path in pages:
        record = json.loads(path.read_text(encoding="utf-8"))
        truth = record["ground_truth"]
        raw = gzip.decompress((DATA / "html" / f"{path.stem}.html.gz").read_bytes())
        html = raw.decode("utf-8", "replace")
        start = time.perf_counter()
        baseline = trafilatura.extract(html, include_comments=False) or ""
        meta = trafilatura.extract_metadata(html)
        base.seconds += time.perf_counter() - start
        start = time.perf_counter()
        body, doc = copydesk_body(path.stem, raw, config)
        ours.seconds += time.perf_counter() - start
        base.add(baseline, truth["main_content"])
        ours.add(body, truth["main_content"])
        theirs = metadata_hits(base, meta.title, meta.author, meta.date, truth)
        mine = metadata_hits(ours, doc.title, ", ".join(doc.authors) or None, doc.date, truth)
        if out:
            out.write(json.dumps({
                "id": path.stem, "url": record.get("url"),
                "f1": ours.f1[-1], "p": ours.precision[-1], "r": ours.recall[-1],
                "trafilatura_f1": base.f1[-1], "status": doc.status.value,
                "title": doc.title, "authors": list(doc.authors), "date": doc.date,
                "hits": mine, "trafilatura": {"title": meta.title, "author": meta.author,
                                              "date": meta.date, "hits": theirs},
                "truth": {k: truth.get(k) for k in ("title", "author", "publish_date")},
            }, ensure_ascii=False) + "\n")
    if out:
        out.close()
    return base, ours, [path.stem for path in pages]


def report(base: System, ours: System, ids: list[str], show: int) -> list[str]:
    """Print the results; return the floors that are not met."""
    pages = len(ids)
    print(f"wcxb-dev, {pages} pages")
    print(f"{'system':<12} {'F1':>6} {'P':>6} {'R':>6} {'F1<0.5':>7} {'title':>6} "
          f"{'author':>6} {'date':>6} {'s/page':>7}")
    for name, system, label in (("trafilatura", base, "(extract_metadata)"),
                                ("copydesk", ours, "")):
        print(f"{name:<12} {system.mean(system.f1):6.3f} {system.mean(system.precision):6.3f} "
              f"{system.mean(system.recall):6.3f} {system.lost():7.1%} "
              f"{system.accuracy('title'):6.3f} {system.accuracy('author'):6.3f} "
              f"{system.accuracy('date'):6.3f} {system.seconds / max(pages, 1):7.3f} {label}")
    gaps = [mine - theirs for mine, theirs in zip(ours.f1, base.f1, strict=True)]
    below = sum(1 for gap in gaps if gap < -GAP)
    above = sum(1 for gap in gaps if gap > GAP)
    print(f"an author where the truth has none: trafilatura {base.extra['author']}, copydesk "
          f"{ours.extra['author']} (of {pages - ours.judged['author']}); a date: trafilatura "
          f"{base.extra['date']}, copydesk {ours.extra['date']} "
          f"(of {pages - ours.judged['date']})")
    print(f"pages where copydesk is more than {GAP} F1 below trafilatura: {below}, above: {above}")
    worst = sorted(range(len(gaps)), key=lambda i: gaps[i])[:show]
    for i in worst:
        if gaps[i] < 0:
            print(f"  page {ids[i]}: copydesk {ours.f1[i]:.3f}, trafilatura {base.f1[i]:.3f}")
    failures = []
    lead = ours.mean(ours.f1) - base.mean(base.f1)
    if lead < MIN_F1_LEAD:
        failures.append(f"F1 lead over trafilatura {lead:+.4f}, floor {MIN_F1_LEAD:+.3f}")
    if ours.lost() > base.lost():
        failures.append(f"share of pages under F1 {LOST_F1}: {ours.lost():.1%}, "
                        f"trafilatura {base.lost():.1%}")
    for key, floor in MIN_ACCURACY.items():
        if ours.accuracy(key) < floor:
            failures.append(f"{key} accuracy {ours.accuracy(key):.3f}, floor {floor:.2f}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages (default: all)")
    parser.add_argument("--no-floors", action="store_true", help="report only, exit 0")
    parser.add_argument("--option", action="append", default=[], metavar="SECTION.KEY=JSON",
                        help="a config override, e.g. extract.favor_precision=false")
    parser.add_argument("--dump", type=Path, help="write per-page results (JSON lines) here")
    parser.add_argument("--show", type=int, default=10,
                        help="list this many pages where copydesk is furthest below")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found")
        return 0
    base, ours, ids = run(args.limit, config_from_options(args.option), args.dump)
    failures = report(base, ours, ids, args.show)
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures and not args.limit and not args.no_floors else 0


if __name__ == "__main__":
    sys.exit(main())
