"""An example of a project downstream of copydesk: a flow that a deployment trigger starts
when copydesk publishes, and that reads only what changed.

`prefect.yaml` deploys it as `copydesk-downstream/on-publish`, with a trigger on the event
`copydesk.clean.published` that passes the event's clean folder as a parameter. The flow
keeps the last feed `seq` it processed in a state file next to its output, reads what
follows with `copydesk.changes`, and appends one JSON line per change to its output: a
search index or a training-data builder would index or write the texts there instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from copydesk.cleaners.run.feed import changes


@flow(name="copydesk-downstream", persist_result=False)
def read_changes(clean_dir: str, output: str = "downstream.jsonl") -> dict[str, Any]:
    """Process the documents of `clean_dir` that changed since the last call (its state is
    `<output>.seq`); returns how many changes there were and the new last seq."""
    out = Path(output).resolve()
    state = out.with_name(out.name + ".seq")
    after = int(state.read_text()) if state.exists() else 0
    feed = changes(clean_dir, after=after)
    lines = []
    for change in feed:
        lines.append(json.dumps({"seq": change.seq, "id": change.id, "change": change.change,
                                 "status": change.status, "chars": len(change.text or ""),
                                 "resync": feed.resync}))
    with open(out, "a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
    state.write_text(str(feed.last_seq))
    get_run_logger().info("%d changes in %s after seq %d; now at %d", len(lines), clean_dir,
                          after, feed.last_seq)
    return {"changes": len(lines), "after": after, "last_seq": feed.last_seq}
