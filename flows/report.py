"""The run report, published as Prefect artifacts of the flow run.

- `clean-corpus-report` (markdown): documents per status, removals, repairs and flags per
  reason, the most frequent removed lines, time per stage.
- `clean-corpus-failures` (table): every failed document with its error.

See them in the UI under the flow run, or with `prefect artifact ls` and
`prefect artifact inspect clean-corpus-report`. The texts are built by plain functions
(`markdown_report`, `failure_rows`) so they can be read and tested without Prefect.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from cleaners.document import Document, Status
from cleaners.reasons import Action

REPORT_KEY = "clean-corpus-report"
FAILURES_KEY = "clean-corpus-failures"
TOP_LINES = 15
LINE_CHARS = 100


def publish_report(docs: list[Document], run_info: dict[str, Any], clean_dir: str) -> None:
    """Create both artifacts in the current flow run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    statuses = ", ".join(f"{n} {s}" for s, n in run_info["statuses"].items()) or "none"
    description = f"{run_info['documents']} documents into {clean_dir}: {statuses}"
    create_markdown_artifact(markdown=markdown_report(docs, run_info, clean_dir),
                             key=REPORT_KEY, description=description)
    rows = failure_rows(docs)
    create_table_artifact(table=rows or [{"id": "", "source": "", "error": "no failures"}],
                          key=FAILURES_KEY,
                          description=f"{len(rows)} failed documents in {clean_dir}")


def failure_rows(docs: list[Document]) -> list[dict[str, str]]:
    return [{"id": doc.id, "source": doc.source, "error": doc.error or ""}
            for doc in sorted(docs, key=lambda d: d.id) if doc.status is Status.FAILED]


def frequent_removed_lines(docs: list[Document], top: int = TOP_LINES
                           ) -> list[tuple[int, str, str]]:
    """(times, reason, line) for the lines removed most often, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for entry in doc.audit:
            if entry.action is Action.REMOVED and entry.text:
                for line in entry.text.splitlines():
                    if line.strip():
                        counts[(entry.reason.value, line.strip())] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(n, reason, line) for (reason, line), n in ranked[:top]]


def markdown_report(docs: list[Document], run_info: dict[str, Any], clean_dir: str) -> str:
    parts = [f"# copydesk: {run_info['documents']} documents",
             f"`{run_info.get('raw_dir', '?')}` → `{clean_dir}` in "
             f"{run_info.get('seconds', 0):.1f} s", ""]
    parts += _table("Documents per status", ("status", "documents"),
                    list(run_info["statuses"].items()))
    for name, title in (("removed", "Removals per reason"), ("repaired", "Repairs per reason"),
                        ("flagged", "Flagged per reason")):
        parts += _table(title, ("reason", "count"),
                        sorted(run_info[name].items(), key=lambda kv: (-kv[1], kv[0])))
    parts += _table("Most frequent removed lines", ("times", "reason", "line"),
                    [(n, reason, _cell(line)) for n, reason, line in frequent_removed_lines(docs)])
    stages = run_info.get("seconds_per_stage", {})
    total = sum(stages.values()) or 1.0
    parts += _table("Time per stage", ("stage", "seconds", "share"),
                    [(stage, f"{s:.3f}", f"{100 * s / total:.0f}%") for stage, s in
                     stages.items()])
    return "\n".join(parts)


def _table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    lines = [f"## {title}", ""]
    if not rows:
        return lines + ["none", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _cell(text: str) -> str:
    text = text if len(text) <= LINE_CHARS else text[:LINE_CHARS - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
