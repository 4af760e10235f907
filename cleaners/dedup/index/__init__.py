"""Where the dedup stage keeps what has been published: `open_index` chooses the backend."""

from __future__ import annotations

from pathlib import Path

from copydesk.cleaners.dedup.index.base import DedupIndex, Original, UnusableState, index_params
from copydesk.cleaners.dedup.settings import DedupSettings


def open_index(config: DedupSettings, state_dir: str | Path | None = None,
               fresh: bool = False) -> DedupIndex:
    """The one place a backend is chosen: `config.backend` is "embedded" or "redis".

    `state_dir` is where the embedded index is saved (`<clean_dir>/.state/`); None keeps it
    in memory only. `fresh` starts the embedded index empty instead of loading the saved
    one. The Redis backend keeps its state in Redis and ignores both.
    """
    if config.backend == "embedded":
        from copydesk.cleaners.dedup.index.embedded import EmbeddedIndex

        folder = Path(state_dir) if state_dir is not None else None
        return EmbeddedIndex(config, folder) if fresh else EmbeddedIndex.open(config, folder)
    from copydesk.cleaners.dedup.index.redis import RedisIndex  # an optional extra

    return RedisIndex(config)


__all__ = ["DedupIndex", "Original", "UnusableState", "index_params", "open_index"]
