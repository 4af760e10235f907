"""The output is pinned: the sample raw/ gives exactly the clean/ in tests/expected/sample,
and the seeds and scrapinghub pages give files with exactly the hashes in
tests/expected/<set>.sha256. A change of output must come with `tests/expected/update.py`
and its diff, so that no change of a single byte goes unseen (speed work must change none).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from helpers import SAMPLE_RAW, TESTS

EXPECTED = TESTS / "expected"
_spec = importlib.util.spec_from_file_location("expected_update", EXPECTED / "update.py")
assert _spec and _spec.loader
update = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update)


def test_the_sample_gives_the_expected_clean_folder(tmp_path: Path) -> None:
    got = update.clean_folder(SAMPLE_RAW, tmp_path / "clean")
    expected = update.published_files(EXPECTED / "sample")
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], f"{name} differs from tests/expected/sample"


@pytest.mark.parametrize("name", sorted(update.SETS))
def test_evaluation_sets_give_the_expected_hashes(name: str, tmp_path: Path) -> None:
    raw = update.SETS[name]
    if not raw.is_dir():
        pytest.skip(f"{raw} is not available (../shared is absent)")
    got = update.hashes(update.clean_folder(raw, tmp_path / "clean")).splitlines()
    expected = (EXPECTED / f"{name}.sha256").read_text(encoding="utf-8").splitlines()
    assert set(got) == set(expected), sorted(set(got) ^ set(expected))[:10]
