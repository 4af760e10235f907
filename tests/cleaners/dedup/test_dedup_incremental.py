"""Incremental dedup: an index saved after one run and reopened for the next gives the same
documents as one run over everything, and the saved state is a safe, versioned file."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import numpy as np
import pytest
from helpers import load_wire

from copydesk.cleaners.dedup.across import drop_repeats_across
from copydesk.cleaners.dedup.index import open_index
from copydesk.cleaners.dedup.index.embedded import STATE_FILE, EmbeddedIndex
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.document import Document, Paragraph


def run_in_parts(parts: list[list[Document]], config: DedupSettings,
                 state: Path) -> dict[str, Document]:
    """One run per part, each reopening the index the previous one saved."""
    result: dict[str, Document] = {}
    for part in parts:
        index = open_index(config, state)
        result.update((d.id, d) for d in drop_repeats_across(part, config, index))
        index.save()
    return result


def test_two_runs_equal_one_full_run(tmp_path: Path) -> None:
    config = DedupSettings()
    docs = load_wire()
    full = {d.id: d for d in drop_repeats_across(docs, config)}
    first = [d for d in docs if d.date is not None and d.date <= "2026-03-02"]
    later = [d for d in docs if d not in first]
    assert first and later
    assert run_in_parts([first, later], config, tmp_path) == full


def test_one_document_per_run_equals_one_full_run(tmp_path: Path) -> None:
    config = DedupSettings()
    docs = sorted(load_wire(), key=lambda d: (d.date or "", d.id))
    full = {d.id: d for d in drop_repeats_across(docs, config)}
    assert run_in_parts([[d] for d in docs], config, tmp_path) == full


def test_published_documents_win_over_an_earlier_dated_newcomer(tmp_path: Path) -> None:
    """The documented rule: what is published never changes, so a new file dated before a
    published copy counts as the later one."""
    config = DedupSettings()
    wire = {d.id: d for d in load_wire()}
    published = wire["harbour-times-drill"]
    newcomer = dataclasses.replace(wire["northwire-drill"], date="2026-01-01")
    result = run_in_parts([[published], [newcomer]], config, tmp_path)
    assert result["harbour-times-drill"] == published
    assert result["northwire-drill"].duplicate_of == "harbour-times-drill"


def test_a_rerun_of_the_same_document_does_not_match_itself(tmp_path: Path) -> None:
    config = DedupSettings()
    doc = load_wire()[1]
    first = run_in_parts([[doc]], config, tmp_path)
    second = run_in_parts([[doc]], config, tmp_path)
    assert first == second == {doc.id: doc}


def test_forget_releases_what_a_document_published(tmp_path: Path) -> None:
    config = DedupSettings()
    docs = {d.id: d for d in load_wire()}
    run_in_parts([[docs["northwire-drill"]]], config, tmp_path)
    index = open_index(config, tmp_path)
    index.forget(["northwire-drill"])
    index.save()
    result = run_in_parts([[docs["valley-post-drill"]]], config, tmp_path)
    assert result["valley-post-drill"] == docs["valley-post-drill"]


def test_the_state_file_holds_no_pickles(tmp_path: Path) -> None:
    run_in_parts([load_wire()], DedupSettings(), tmp_path)
    path = tmp_path / STATE_FILE
    assert sorted(tmp_path.iterdir()) == [path]  # no temporary file left behind
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"{name}.npy" for name in ("signatures", "sizes", "alive", "paragraph", "doc",
                                       "state"))
    with np.load(path, allow_pickle=False) as data:
        assert data["signatures"].dtype == np.uint32
        assert data["signatures"].shape[1] == DedupSettings().num_perm


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    index = open_index(DedupSettings(), tmp_path)
    drop_repeats_across(load_wire(), DedupSettings(), index)
    index.save()
    first = (tmp_path / STATE_FILE).read_bytes()
    EmbeddedIndex.open(DedupSettings(), tmp_path).save()
    assert (tmp_path / STATE_FILE).read_bytes() == first


def test_an_index_built_with_other_settings_is_refused(tmp_path: Path) -> None:
    run_in_parts([load_wire()], DedupSettings(), tmp_path)
    with pytest.raises(ValueError, match="dedup index was built with"):
        open_index(DedupSettings(shingle_size=3), tmp_path)


def test_many_paragraphs_survive_the_merge_of_band_keys() -> None:
    """Past the merge size the band keys move from the dict to the sorted array."""
    config = DedupSettings()
    letters = "abcdefghijklmnopqrstuvwxyz"
    rng = np.random.default_rng(3)
    vocabulary = ["".join(rng.choice(list(letters), size=6)) for _ in range(3000)]
    docs = [Document(id=f"d{n:04d}", source="x", body=tuple(
        Paragraph(" ".join(rng.choice(vocabulary, size=12))) for _ in range(10)))
        for n in range(250)]
    copy = Document(id="zzzz", source="x", body=(docs[3].body[4],))
    index = open_index(config)
    drop_repeats_across(docs, config, index)
    assert isinstance(index, EmbeddedIndex) and len(index._keys) > 0  # merged at least once
    (result,) = drop_repeats_across([copy], config, index)
    assert result.duplicate_of == "d0003"


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="backend"):
        DedupSettings(backend="sqlite")


def test_clean_corpus_passes_the_index_through(tmp_path: Path) -> None:
    """The flow's entry point: corpus steps over two runs equal one run over everything."""
    from copydesk.cleaners.config import Config
    from copydesk.cleaners.pipeline import clean_corpus

    docs = sorted(load_wire(), key=lambda d: (d.date or "", d.id))
    full = clean_corpus(docs, Config())
    parts = []
    for fresh, part in ((True, docs[:2]), (False, docs[2:])):
        parts.extend(clean_corpus(part, Config(), state_dir=tmp_path, fresh=fresh))
    assert sorted(parts, key=lambda d: d.id) == full
    assert {d.id: d.duplicate_of for d in full}["valley-post-drill"] == "northwire-drill"


def test_merged_band_keys_find_what_a_plain_dict_finds(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Band keys move from the dict of recent ones into the sorted arrays many times here
    (a merge every 64 keys): every query still finds exactly the paragraphs that share one
    of its band keys, and the signatures survive the arrays growing in place."""
    import copydesk.cleaners.dedup.index.embedded as embedded

    monkeypatch.setattr(embedded, "_MERGE_MIN", 64)
    settings = DedupSettings()
    index = EmbeddedIndex(settings)
    rng = np.random.default_rng(7)
    plain: dict[int, list[int]] = {}
    signatures = []
    for doc in range(400):
        count = int(rng.integers(1, 5))
        sigs = rng.integers(0, 50, size=(count, settings.num_perm)).astype(np.uint32)
        keys = index.band_keys(sigs)
        start = len(index)
        index.add_paragraphs(f"d{doc}", list(range(count)), sigs, [10] * count, keys)
        for row, serial in enumerate(range(start, start + count)):
            signatures.append(sigs[row])
            for key in keys[row].tolist():
                plain.setdefault(key, []).append(serial)
    assert len(index._keys) > 0 and len(index._recent) < 64 * 37  # merged, more than once
    for serial in range(0, len(signatures), 7):
        query = index.band_keys(signatures[serial][None, :])[0]
        expected = sorted({s for key in query.tolist() for s in plain.get(key, [])})
        assert index.candidates(signatures[serial], query) == expected
    _, sigs, _ = index.entries(list(range(len(signatures))))
    assert np.array_equal(sigs, np.stack(signatures))
    assert np.all(np.diff(index._keys) >= 0)  # sorted, or a search would miss keys
