"""Where WCXB's publication dates are on their pages, and the accuracy that allows.

Issue 10 asks for the publication date, "not the modified date or today's", at 0.92
exact-match accuracy against ``publish_date`` of ``../shared/benchmarks/wcxb-dev/``. This
script looks for each truth date on its page, independently of copydesk's own date reading,
and sorts the pages:

* ``shown``: the date is in the page's visible text at least once without an update label
  in front of it ("Updated", "Last updated on", "Modified", "mis à jour", ...);
* ``shown as an update, declared``: it is in the visible text, but every time right after
  such a label, and the markup has it too (the site declares its last change as
  ``datePublished``, or the page's address holds it);
* ``shown as an update only``: the same, but only the visible text has it: the truth is the
  date of the last change, and nothing on the page calls it the publication;
* ``markup only``: not in the visible text, but in the markup (``<meta>``, JSON-LD, an
  attribute, the address of the page);
* ``nowhere``: in neither, in any of the forms below.

An extractor that never gives a date the page shows only as its last change can be right
at most on the pages of the first two classes and ``markup only``: their share of the
pages with a truth date is the ceiling printed at the end (measured: 0.924, with 35 truth
dates nowhere on their page and 15 shown only as an update; taking no date shown as an
update at all, declared or not, the ceiling is 0.869).

A date is looked for as ``2025-07-04`` (or with ``/`` or ``.``), ``20250704``,
``2025 Jul 4``, ``07/04/2025``, ``7/4/2025``, ``04/07/2025``, ``4/7/2025``, ``04.07.2025``,
``July 4, 2025``, ``Jul. 4th 2025``, ``4 July 2025``, ``4th of Jul 2025`` (case ignored),
and a truth of a month only (``2015-11``) as ``2015-11`` and ``November 2015``. The visible
text is the page's text pieces joined with spaces, without ``script``, ``style``,
``noscript`` and ``template``, its entities decoded.

Usage::

    .venv/bin/python benchmarks/wcxb_dates.py [--dump pages.jsonl] [--show N]

``--dump`` takes a ``benchmarks/wcxb.py --dump`` file and counts, per class, the pages where
each system's date is right. Exits 0 (it measures the data; no floor), with a note when the
data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "wcxb-dev"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
#: A label that makes the date after it the last change, within this many characters.
LABEL_REACH = 40
_LABEL = re.compile(r"(?:updated?|modified|revised|aktualisiert|geändert|mis à jour|"
                    r"modifié|actualizado|modificado|aggiornato)\W*(?:on|am|le|el)?\W*$",
                    re.IGNORECASE)
SHOWN, DECLARED_UPDATE, UPDATE, MARKUP, NOWHERE = (
    "shown", "shown as an update, declared", "shown as an update only", "markup only",
    "nowhere")
CLASSES = (SHOWN, DECLARED_UPDATE, UPDATE, MARKUP, NOWHERE)


def forms(truth: str) -> re.Pattern[str]:
    """One pattern for the ways a page may write the date `truth` (YYYY-MM-DD or YYYY-MM).

    >>> bool(forms("2025-07-04").search("Posted Jul. 4th, 2025 by"))
    True
    >>> bool(forms("2025-07-04").search("2025-07-14"))
    False
    >>> bool(forms("2015-11").search("in November 2015"))
    True
    """
    parts = truth.split("-")
    year, month = parts[0], parts[1]
    name = MONTHS[int(month) - 1]
    short = rf"{name[:3]}[a-z]*\.?"
    if len(parts) < 3:
        written = [rf"{year}-{month}", rf"(?:{short}),? {year}"]
    else:
        day = parts[2]
        d, m = str(int(day)), str(int(month))
        nth = r"(?:st|nd|rd|th)?"
        written = [rf"{year}[-/.]{month}[-/.]{day}", rf"{year}{month}{day}",
                   rf"{year},? {short} 0?{d}{nth}",
                   rf"0?{m}/0?{d}/{year}", rf"0?{d}/0?{m}/{year}", rf"0?{d}\.0?{m}\.{year}",
                   rf"{short} 0?{d}{nth},? {year}", rf"0?{d}{nth} (?:of )?{short},? {year}"]
    return re.compile(r"(?<!\w)(?:" + "|".join(written) + r")(?!\d)", re.IGNORECASE)


def split_text(page: str) -> tuple[str, str]:
    """The page's visible text, and what only its markup holds: its attributes and the
    content of its scripts, styles, noscript and template elements."""
    tree = lxml_html.fromstring(page)
    hidden = [value for element in tree.iter() for value in element.attrib.values()]
    for element in tree.xpath("//script|//style|//noscript|//template"):
        hidden.append(element.text_content())
        element.drop_tree()
    return " ".join(" ".join(tree.itertext()).split()), " ".join(hidden)


def classify(page: str, truth: str, url: str = "") -> str:
    """Where the page (at the address `url`) has its truth date (one of CLASSES)."""
    pattern = forms(truth)
    try:
        text, markup = split_text(page)
    except Exception:  # a page lxml cannot parse: all of it is taken as markup
        text, markup = "", page
    declared = bool(pattern.search(markup) or pattern.search(url))
    found = list(pattern.finditer(text))
    if any(not _LABEL.search(text[max(0, m.start() - LABEL_REACH):m.start()]) for m in found):
        return SHOWN
    if found:
        return DECLARED_UPDATE if declared else UPDATE
    return MARKUP if declared else NOWHERE


def load(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="a benchmarks/wcxb.py --dump file")
    parser.add_argument("--show", type=int, default=0, help="list N pages of each class")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no WCXB data at {DATA}: nothing measured")
        return 0
    given: dict[str, dict[str, str | None]] = {}
    if args.dump:
        for line in args.dump.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            given[row["id"]] = {"copydesk": row["date"], "trafilatura": row["trafilatura"]["date"]}
    counts: Counter[str] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    listed: dict[str, list[str]] = {name: [] for name in CLASSES}
    for truth_file in sorted((DATA / "ground-truth").glob("*.json")):
        record = json.loads(truth_file.read_text(encoding="utf-8"))
        truth = record["ground_truth"].get("publish_date")
        if not truth:
            continue
        page_id = truth_file.stem
        page = load(next((DATA / "html").glob(f"{page_id}.*")))
        kind = classify(page, truth, record.get("url") or "")
        counts[kind] += 1
        listed[kind].append(f"{page_id} {truth}")
        for system, date in given.get(page_id, {}).items():
            right[(system, kind)] += date == truth
    pages = sum(counts.values())
    systems = sorted({system for system, _ in right})
    print(f"wcxb-dev: {pages} pages with a truth publication date")
    print(f"{'where the truth date is':<28} {'pages':>6} {'share':>6}"
          + "".join(f" {system + ' right':>17}" for system in systems))
    for kind in CLASSES:
        print(f"{kind:<28} {counts[kind]:>6} {counts[kind] / pages:6.3f}"
              + "".join(f" {right[(s, kind)]:>17}" for s in systems))
    ceiling = (pages - counts[UPDATE] - counts[NOWHERE]) / pages
    print(f"ceiling without dates shown only as an update (all but {UPDATE!r} and {NOWHERE!r}):"
          f" {ceiling:.3f}; taking none shown as an update: "
          f"{(counts[SHOWN] + counts[MARKUP]) / pages:.3f}")
    for kind in CLASSES:
        for line in listed[kind][:args.show]:
            print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
