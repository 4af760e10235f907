"""Document ids: unique, stable across runs, safe as file names.

An id is a readable slug of the file's path relative to the raw folder, followed by the
first 10 hex digits of the SHA-1 of that path. The slug makes ids easy to read; the hash
makes them unique (two paths that slug alike still differ) and stable (the same path
always gives the same id, whatever else is in the folder). Ids use only `a-z`, `0-9` and
`-`, are at most 60 characters long, and never start with a dot or a dash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SUFFIXES = re.compile(r"(\.(html?|txt))?(\.gz)?$", re.IGNORECASE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_CHARS = 48


def safe_source(source: str) -> str:
    """A path as a valid Unicode string: undecodable bytes in file names become `\\xNN`."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def document_id(source: str) -> str:
    """The id of the document at `source` (a POSIX path relative to the raw folder).

    >>> document_id("wire/Port Strike.html.gz")
    'wire-port-strike-ef3b9e2af5'
    """
    source = safe_source(source)
    stem = _SUFFIXES.sub("", source)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_stem.lower()).strip("-")[:_SLUG_CHARS].strip("-")
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"doc-{digest}"
