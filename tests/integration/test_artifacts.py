"""The run report, published as artifacts of a real flow run."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SAMPLE_RAW

from copydesk.flows.report import FAILURES_KEY, REPORT_KEY


def test_a_flow_run_publishes_both_artifacts(prefect_api: str, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from copydesk.flows.clean_corpus import clean_corpus_flow

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
