"""The public functions that are more than a name for a library function (see `copydesk`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document
from copydesk.cleaners.ids import document_id
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_corpus as _clean_corpus
from copydesk.cleaners.pipeline import clean_document as _clean_document


def _config(config: Config | Mapping[str, Any] | None) -> Config:
    if isinstance(config, Config):
        return config
    return Config.from_mapping(config)


def clean_document(source: str | Path | bytes, name: str | None = None,
                   config: Config | Mapping[str, Any] | None = None) -> Document:
    """Clean one document through the per-document stages; never raises for bad input.

    `source` is a file's path, or a document's bytes with its file `name` (the name says how
    to read it: `.html`, `.htm`, `.txt`, each optionally `.gz`). `config` is a `Config` or
    its tables as a mapping (``{"language": {"wanted": ["en"]}}``).

    >>> doc = clean_document(b"Leave a Reply\\n\\nThe ferry runs again from Monday.", "a.txt")
    >>> print(doc.status, [p.text for p in doc.body])
    clean ['The ferry runs again from Monday.']
    """
    if isinstance(source, bytes):
        if name is None:
            raise ValueError("clean_document: give the file name with the bytes")
        data = source
    else:
        path = Path(source)
        data, name = path.read_bytes(), name or path.name
    return _clean_document(RawFile(document_id(name), name, data), _config(config))


def clean_corpus(docs: Iterable[Document],
                 config: Config | Mapping[str, Any] | None = None) -> list[Document]:
    """The corpus-wide steps over documents from `clean_document`: lines that recur across
    them outside their articles (site template) go, and where documents repeat each other the
    earliest (by date, then id) keeps the text. Returns the documents by id."""
    return _clean_corpus(docs, _config(config))
