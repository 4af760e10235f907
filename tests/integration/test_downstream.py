"""A downstream project started by copydesk's publications, on a real Prefect server.

`copydesk serve` serves the deployments of prefect.yaml, among them the example
`copydesk-downstream/on-publish`, whose trigger fires on `copydesk.clean.published`. Two
`prefect deployment run clean-corpus/on-demand` runs, with files added, changed and deleted
in between: each publication starts the downstream flow, which reads exactly the documents
that changed, through `copydesk.changes`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import (
    PrefectServer,
    copydesk_serve,
    deployment,
    prefect_server,
)
from servers import prefect_api as api

from copydesk.flows.clean_corpus import PUBLISHED_EVENT

pytestmark = pytest.mark.integration

ON_DEMAND = "clean-corpus/on-demand"
DOWNSTREAM = "copydesk-downstream/on-publish"
STORIES = {
    "ferry.txt": "Ferry back in service\n\nThe Kellings Point ferry returned to service on "
                 "Monday after a month of repairs to its hull, the harbour office said.\n",
    "library.txt": "Library wins a prize\n\nA timber library built on the site of a former "
                   "bus depot has won this year's national architecture award.\n",
    "orchid.txt": "Rare orchid on a verge\n\nBotanists surveying roadside meadows found a "
                  "colony of lizard orchids beside a busy motorway junction this week.\n",
}


def deployment_id(server: PrefectServer, name: str) -> str | None:
    found = deployment(server, name)
    return str(found["id"]) if found else None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as running:
        yield running


@pytest.fixture(scope="module")
def served(server: PrefectServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with copydesk_serve(server, tmp_path_factory.mktemp("serve"),
                        (ON_DEMAND, DOWNSTREAM)) as folder:
        yield folder


def run_and_wait(server: PrefectServer, name: str, parameters: dict[str, Any],
                 timeout: float = 300) -> dict[str, Any]:
    created = api(server, f"/deployments/{deployment_id(server, name)}/create_flow_run",
                  {"parameters": parameters})
    return wait_for(server, created["id"], timeout)


def wait_for(server: PrefectServer, run_id: str, timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        run = api(server, f"/flow_runs/{run_id}")
        if run["state"]["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            assert run["state"]["type"] == "COMPLETED", run["state"]
            return run  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, f"flow run {run_id} still {run['state']['type']}"
        time.sleep(1)


def downstream_runs(server: PrefectServer, count: int, timeout: float = 180
                    ) -> list[dict[str, Any]]:
    """The first `count` completed runs of the downstream deployment, oldest first."""
    deadline = time.monotonic() + timeout
    wanted = deployment_id(server, DOWNSTREAM)
    while True:
        runs = api(server, "/flow_runs/filter", {
            "deployments": {"id": {"any_": [wanted]}}, "sort": "START_TIME_ASC",
            "limit": 20})
        done = [r for r in runs if r["state"]["type"] == "COMPLETED"]
        if len(done) >= count:
            return done
        assert time.monotonic() < deadline, f"{len(done)} of {count} downstream runs: {runs}"
        time.sleep(1)


def manifest(clean: Path) -> dict[str, dict[str, Any]]:
    return {r["source"]: r for r in (json.loads(line) for line in
                                     (clean / "manifest.jsonl").read_text().splitlines())}


def test_each_publication_starts_the_downstream_flow_with_what_changed(
        server: PrefectServer, served: Path, tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for name in ("ferry.txt", "library.txt"):
        (raw / name).write_text(STORIES[name], encoding="utf-8")
    params = {"raw_dir": str(raw), "clean_dir": str(clean)}
    run_and_wait(server, ON_DEMAND, params)
    first = manifest(clean)
    (first_run,) = downstream_runs(server, 1)
    assert first_run["parameters"]["clean_dir"] == str(clean.resolve())
    output = served / "downstream.jsonl"
    seen = [json.loads(line) for line in output.read_text().splitlines()]
    assert sorted((e["id"], e["change"]) for e in seen) == sorted(
        (r["id"], "added") for r in first.values())

    (raw / "orchid.txt").write_text(STORIES["orchid.txt"], encoding="utf-8")
    (raw / "library.txt").write_text(STORIES["library.txt"].replace("won", "won again"),
                                     encoding="utf-8")
    (raw / "ferry.txt").unlink()
    run_and_wait(server, ON_DEMAND, params)
    second = manifest(clean)
    downstream_runs(server, 2)
    now = [json.loads(line) for line in output.read_text().splitlines()][len(seen):]
    assert sorted((e["id"], e["change"]) for e in now) == sorted([
        (first["ferry.txt"]["id"], "removed"), (second["library.txt"]["id"], "updated"),
        (second["orchid.txt"]["id"], "added")])
    assert [e["seq"] for e in now] == [3, 4, 5]

    events = api(server, "/events/filter", {"filter": {"event": {"name": [PUBLISHED_EVENT]}},
                                            "limit": 10})["events"]
    payloads = sorted((e["payload"]["first_seq"], e["payload"]["last_seq"]) for e in events
                      if e["payload"]["clean_dir"] == str(clean.resolve()))
    assert payloads == [(1, 2), (3, 5)]
