"""A run that fails leaves nothing in Prefect's result storage, and still says why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import SAMPLE_RAW

from copydesk.cleaners.io.lock import CleanFolderBusy, run_lock


def stored() -> set[Path]:
    storage = Path(os.environ["PREFECT_HOME"]) / "storage"
    return set(storage.rglob("*")) if storage.exists() else set()


def test_a_failed_run_pickles_nothing_and_raises_for_its_caller(prefect_api: str,
                                                                tmp_path: Path) -> None:
    from copydesk.flows.clean_corpus import clean_corpus_flow

    before = stored()
    with run_lock(tmp_path / "clean"):
        state = clean_corpus_flow(raw_dir=str(SAMPLE_RAW), clean_dir=str(tmp_path / "clean"),
                                  return_state=True)
        assert state.is_failed()
        assert "CleanFolderBusy: another copydesk run is writing" in state.message
        with pytest.raises(CleanFolderBusy):
            clean_corpus_flow(raw_dir=str(SAMPLE_RAW), clean_dir=str(tmp_path / "clean"))
    assert stored() == before
