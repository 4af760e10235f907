"""copydesk: clean scraped news documents, and publish them with an audit of every change.

The import package holds the library (`copydesk.cleaners`: the stages, no Prefect) and the
orchestration (`copydesk.flows`: the Prefect flow, deployments and the command line). The
names here are the public API; they load their modules on first use, so `import copydesk`
is cheap.

- `clean_document(source, name=None, config=None)`: one document through the per-document
  stages (`Document`);
- `clean_corpus(docs, config=None)`: the corpus-wide steps (template lines, near-duplicates)
  over documents from `clean_document`;
- `run_corpus(raw_dir, clean_dir, config=None, ...)`: a whole run without Prefect, from a raw
  folder to a published clean folder; pass an `Executor` to run the batches your way;
- `read_clean(clean_dir)`: each published document's manifest record with its text;
- `changes(clean_dir, after=seq)`: what changed since the feed record `after`, with each
  document's record and text, and the `last_seq` to store for next time;
- `Config`: every setting, checked (`Config.from_file("copydesk.toml")`).
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("copydesk")
except PackageNotFoundError:  # pragma: no cover - running from files that are not installed
    __version__ = "0+unknown"

#: Public name -> the module that defines it.
_API = {
    "clean_document": "copydesk.api",
    "clean_corpus": "copydesk.api",
    "run_corpus": "copydesk.cleaners.run.corpus",
    "Executor": "copydesk.cleaners.run.corpus",
    "read_clean": "copydesk.cleaners.io.clean_folder",
    "CleanDocument": "copydesk.cleaners.io.clean_folder",
    "changes": "copydesk.cleaners.run.feed",
    "Config": "copydesk.cleaners.config",
    "ConfigError": "copydesk.cleaners.config",
    "Document": "copydesk.cleaners.document",
}

__all__ = ["__version__", *_API]

if TYPE_CHECKING:
    from copydesk.api import clean_corpus as clean_corpus
    from copydesk.api import clean_document as clean_document
    from copydesk.cleaners.config import Config as Config
    from copydesk.cleaners.config import ConfigError as ConfigError
    from copydesk.cleaners.document import Document as Document
    from copydesk.cleaners.io.clean_folder import CleanDocument as CleanDocument
    from copydesk.cleaners.io.clean_folder import read_clean as read_clean
    from copydesk.cleaners.run.corpus import Executor as Executor
    from copydesk.cleaners.run.corpus import run_corpus as run_corpus
    from copydesk.cleaners.run.feed import changes as changes


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'copydesk' has no attribute {name!r}")
    value = getattr(import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
