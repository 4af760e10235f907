"""The dedup index in Redis, so several workers (or machines) share one set of published
paragraphs.

Everything lives under the fixed basename `config.redis_basename`:

- `<base>:params`: the index parameters (JSON), checked on connect;
- `<base>:next`: the serial counter; `<base>:sig` / `<base>:para`: per serial, the signature
  bytes and `[doc id, paragraph, shingle count]` (JSON);
- `<base>:band:<key>`: the set of serials whose signature has this band key (the LSH
  buckets; keys are `minhash.band_keys`, as in the embedded index);
- `<base>:doc:<id>`: a document's serials, for `forget`; `<base>:exact` / `<base>:documents`:
  exact keys of short paragraphs and of whole documents.

Nothing read back from Redis is unpickled. Banding and verification are the embedded index's
(`base.py`), so the two backends give the same answers for the same documents in the same
order. Keep-first across workers still needs one writer at a time: the flow runs the corpus
step once per run.
"""

from __future__ import annotations

import json

import numpy as np

from copydesk.cleaners.dedup.index.base import DedupIndex
from copydesk.cleaners.dedup.settings import DedupSettings


class RedisIndex(DedupIndex):
    """Published paragraphs in Redis (`redis.Redis.from_url(config.redis_url)`)."""

    def __init__(self, config: DedupSettings) -> None:
        super().__init__(config)
        try:
            import redis
        except ImportError as error:  # pragma: no cover - depends on the install
            raise RuntimeError("the redis dedup backend needs the `redis` extra: "
                               "pip install 'copydesk[redis]'") from error
        self._redis = redis.Redis.from_url(config.redis_url)
        self._base = config.redis_basename
        stored = self._redis.get(self._name("params"))
        if stored is None:
            self._redis.setnx(self._name("params"), json.dumps(self.params, sort_keys=True))
        else:
            self.check_params(json.loads(stored))

    def _name(self, part: str) -> str:
        return f"{self._base}:{part}"

    def _band(self, key: int) -> str:
        return self._name(f"band:{key:016x}")

    def candidates(self, signature: np.ndarray, keys: np.ndarray) -> list[int]:
        pipe = self._redis.pipeline(transaction=False)
        for key in keys.tolist():
            pipe.smembers(self._band(key))
        found: set[bytes] = set().union(*pipe.execute())
        return sorted(int(serial) for serial in found)

    def entries(self, serials: list[int]) -> tuple[list[tuple[str, int]], np.ndarray,
                                                   np.ndarray]:
        fields = [str(s) for s in serials]
        pipe = self._redis.pipeline()
        pipe.hmget(self._name("sig"), fields)
        pipe.hmget(self._name("para"), fields)
        raw_sigs, raw_refs = pipe.execute()
        sigs = np.frombuffer(b"".join(raw_sigs), dtype="<u4").reshape(len(serials), -1)
        refs = [json.loads(raw) for raw in raw_refs]
        sizes = np.array([ref[2] for ref in refs], dtype=np.uint32)
        return [(ref[0], ref[1]) for ref in refs], sigs.astype(np.uint32), sizes

    def add_paragraphs(self, doc_id: str, paragraphs: list[int], sigs: np.ndarray,
                       sizes: list[int], keys: np.ndarray) -> None:
        if not paragraphs:
            return
        stop = int(self._redis.incrby(self._name("next"), len(paragraphs)))
        serials = list(range(stop - len(paragraphs), stop))
        pipe = self._redis.pipeline(transaction=True)  # one document at a time, whole
        for serial, paragraph, sig, size, row in zip(serials, paragraphs, sigs, sizes, keys,
                                                     strict=True):
            pipe.hset(self._name("sig"), str(serial), sig.astype("<u4").tobytes())
            pipe.hset(self._name("para"), str(serial), json.dumps([doc_id, paragraph, size]))
            for key in row.tolist():
                pipe.sadd(self._band(key), serial)
        pipe.rpush(self._name(f"doc:{doc_id}"), *serials)
        pipe.execute()

    def exact_owner(self, key: str) -> tuple[str, int] | None:
        raw = self._redis.hget(self._name("exact"), key)
        if raw is None:
            return None
        doc_id, paragraph = json.loads(raw)
        return doc_id, paragraph

    def add_exact(self, key: str, doc_id: str, paragraph: int) -> None:
        self._redis.hsetnx(self._name("exact"), key, json.dumps([doc_id, paragraph]))

    def document_owner(self, key: str) -> str | None:
        raw = self._redis.hget(self._name("documents"), key)
        if raw is None:
            return None
        return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)

    def add_document(self, key: str, doc_id: str) -> None:
        self._redis.hsetnx(self._name("documents"), key, doc_id)

    def forget(self, doc_ids: list[str]) -> None:
        gone = set(doc_ids)
        for doc_id in sorted(gone):
            serials = [int(s) for s in self._redis.lrange(self._name(f"doc:{doc_id}"), 0, -1)]
            if serials:
                _, sigs, _ = self.entries(serials)
                pipe = self._redis.pipeline(transaction=True)
                for serial, row in zip(serials, self.band_keys(sigs), strict=True):
                    for key in row.tolist():
                        pipe.srem(self._band(key), serial)
                pipe.hdel(self._name("sig"), *map(str, serials))
                pipe.hdel(self._name("para"), *map(str, serials))
                pipe.execute()
            self._redis.delete(self._name(f"doc:{doc_id}"))
        for table, owner in (("exact", lambda v: json.loads(v)[0]),
                             ("documents", lambda v: v.decode("utf-8"))):
            stale = [k for k, v in self._redis.hgetall(self._name(table)).items()
                     if owner(v) in gone]
            if stale:
                self._redis.hdel(self._name(table), *stale)

    def close(self) -> None:
        self._redis.close()
