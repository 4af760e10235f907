"""`write_review`: a clean folder's review pages, written incrementally."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from copydesk.cleaners.io.clean_folder import write_atomic as replace_file
from copydesk.cleaners.io.review.index import (
    CHUNK,
    Tally,
    chunk_name,
    chunk_script,
    index_page,
    index_row,
)
from copydesk.cleaners.io.review.markup import reason_css
from copydesk.cleaners.io.review.page import document_page
from copydesk.cleaners.io.review.published import published_documents

#: The review's own files, copied as they are from the package (`assets/`).
ASSETS = ("review.css", "review.js")


def write_review(clean_dir: str | Path, review_dir: str | Path | None = None,
                 sync: bool = True) -> int:
    """Write the review of a published clean folder into `review_dir` (default
    `clean_dir/review/`); returns how many files were written.

    A file whose bytes would not change is left alone, so a run that changed a few
    documents rewrites their pages, the index data and little else. `sync=False` leaves
    flushing to disk to the caller (a new generation is synced whole when it is published).
    Pages of documents no longer in the manifest, and data chunks the index no longer has,
    are removed. The same
    clean folder gives the same bytes. Raises ValueError when `clean_dir` holds no manifest
    and audit that agree.
    """
    clean_dir = Path(clean_dir)
    root = Path(review_dir) if review_dir is not None else clean_dir / "review"

    def write_atomic(path: Path, data: bytes) -> bool:
        return replace_file(path, data, sync)

    known, documents = published_documents(clean_dir)
    written = 0
    for name in ASSETS:
        data = (resources.files(__package__) / "assets" / name).read_bytes()
        written += write_atomic(root / "assets" / name, data)
    written += write_atomic(root / "assets" / "reasons.css", reason_css().encode())

    tally = Tally()
    rows: list[list[Any]] = []
    chunks = 0
    for item in documents:
        page = document_page(item, known).encode("utf-8")
        written += write_atomic(root / "docs" / f"{item.doc.id}.html", page)
        tally.add(item)
        rows.append(index_row(item))
        if len(rows) == CHUNK:
            written += write_atomic(root / chunk_name(chunks), chunk_script(chunks, rows))
            chunks, rows = chunks + 1, []
    if rows:
        written += write_atomic(root / chunk_name(chunks), chunk_script(chunks, rows))
        chunks += 1
    written += write_atomic(root / "index.html", index_page(tally, chunks).encode("utf-8"))
    _remove_stale(root / "docs", {f"{doc_id}.html" for doc_id in known})
    _remove_stale(root / "data", {Path(chunk_name(n)).name for n in range(chunks)})
    return written


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Delete the files of `folder` that are not in `keep` (and temporary files an
    interrupted write left behind)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()
