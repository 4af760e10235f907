"""The index of a run (`index.html`): counts per status, a chart of removals per reason and
per site, and a table of every document that `assets/review.js` fills from data chunks.

Browsers do not let a page opened from `file://` fetch other files, but they do run the
scripts it names. So the rows are written as scripts, `data/index-0000.js`,
`data/index-0001.js`, ..., `CHUNK` rows each, that register themselves:

    (window.copydeskIndex = window.copydeskIndex || []).push({"chunk": 0, "columns": [...],
                                                              "rows": [[...], ...]});

The page loads the first chunk with itself and shows its rows at once; the script loads
the others one after the other in the background. The table's `data-chunks` and
`data-total` say how many there are. Each row holds `COLUMNS`; `removed`, `repaired` and
`flagged` are the manifest's counts by reason code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from copydesk.cleaners.io.review.markup import chip, esc, frame, reason_class
from copydesk.cleaners.io.review.published import Published

#: Rows per data chunk: the first one is read with the page, so it bounds the opening time.
CHUNK = 1000
#: Sites drawn one by one in the chart; the others are summed in one bar.
CHART_SITES = 15
COLUMNS = ("id", "source", "site", "status", "reason", "language", "duplicate_of", "title",
           "paragraphs", "removed", "repaired", "flagged")
#: The columns that count audit entries by reason code (objects; the others are values).
COUNTED = ("removed", "repaired", "flagged")
STATUSES = ("clean", "duplicate", "filtered", "failed")


def index_row(item: Published) -> list[Any]:
    """One document's row of the index, in the order of `COLUMNS`."""
    record = {**item.record, "site": item.site}
    return [record.get(column) or {} if column in COUNTED else record.get(column)
            for column in COLUMNS]


def chunk_script(number: int, rows: list[list[Any]]) -> bytes:
    data = json.dumps({"chunk": number, "columns": list(COLUMNS), "rows": rows},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Line and paragraph separators end a line in older JavaScript parsers.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.copydeskIndex = window.copydeskIndex || []).push({data});\n".encode()


def chunk_name(number: int) -> str:
    return f"data/index-{number:04d}.js"


@dataclass
class Tally:
    """What the index page needs of the whole run, gathered row by row."""

    documents: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    by_site: dict[str, Counter[str]] = field(default_factory=dict)
    reasons: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)

    def add(self, item: Published) -> None:
        record = item.record
        self.documents += 1
        self.statuses[record["status"]] += 1
        removed = record.get("removed") or {}
        self.removed.update(removed)
        self.by_site.setdefault(item.site, Counter()).update(removed)
        for column in COUNTED:
            self.reasons.update(record.get(column) or {})
        if record.get("reason"):
            self.reasons.add(record["reason"])
        self.languages.add(record.get("language") or "-")
        self.sites.add(item.site)


def index_page(tally: Tally, chunks: int) -> str:
    order = {status: number for number, status in enumerate(STATUSES)}
    statuses = sorted(tally.statuses, key=lambda s: (order.get(s, len(order)), s))
    summary = ", ".join(f'<span class="status status-{esc(s)}">{tally.statuses[s]} {esc(s)}'
                        f"</span>" for s in statuses)
    body = [
        "<header><h1>copydesk review</h1>",
        f'<p class="summary">{tally.documents} documents: {summary or "none"}. '
        f"{sum(tally.removed.values())} lines removed.</p></header>",
        '<section class="charts">',
        _reason_chart(tally.removed),
        _site_chart(tally.by_site),
        "</section>",
        _filters(tally, statuses),
        '<p id="shown" aria-live="polite">Loading the documents&hellip;</p>',
        f'<table id="documents" data-chunks="{chunks}" data-total="{tally.documents}">',
        "<thead><tr>" + "".join(
            f'<th data-key="{key}" scope="col"><button type="button">{label}</button></th>'
            for key, label in (("title", "document"), ("site", "site"), ("status", "status"),
                               ("language", "language"), ("removed", "removed"),
                               ("repaired", "repaired"), ("flagged", "flagged"),
                               ("duplicate_of", "duplicate of"))) + "</tr></thead>",
        "<tbody></tbody></table>",
        '<nav id="pager"><button type="button" id="previous">&larr; previous</button> '
        '<span id="page"></span> <button type="button" id="next">next &rarr;</button></nav>',
        "<noscript>The table needs JavaScript; every document also has its page in docs/."
        "</noscript>",
    ]
    scripts = (chunk_name(0),) if chunks else ()
    return frame("copydesk review", "\n".join(body), "", "index", (*scripts,
                                                                    "assets/review.js"))


def _filters(tally: Tally, statuses: list[str]) -> str:
    def select(name: str, label: str, values: Iterable[str]) -> str:
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
        return (f'<label>{label} <select name="{name}"><option value="">all</option>'
                f"{options}</select></label>")
    return ('<form id="filters" role="search">'
            + select("status", "status", statuses)
            + select("reason", "reason", sorted(tally.reasons))
            + select("language", "language", sorted(tally.languages))
            + select("site", "site", sorted(tally.sites))
            + '<label>text <input name="q" type="search" placeholder="id, source or title">'
            "</label></form>")


def _reason_chart(removed: Mapping[str, int]) -> str:
    """One bar per reason code, longest first."""
    if not removed:
        return '<figure class="chart"><figcaption>No line was removed.</figcaption></figure>'
    top = max(removed.values())
    rows = []
    for reason, count in sorted(removed.items(), key=lambda item: (-item[1], item[0])):
        rows.append(f'<div class="bar-row"><span class="label">{chip(reason)}</span>'
                    f'<span class="bar"><span class="segment {reason_class(reason)}" '
                    f'style="width: {100 * count / top:.1f}%" title="{esc(reason)}: {count}">'
                    f'</span></span><span class="n">{count}</span></div>')
    return ('<figure class="chart" id="chart-reasons"><figcaption>Removed lines per reason'
            "</figcaption>" + "".join(rows) + "</figure>")


def _site_chart(by_site: Mapping[str, Counter[str]]) -> str:
    """One bar per site (the `CHART_SITES` with most removals, the rest summed), split by
    reason code."""
    totals = {site: sum(counts.values()) for site, counts in by_site.items()}
    ranked = sorted((s for s in totals if totals[s]), key=lambda s: (-totals[s], s))
    if not ranked:
        return ""
    shown: list[tuple[str, Counter[str]]] = [(site, by_site[site])
                                             for site in ranked[:CHART_SITES]]
    rest = ranked[CHART_SITES:]
    if rest:
        summed: Counter[str] = Counter()
        for site in rest:
            summed.update(by_site[site])
        shown.append((f"{len(rest)} other sites", summed))
    top = max(sum(counts.values()) for _, counts in shown)
    rows = []
    for site, counts in shown:
        segments = "".join(
            f'<span class="segment {reason_class(reason)}" style="width: '
            f'{100 * n / top:.1f}%" title="{esc(site)}: {esc(reason)} {n}"></span>'
            for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        rows.append(f'<div class="bar-row"><span class="label site">{esc(site)}</span>'
                    f'<span class="bar">{segments}</span>'
                    f'<span class="n">{sum(counts.values())}</span></div>')
    return ('<figure class="chart" id="chart-sites"><figcaption>Removed lines per site, by '
            "reason</figcaption>" + "".join(rows) + "</figure>")
