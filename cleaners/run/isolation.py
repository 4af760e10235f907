"""Each document is cleaned in a worker process that can be killed: one page cannot hang or
sink a run.

Parsers and extractors run C code that a thread cannot interrupt (lxml's XPath on a page of a
million `<p>` ran for over twenty minutes), and a hostile page can ask for gigabytes. So the
per-document stages run in a pool of worker processes (pebble's `ProcessPool`, which kills
and replaces a worker whose task runs over its time limit), each with an address-space limit
(`RLIMIT_AS`). A document over its time limit (`[run] document_timeout`) fails alone with the
reason `timeout`, one over its memory limit (`[run] document_memory`) with `memory`; the
worker is replaced and the batch goes on.

Workers are forked from a fork server that has imported copydesk and loaded the word lists
and language profiles once (`warm.py`), so a new worker costs milliseconds, not the seconds of
a fresh interpreter, and the pool of a process is reused by every batch that process cleans.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pebble import ProcessExpired, ProcessPool

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.io.files import STAGE, RawRef, read
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.run.orphans import die_with_parent

if TYPE_CHECKING:
    from copydesk.cleaners.pipeline import Notes

#: What each document comes back as: the document, what the corpus steps noted of it, and
#: the seconds per stage spent on it.
Cleaned = tuple[Document, "Notes", dict[str, float]]


def clean_one(ref: RawRef, config: Config) -> Cleaned:
    """Read and clean one raw document (in a worker, or here when isolation is off). The
    stages are imported here, not with this module: the workers' fork server has loaded
    them (`warm.py`), and a process that only hands documents to the workers (a Dask
    worker) never needs them."""
    from copydesk.cleaners.pipeline import clean_document, corpus_notes, new_timings

    timings = new_timings()
    raw = read(ref, config.decode.max_bytes)
    doc = raw if isinstance(raw, Document) else clean_document(raw, config, timings)
    return doc, corpus_notes(doc, config), dict(timings)


#: How long a new pool may take to start its first worker and answer.
START_SECONDS = 120


class IsolationUnavailable(RuntimeError):
    """Worker processes cannot be started here; documents are cleaned in-process instead."""


class IsolationStopped(RuntimeError):
    """The pool was stopped (the run was interrupted) while a document waited for it."""


def _ready() -> bool:
    return True


@dataclass(frozen=True)
class Limits:
    processes: int
    timeout: float  # seconds per document
    memory: int  # bytes of address space per worker; 0: no limit


class Isolation:
    """A pool of worker processes for the per-document stages. `shared(limits)` gives the
    pool of this process for those limits, started on first use and reused after."""

    _pools: dict[tuple[int, Limits], Isolation] = {}
    _unavailable: dict[tuple[int, Limits], str] = {}
    _stopped: set[int] = set()  # processes whose run was interrupted: no new pool
    _lock = threading.RLock()  # re-entrant: a signal handler may stop the pools (cli.py)

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._waiting: set[Future[Any]] = set()  # scheduled documents not yet done
        self._waiting_lock = threading.RLock()  # also taken by a signal handler (close_now)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["copydesk.cleaners.run.warm"])
        self._pool = ProcessPool(max_workers=limits.processes, context=context,
                                 initializer=_limit_worker, initargs=(limits.memory,))
        try:  # a worker that cannot start (say, a main module it cannot import) fails here
            self._pool.schedule(_ready, timeout=START_SECONDS).result()
        except Exception as error:
            self.close_now()
            raise IsolationUnavailable(f"document workers could not start: "
                                       f"{type(error).__name__}: {error}") from error

    @classmethod
    def shared(cls, limits: Limits) -> Isolation:
        """The pool of this process for `limits`, started on first use; raises
        `IsolationUnavailable` (every time after the first) when workers cannot start."""
        key = (os.getpid(), limits)  # a pool belongs to the process that started it
        with cls._lock:
            if os.getpid() in cls._stopped:
                raise IsolationStopped("the run was interrupted: no document is cleaned")
            if key in cls._unavailable:
                raise IsolationUnavailable(cls._unavailable[key])
            pool = cls._pools.get(key)
            if pool is None:
                try:
                    pool = cls._pools[key] = cls(limits)
                except IsolationUnavailable as error:
                    cls._unavailable[key] = str(error)
                    raise
            return pool

    @classmethod
    def stop_all(cls, for_good: bool = False) -> None:
        """Stop every pool of this process and its workers (on a signal, at exit).
        `for_good`: the run was interrupted; until `reopen()`, a batch that starts later
        fails at once instead of starting a new pool."""
        with cls._lock:
            if for_good:
                cls._stopped.add(os.getpid())
            pools = [p for (pid, _), p in cls._pools.items() if pid == os.getpid()]
            cls._pools.clear()
        for pool in pools:
            pool.close_now()

    @classmethod
    def reopen(cls) -> None:
        """Let this process start pools again (a new run after an interrupted one)."""
        with cls._lock:
            cls._stopped.discard(os.getpid())

    def clean(self, refs: list[RawRef], config: Config) -> Iterator[Cleaned]:
        """Every document of `refs`, in order, cleaned in the workers."""
        futures = [self._pool.schedule(clean_one, args=(ref, config),
                                       timeout=self.limits.timeout) for ref in refs]
        with self._waiting_lock:
            self._waiting.update(futures)
        for future in futures:
            future.add_done_callback(self._done)
        for ref, future in zip(refs, futures, strict=True):
            try:
                yield future.result()
            except FutureTimeout:
                yield _failed(ref, Reason.TIMEOUT,
                              f"cleaning took longer than the time limit of "
                              f"{self.limits.timeout:g} s ([run] document_timeout)")
            except ProcessExpired as error:
                yield _failed(ref, *_expired(error, self.limits))
            except MemoryError:
                yield _failed(ref, Reason.MEMORY, _memory_message(self.limits))

    def _done(self, future: Future[Any]) -> None:
        with self._waiting_lock:
            self._waiting.discard(future)

    def close_now(self) -> None:
        """Stop the workers now. A document still waiting for them fails with
        `IsolationStopped` (pebble leaves the future of a task it stopped unresolved, and a
        batch would wait for it forever)."""
        self._pool.stop()
        self._pool.join(timeout=5)
        with self._waiting_lock:
            waiting = list(self._waiting)
        for future in waiting:
            if not future.done():
                with contextlib.suppress(InvalidStateError):  # resolved meanwhile
                    future.set_exception(IsolationStopped("the document workers were stopped"))


def can_isolate() -> bool:
    """Whether this process may start worker processes: a daemonic one may not (a Dask
    worker is one unless its `distributed.worker.daemon` setting is false)."""
    return not multiprocessing.current_process().daemon


def _limit_worker(memory: int) -> None:
    """In each new worker: the address-space limit; Ctrl-C in the terminal ignored (the
    parent decides when workers stop); and death with the fork server, which dies with the
    process that started the pool, so that a run killed with SIGKILL leaves no worker
    cleaning on for nobody. The stages and their data are loaded before the limit, if the
    fork server has not loaded them: a process has one fork server, and one started first
    for something else (the workers of a local Dask cluster, flows/runners.py) keeps its own
    preload."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import copydesk.cleaners.run.warm  # noqa: F401 - loaded already, or loads them here
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _expired(error: ProcessExpired, limits: Limits) -> tuple[Reason, str]:
    code = error.exitcode
    if code == -signal.SIGKILL and limits.memory:
        # Killed outright: the kernel's out-of-memory killer, in practice.
        return Reason.MEMORY, _memory_message(limits)
    return Reason.INPUT_ERROR, f"the worker cleaning it died (exit code {code})"


def _memory_message(limits: Limits) -> str:
    return (f"cleaning needed more than the memory limit of {limits.memory // 2**20} MB "
            "([run] document_memory)")


def _failed(ref: RawRef, reason: Reason, message: str) -> Cleaned:
    entry = AuditEntry(STAGE, Action.STATUS, reason, detail=message)
    doc = Document(id=ref.id, source=ref.source, status=Status.FAILED, error=message,
                   audit=(entry,))
    return doc, {}, {}


def describe(limits: Limits) -> dict[str, Any]:
    return {"processes": limits.processes, "document_timeout": limits.timeout,
            "document_memory": limits.memory}
