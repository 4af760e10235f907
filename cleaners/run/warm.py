"""Imported once by the fork server of the document workers (`isolation.py`): the modules
and the data of the default settings are loaded here, once, and every worker forked after
inherits them instead of loading them again. It also ties the fork server's life to the
process that started it (`orphans.exit_with_parent`).

The numeric libraries are asked for one thread each first: a worker cleans one document at a
time, and thread pools would only reserve address space against the worker's memory limit.
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from copydesk.cleaners.config import Config  # noqa: E402 - after the thread settings
from copydesk.cleaners.io.files import RawFile  # noqa: E402
from copydesk.cleaners.pipeline import clean_document  # noqa: E402
from copydesk.cleaners.run.orphans import exit_with_parent  # noqa: E402

_TEXT = ("The council approved the new budget on Tuesday after a long debate about the "
         "harbour, the schools and the roads, and the mayor said work would start soon.")


def warm(config: Config) -> None:
    """Clean a small page and a small text with `config`, which loads what the stages load
    on first use (word lists, phrase books, language profiles, the extractor's tables)."""
    page = f"<html><body><article><h1>Budget</h1><p>{_TEXT}</p></article></body></html>"
    clean_document(RawFile("warm", "warm.html", page.encode()), config)
    clean_document(RawFile("warm", "warm.txt", f"Budget\n\n{_TEXT}\n".encode()), config)


# The fork server exits with the process that started it (which may be killed with SIGKILL);
# its workers die with it (`isolation._limit_worker`).
exit_with_parent()
warm(Config())
