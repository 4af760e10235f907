"""The embedded dedup index: everything in memory, saved to one safe file in the state folder.

`<state dir>/dedup-index.npz` holds numpy arrays (signatures, shingle counts, which entries
are alive, who published them) and one JSON blob (document ids, exact keys). It is read back
with `allow_pickle=False`, so a state folder that anyone could write cannot run code, and
written to a temporary file that is then renamed over the old one. Band keys are not saved:
they are recomputed from the signatures on load (about a second for 100,000 paragraphs).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np

from copydesk.cleaners.dedup.index.base import DedupIndex, UnusableState
from copydesk.cleaners.dedup.minhash import band_keys
from copydesk.cleaners.dedup.settings import DedupSettings

STATE_FILE = "dedup-index.npz"
# Recent band keys sit in a dict until there are this many, or this share of the merged
# array; then they are merged into it (see EmbeddedIndex._merge_recent). A key in the dict
# takes about 100 bytes, in the arrays 12: at 50,000 documents (2.6 million keys) a dict of
# an eighth of the array held 30 MB, of a 32nd 8 MB; a merge copies the arrays once, so
# merging four times as often costs a second or two of such a run.
_MERGE_MIN = 65536
_MERGE_SHARE = 32


class EmbeddedIndex(DedupIndex):
    """In memory; `save()` writes `<state_dir>/dedup-index.npz` when a state dir is given."""

    def __init__(self, config: DedupSettings, state_dir: Path | None = None) -> None:
        super().__init__(config)
        self.state_dir = state_dir
        self._sigs = np.empty((1024, config.num_perm), dtype=np.uint32)
        self._sizes = np.empty(1024, dtype=np.uint32)
        self._alive = np.empty(1024, dtype=bool)
        self._refs: list[tuple[str, int]] = []
        # Band keys: a sorted array (merged) plus a dict of recent additions, merged when it
        # grows past a share of the array, so adding n paragraphs costs O(n log n) overall.
        self._keys = np.empty(0, dtype=np.uint64)
        self._key_serials = np.empty(0, dtype=np.int32)  # paragraphs: far fewer than 2**31
        # key -> serial, or a list of serials in the rare case that several share a key.
        self._recent: dict[int, int | list[int]] = {}
        self._exact: dict[str, tuple[str, int]] = {}
        self._documents: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._refs)

    @classmethod
    def open(cls, config: DedupSettings, state_dir: Path | None) -> EmbeddedIndex:
        """The index saved in `state_dir`, or an empty one. A file that cannot be read as
        an index (truncated, damaged, not ours) raises `UnusableState`."""
        index = cls(config, state_dir)
        path = state_dir / STATE_FILE if state_dir is not None else None
        if path is None or not path.exists():
            return index
        try:
            index._load(path)
        except UnusableState:
            raise
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError,
                zipfile.BadZipFile) as error:
            raise UnusableState(f"{path.name} cannot be read: {type(error).__name__}: "
                                f"{error}") from None
        return index

    def _load(self, path: Path) -> None:
        index = self
        with np.load(path, allow_pickle=False) as data:
            state = json.loads(bytes(data["state"]).decode("utf-8"))
            index.check_params(state["params"])
            sigs = data["signatures"]
            names: list[str] = state["documents_by_number"]
            index._refs = [(names[d], int(p)) for d, p in zip(data["doc"], data["paragraph"],
                                                               strict=True)]
            index._grow(len(sigs))
            index._sigs[:len(sigs)] = sigs
            index._sizes[:len(sigs)] = data["sizes"]
            index._alive[:len(sigs)] = data["alive"]
        index._exact = {k: (v[0], v[1]) for k, v in state["exact"].items()}
        index._documents = dict(state["documents"])
        keys = band_keys(index._sigs[:len(index)], index.bands, index.rows)
        index._set_keys(keys.ravel(), np.repeat(np.arange(len(index)), index.bands))

    def save(self) -> None:
        if self.state_dir is None:
            return
        n = len(self)
        names = sorted({doc_id for doc_id, _ in self._refs})
        number = {name: i for i, name in enumerate(names)}
        state = {"params": self.params, "documents_by_number": names,
                 "exact": {k: list(v) for k, v in sorted(self._exact.items())},
                 "documents": dict(sorted(self._documents.items()))}
        blob = np.frombuffer(json.dumps(state, sort_keys=True).encode("utf-8"), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, signatures=self._sigs[:n], sizes=self._sizes[:n],
                 alive=self._alive[:n], paragraph=np.array([p for _, p in self._refs],
                                                           dtype=np.int64),
                 doc=np.array([number[d] for d, _ in self._refs], dtype=np.int64), state=blob)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        target = self.state_dir / STATE_FILE
        temporary = target.with_name(f"{STATE_FILE}.tmp-{os.getpid()}")
        with open(temporary, "wb") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)

    def candidates(self, signature: np.ndarray, keys: np.ndarray) -> list[int]:
        query = keys
        found: set[int] = set()
        merged = self._keys
        if len(merged):
            lo = np.searchsorted(merged, query)
            hit = merged[np.minimum(lo, len(merged) - 1)] == query
            if hit.any():  # most queries hit nothing: one search, no second pass
                hi = np.searchsorted(merged, query[hit], side="right")
                for start, stop in zip(lo[hit].tolist(), hi.tolist(), strict=True):
                    found.update(self._key_serials[start:stop].tolist())
        recent = self._recent
        for key in recent.keys() & set(query.tolist()):
            value = recent[key]
            if isinstance(value, int):
                found.add(value)
            else:
                found.update(value)
        return sorted(s for s in found if self._alive[s])

    def entries(self, serials: list[int]) -> tuple[list[tuple[str, int]], np.ndarray,
                                                   np.ndarray]:
        rows = np.asarray(serials, dtype=np.int64)
        return [self._refs[s] for s in serials], self._sigs[rows], self._sizes[rows]

    def add_paragraphs(self, doc_id: str, paragraphs: list[int], sigs: np.ndarray,
                       sizes: list[int], keys: np.ndarray) -> None:
        if not paragraphs:
            return
        start = len(self)
        self._grow(start + len(paragraphs))
        stop = start + len(paragraphs)
        self._sigs[start:stop] = sigs
        self._sizes[start:stop] = sizes
        self._alive[start:stop] = True
        self._refs.extend((doc_id, p) for p in paragraphs)
        flat = keys.ravel().tolist()
        serials = np.repeat(np.arange(start, stop), self.bands).tolist()
        recent = self._recent
        unique = set(flat)
        if len(unique) == len(flat) and not recent.keys() & unique:
            recent.update(zip(flat, serials, strict=True))  # the usual case, at C speed
        else:
            for key, serial in zip(flat, serials, strict=True):
                value = recent.get(key)
                if value is None:
                    recent[key] = serial
                elif isinstance(value, int):
                    recent[key] = [value, serial]
                else:
                    value.append(serial)
        if len(self._recent) > max(_MERGE_MIN, len(self._keys) // _MERGE_SHARE):
            self._merge_recent()

    def _merge_recent(self) -> None:
        pairs = [(k, s) for k, v in self._recent.items()
                 for s in ((v,) if isinstance(v, int) else v)]
        keys = np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))
        serials = np.fromiter((s for _, s in pairs), dtype=np.int64, count=len(pairs))
        self._recent = {}
        order = np.lexsort((serials, keys))
        keys, serials = keys[order], serials[order]
        # Both runs sorted: each new key goes in where a search puts it. np.insert writes
        # the merged arrays once, with no sort of the whole and no second copy of it: at
        # millions of keys that second copy was the run's peak of memory.
        where = np.searchsorted(self._keys, keys, side="right")
        self._keys = np.insert(self._keys, where, keys)
        self._key_serials = np.insert(self._key_serials, where, serials.astype(np.int32))

    def _set_keys(self, keys: np.ndarray, serials: np.ndarray) -> None:
        order = np.lexsort((serials, keys))
        self._keys, self._key_serials = keys[order], serials[order].astype(np.int32)

    def _grow(self, needed: int) -> None:
        capacity = len(self._sizes)
        if needed <= capacity:
            return
        capacity = max(needed, 2 * capacity)
        for name in ("_sigs", "_sizes", "_alive"):
            # In place (realloc): no second copy of the signatures while they grow. The
            # index keeps no view of these arrays, which is what refcheck would look for.
            array = getattr(self, name)
            array.resize((capacity, *array.shape[1:]), refcheck=False)

    def exact_owner(self, key: str) -> tuple[str, int] | None:
        return self._exact.get(key)

    def add_exact(self, key: str, doc_id: str, paragraph: int) -> None:
        self._exact.setdefault(key, (doc_id, paragraph))

    def document_owner(self, key: str) -> str | None:
        return self._documents.get(key)

    def add_document(self, key: str, doc_id: str) -> None:
        self._documents.setdefault(key, doc_id)

    def forget(self, doc_ids: list[str]) -> None:
        gone = set(doc_ids)
        for serial, (doc_id, _) in enumerate(self._refs):
            if doc_id in gone:
                self._alive[serial] = False
        self._exact = {k: v for k, v in self._exact.items() if v[0] not in gone}
        self._documents = {k: v for k, v in self._documents.items() if v not in gone}
