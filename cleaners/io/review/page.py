"""The page of one document (`docs/<id>.html`): its text as extraction left it, each removed
line struck through in the colour of its reason code, repairs before/after, flags marked.

The lines come from `explain.replay`, the same replay `copydesk explain` prints. Hovering a
removed line shows its stage, reason code, what the code means and the rule that matched;
a line removed as a near-duplicate links to the document that owns the text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Container

from copydesk.cleaners.document import AuditEntry
from copydesk.cleaners.explain import Line, replay
from copydesk.cleaners.io.review.markup import chip, esc, frame, meaning, reason_class
from copydesk.cleaners.io.review.published import Published
from copydesk.cleaners.reasons import Action

#: Characters of unchanged text kept on each side of a change in a repair's diff.
CONTEXT = 40
#: "near-duplicate of <id> paragraph 3 (...)", "no text of its own; duplicate of <id>".
_OWNER = re.compile(r"\bduplicate of ([a-z0-9-]{1,60})\b")


def document_page(item: Published, known: Container[str]) -> str:
    """The HTML page of one published document; `known` are the ids that have a page."""
    doc, record = item.doc, item.record
    found = replay(doc)
    attached = {id(note) for line in found.lines for note in line.notes}
    loose = [note for note in found.notes if id(note) not in attached]
    parts = [
        '<nav class="top"><a href="../index.html">&larr; all documents</a></nav>',
        _header(item, known),
        _legend(found.lines, found.unplaced),
        '<main class="text">',
        *_blocks(found.lines, record["status"], known),
    ]
    if record["status"] != "clean":
        parts.append(f'<p class="empty">This document\'s text was not published (status '
                     f'{esc(record["status"])}); the lines above are what its audit recorded.'
                     "</p>")
    elif not found.lines:
        parts.append('<p class="empty">No line of this document was published or removed.</p>')
    parts.append("</main>")
    if found.unplaced:
        parts.append('<section class="unplaced"><h2>Removed before the text was split into '
                     "lines</h2>")
        parts += [_removed_line(entry, known) for entry in found.unplaced]
        parts.append("</section>")
    if loose:
        parts.append('<section class="loose"><h2>Repairs and flags outside the body</h2>')
        parts += [_note(entry) for entry in loose]
        parts.append("</section>")
    parts.append(_decisions(doc.audit))
    title = record.get("title") or record["id"]
    return frame(f"{title} - copydesk review", "\n".join(parts), "../", "document")


def owner_of(entry: AuditEntry | None, known: Container[str]) -> str | None:
    """The document a duplicate or near-duplicate entry points to, when it has a page."""
    if entry is None or not entry.detail:
        return None
    match = _OWNER.search(entry.detail)
    return match.group(1) if match and match.group(1) in known else None


def _header(item: Published, known: Container[str]) -> str:
    record = item.record
    status = record["status"]
    status_html = f'<span class="status status-{esc(status)}">{esc(status)}</span>'
    if record.get("reason"):
        status_html += " " + chip(record["reason"])
    language = record.get("language") or "-"
    if record.get("language") and record.get("language_probability") is not None:
        language += f" ({record['language_probability']:.2f})"
    facts = [("id", esc(record["id"])), ("source", esc(record["source"])),
             ("site", esc(item.site)), ("status", status_html), ("language", esc(language)),
             ("authors", esc("; ".join(record.get("authors") or []) or "-")),
             ("date", esc(record.get("date") or "-"))]
    owner = record.get("duplicate_of")
    if owner:
        facts.append(("duplicate of", _link(owner, known)))
    if record.get("error"):
        facts.append(("error", f'<span class="error">{esc(record["error"])}</span>'))
    counts = []
    for action in ("removed", "repaired", "flagged"):
        tally = record.get(action) or {}
        if tally:
            counts.append(f"<dt>{action}</dt><dd>"
                          + " ".join(chip(reason, n) for reason, n in sorted(tally.items()))
                          + "</dd>")
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    title = record.get("title")
    heading = esc(title) if title else f'<span class="untitled">{esc(record["id"])}</span>'
    return (f"<header><h1>{heading}</h1>\n<dl class=\"facts\">{rows}</dl>\n"
            f"<dl class=\"counts\">{''.join(counts)}</dl></header>")


def _legend(lines: tuple[Line, ...], unplaced: tuple[AuditEntry, ...]) -> str:
    reasons = {line.removal.reason.value for line in lines if line.removal is not None}
    reasons |= {entry.reason.value for entry in unplaced}
    if not reasons:
        return ""
    return ('<p class="legend">Removed: struck through, coloured by reason; hover a line for '
            "its stage and rule. " + " ".join(chip(r) for r in sorted(reasons)) + "</p>")


def _blocks(lines: tuple[Line, ...], status: str, known: Container[str]) -> list[str]:
    """Each line with its notes; a run of lines the document no longer has (its body was
    not published) as one line that says how many."""
    out: list[str] = []
    unknown = 0
    for number, line in enumerate(lines):
        if line.missing and not line.notes:
            unknown += 1
            continue
        if unknown:
            out.append(_unknown(unknown, status))
            unknown = 0
        out.append(_block(number, line, status, known))
    if unknown:
        out.append(_unknown(unknown, status))
    return out


def _unknown(count: int, status: str) -> str:
    what = "a line" if count == 1 else f"{count} lines"
    return (f'<div class="block"><p class="line missing">{what} of the text, not published '
            f"(status {esc(status)})</p></div>")


def _block(number: int, line: Line, status: str, known: Container[str]) -> str:
    flags = [note for note in line.notes if note.action is Action.FLAGGED]
    if line.missing:
        head = (f'<p class="line missing">a line of the text, not published '
                f"(status {esc(status)})</p>")
    elif line.removal is not None:
        head = _removed_line(line.removal, known, flagged=bool(flags))
    else:
        classes = "line kept" + (" flagged" if flags else "")
        head = f'<p class="{classes}">{esc(line.text)}</p>'
    notes = "".join(_note(note) for note in line.notes)
    return f'<div class="block" id="l{number}">{head}{notes}</div>'


def _removed_line(entry: AuditEntry, known: Container[str], flagged: bool = False) -> str:
    reason = entry.reason.value
    hover = f"{entry.stage}: {reason} ({meaning(reason)})"
    if entry.detail:
        hover += f"; rule: {entry.detail}"
    owner = owner_of(entry, known)
    link = f' <span class="owner">owned by {_link(owner, known)}</span>' if owner else ""
    classes = f"line removed {reason_class(reason)}" + (" flagged" if flagged else "")
    return (f'<p class="{classes}" data-stage="{esc(entry.stage)}" '
            f'data-reason="{esc(reason)}" title="{esc(hover)}">'
            f"<del>{esc(entry.text or '')}</del> {chip(reason)}{link}</p>")


def _note(entry: AuditEntry) -> str:
    """A repair (before/after) or a flag (what was noticed)."""
    reason = entry.reason.value
    kind = "repair" if entry.action is Action.REPAIRED else "flag"
    detail = f'<span class="detail">{esc(entry.detail)}</span>' if entry.detail else ""
    attributes = (f'class="note {kind} {reason_class(reason)}" data-reason="{esc(reason)}" '
                  f'data-stage="{esc(entry.stage)}" title="{esc(entry.stage)}: {esc(reason)}'
                  f' ({esc(meaning(reason))})"')
    if kind == "flag":
        return f"<div {attributes}>{chip(reason)} flagged {detail}</div>"
    before, after = entry.before or "", entry.after or ""
    return (f"<div {attributes}>{chip(reason)} <span class=\"diff\">{diff(before, after)}"
            f"</span> {detail} <details><summary>before / after</summary>"
            f'<p class="before">{esc(before)}</p><p class="after">{esc(after)}</p>'
            f"</details></div>")


def diff(before: str, after: str, context: int = CONTEXT) -> str:
    """A repair as HTML: what went in `<del>`, what came in `<ins>`, unchanged text around
    them shortened to `context` characters; invisible characters shown by code point."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out = []
    codes = matcher.get_opcodes()
    for number, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            out.append(esc(_shorten(before[i1:i2], context, first=number == 0,
                                    last=number == len(codes) - 1)))
            continue
        if i2 > i1:
            out.append(f"<del>{_visible(before[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{_visible(after[j1:j2])}</ins>")
    return "".join(out)


