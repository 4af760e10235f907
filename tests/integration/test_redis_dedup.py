"""The Redis dedup backend against a real `redis-server` (started here on a free port):
the same documents give the same output as the embedded index, in one run or several."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import load_wire, run_in_parts
from servers import redis_available, redis_server

from copydesk.cleaners.dedup.across import drop_repeats_across
from copydesk.cleaners.dedup.index import open_index
from copydesk.cleaners.dedup.minhash import signatures
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.dedup.shingles import shingle_hashes, tokens

pytest.importorskip("redis", reason="the `redis` extra is not installed")
pytestmark = pytest.mark.skipif(not redis_available(),
                                reason="redis-server binary not found (apt-get install "
                                       "redis-server)")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as server:
        yield server.url


@pytest.fixture
def config(redis_url: str, request: pytest.FixtureRequest) -> DedupSettings:
    """A Redis config with a basename of its own, so tests do not see each other's state."""
    return DedupSettings(backend="redis", redis_url=redis_url,
                       redis_basename=f"copydesk-test-{request.node.name}")


def test_redis_gives_the_same_documents_as_embedded(config: DedupSettings) -> None:
    embedded = drop_repeats_across(load_wire(), DedupSettings())
    index = open_index(config)
    try:
        assert drop_repeats_across(load_wire(), config, index) == embedded
    finally:
        index.close()


def test_redis_incremental_equals_embedded_full_run(config: DedupSettings, tmp_path: Path) -> None:
    docs = sorted(load_wire(), key=lambda d: (d.date or "", d.id))
    full = {d.id: d for d in drop_repeats_across(docs, DedupSettings())}
    assert run_in_parts([docs[:2], docs[2:]], config, tmp_path) == full
    assert not list(tmp_path.iterdir())  # the state is in Redis, not in the folder


def test_a_second_connection_sees_what_the_first_published(config: DedupSettings) -> None:
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


def test_redis_refuses_an_index_built_with_other_settings(config: DedupSettings) -> None:
    open_index(config).close()
    with pytest.raises(ValueError, match="dedup index was built with"):
        open_index(config.model_copy(update={"num_perm": 64}))


def test_the_url_is_read_by_redis_itself(redis_url: str) -> None:
    """`redis.Redis.from_url`: a database number, and a unix socket path, are understood."""
    from copydesk.cleaners.dedup.index.redis import RedisIndex

    index = RedisIndex(DedupSettings(backend="redis", redis_url=redis_url.rsplit("/", 1)[0] + "/3",
                                     redis_basename="copydesk-test-url"))
    try:
        assert index._redis.connection_pool.connection_kwargs["db"] == 3
        assert index._redis.ping()
    finally:
        index.close()
    with pytest.raises(ValueError, match="redis_url"):
        DedupSettings(redis_url="http://127.0.0.1:6379")


def test_candidates_equal_the_embedded_indexs(config: DedupSettings) -> None:
    """Both backends band signatures the same way: the same paragraphs are candidates."""
    redis_index = open_index(config)
    embedded = open_index(DedupSettings())
    try:
        drop_repeats_across(load_wire(), config, redis_index)
        drop_repeats_across(load_wire(), DedupSettings(), embedded)
        sigs = signatures([shingle_hashes(tokens(p.text), config.shingle_size)
                           for d in load_wire() for p in d.body], config.num_perm, config.seed)
        keys = redis_index.band_keys(sigs)
        answers = [(redis_index.candidates(sig, key), embedded.candidates(sig, key))
                   for sig, key in zip(sigs, keys, strict=True)]
        assert all(ours == theirs for ours, theirs in answers)
        assert sum(1 for ours, _ in answers if ours) >= 10  # most paragraphs hit something
    finally:
        redis_index.close()
