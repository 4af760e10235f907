"""The run report: built from the documents of a run, published as artifacts of the flow run."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLE_RAW

from cleaners.document import AuditEntry, Document, Status
from cleaners.reasons import Action, Reason
from flows.report import (
    FAILURES_KEY,
    REPORT_KEY,
    failure_rows,
    frequent_removed_lines,
    markdown_report,
)

RUN_INFO = {"documents": 3, "raw_dir": "raw", "seconds": 1.5,
            "statuses": {"clean": 2, "failed": 1}, "removed": {"navigation": 3},
            "repaired": {"mojibake": 1}, "flagged": {},
            "seconds_per_stage": {"extract": 0.75, "repair": 0.25}}


def removed(text: str, reason: Reason = Reason.NAVIGATION) -> AuditEntry:
    return AuditEntry("boilerplate", Action.REMOVED, reason, text=text)


def docs() -> list[Document]:
    return [Document("b", "b.txt", audit=(removed("Home | News"), removed("Share | this"))),
            Document("a", "a.txt", audit=(removed("Home | News"),)),
            Document("c", "c.bin", status=Status.FAILED, error="not a document")]


def test_the_most_frequent_removed_lines_come_first() -> None:
    assert frequent_removed_lines(docs()) == [(2, "navigation", "Home | News"),
                                              (1, "navigation", "Share | this")]


def test_the_markdown_report_has_every_section_and_count() -> None:
    text = markdown_report(docs(), RUN_INFO, "clean")
    for line in ("# copydesk: 3 documents", "| clean | 2 |", "| failed | 1 |",
                 "| navigation | 3 |", "| mojibake | 1 |", "## Flagged per reason",
                 "| 2 | navigation | Home \\| News |", "| extract | 0.750 | 75% |"):
        assert line in text, line


def test_failed_documents_are_listed_with_their_errors() -> None:
    assert failure_rows(docs()) == [{"id": "c", "source": "c.bin", "error": "not a document"}]


def test_a_flow_run_publishes_both_artifacts(prefect_api: str, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.clean_corpus import clean_corpus_flow

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(SAMPLE_RAW.rglob("*"))[:40]:
        if path.is_file():
            (raw / path.name).write_bytes(path.read_bytes())
    (raw / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    state = clean_corpus_flow(raw_dir=str(raw), clean_dir=str(tmp_path / "clean"),
                              return_state=True)
    assert state.is_completed()
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    by_key = {artifact.key: artifact for artifact in artifacts}
    assert set(by_key) == {REPORT_KEY, FAILURES_KEY}

    manifest = [json.loads(line) for line in
                (tmp_path / "clean" / "manifest.jsonl").read_text().splitlines()]
    statuses: dict[str, int] = {}
    for record in manifest:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    report = by_key[REPORT_KEY].data
    assert f"# copydesk: {len(manifest)} documents" in report
    for status, count in statuses.items():
        assert f"| {status} | {count} |" in report
    failed = [r for r in manifest if r["status"] == "failed"]
    rows = json.loads(by_key[FAILURES_KEY].data)
    assert [row["source"] for row in rows] == [r["source"] for r in failed] == ["picture.png"]
    assert rows[0]["error"] == failed[0]["error"]
