"""The deployments on a real Prefect server, driven the way a user drives them.

One `prefect server start` on 127.0.0.1 and a free port for the module, with its own
PREFECT_HOME; one `copydesk serve` subprocess serving `clean-corpus/nightly` and
`clean-corpus/on-demand` to it; runs started with the `prefect` command line. The last test
deploys prefect.yaml to a process work pool and runs it with a real `prefect worker`.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, SAMPLE_RAW
from servers import (
    BIN,
    PrefectServer,
    copydesk_serve,
    deployment,
    prefect_server,
    start_process,
    stop_process,
)
from servers import prefect_api as api

pytestmark = pytest.mark.integration

NIGHTLY = "clean-corpus/nightly"
ON_DEMAND = "clean-corpus/on-demand"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-home")
    # The scheduler service looks for deployments to schedule every 2 s instead of 60 s.
    with prefect_server(home, PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2") as running:
        yield running


def prefect(server: PrefectServer, *args: str, timeout: float = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "prefect"), *args], env=server.env(), cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def served(server: PrefectServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`copydesk serve` running in a folder of its own; yields that folder."""
    with copydesk_serve(server, tmp_path_factory.mktemp("serve"), (NIGHTLY, ON_DEMAND)) as folder:
        yield folder


def copy_sample(target: Path) -> Path:
    import shutil

    shutil.copytree(SAMPLE_RAW, target)
    (target / "broken.bin").write_bytes(b"\x00\x01\x02 not a document")
    return target


