"""MinHash signatures, LSH banding and the check that turns an LSH candidate into a match.

Signatures come from datasketch's batch API (`MinHash.generator`: one initialised MinHash
copied per set, each set applied in one vectorised `update_batch`), never from a per-shingle
`update()` loop, which is about nine times slower. Shingles arrive already hashed to 32 bits
(`shingles.py`), so the MinHash hash function is the identity.

LSH only proposes candidates. A candidate becomes a match when its estimated Jaccard
similarity reaches the threshold, or when the smaller paragraph is (estimated to be) mostly
contained in the larger one: a trimmed copy of a paragraph, or one with a dateline or a
footer line glued on, has a low Jaccard but a containment near 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from copydesk.cleaners.dedup.settings import DedupSettings

#: datasketch's permutation scheme; signatures are uint32 arrays in it.
SCHEME = "affine32"


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """One row of `num_perm` uint32 min-hashes per shingle set (datasketch batch API)."""
    out = np.empty((len(shingle_sets), num_perm), dtype=np.uint32)
    generator = MinHash.generator(shingle_sets, num_perm=num_perm, seed=seed,
                                  hashfunc=_identity, scheme=SCHEME)
    for row, minhash in enumerate(generator):
        out[row] = minhash.hashvalues
    return out


def _identity(value: int) -> int:
    return value


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for a threshold.

    Both backends band the same way, so they propose the same candidates.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


_MIX64 = np.uint64(0x9E3779B97F4A7C15)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """A 64-bit key per (signature, band): equal band values give equal keys.

    The band number is mixed in, so one sorted array can hold the keys of all bands.
    """
    values = sigs[:, :bands * rows].astype(np.uint64).reshape(len(sigs), bands, rows)
    keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (len(sigs), bands)).copy()
    for column in range(rows):
        keys = _fmix64(keys * _MIX64 + values[:, :, column])
    return keys


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads the bits so nearby inputs give distant keys."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


@dataclass(frozen=True, slots=True)
class BestCandidate:
    """The best verified candidate: its position in the candidate list and how similar."""

    position: int
    similarity: float
    measure: str  # "jaccard" or "containment"


def verify(signature: np.ndarray, size: int, candidate_sigs: np.ndarray,
           candidate_sizes: np.ndarray, config: DedupSettings) -> BestCandidate | None:
    """The most similar candidate that passes, or None. Ties go to the earlier candidate.

    Containment is derived from the estimated Jaccard and the two shingle counts:
    |A∩B| = J(|A|+|B|)/(1+J). It counts only when the smaller set has enough shingles to
    mean something and is at least `containment_min_ratio` of the larger, so a stock phrase
    inside a long paragraph is not its duplicate.
    """
    if len(candidate_sigs) == 0:
        return None
    jaccard = (candidate_sigs == signature).mean(axis=1)
    sizes = candidate_sizes.astype(np.float64)
    smaller = np.minimum(sizes, size)
    larger = np.maximum(sizes, size)
    containment = jaccard * (sizes + size) / (1.0 + jaccard) / smaller
    containment = np.minimum(containment, 1.0)
    eligible = ((smaller >= config.containment_min_shingles)
                & (smaller >= config.containment_min_ratio * larger))
    by_containment = eligible & (containment >= config.containment_threshold)
    by_jaccard = jaccard >= config.threshold
    score = np.where(by_jaccard, jaccard, -1.0)
    score = np.where(by_containment & (containment > score), containment, score)
    best = int(np.argmax(score))  # first maximum: the earliest candidate wins ties
    if score[best] < 0:
        return None
    measure = "jaccard" if by_jaccard[best] and jaccard[best] >= score[best] else "containment"
    return BestCandidate(best, round(float(score[best]), 3), measure)
