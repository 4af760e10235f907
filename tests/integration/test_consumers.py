"""What a project downstream reads: documents.jsonl.gz and the Parquet export, loaded with
the real tools (Hugging Face `datasets`, `pyarrow`, datatrove's JsonlReader), against the
published texts and manifest."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from helpers import SAMPLE_RAW

from copydesk.cleaners.run.corpus import run_corpus
from copydesk.flows.cli import main

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("consumers") / "clean"
    run_corpus(SAMPLE_RAW, folder, review=False)
    return folder


def published(clean: Path) -> dict[str, tuple[dict[str, Any], str]]:
    records = [json.loads(line) for line in (clean / "manifest.jsonl").read_text().splitlines()]
    return {r["id"]: (r, (clean / r["path"]).read_text("utf-8"))
            for r in records if r["status"] == "clean"}


def check_rows(rows: list[dict[str, Any]], clean: Path) -> None:
    expected = published(clean)
    assert [row["id"] for row in rows] == sorted(expected)
    for row in rows:
        record, text = expected[row["id"]]
        assert row["text"] == text
        # `datasets` reads a date string as a timestamp: compare the day.
        assert row["source"] == record["source"]
        assert str(row["created"])[:10] == record["date"]
        assert row["metadata"]["title"] == record["title"]
        assert list(row["metadata"]["authors"]) == record["authors"]
        assert row["metadata"]["text_sha256"] == record["text_sha256"]


def test_documents_jsonl_loads_in_datasets(clean: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    dataset = datasets.load_dataset("json", data_files=str(clean / "documents.jsonl.gz"),
                                    split="train")
    check_rows(list(dataset), clean)


def test_the_parquet_export_loads_in_pyarrow_and_datasets(clean: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "documents.parquet"
    assert main(["export", "--format", "parquet", "--clean", str(clean), str(out)]) == 0
    assert f"{len(published(clean))} documents written" in capsys.readouterr().out
    rows = pq.read_table(out).to_pylist()
    for row in rows:  # counts per reason come as lists of {"reason", "count"}
        for name in ("removed", "repaired", "flagged"):
            row["metadata"][name] = {c["reason"]: c["count"] for c in row["metadata"][name]}
    check_rows(rows, clean)
    records = {r["id"]: r for r, _ in published(clean).values()}
    assert all(row["metadata"]["removed"] == records[row["id"]]["removed"] for row in rows)

    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset("parquet", data_files=str(out), split="train")
    assert loaded["id"] == [row["id"] for row in rows]


def test_datatroves_jsonl_reader_reads_the_documents(clean: Path) -> None:
    readers = pytest.importorskip("datatrove.pipeline.readers")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    reader = readers.JsonlReader(str(clean), glob_pattern="documents.jsonl.gz")
    documents = list(reader.run())
    expected = published(clean)
    assert [doc.id for doc in documents] == sorted(expected)
    for doc in documents:
        assert doc.text == expected[doc.id][1]
        assert doc.metadata["source"] == expected[doc.id][0]["source"]
