r"""Document ids: unique, stable across runs, safe as file names.

An id is a readable slug of the file's path relative to the raw folder, followed by the
first 10 hex digits of the SHA-1 of that path's bytes. The slug makes ids easy to read; the
hash makes them unique (two paths that slug alike still differ) and stable (the same path
always gives the same id, whatever else is in the folder). Ids use only `a-z`, `0-9` and
`-`, are at most 71 characters long, and never start with a dot or a dash.

The hash is of the path's bytes as the file system has them, so two names that look alike
once undecodable bytes are written as `\xNN` (a file literally named `a\xff.txt` and one
whose name holds the byte 0xFF) still get two ids. Should two paths of one raw folder ever
share the first 10 hex digits, both get all 40 (`discover` sees to it): ids are unique by
construction, not by luck.

A page of a WARC file is named by its URL instead (the slug) and hashes the file's path with
the record's id (`files.py`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SUFFIXES = re.compile(r"(\.(html?|txt))?(\.gz)?$", re.IGNORECASE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_CHARS = 48


def safe_source(source: str) -> str:
    """A path as a valid Unicode string, one string per path: undecodable bytes in file
    names become `\\xNN`, and a backslash the name holds is written twice.

    >>> safe_source(b"caf\\xe9 \\\\.txt".decode("utf-8", "surrogateescape"))
    'caf\\\\xe9 \\\\\\\\.txt'
    """
    return (source.replace("\\", "\\\\").encode("utf-8", "surrogateescape")
            .decode("utf-8", "backslashreplace"))


def document_id(source: str, full_hash: bool = False, label: str | None = None) -> str:
    """The id of the document at `source` (a POSIX path relative to the raw folder, as
    `os` gives it: undecodable bytes as surrogates). `full_hash` gives all 40 hex digits.
    The slug is made of `label` when given (a WARC record's URL), else of `source`.

    >>> document_id("wire/Port Strike.html.gz")
    'wire-port-strike-ef3b9e2af5'
    >>> document_id("crawl.warc.gz urn:uuid:1", label="example.org/news/port-strike")
    'example-org-news-port-strike-967c602e47'
    """
    stem = _SUFFIXES.sub("", safe_source(source if label is None else label))
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_stem.lower()).strip("-")[:_SLUG_CHARS].strip("-")
    digest = hashlib.sha1(source.encode("utf-8", "surrogateescape")).hexdigest()
    digest = digest if full_hash else digest[:10]
    return f"{slug}-{digest}" if slug else f"doc-{digest}"
