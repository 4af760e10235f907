"""Unicode damage with one right repair: mojibake, HTML entities and control characters
(ftfy, which explains every step it takes), and invisible characters (`invisible.py`)."""

from __future__ import annotations

from collections.abc import Sequence

import ftfy

from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.repair.change import Change
from copydesk.cleaners.repair.invisible import invisible_names, remove_invisible
from copydesk.cleaners.repair.settings import RepairSettings

# ftfy's step names, by what they mean for a reader of the audit.
_FTFY_REASONS: dict[str, Reason] = {
    "unescape_html": Reason.HTML_ENTITY,
    "remove_terminal_escapes": Reason.CONTROL_CHARACTER,
    "remove_control_chars": Reason.CONTROL_CHARACTER,
    "fix_c1_controls": Reason.CONTROL_CHARACTER,
    "restore_byte_a0": Reason.MOJIBAKE,
    "replace_lossy_sequences": Reason.MOJIBAKE,
    "decode_inconsistent_utf8": Reason.MOJIBAKE,
    "fix_surrogates": Reason.MOJIBAKE,
}

def fix_with_ftfy(text: str, config: RepairSettings) -> tuple[str, list[Change]]:
    """Mojibake, HTML entities (also double-escaped), control characters, via ftfy.

    Curly quotes are kept unless the config asks otherwise: straightening them would change
    about a quarter of real paragraphs.

    >>> fix_with_ftfy("donâ€™t", RepairSettings())[0]
    'don’t'
    >>> fix_with_ftfy("it&amp;#8217;s", RepairSettings())[0]
    'it’s'
    """
    if text.isascii() and text.isprintable() and "&" not in text:
        # Nothing for ftfy in it: mojibake, ligatures, wide forms and curly quotes are not
        # ASCII, entities start with "&", and controls and line breaks are not printable.
        # About half of all paragraphs; ftfy's own checks cost 75 us a paragraph.
        return text, []
    ftfy_config = ftfy.TextFixerConfig(uncurl_quotes=config.uncurl_quotes, unescape_html=True)
    fixed, steps = ftfy.fix_and_explain(text, config=ftfy_config)
    if fixed == text:
        return text, []
    steps = steps or []
    detail = "ftfy: " + ", ".join(f"{kind} {name}" for kind, name in steps)
    return fixed, [Change(_ftfy_reason(steps), text, fixed, detail)]


def _ftfy_reason(steps: Sequence[tuple[str, str]]) -> Reason:
    for kind, name in steps:
        if kind in ("encode", "decode", "transcode"):
            return Reason.MOJIBAKE
        if name in _FTFY_REASONS:
            return _FTFY_REASONS[name]
    return Reason.UNICODE_NORMALIZATION


def fix_invisible(text: str, config: RepairSettings) -> tuple[str, list[Change]]:
    """Zero-width spaces, soft hyphens, bidi controls and word joiners (see `invisible.py`)."""
    fixed = remove_invisible(text)
    if fixed == text:
        return text, []
    names = ", ".join(invisible_names(text))
    return fixed, [Change(Reason.INVISIBLE_CHARACTER, text, fixed, f"removed {names}")]
