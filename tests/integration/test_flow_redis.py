"""The flow with the Redis dedup backend (a real redis-server) gives the embedded output."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import ROOT, tree_bytes
from servers import redis_available, redis_server

pytest.importorskip("redis", reason="the `redis` extra is not installed")
pytestmark = pytest.mark.skipif(not redis_available(),
                                reason="redis-server binary not found (apt-get install "
                                       "redis-server)")


def outputs(folder):
    """The published files (the feed records how documents arrived, the state which index
    kept them: neither is comparable across the two)."""
    return tree_bytes(folder, skip=("run.json", "changes.jsonl", ".state/published.json",
                                    ".state/dedup-index.npz"))


def test_redis_backend_gives_byte_identical_clean_output(run_flow, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    later = sorted(raw.rglob("*.txt"))[-3:]
    moved = tmp_path / "later"
    moved.mkdir()
    for number, path in enumerate(later):
        shutil.move(path, moved / f"{number}-{path.name}")
    with redis_server() as server:
        config = {"dedup": {"backend": "redis", "redis_url": server.url,
                            "redis_basename": "copydesk-flow-test"}}
        run_flow(raw, tmp_path / "redis", config)
        for number, path in enumerate(later):
            shutil.move(moved / f"{number}-{path.name}", path)
        second = run_flow(raw, tmp_path / "redis", config)
    run_flow(raw, tmp_path / "embedded")
    assert outputs(tmp_path / "redis") == outputs(tmp_path / "embedded")
    assert not (tmp_path / "redis" / "current" / ".state" / "dedup-index.npz").exists()
    run = json.loads((tmp_path / "redis" / "run.json").read_text())
    assert run["mode"] == second["mode"]
