"""The README's tables of stages and of reason codes, built from the stage declarations
(`tests/test_readme.py` checks that the README shows exactly these)."""

from __future__ import annotations

from copydesk.cleaners.pipeline import PIPELINE_REASONS, STAGES
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.stage import Stage


def stage_table() -> str:
    """One row per stage, in pipeline order: where it runs, what it does, its folder."""
    rows = ["| stage | runs per | what it does | code |", "| --- | --- | --- | --- |"]
    for stage in STAGES:
        rows.append(f"| {stage.name} | {stage.scope} | {stage.summary} | `{_home(stage)}` |")
    return "\n".join(rows) + "\n"


def _home(stage: Stage) -> str:
    """The stage's folder (`cleaners/<name>/`), or its module when it has no folder."""
    part = stage.read or stage.document or stage.corpus
    module = str(getattr(part, "__module__", ""))
    package = f"copydesk.cleaners.{stage.name}"
    if module == package or module.startswith(package + "."):
        return f"cleaners/{stage.name}/"
    return module.replace("copydesk.", "", 1).replace(".", "/") + ".py"


def reason_table() -> str:
    """One row per reason code: the stages that may emit it and what it means."""
    rows = ["| code | stages | meaning |", "| --- | --- | --- |"]
    for reason in Reason:
        names = [s.name for s in STAGES if reason in s.reasons]
        if reason in PIPELINE_REASONS:
            names.append("any (the pipeline)")
        stages = ", ".join(names)
        rows.append(f"| `{reason.value}` | {stages} | {reason.meaning} |")
    return "\n".join(rows) + "\n"
