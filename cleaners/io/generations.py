"""The clean folder as a series of generations, switched in by one rename.

Each run builds a complete new generation in `<clean>/.generations/g<N>.tmp/`, renames it to
`g<N>` when everything is in it, and then points `<clean>/current` at it by renaming a new
symbolic link over the old one: one atomic step. The names consumers use are links through
`current` that never change:

    clean/manifest.jsonl -> current/manifest.jsonl      clean/documents -> current/documents
    clean/current -> .generations/g000042               ...

So at every instant a reader sees one complete run (the old one until the rename, the new
one after it), and a crash at any point leaves the previous generation published; the next
run removes what the crashed one left (`recover`). A reader that opens several files should
resolve `current` once (`os.path.realpath`) and read them all from that folder; the previous
generation stays on disk until the next run, so such a reader has a whole run to finish.

A clean folder written by copydesk before generations (plain files at the top) is turned
into generation 0 by `recover`: its files are linked into the generation (no copy), then each
top-level name is replaced by a link to the same content. Only the `documents` folder cannot
be replaced in one step; for that one moment of the first run after the upgrade, a reader
sees no `documents/`.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

GENERATIONS = ".generations"
CURRENT = "current"
WORK = ".work"
#: The names a consumer reads at the top of the clean folder, each a link through `current`.
PUBLISHED_NAMES = ("README.md", "manifest.jsonl", "audit.jsonl", "run.json", "documents",
                   "documents.jsonl.gz", "changes.jsonl", "review")
_NAME = re.compile(r"^g(\d{6,})$")
#: Generations kept besides the current one, for readers still reading them.
KEEP_PREVIOUS = 1


class CleanFolder:
    """The generations of one clean folder. Only the holder of its run lock may change it."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.generations = self.root / GENERATIONS

    # --- reading -----------------------------------------------------------------------
    def current(self) -> Path | None:
        """The folder of the published generation, or None before the first run."""
        link = self.root / CURRENT
        if not link.is_symlink():
            return None
        target = (self.root / os.readlink(link)).resolve()
        return target if target.is_dir() else None

    def numbers(self) -> list[int]:
        if not self.generations.is_dir():
            return []
        return sorted(int(m.group(1)) for entry in self.generations.iterdir()
                      if (m := _NAME.match(entry.name)) and entry.is_dir())

    # --- writing -------------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Tidy up after a run that did not finish, and move a clean folder of the old
        layout into generation 0. Returns what it did, for the run's log."""
        done: list[str] = []
        if self.generations.is_dir():
            for entry in sorted(self.generations.iterdir()):
                if entry.name.endswith(".tmp"):
                    shutil.rmtree(entry, ignore_errors=True)
                    done.append(f"removed the unfinished generation {entry.name}")
        work = self.root / WORK
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
            done.append("removed the work files of an unfinished run")
        if self.current() is None and self._has_old_layout():
            self._adopt_old_layout()
            done.append("moved the clean folder's files into generation 0")
        return done

    def begin(self, number: int | None = None) -> Path:
        """A new, empty generation folder to build the next run in."""
        if number is None:
            number = max(self.numbers(), default=0) + 1
        path = self.generations / f"g{number:06d}.tmp"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def commit(self, building: Path) -> Path:
        """Publish a generation built in `building`: make it final, switch `current` to it in
        one rename, make sure every published name links through `current`, and remove
        generations older than the ones kept for readers."""
        final = building.with_name(building.name.removesuffix(".tmp"))
        _sync_tree(building)
        os.rename(building, final)
        _fsync_dir(self.generations)
        self._point_current_at(final)
        self._link_published_names()
        for number in self.numbers()[:-(KEEP_PREVIOUS + 1)]:
            shutil.rmtree(self.generations / f"g{number:06d}", ignore_errors=True)
        return final

    def work_dir(self) -> Path:
        """A folder for the files of the run in progress (removed by `recover` and at the end
        of a run)."""
        path = self.root / WORK
        path.mkdir(parents=True, exist_ok=True)
        return path

    # --- internals ---------------------------------------------------------------------
    def _point_current_at(self, generation: Path) -> None:
        relative = os.path.relpath(generation, self.root)
        temporary = self.root / f".{CURRENT}.{os.getpid()}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(relative, temporary)
        os.replace(temporary, self.root / CURRENT)
        _fsync_dir(self.root)

    def _link_published_names(self) -> None:
        current = self.current()
        for name in PUBLISHED_NAMES:
            link = self.root / name
            wanted = f"{CURRENT}/{name}"
            if current is not None and not os.path.lexists(current / name):
                if link.is_symlink():  # a name this run did not write (a run --no-review)
                    link.unlink()
                continue
            if link.is_symlink() and os.readlink(link) == wanted:
                continue
            if link.is_dir() and not link.is_symlink():
                # The old layout's documents/: move it aside, link, then drop it.
                aside = self.root / f".{name}.old"
                shutil.rmtree(aside, ignore_errors=True)
                os.rename(link, aside)
                os.symlink(wanted, link)
                shutil.rmtree(aside, ignore_errors=True)
                continue
            temporary = self.root / f".{name}.{os.getpid()}.tmp"
            temporary.unlink(missing_ok=True)
            os.symlink(wanted, temporary)
            os.replace(temporary, link)
        _fsync_dir(self.root)

    def _has_old_layout(self) -> bool:
        manifest = self.root / "manifest.jsonl"
        return manifest.is_file() and not manifest.is_symlink()

    def _adopt_old_layout(self) -> None:
        building = self.begin(0)
        for name in PUBLISHED_NAMES + (".state",):
            source = self.root / name
            if source.is_symlink() or not source.exists():
                continue
            link_tree(source, building / name)
        self.commit(building)


def link_tree(source: Path, target: Path) -> None:
    """Hard links of a file or of every file of a folder (no copy of the bytes); a file
    replaced later by rename leaves the source's file as it was."""
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            link_tree(entry, target / entry.name)
    else:
        os.link(source, target)


def _sync_tree(folder: Path) -> None:
    """Flush a generation to disk before it is published: a crash of the machine just after
    the switch must not leave `current` pointing at files still only in memory."""
    os.sync()
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