def _shorten(text: str, context: int, first: bool, last: bool) -> str:
    if len(text) <= 2 * context:
        return text
    if first and last:
        return text[:context] + " … " + text[-context:]
    if first:
        return "…" + text[-context:]
    if last:
        return text[:context] + "…"
    return text[:context] + " … " + text[-context:]


def _visible(text: str) -> str:
    """Escaped text in which characters that show nothing are named (U+200B), and a
    change that is only spaces shows them (␣)."""
    if text.strip(" ") == "":
        return f'<span class="cp">{"␣" * len(text)}</span>'
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp") or (
                char.isspace() and char != " "):
            out.append(f'<span class="cp">U+{ord(char):04X}</span>')
        else:
            out.append(esc(char))
    return "".join(out)


def _decisions(audit: tuple[AuditEntry, ...]) -> str:
    """Metadata found and status changes, each with its stage, reason and evidence."""
    rows = [entry for entry in audit if entry.action in (Action.METADATA, Action.STATUS)]
    if not rows:
        return ""
    out = ['<section class="decisions"><h2>Metadata and status</h2><table><thead><tr>'
           "<th>stage</th><th>action</th><th>reason</th><th>value</th><th>evidence</th>"
           "</tr></thead><tbody>"]
    for entry in rows:
        out.append(f"<tr><td>{esc(entry.stage)}</td><td>{esc(entry.action.value)}</td>"
                   f"<td>{chip(entry.reason.value)}</td><td>{esc(entry.text or '')}</td>"
                   f"<td>{esc(entry.detail or '')}</td></tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _link(doc_id: str, known: Container[str]) -> str:
    if doc_id in known:
        return f'<a href="{esc(doc_id)}.html">{esc(doc_id)}</a>'
    return esc(doc_id)
