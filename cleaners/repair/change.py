"""What a fixer reports: one `Change` per rule that changed a text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.repair.settings import RepairSettings


@dataclass(frozen=True)
class Change:
    """One fixer's effect on one text."""

    reason: Reason
    before: str
    after: str
    detail: str


Fixer = Callable[[str, RepairSettings], tuple[str, list[Change]]]
