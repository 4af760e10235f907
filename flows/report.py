"""The run report, published as Prefect artifacts of the flow run.

- `clean-corpus-report` (markdown): documents per status, removals, repairs and flags per
  reason, the most frequent removed lines, time per stage.
- `clean-corpus-failures` (table): every failed document with its error.

See them in the UI under the flow run, or with `prefect artifact ls` and
`prefect artifact inspect clean-corpus-report`. The texts are built by plain functions of
the run summary (`markdown_report`, `failure_rows`) so they can be read and tested without
Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPORT_KEY = "clean-corpus-report"
FAILURES_KEY = "clean-corpus-failures"
LINE_CHARS = 100


def publish_report(summary: dict[str, Any]) -> None:
    """Create both artifacts in the current flow run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    clean_dir = summary["clean_dir"]
    statuses = ", ".join(f"{n} {s}" for s, n in summary["statuses"].items()) or "none"
    description = f"{summary['documents']} documents into {clean_dir}: {statuses}"
    create_markdown_artifact(markdown=markdown_report(summary), key=REPORT_KEY,
                             description=description)
    rows = failure_rows(summary)
    create_table_artifact(table=rows or [{"id": "", "source": "", "error": "no failures"}],
                          key=FAILURES_KEY,
                          description=f"{len(rows)} failed documents in {clean_dir}")


def failure_rows(summary: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": row["id"], "source": row["source"], "error": row["error"] or ""}
            for row in summary["failed"]]


def markdown_report(summary: dict[str, Any]) -> str:
    parts = [f"# copydesk: {summary['documents']} documents",
             f"`{summary.get('raw_dir', '?')}` → `{summary['clean_dir']}` in "
             f"{summary.get('seconds', 0):.1f} s", ""]
    review = Path(summary["clean_dir"]).resolve() / "review" / "index.html"
    if review.exists():
        # An autolink, not [text](url): Prefect's CLI prints artifacts through rich, which
        # reads "[/path]" as a closing markup tag.
        parts += [f"Review the run page by page: <{review.as_uri()}>", ""]
    parts += _table("Documents per status", ("status", "documents"),
                    list(summary["statuses"].items()))
    for name, title in (("removed", "Removals per reason"), ("repaired", "Repairs per reason"),
                        ("flagged", "Flagged per reason")):
        parts += _table(title, ("reason", "count"),
                        sorted(summary[name].items(), key=lambda kv: (-kv[1], kv[0])))
    parts += _table("Most frequent removed lines", ("times", "reason", "line"),
                    [(n, reason, _cell(line)) for n, reason, line in summary["top_removed"]])
    stages = summary.get("seconds_per_stage", {})
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