def run_deployment(server: PrefectServer, name: str, raw: Path, clean: Path,
                   cwd: Path | None = None, timeout: float = 300) -> str:
    """`prefect deployment run NAME --param ...`, then wait until the run has ended; returns
    the flow run id. The state is polled from the API rather than followed with `--watch`,
    whose event stream was seen to close early on a loaded machine, failing a good run."""
    result = prefect(server, "deployment", "run", name, "--param", f"raw_dir={raw}",
                     "--param", f"clean_dir={clean}", cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    match = re.search(r"UUID: ([0-9a-f-]{36})", result.stdout)
    assert match, result.stdout
    run_id = match.group(1)
    deadline = time.monotonic() + timeout
    while True:
        state = api(server, f"/flow_runs/{run_id}")["state"]
        if state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            break
        assert time.monotonic() < deadline, f"flow run {run_id} still {state['type']}"
        time.sleep(1)
    assert state["type"] == "COMPLETED", state
    return run_id


@pytest.fixture(scope="module")
def on_demand_run(server: PrefectServer, served: Path,
                  tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("on-demand")
    raw, clean = copy_sample(folder / "raw"), folder / "clean"
    run_id = run_deployment(server, ON_DEMAND, raw, clean)
    return {"id": run_id, "raw": raw, "clean": clean}


def manifest(clean: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (clean / "manifest.jsonl").read_text().splitlines()]


def test_prefect_deployment_run_cleans_the_raw_folder(server: PrefectServer,
                                                      on_demand_run: dict[str, Any]) -> None:
    run = api(server, f"/flow_runs/{on_demand_run['id']}")
    assert run["state"]["type"] == "COMPLETED"
    assert run["parameters"]["raw_dir"] == str(on_demand_run["raw"])
    records = manifest(on_demand_run["clean"])
    raw_files = [p for p in on_demand_run["raw"].rglob("*") if p.is_file()]
    assert len(records) == len(raw_files)
    by_source = {r["source"]: r for r in records}
    assert by_source["broken.bin"]["status"] == "failed"
    clean = [r for r in records if r["status"] == "clean"]
    assert len(clean) >= 10
    for record in clean:
        text = (on_demand_run["clean"] / record["path"]).read_text(encoding="utf-8")
        assert text.endswith("\n") and text.strip()
    assert not (on_demand_run["clean"] / ".lock").exists()


def test_the_run_artifacts_are_listed_with_its_counts(server: PrefectServer,
                                                      on_demand_run: dict[str, Any]) -> None:
    table = prefect(server, "artifact", "ls")
    assert table.returncode == 0, table.stderr
    assert "clean-corpus-report" in table.stdout and "clean-corpus-failures" in table.stdout

    listed = prefect(server, "artifact", "ls", "--output", "json")
    assert listed.returncode == 0, listed.stderr
    ours = {a["key"]: a for a in json.loads(listed.stdout)
            if a["flow_run_id"] == on_demand_run["id"]}
    assert set(ours) == {"clean-corpus-report", "clean-corpus-failures"}

    records = manifest(on_demand_run["clean"])
    report = ours["clean-corpus-report"]["data"]
    assert f"# copydesk: {len(records)} documents" in report
    for status, count in Counter(r["status"] for r in records).items():
        assert f"| {status} | {count} |" in report
    removed: Counter[str] = Counter()
    for record in records:
        removed.update(record["removed"])
    for reason, count in removed.items():
        assert f"| {reason} | {count} |" in report
    assert "## Most frequent removed lines" in report and "## Time per stage" in report
    failures = json.loads(ours["clean-corpus-failures"]["data"])
    assert [row["source"] for row in failures] == [r["source"] for r in records
                                                   if r["status"] == "failed"]


def test_the_nightly_schedule_is_registered_and_scheduled(server: PrefectServer,
                                                          served: Path) -> None:
    with open(ROOT / "prefect.yaml") as handle:
        wanted = next(d for d in yaml.safe_load(handle)["deployments"]
                      if d["name"] == "nightly")["schedules"][0]
    nightly = deployment(server, NIGHTLY)
    assert nightly is not None
    schedules = [s["schedule"] for s in nightly["schedules"] if s["active"]]
    assert schedules == [{"cron": wanted["cron"], "timezone": wanted["timezone"],
                          "day_or": True}]
    assert not deployment(server, ON_DEMAND)["schedules"]  # type: ignore[index]

    # The server's scheduler service creates the coming runs of the cron schedule.
    deadline = time.monotonic() + 120
    runs: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not runs:
        runs = api(server, "/flow_runs/filter", {
            "deployments": {"id": {"any_": [nightly["id"]]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}, "limit": 50})
        time.sleep(1)
    assert runs, "the server scheduled no run of the nightly deployment"
    minute, hour = (int(part) for part in wanted["cron"].split()[:2])
    now = datetime.now(UTC)
    for run in runs:
        start = datetime.fromisoformat(run["expected_start_time"].replace("Z", "+00:00"))
        assert start > now and (start.hour, start.minute) == (hour, minute)
        assert run["parameters"] == {} or run["parameters"]["raw_dir"] == "raw"
    assert len({run["expected_start_time"][:10] for run in runs}) == len(runs)  # one a night


def test_prefect_yaml_deploys_to_a_process_pool_and_a_worker_runs_it(
        server: PrefectServer, on_demand_run: dict[str, Any],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Last in the module: `prefect deploy` takes the deployment names over from serve."""
    text = (ROOT / "prefect.yaml").read_text()
    assert not re.search(r"(^|[\s'\"])(/home/|/root/|/work/|/tmp/|[A-Z]:\\)", text)
    pool = prefect(server, "work-pool", "create", "copydesk", "--type", "process")
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deployed = prefect(server, "--no-prompt", "deploy", "--all", cwd=ROOT)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    for name in (NIGHTLY, ON_DEMAND):
        assert deployment(server, name)["work_pool_name"] == "copydesk"  # type: ignore[index]

    folder = tmp_path_factory.mktemp("worker")
    log = folder / "worker.log"
    worker = start_process([str(BIN / "prefect"), "worker", "start", "--pool", "copydesk",
                            "--type", "process"], log, env=server.env(), cwd=folder)
    try:
        clean = folder / "clean"
        run_deployment(server, ON_DEMAND, on_demand_run["raw"], clean)
    finally:
        stop_process(worker)
    assert manifest(clean) == manifest(on_demand_run["clean"])


def test_serve_without_a_server_says_what_to_start(tmp_path: Path) -> None:
    import os

    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path)
    result = subprocess.run([str(BIN / "copydesk"), "serve"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr
