"""The fixers, in the order they run, and `repair_text`, which applies them.

Each fix is a small function from text to text (`unicode.py`, `translation.py`);
`repair_text` applies them in a fixed order, again until nothing changes (so repairing twice
is repairing once), and returns a `Change` per fix that did something: the reason code, the
text before and after, and which rule it was with the spot it changed (for ftfy, ftfy's own
explanation of its steps).
"""

from __future__ import annotations

from collections.abc import Callable

from ftfy.badness import is_bad

from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.repair import translation
from copydesk.cleaners.repair.change import Change, Fixer
from copydesk.cleaners.repair.settings import RepairSettings
from copydesk.cleaners.repair.spots import spots
from copydesk.cleaners.repair.unicode import fix_invisible, fix_with_ftfy

# Repairing again until nothing changes; one pass almost always suffices, a second when one
# rule's output is another's input (an entity that decodes to a zero-width space).
_MAX_PASSES = 4


def rule(reason: Reason, function: Callable[[str], str]) -> Fixer:
    """A fixer from a text-to-text rule; the audit names the rule and the spot it changed.

    A rule whose output ftfy would take for mojibake does not fire: `café””“` with its
    doubled quote repaired reads as the UTF-8 bytes of `锓`, and the next pass would
    "decode" it.
    """

    def fixer(text: str, config: RepairSettings) -> tuple[str, list[Change]]:
        fixed = function(text)
        if fixed == text or (is_bad(fixed) and not is_bad(text)):
            return text, []
        return fixed, [Change(reason, text, fixed, f"{function.__name__}: {spots(text, fixed)}")]

    fixer.__name__ = function.__name__
    return fixer


#: The fixers in the order they run. Encoding first (a decoded entity can be anything), then
#: invisible characters (they hide the patterns the later rules look for), then the
#: machine-translation rules; the quote rule runs before the missing-space rule, whose
#: `end.“Start` pattern it can produce.
FIXERS: tuple[Fixer, ...] = (
    fix_with_ftfy,
    fix_invisible,
    rule(Reason.DASH_RUN, translation.fix_dash_run),
    rule(Reason.DASH_RUN, translation.fix_stray_comma_dash),
    rule(Reason.SPACED_COMPOUND, translation.fix_spaced_compound),
    rule(Reason.BROKEN_QUOTES, translation.fix_broken_quotes),
    rule(Reason.MISSING_SPACE, translation.fix_missing_space),
)


def repair_text(text: str, config: RepairSettings) -> tuple[str, list[Change]]:
    """Apply every fixer in order until nothing changes; return the text and the changes."""
    changes: list[Change] = []
    for _ in range(_MAX_PASSES):
        made_any = False
        for fixer in FIXERS:
            text, made = fixer(text, config)
            changes.extend(made)
            made_any = made_any or bool(made)
        if not made_any:
            break
    return text, changes
