"""`copydesk serve`: serve the deployments of `prefect.yaml` from this process, no work pool.

The deployments (names, descriptions, parameters, schedules, tags) are read from the
`prefect.yaml` that ships in this package (the checkout's top-level `prefect.yaml` links to
it), so the served ones and the ones `prefect deploy` makes cannot drift apart. Each flow
run starts in a subprocess of this one, in the folder `copydesk serve` was started in, on
the task runner chosen here (threads, or Dask).

A Prefect server must be running and `PREFECT_API_URL` must point at it: a served
deployment is only useful to a server that schedules it and to `prefect deployment run`.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

PROJECT_FILE = resources.files(__package__) / "prefect.yaml"


def deployment_specs(path: Traversable = PROJECT_FILE) -> list[dict[str, Any]]:
    """The `deployments` of prefect.yaml, as `Flow.to_deployment` keyword arguments."""
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for entry in project.get("deployments") or []:
        spec: dict[str, Any] = {"name": entry["name"],
                                "description": entry.get("description"),
                                "parameters": dict(entry.get("parameters") or {}),
                                "tags": list(entry.get("tags") or [])}
        schedules = [s for s in entry.get("schedules") or [] if s.get("active", True)]
        if len(schedules) > 1:
            raise ValueError(f"deployment {entry['name']}: copydesk serve takes one schedule")
        if schedules:
            spec["cron"] = schedules[0]["cron"]
            spec["timezone"] = schedules[0].get("timezone", "UTC")
        specs.append(spec)
    return specs


def build_deployments(flow: Any, specs: list[dict[str, Any]]) -> list[Any]:
    from prefect.schedules import Cron

    deployments = []
    for spec in specs:
        spec = dict(spec)
        if "cron" in spec:
            spec["schedules"] = [Cron(spec.pop("cron"), timezone=spec.pop("timezone"))]
        deployments.append(flow.to_deployment(**spec))
    return deployments


def serve(task_runner: Any | None = None, limit: int | None = None) -> None:
    """Serve every deployment until interrupted. `limit`: flow runs at a time."""
    from prefect import serve as prefect_serve

    from copydesk.flows.clean_corpus import clean_corpus_flow

    flow = clean_corpus_flow.with_options(task_runner=task_runner) if task_runner else \
        clean_corpus_flow
    prefect_serve(*build_deployments(flow, deployment_specs()), limit=limit)
