"""The spool: documents written to a file during a run and read back by their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.cleaners.document import Document, Paragraph
from copydesk.cleaners.io.spool import Place, SpoolReader, SpoolWriter


def test_documents_read_back_from_their_places_and_packed_places(tmp_path: Path) -> None:
    docs = [Document(f"d{n}", f"d{n}.txt", body=(Paragraph(f"Paragraph {n} é\nline"),))
            for n in range(3)]
    with SpoolWriter(tmp_path / "batch.jsonl") as spool:
        places = [spool.write(doc) for doc in docs]
    packed = [place.packed() for place in places]
    assert [Place.unpack("batch.jsonl", value) for value in packed] == places
    with SpoolReader(tmp_path) as reader:
        assert [reader.read(Place.unpack("batch.jsonl", value)) for value in packed] == docs


def test_a_place_too_long_to_pack_is_refused() -> None:
    assert Place.unpack("f", Place("f", 5 << 40, (1 << 32) - 1).packed()) == \
        Place("f", 5 << 40, (1 << 32) - 1)
    with pytest.raises(ValueError, match="too long"):
        Place("f", 0, 1 << 32).packed()
