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
    """The `deployments` of prefect.yaml: each one's entrypoint, and its
    `Flow.to_deployment` keyword arguments."""
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for entry in project.get("deployments") or []:
        spec: dict[str, Any] = {"entrypoint": entry["entrypoint"],
                                "name": entry["name"],
                                "description": entry.get("description"),
                                "parameters": dict(entry.get("parameters") or {}),
                                "tags": list(entry.get("tags") or [])}
        schedules = [s for s in entry.get("schedules") or [] if s.get("active", True)]
        if len(schedules) > 1:
            raise ValueError(f"deployment {entry['name']}: copydesk serve takes one schedule")
        if schedules:
            spec["cron"] = schedules[0]["cron"]
            spec["timezone"] = schedules[0].get("timezone", "UTC")
        if entry.get("triggers"):
            spec["triggers"] = list(entry["triggers"])
        specs.append(spec)
    return specs


def build_deployments(specs: list[dict[str, Any]], task_runner: Any | None = None
                      ) -> list[Any]:
    """Runner deployments of the specs; the clean-corpus flow runs on `task_runner`."""
    from prefect.events import DeploymentTriggerTypes
    from prefect.flows import load_flow_from_entrypoint
    from prefect.schedules import Cron
    from pydantic import TypeAdapter

    from copydesk.flows.clean_corpus import clean_corpus_flow

    triggers = TypeAdapter(DeploymentTriggerTypes)
    deployments = []
    for spec in specs:
        spec = dict(spec)
        flow: Any = load_flow_from_entrypoint(spec.pop("entrypoint"))
        if task_runner is not None and flow.name == clean_corpus_flow.name:
            flow = flow.with_options(task_runner=task_runner)
        if "cron" in spec:
            spec["schedules"] = [Cron(spec.pop("cron"), timezone=spec.pop("timezone"))]
        if "triggers" in spec:
            spec["triggers"] = [triggers.validate_python(t) for t in spec["triggers"]]
        deployments.append(flow.to_deployment(**spec))
    return deployments


def serve(task_runner: Any | None = None, limit: int | None = None) -> None:
    """Serve every deployment until interrupted. `limit`: flow runs at a time."""
    from prefect import serve as prefect_serve

    prefect_serve(*build_deployments(deployment_specs(), task_runner), limit=limit)
