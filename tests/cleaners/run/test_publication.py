"""Publication leaves the published generation alone until the switch: a run that is refused
(or dies) changes no byte of it, its state included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.cleaners.config import Config
from copydesk.cleaners.run.corpus import ShrinkRefused, run_corpus
from copydesk.cleaners.run.plan import (
    STATE_DIR,
    STATE_FILE,
    STATE_VERSION,
    Published,
    load_state,
    save_state,
    state_json,
)
from copydesk.cleaners.stage import Earlier

IN_PROCESS = {"run": {"isolate": False}}
STORY = ("Harbour reopens after storm\n\nThe harbour reopened on Thursday, three days after a "
         "storm tore through the northern breakwater and sank two moored fishing boats.\n")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_save_state_replaces_a_linked_file_instead_of_writing_through_it(tmp_path: Path) -> None:
    published, building = tmp_path / "g1", tmp_path / "g2"
    save_state(published, "one", {})
    (building / STATE_DIR).mkdir(parents=True)
    os.link(published / STATE_DIR / STATE_FILE, building / STATE_DIR / STATE_FILE)
    before = (published / STATE_DIR / STATE_FILE).read_bytes()
    save_state(building, "two", {})
    assert (published / STATE_DIR / STATE_FILE).read_bytes() == before
    assert load_state(building)[0]["fingerprint"] == "two"  # type: ignore[index]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_ENTRY = st.builds(lambda sha, order, status, notes: Published(sha, Earlier(order, status, notes)),
                   _TEXT, st.tuples(st.booleans(), _TEXT, _TEXT), _TEXT,
                   st.dictionaries(_TEXT, _TEXT | st.none(), max_size=3))


@given(st.dictionaries(_TEXT, _ENTRY, max_size=6), _TEXT | st.none())
def test_the_streamed_state_is_what_json_dumps_writes(published: dict[str, Published],
                                                      fingerprint: str | None) -> None:
    whole = {"version": STATE_VERSION, "fingerprint": fingerprint, "documents": {
        doc_id: {"raw_sha256": e.raw_sha256, "order": list(e.earlier.order),
                 "status": e.earlier.status, "notes": e.earlier.notes}
        for doc_id, e in published.items()}}
    assert state_json(fingerprint, published) == json.dumps(
        whole, ensure_ascii=False, sort_keys=True) + "\n"


def test_saving_the_same_state_again_keeps_the_file_and_its_links(tmp_path: Path) -> None:
    state = {"ä-1": Published("ab", Earlier((True, "2024-05-01", "ä-1"), "clean", {"x": "1"}))}
    save_state(tmp_path, "one", state)
    path = tmp_path / STATE_DIR / STATE_FILE
    os.link(path, tmp_path / "link")
    save_state(tmp_path, "one", state)
    assert path.stat().st_nlink == 2 and path.read_text("utf-8") == state_json("one", state)
    assert [p.name for p in path.parent.iterdir()] == [STATE_FILE]  # no temporary left
    save_state(tmp_path, "two", state)
    assert path.stat().st_nlink == 1 and (tmp_path / "link").read_text("utf-8") == \
        state_json("one", state)


def test_a_refused_run_changes_nothing_of_the_published_generation(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for n in range(3):
        (raw / f"story-{n}.txt").write_text(STORY.replace("Thursday", f"day {n}"), "utf-8")
    run_corpus(raw, clean, Config.from_mapping(IN_PROCESS), review=False)
    generation = (clean / "current").resolve()
    before = files(generation)
    every_fails = Config.from_mapping({**IN_PROCESS, "decode": {"max_bytes": 10}})
    with pytest.raises(ShrinkRefused):
        run_corpus(raw, clean, every_fails, review=False)
    assert (clean / "current").resolve() == generation
    assert files(generation) == before
    assert sorted(p.name for p in generation.parent.iterdir()) == [generation.name]


@pytest.mark.parametrize("damaged", ["dedup-index.npz", STATE_FILE])
def test_a_damaged_state_falls_back_to_a_full_run_with_a_warning(tmp_path: Path,
                                                                 damaged: str) -> None:
    """Issue 14: a truncated `.state/dedup-index.npz` made every later run exit 1."""
    raw, clean, fresh = tmp_path / "raw", tmp_path / "clean", tmp_path / "fresh"
    raw.mkdir()
    for n in range(3):
        (raw / f"story-{n}.txt").write_text(STORY.replace("Thursday", f"day {n}"), "utf-8")
    settings = Config.from_mapping(IN_PROCESS)
    run_corpus(raw, clean, settings, review=False)
    state = (clean / "current").resolve() / STATE_DIR / damaged
    assert state.exists()
    data = state.read_bytes()
    state.unlink()  # a fresh file: the published one may be linked into other generations
    state.write_bytes(data[: len(data) // 2])
    (raw / "story-3.txt").write_text(STORY.replace("Thursday", "day 3"), "utf-8")
    summary = run_corpus(raw, clean, settings, review=False)
    assert summary["mode"] == "full", summary
    assert [w for w in summary["warnings"] if "unusable" in w and damaged in w], summary
    run_corpus(raw, fresh, settings, review=False)
    skip = {"run.json", "changes.jsonl"}
    assert ({k: v for k, v in files((clean / "current").resolve()).items() if k not in skip
             and not k.startswith(".state")}
            == {k: v for k, v in files((fresh / "current").resolve()).items() if k not in skip
                and not k.startswith(".state")})


def test_run_json_records_the_batch_size_the_executor_used(tmp_path: Path) -> None:
    """On Dask the flow chooses the batch size when `[run] batch_size` is not set; run.json
    says what was used. With the library's executor that is the configured one."""
    import json

    from copydesk.cleaners.run.corpus import Executor

    class Larger(Executor):
        def batch_size(self, documents: int, settings: Config) -> int:
            return 1000

    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(3):
        (raw / f"story-{n}.txt").write_text(STORY.replace("Thursday", f"day {n}"), "utf-8")
    settings = Config.from_mapping(IN_PROCESS)
    for name, executor in (("plain", Executor()), ("larger", Larger())):
        run_corpus(raw, tmp_path / name, settings, executor=executor, review=False)
    recorded = {name: json.loads((tmp_path / name / "run.json").read_text())["config"]
                for name in ("plain", "larger")}
    assert recorded["plain"] == json.loads(json.dumps(settings.to_dict()))
    assert recorded["larger"]["run"]["batch_size"] == 1000
    assert {**recorded["larger"], "run": None} == {**recorded["plain"], "run": None}
