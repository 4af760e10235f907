"""The corpus-wide dedup state: what has been published, so later documents can be checked.

One small interface, `DedupIndex`, with two implementations chosen in `open_index`
(`__init__.py`):

- `EmbeddedIndex` (`embedded.py`, the default) keeps everything in memory and saves it to
  `<state dir>/dedup-index.npz` (numpy arrays and JSON, no pickles).
- `RedisIndex` (`redis.py`) keeps the same state in Redis under a fixed basename, so several
  workers share one index.

Both band signatures the same way (`minhash.band_keys`) and verify candidates with the same
code (`minhash.verify`), so the same documents in the same order give the same result.

The index holds published paragraphs only: a paragraph that was removed as a near-duplicate
is not an owner. Entries are numbered in the order they were added ("serials"); among equally
similar candidates the earliest serial wins.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import numpy as np

from copydesk.cleaners.dedup.minhash import SCHEME, band_keys, lsh_bands, verify
from copydesk.cleaners.dedup.settings import DedupSettings

FORMAT_VERSION = 1


class UnusableState(ValueError):
    """What an earlier run saved cannot be read back (a truncated or damaged file)."""


@dataclass(frozen=True, slots=True)
class Original:
    """The published paragraph that a new one repeats."""

    doc_id: str
    paragraph: int
    similarity: float
    measure: str  # "jaccard", "containment" or "exact"


def index_params(config: DedupSettings) -> dict[str, Any]:
    """What must not change between the runs that share one index."""
    bands, rows = lsh_bands(config.lsh_threshold, config.num_perm)
    return {"format": FORMAT_VERSION, "scheme": SCHEME, "num_perm": config.num_perm,
            "seed": config.seed, "shingle_size": config.shingle_size,
            "min_words": config.min_words, "bands": bands, "rows": rows}


class DedupIndex(ABC):
    """Published paragraphs (signatures), short paragraphs and documents (exact keys)."""

    def __init__(self, config: DedupSettings) -> None:
        self.config = config
        self.params = index_params(config)
        self.bands: int = self.params["bands"]
        self.rows: int = self.params["rows"]

    # --- what an implementation stores -------------------------------------------------
    @abstractmethod
    def candidates(self, signature: np.ndarray, keys: np.ndarray) -> list[int]:
        """Serials of live entries that share at least one LSH band, sorted.

        `keys` are the signature's band keys (`band_keys`), computed in batches by callers.
        """

    @abstractmethod
    def entries(self, serials: list[int]) -> tuple[list[tuple[str, int]], np.ndarray,
                                                   np.ndarray]:
        """(doc id, paragraph) refs, signatures and shingle counts of some serials."""

    @abstractmethod
    def add_paragraphs(self, doc_id: str, paragraphs: list[int], sigs: np.ndarray,
                       sizes: list[int], keys: np.ndarray) -> None:
        """Publish a document's kept long paragraphs (signatures, shingle counts, band keys)."""

    @abstractmethod
    def exact_owner(self, key: str) -> tuple[str, int] | None:
        """Who published a short paragraph with this normalised-text key."""

    @abstractmethod
    def add_exact(self, key: str, doc_id: str, paragraph: int) -> None: ...

    @abstractmethod
    def document_owner(self, key: str) -> str | None:
        """Which document published exactly this normalised content."""

    @abstractmethod
    def add_document(self, key: str, doc_id: str) -> None: ...

    @abstractmethod
    def forget(self, doc_ids: list[str]) -> None:
        """Drop what some documents published (their raw file changed or was deleted).

        Documents that already lost paragraphs to them keep their published output.
        """

    def save(self) -> None:  # noqa: B027 - optional: Redis persists by itself
        """Persist (atomically where the backend needs it)."""

    def close(self) -> None:  # noqa: B027 - optional: only Redis holds a connection
        """Release connections."""

    # --- shared logic --------------------------------------------------------------------
    def band_keys(self, sigs: np.ndarray) -> np.ndarray:
        """Band keys of many signatures at once (one row per signature)."""
        return band_keys(sigs, self.bands, self.rows)

    def best_match(self, signature: np.ndarray, size: int, keys: np.ndarray,
                   exclude_doc: str) -> Original | None:
        """The published paragraph a long paragraph repeats, or None."""
        serials = self.candidates(signature, keys)
        if not serials:
            return None
        refs, sigs, sizes = self.entries(serials)
        keep = [i for i, (doc_id, _) in enumerate(refs) if doc_id != exclude_doc]
        if len(keep) != len(refs):
            refs = [refs[i] for i in keep]
            sigs, sizes = sigs[keep], sizes[keep]
        best = verify(signature, size, sigs, sizes, self.config)
        if best is None:
            return None
        doc_id, paragraph = refs[best.position]
        return Original(doc_id, paragraph, best.similarity, best.measure)

    def check_params(self, stored: dict[str, Any]) -> None:
        if stored != self.params:
            raise ValueError(
                f"dedup index was built with {stored}, the config asks for {self.params}; "
                "remove the state (a full run rebuilds it) or use the old settings")
