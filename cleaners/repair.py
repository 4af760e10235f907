"""Repair: fix garbled text that has one right answer, flag what has none, record every change.

Each fix is a small function from text to text (`invisible.py`, `translation.py`, ftfy).
`repair_text` applies them in a fixed order, again until nothing changes (so repairing twice
is repairing once), and returns a `Change` per fix that did something: the reason code, the
text before and after, and which rule it was with the spot it changed (for ftfy, ftfy's own
explanation of its steps). `repair` does this for the title and every paragraph, then the
one document-level rule (an all-caps name the document also writes in title case), then
scores every paragraph for garble (`garble.py`): garbled paragraphs are flagged, or dropped
when `RepairConfig.drop_garbled_above` is set and their score is above it.

Normalisations applied to text that was already correct (documented in the README): Unicode
NFC; ftfy's line-break, ligature (``ﬁ`` -> ``fi``) and full-width (``Ａ`` -> ``A``) fixes;
removal of invisible characters (zero-width space, soft hyphen, bidi controls, word joiner,
BOM; the zero-width joiner outside emoji and joining scripts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad

from cleaners import translation
from cleaners.config import RepairConfig
from cleaners.document import AuditEntry, Document, Paragraph
from cleaners.garble import Garble, garble
from cleaners.invisible import invisible_names, remove_invisible
from cleaners.reasons import Action, Reason

STAGE = "repair"

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
# Repairing again until nothing changes; one pass almost always suffices, a second when one
# rule's output is another's input (an entity that decodes to a zero-width space).
_MAX_PASSES = 4


@dataclass(frozen=True)
class Change:
    """One fixer's effect on one text."""

    reason: Reason
    before: str
    after: str
    detail: str


Fixer = Callable[[str, RepairConfig], tuple[str, list[Change]]]


