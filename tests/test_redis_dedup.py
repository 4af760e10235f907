"""The Redis dedup backend against a real `redis-server` (started here on a free port):
the same documents give the same output as the embedded index, in one run or several."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import redis_available, redis_server
from test_dedup_incremental import run_in_parts
from test_dedup_wire import load_wire

from cleaners.config import DedupConfig
from cleaners.dedup import drop_repeats_across
from cleaners.dedup_index import open_index
from cleaners.minhash import signatures
from cleaners.shingles import shingle_hashes, words

pytest.importorskip("redis", reason="the `redis` extra is not installed")
pytestmark = pytest.mark.skipif(not redis_available(),
                                reason="redis-server binary not found (apt-get install "
                                       "redis-server)")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as server:
        yield server.url


@pytest.fixture
def config(redis_url: str, request: pytest.FixtureRequest) -> DedupConfig:
    """A Redis config with a basename of its own, so tests do not see each other's state."""
    return DedupConfig(backend="redis", redis_url=redis_url,
                       redis_basename=f"copydesk-test-{request.node.name}")


def test_redis_gives_the_same_documents_as_embedded(config: DedupConfig) -> None:
    embedded = drop_repeats_across(load_wire(), DedupConfig())
    index = open_index(config)
    try:
        assert drop_repeats_across(load_wire(), config, index) == embedded
    finally:
        index.close()


def test_redis_incremental_equals_embedded_full_run(config: DedupConfig, tmp_path: Path) -> None:
    docs = sorted(load_wire(), key=lambda d: (d.date or "", d.id))
    full = {d.id: d for d in drop_repeats_across(docs, DedupConfig())}
    assert run_in_parts([docs[:2], docs[2:]], config, tmp_path) == full
    assert not list(tmp_path.iterdir())  # the state is in Redis, not in the folder


def test_a_second_connection_sees_what_the_first_published(config: DedupConfig) -> None:
    docs = {d.id: d for d in load_wire()}
    first = open_index(config)
    drop_repeats_across([docs["northwire-drill"]], config, first)
    first.close()
    second = open_index(config)
    (copy,) = drop_repeats_across([docs["valley-post-drill"]], config, second)
    second.forget(["northwire-drill"])
    wire_only = dataclasses.replace(docs["valley-post-drill"], id="v2",
                                    body=docs["valley-post-drill"].body[:4])
    (again,) = drop_repeats_across([wire_only], config, second)
    second.close()
    assert copy.duplicate_of == "northwire-drill"
    assert again == wire_only  # northwire's paragraphs are forgotten; valley never owned them


def test_redis_refuses_an_index_built_with_other_settings(config: DedupConfig) -> None:
    open_index(config).close()
    with pytest.raises(ValueError, match="dedup index was built with"):
        open_index(dataclasses.replace(config, num_perm=64))


def test_redis_url_must_be_redis() -> None:
    from cleaners.dedup_redis import redis_connection

    assert redis_connection("redis://10.0.0.5") == {"host": "10.0.0.5", "port": 6379, "db": 0}
    with pytest.raises(ValueError, match="redis://"):
        redis_connection("http://127.0.0.1:6379")


def test_pipelined_candidates_equal_datasketch_query(config: DedupConfig) -> None:
    """The Redis index reads datasketch's buckets in one pipeline; same answer as its query."""
    from cleaners.dedup_redis import RedisIndex

    index = open_index(config)
    assert isinstance(index, RedisIndex)
    try:
        drop_repeats_across(load_wire(), config, index)
        sigs = signatures([shingle_hashes(words(p.text), config.shingle_size)
                           for d in load_wire() for p in d.body], config.num_perm, config.seed)
        keys = index.band_keys(sigs)
        answers = [(index.candidates(sig, key), index.lsh_query(sig))
                   for sig, key in zip(sigs, keys, strict=True)]
        assert all(ours == theirs for ours, theirs in answers)
        assert sum(1 for ours, _ in answers if ours) >= 10  # most paragraphs hit something
    finally:
        index.close()
