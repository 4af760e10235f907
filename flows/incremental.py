"""Incremental runs: when raw/ has only grown, clean only the new files.

A run keeps, in `<clean>/.state/published.json`, what it needs to treat its documents as
already published in the next run: each document's raw SHA-256, its place in keep-first
order and its template-line fingerprint, plus a fingerprint of the settings and library
versions. The next run is incremental when

- the state is there, matches the manifest, and was written with the same settings and
  versions (else the output could differ for reasons other than the new files);
- no raw file was changed or deleted (a published document may own paragraphs that later
  documents lost to it; only a full run gives those back);

and files that failed before are simply tried again (they own nothing). After the corpus
step two checks confirm that the result equals a full run, and the run starts over in full
when either fails:

- no new document that sorts before a published one in keep-first order lost anything to
  the corpus-wide dedup (in a full run it might have been the owner);
- the new documents change no template-line verdict of a published document.

Published documents are never rewritten by an incremental run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners.config import BoilerplateConfig, Config
from cleaners.document import Document, Status
from cleaners.reasons import Reason
from cleaners.template import TemplateFingerprint, count_fingerprints, template_fingerprint
from flows.discover import RawRef
from flows.publish import AUDIT, MANIFEST, write_atomic

STATE_DIR = ".state"
STATE_FILE = "published.json"
STATE_VERSION = 1
_DEDUP_LOSSES = {Reason.NEAR_DUPLICATE, Reason.DUPLICATE_DOCUMENT}


@dataclass(frozen=True)
class Published:
    """What the next run needs to know of one document of an earlier run."""

    raw_sha256: str | None
    order: tuple[bool, str, str]  # keep-first order: (undated, date, id)
    status: str
    template: TemplateFingerprint | None


@dataclass
class Kept:
    """A document of an earlier run carried over unchanged: its manifest and audit lines."""

    record: dict[str, Any]
    audit: list[str] = field(default_factory=list)


@dataclass
class Plan:
    mode: str  # "full" or "incremental"
    reason: str
    todo: list[RawRef]
    kept: dict[str, Kept] = field(default_factory=dict)
    published: dict[str, Published] = field(default_factory=dict)


def settings_fingerprint(config: Config, versions: dict[str, str]) -> str:
    """Everything besides the input that decides the output: settings that change text, and
    library versions. Batch size and workers do not change the output."""
    settings = config.to_dict()
    settings.pop("run", None)
    blob = json.dumps({"config": settings, "versions": versions}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def plan_run(refs: list[RawRef], clean_dir: str | Path, fingerprint: str,
             force_full: bool = False) -> Plan:
    """Decide between a full and an incremental run, and what to clean."""
    if force_full:
        return Plan("full", "a full run was asked for", refs)
    root = Path(clean_dir)
    state = load_state(root)
    if state is None:
        return Plan("full", "no state from an earlier run", refs)
    if state["fingerprint"] != fingerprint:
        return Plan("full", "settings or library versions changed", refs)
    published: dict[str, Published] = state["documents"]
    kept = load_kept(root)
    if kept is None or set(kept) != set(published):
        return Plan("full", "the manifest and the state disagree (an interrupted run?)", refs)
    current = {ref.id for ref in refs}
    gone = sorted(set(published) - current)
    if gone:
        return Plan("full", f"{len(gone)} raw file(s) deleted", refs)
    todo = []
    for ref in refs:
        before = published.get(ref.id)
        if before is None or before.status == Status.FAILED.value:
            todo.append(ref)
        elif before.raw_sha256 != file_sha256(ref.path):
            return Plan("full", f"raw file changed: {ref.source}", refs)
    carried = {doc_id: kept[doc_id] for doc_id in current - {ref.id for ref in todo}}
    published = {doc_id: published[doc_id] for doc_id in carried}
    return Plan("incremental", f"{len(todo)} new or earlier failed file(s)", todo, carried,
                published)


def conflict(plan: Plan, new_docs: list[Document], new_prints: dict[str, Any],
             config: BoilerplateConfig) -> str | None:
    """Why this incremental result could differ from a full run, or None when it cannot."""
    active = [p.order for p in plan.published.values()
              if p.status in (Status.CLEAN.value, Status.DUPLICATE.value)]
    latest = max(active) if active else None
    for doc in new_docs:
        order = (doc.date is None, doc.date or "", doc.id)
        lost = any(entry.stage == "dedup" and entry.reason in _DEDUP_LOSSES
                   for entry in doc.audit)
        if lost and latest is not None and order < latest:
            return f"{doc.source} sorts before published documents and repeats earlier text"
    old_prints = [p.template for p in plan.published.values() if p.template is not None]
    before = count_fingerprints(old_prints)
    after = count_fingerprints([*old_prints, *new_prints.values()])
    for fingerprint in old_prints:
        for line in fingerprint.lines:
            if bool(before.recurring(line, config)) != bool(after.recurring(line, config)):
                return f"the new files change which lines are site template ({line!r})"
    return None


def fingerprints(docs: list[Document]) -> dict[str, TemplateFingerprint | None]:
    """Template fingerprints of documents before the corpus step (what a full run counts)."""
    return {doc.id: template_fingerprint(doc) for doc in docs}


def load_state(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / STATE_DIR / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None
    try:
        documents = {
            doc_id: Published(
                entry["raw_sha256"], (bool(entry["order"][0]), entry["order"][1],
                                      entry["order"][2]),
                entry["status"],
                TemplateFingerprint(entry["template"]["article"],
                                    tuple(entry["template"]["lines"]))
                if entry["template"] else None)
            for doc_id, entry in data["documents"].items()
        }
    except (KeyError, TypeError, IndexError):
        return None
    return {"fingerprint": data.get("fingerprint"), "documents": documents}


def load_kept(root: Path) -> dict[str, Kept] | None:
    """The manifest and audit lines of the last run, by document id."""
    try:
        manifest = (root / MANIFEST).read_text("utf-8").splitlines()
        audit = (root / AUDIT).read_text("utf-8").splitlines()
    except OSError:
        return None
    try:
        kept = {record["id"]: Kept(record) for record in map(json.loads, manifest)}
        for line in audit:
            doc_id = json.loads(line)["id"]
            kept[doc_id].audit.append(line)
    except (ValueError, KeyError, TypeError):
        return None
    return kept


def save_state(root: Path, fingerprint: str, published: dict[str, Published]) -> None:
    documents = {
        doc_id: {"raw_sha256": entry.raw_sha256, "order": list(entry.order),
                 "status": entry.status,
                 "template": {"article": entry.template.article,
                              "lines": list(entry.template.lines)} if entry.template else None}
        for doc_id, entry in sorted(published.items())
    }
    data = {"version": STATE_VERSION, "fingerprint": fingerprint, "documents": documents}
    write_atomic(root / STATE_DIR / STATE_FILE,
                 (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def published_entries(docs: list[Document],
                      prints: dict[str, TemplateFingerprint | None]) -> dict[str, Published]:
    return {doc.id: Published(doc.raw_sha256, (doc.date is None, doc.date or "", doc.id),
                              doc.status.value, prints.get(doc.id))
            for doc in docs}