def fix_with_ftfy(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
    """Mojibake, HTML entities (also double-escaped), control characters, via ftfy.

    Curly quotes are kept unless the config asks otherwise: straightening them would change
    about a quarter of real paragraphs.

    >>> fix_with_ftfy("donâ€™t", RepairConfig())[0]
    'don’t'
    >>> fix_with_ftfy("it&amp;#8217;s", RepairConfig())[0]
    'it’s'
    """
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


def fix_invisible(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
    """Zero-width spaces, soft hyphens, bidi controls and word joiners (see `invisible.py`)."""
    fixed = remove_invisible(text)
    if fixed == text:
        return text, []
    names = ", ".join(invisible_names(text))
    return fixed, [Change(Reason.INVISIBLE_CHARACTER, text, fixed, f"removed {names}")]


def rule(reason: Reason, function: Callable[[str], str]) -> Fixer:
    """A fixer from a text-to-text rule; the audit names the rule and the spot it changed.

    A rule whose output ftfy would take for mojibake does not fire: `café””“` with its
    doubled quote repaired reads as the UTF-8 bytes of `锓`, and the next pass would
    "decode" it.
    """

    def fixer(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
        fixed = function(text)
        if fixed == text or (is_bad(fixed) and not is_bad(text)):
            return text, []
        return fixed, [Change(reason, text, fixed, f"{function.__name__}: {spots(text, fixed)}")]

    fixer.__name__ = function.__name__
    return fixer


def spots(before: str, after: str, context: int = 8, limit: int = 5) -> str:
    """The changed spots of a text with a little context, for a reader of the audit.

    The rules insert, drop or change a few characters at a time, so the two texts are
    walked side by side and re-aligned after each difference: linear in the length, where a
    general diff is quadratic (a 47,000-character paragraph took minutes with difflib).

    >>> spots("a distance of 100 meters.Many cameras", "a distance of 100 meters. Many cameras")
    "'meters.Many cam' -> 'meters. Many cam'"
    >>> spots("It rained.Roads flooded –- again.", "It rained. Roads flooded – again.")
    "'rained.Roads fl' -> 'rained. Roads fl'; 'looded –- again.' -> 'looded – again.'"
    """
    i = j = 0
    shown: list[str] = []
    while i < len(before) and j < len(after):
        if before[i] == after[j]:
            i, j = i + 1, j + 1
            continue
        skip_i, skip_j = _realign(before, after, i, j)
        shown.append(f"{before[max(i - context, 0): i + skip_i + context].strip()!r} -> "
                     f"{after[max(j - context, 0): j + skip_j + context].strip()!r}")
        i, j = i + skip_i, j + skip_j
    if i < len(before) or j < len(after):
        shown.append(f"{before[max(i - context, 0):].strip()[:40]!r} -> "
                     f"{after[max(j - context, 0):].strip()[:40]!r}")
    return "; ".join(shown[:limit]) + ("; ..." if len(shown) > limit else "")


def _realign(before: str, after: str, i: int, j: int, window: int = 4) -> tuple[int, int]:
    """How many characters to skip in each text so that the next `window` agree."""
    for total in range(1, 9):
        for skip_i in range(total + 1):
            skip_j = total - skip_i
            ahead_a = before[i + skip_i: i + skip_i + window]
            ahead_b = after[j + skip_j: j + skip_j + window]
            if ahead_a == ahead_b and (ahead_a or (i + skip_i >= len(before)
                                                   and j + skip_j >= len(after))):
                return skip_i, skip_j
    return len(before) - i, len(after) - j


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


def repair_text(text: str, config: RepairConfig) -> tuple[str, list[Change]]:
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


def repair(doc: Document, config: RepairConfig) -> Document:
    """Repair the title and the body, then flag (or drop) garbled paragraphs."""
    title = doc.title
    title_changes: list[Change] = []
    texts = [paragraph.text for paragraph in doc.body]
    body_changes: list[list[Change]] = [[] for _ in texts]
    if title:
        title, title_changes = repair_text(title, config)
    texts = [_collect(repair_text(text, config), body_changes[i]) for i, text in enumerate(texts)]

    names = translation.name_case_map(([title] if title else []) + texts)
    if names:
        if title:
            title = _recase(title, names, config, title_changes)
        texts = [_recase(text, names, config, body_changes[i]) for i, text in enumerate(texts)]

    entries = _entries(title_changes, None, "title")
    title_garble = garble(title) if title else None
    if title_garble and title_garble.garbled:  # flagged only: a document keeps its title
        entries.append(AuditEntry(STAGE, Action.FLAGGED, Reason.GARBLED, text=title,
                                  detail=f"title: {_describe(title_garble)}"))
    body: list[Paragraph] = []
    for index, (paragraph, text) in enumerate(zip(doc.body, texts, strict=True)):
        entries.extend(_entries(body_changes[index], index, None))
        if text != paragraph.text:
            paragraph = paragraph.with_text(text)
        kept = _judge_garble(paragraph, index, config, entries)
        if kept is not None:
            body.append(kept)
    if not entries:
        return doc
    return doc.with_changes(entries, title=title, body=tuple(body))


def _collect(result: tuple[str, list[Change]], into: list[Change]) -> str:
    text, changes = result
    into.extend(changes)
    return text


def _recase(text: str, names: dict[str, str], config: RepairConfig,
            changes: list[Change]) -> str:
    """The name-case rule, then the per-text fixers again (`meeting.XI` -> `meeting.Xi`
    is a new missing space)."""
    fixed = translation.fix_name_case(text, names)
    if fixed == text:
        return text
    changes.append(Change(Reason.NAME_CASE, text, fixed, f"fix_name_case: {spots(text, fixed)}"))
    return _collect(repair_text(fixed, config), changes)


def _judge_garble(paragraph: Paragraph, index: int, config: RepairConfig,
                  entries: list[AuditEntry]) -> Paragraph | None:
    """Flag a garbled paragraph, or drop it when its score is above the configured limit."""
    verdict = garble(paragraph.text)
    if not verdict.garbled:
        return paragraph
    detail = _describe(verdict)
    limit = config.drop_garbled_above
    if limit is not None and verdict.score > limit:
        entries.append(AuditEntry(STAGE, Action.REMOVED, Reason.GARBLED, text=paragraph.text,
                                  paragraph=index, detail=f"{detail} (above {limit})"))
        return None
    entries.append(AuditEntry(STAGE, Action.FLAGGED, Reason.GARBLED, text=paragraph.text,
                              paragraph=index, detail=detail))
    return paragraph.flagged(Reason.GARBLED)


def _describe(verdict: Garble) -> str:
    return f"score {verdict.score}: " + "; ".join(verdict.reasons)


def _entries(changes: list[Change], index: int | None, where: str | None) -> list[AuditEntry]:
    return [
        AuditEntry(STAGE, Action.REPAIRED, change.reason, before=change.before,
                   after=change.after, paragraph=index,
                   detail=f"{where}: {change.detail}" if where else change.detail)
        for change in changes
    ]
