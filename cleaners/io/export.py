"""Exports of a published clean folder for datasets tools: Parquet.

`documents.jsonl.gz`, written with every run, is already what JSON-lines readers take (its
rows are `{"id", "text", "source", "url", "added", "created", "metadata"}`). `to_parquet`
writes the same rows as a Parquet file, with a fixed schema, in row groups, so a corpus of
any size is exported in bounded memory. The counts per reason (`removed`, `repaired`,
`flagged`) are lists of `{"reason", "count"}`: Hugging Face `datasets` has no type for
Arrow's maps. pyarrow is the optional extra `parquet`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copydesk.cleaners.io.clean_folder import iter_rows, published_folder

ROWS_PER_GROUP = 1000


def parquet_schema() -> Any:
    import pyarrow as pa

    counts = pa.list_(pa.struct([("reason", pa.string()), ("count", pa.int64())]))
    metadata = pa.struct([
        ("title", pa.string()), ("authors", pa.list_(pa.string())), ("date", pa.string()),
        ("language", pa.string()), ("language_probability", pa.float64()),
        ("url", pa.string()), ("fetched", pa.string()), ("duplicate_of", pa.string()),
        ("raw_sha256", pa.string()), ("text_sha256", pa.string()),
        ("input_format", pa.string()), ("encoding", pa.string()),
        ("paragraphs", pa.int64()), ("removed", counts), ("repaired", counts),
        ("flagged", counts)])
    return pa.schema([("id", pa.string()), ("text", pa.string()), ("source", pa.string()),
                      ("url", pa.string()), ("added", pa.string()), ("created", pa.string()),
                      ("metadata", metadata)])


def to_parquet(clean_dir: str | Path, out: str | Path) -> int:
    """Write the published clean documents of `clean_dir` to the Parquet file `out`;
    returns how many rows it wrote."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:  # pragma: no cover - depends on the install
        raise RuntimeError("the Parquet export needs pyarrow: pip install "
                           "'copydesk[parquet]'") from error
    schema = parquet_schema()
    folder = published_folder(clean_dir)
    written = 0
    with pq.ParquetWriter(str(out), schema) as writer:
        for group in _groups(iter_rows(folder)):
            rows = [_arrow_row(row) for row in group]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            written += len(rows)
        if not written:
            writer.write_table(pa.Table.from_pylist([], schema=schema))
    return written


def _groups(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    group: list[dict[str, Any]] = []
    for row in rows:
        group.append(row)
        if len(group) == ROWS_PER_GROUP:
            yield group
            group = []
    if group:
        yield group


def _arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """The counts per reason as lists of {"reason", "count"}, sorted by reason."""
    metadata = dict(row["metadata"])
    for name in ("removed", "repaired", "flagged"):
        metadata[name] = [{"reason": reason, "count": count}
                          for reason, count in sorted((metadata.get(name) or {}).items())]
    return {**row, "metadata": metadata}
