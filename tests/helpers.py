"""Paths and helpers shared by the tests (importable as `helpers`: tests/ is on the path)."""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

import pytest

from copydesk.cleaners.dedup.across import drop_repeats_across
from copydesk.cleaners.dedup.index import open_index
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.document import AuditEntry, Document, Paragraph, Status
from copydesk.cleaners.io.clean_folder import (
    AUDIT,
    MANIFEST,
    audit_records,
    json_line,
    manifest_record,
    published_folder,
    render_text,
)
from copydesk.cleaners.reasons import Action, Reason

ROOT = Path(__file__).resolve().parents[1]
#: A folder outside the checkout, for processes that import copydesk: in the checkout's root
#: folder, `copydesk/` (the package's own files only) would hide an installed copydesk.
OUTSIDE = Path(tempfile.gettempdir())
SHARED = ROOT.parent / "shared"
SAMPLE_RAW = ROOT / "raw"
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test when that folder is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent)")
    return path


def tree_bytes(clean: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file of the published run of a clean folder (its current generation, or the
    folder itself when it has none) by relative path, for byte-for-byte comparisons."""
    folder = published_folder(clean)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).as_posix() not in skip}


def load_wire() -> list[Document]:
    """The three-outlet wire fixture: one story syndicated with edits, and others."""
    data = json.loads((FIXTURES / "wire" / "documents.json").read_text(encoding="utf-8"))
    return [Document(id=d["id"], source=f"{d['id']}.txt", date=d["date"], title=d["title"],
                     body=tuple(Paragraph(text) for text in d["paragraphs"]))
            for d in data["documents"]]


def run_in_parts(parts: list[list[Document]], config: DedupSettings,
                 state: Path) -> dict[str, Document]:
    """One dedup run per part, each reopening the index the previous one saved."""
    result: dict[str, Document] = {}
    for part in parts:
        index = open_index(config, state)
        result.update((d.id, d) for d in drop_repeats_across(part, config, index))
        index.save()
    return result


def generate_corpus(out: Path, documents: int, seed: int = 7) -> dict:
    """`benchmarks/corpus_gen.py`: news-like raw files with site chrome, garble, syndicated
    copies and other languages, written under `out`; returns the truth about each file."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus_gen import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate(out, documents, seed=seed)


#: Reasons a synthetic document's lines are removed for, and the rule each names.
_SYNTHETIC_REMOVALS = {Reason.NAVIGATION: "menu of short links",
                       Reason.RELATED_LINKS: "en/related.txt: read more",
                       Reason.COMMENTS: "en/comments.txt: leave a reply",
                       Reason.NEWSLETTER: "en/newsletter.txt: subscribe",
                       Reason.LEGAL_FOOTER: "copyright line",
                       Reason.TEMPLATE_LINE: "in 40 of 9000 articles"}


def synthetic_clean(folder: Path, documents: int, seed: int = 3) -> list[dict]:
    """A clean folder of `documents` made-up documents, written with the contract's own
    record functions, plainly (10,000 documents take seconds). Statuses, languages, sites
    (half by a `url` field, as manifest v2 will have), removals, repairs and flags vary;
    returns the manifest records."""
    rng = random.Random(seed)
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    records, audit = [], []
    for number in range(documents):
        status = rng.choices(list(Status), weights=(70, 15, 10, 5))[0]
        site = f"site{rng.randrange(40):02d}"
        body = tuple(Paragraph(f"Paragraph {p} of story {number} from {site}: the council "
                               "met again on Tuesday and the vote was put off.")
                     for p in range(rng.randint(2, 8)))
        entries = []
        for index, reason in enumerate(rng.sample(sorted(_SYNTHETIC_REMOVALS), rng.randint(0, 3))):
            entries.append(AuditEntry("boilerplate", Action.REMOVED, reason,
                                      text=f"{reason.value} line", paragraph=index,
                                      detail=_SYNTHETIC_REMOVALS[reason]))
        if rng.random() < 0.2:
            entries.append(AuditEntry("repair", Action.REPAIRED, Reason.MISSING_SPACE,
                                      before="put off.The", after="put off. The", paragraph=0))
        if rng.random() < 0.1:
            entries.append(AuditEntry("repair", Action.FLAGGED, Reason.GARBLED,
                                      text=body[0].text, paragraph=0, detail="score 0.03"))
        language = None if status is Status.FAILED else rng.choice(("en", "en", "de", "fr"))
        doc = Document(f"{site}-story-{number:05d}", f"{site}/story-{number:05d}.html",
                       title=f"Story {number} from {site}", body=body, audit=tuple(entries),
                       status=status, language=language,
                       duplicate_of=f"{site}-story-{number - 1:05d}"
                       if status is Status.DUPLICATE and number else None,
                       error="unsupported file type" if status is Status.FAILED else None)
        record = manifest_record(doc)
        if number % 2:
            record["url"] = f"https://www.{site}.example/news/{number}"
        records.append(record)
        audit += audit_records(doc)
        if status is Status.CLEAN:
            (folder / record["path"]).write_text(render_text(doc), encoding="utf-8")
    records.sort(key=lambda record: record["id"])  # the contract's order
    audit.sort(key=lambda entry: (entry["id"], entry["seq"]))
    (folder / MANIFEST).write_text("".join(json_line(r) + "\n" for r in records), "utf-8")
    (folder / AUDIT).write_text("".join(json_line(r) + "\n" for r in audit), "utf-8")
    return records


def publish_documents(clean_dir: Path, docs: list[Document]) -> Path:
    """A new generation of `clean_dir` holding these (already cleaned) documents, switched
    in: the writer's side of the contract without a run. Returns the generation folder."""
    from copydesk.cleaners.io.clean_folder import GenerationWriter, Published, dataset_row
    from copydesk.cleaners.io.generations import CleanFolder

    folder = CleanFolder(clean_dir)
    building = folder.begin()
    writer = GenerationWriter(building, folder.current())
    items = []
    for doc in sorted(docs, key=lambda d: d.id):
        text = render_text(doc) if doc.status is Status.CLEAN else None
        digest = writer.write_text(doc.id, text) if text is not None else None
        record = manifest_record(doc, digest)
        items.append(Published(record, tuple(json_line(r) for r in audit_records(doc)),
                               dataset_row(record, text) if text is not None else None))
    writer.write_lists(items)
    return folder.commit(building)
