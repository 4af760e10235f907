"""Document ids: stable, unique, safe as file names."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from copydesk.cleaners.ids import document_id, safe_source

SAFE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def test_ids_are_readable_and_stable():
    first = document_id("wire/Port Strike.html.gz")
    assert first.startswith("wire-port-strike-")
    assert document_id("wire/Port Strike.html.gz") == first


def test_paths_that_slug_alike_get_different_ids():
    names = ["a b.txt", "a-b.txt", "a_b.txt", "A B.txt", "a b.html", "a/b.txt"]
    ids = {document_id(name) for name in names}
    assert len(ids) == len(names)


def test_undecodable_file_names_are_kept_readable():
    raw_name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    assert safe_source(raw_name) == "caf\\xe9.txt"
    assert SAFE.match(document_id(raw_name))


@given(st.text(min_size=1, max_size=300))
def test_any_path_gives_a_safe_id(path):
    doc_id = document_id(path)
    assert SAFE.match(doc_id), doc_id
    assert ".." not in doc_id and "/" not in doc_id
