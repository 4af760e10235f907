"""The repair stage: fix garbled text that has one right answer, flag what has none, and
record every change.

- `unicode.py`: mojibake, entities, control characters (ftfy); invisible characters
  (`invisible.py`);
- `translation.py`: machine-translation damage, each a small named rule;
- `fixers.py`: the fixers in order and `repair_text`; `change.py`, `spots.py`: what a fix
  reports and where it changed the text;
- `garble.py`: invented words, which are flagged, never corrected;
- `stage.py`: the stage over one document. Settings: `settings.py`.

Normalisations applied to text that was already correct (documented in the README): Unicode
NFC; ftfy's line-break, ligature (``ﬁ`` -> ``fi``) and full-width (``Ａ`` -> ``A``) fixes;
removal of invisible characters (zero-width space, soft hyphen, bidi controls, word joiner,
BOM; the zero-width joiner outside emoji and joining scripts).
"""

from __future__ import annotations

from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.repair.fixers import FIXERS, repair_text
from copydesk.cleaners.repair.settings import RepairSettings
from copydesk.cleaners.repair.stage import NAME, repair
from copydesk.cleaners.stage import Stage

STAGE = Stage(
    name=NAME,
    summary="mojibake, HTML entities and control characters with ftfy (curly quotes kept), "
            "and the named machine-translation fixers; garble flagged",
    settings=RepairSettings,
    reasons=(Reason.MOJIBAKE, Reason.HTML_ENTITY, Reason.CONTROL_CHARACTER,
             Reason.INVISIBLE_CHARACTER, Reason.UNICODE_NORMALIZATION, Reason.MISSING_SPACE,
             Reason.SPACED_COMPOUND, Reason.DASH_RUN, Reason.BROKEN_QUOTES, Reason.NAME_CASE,
             Reason.GARBLED),
    document=repair,
)

__all__ = ["FIXERS", "STAGE", "RepairSettings", "repair", "repair_text"]
