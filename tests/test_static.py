"""The code checks that `make lint` runs, as tests, and the rule that `cleaners/` is a plain
library: nothing in it imports Prefect."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from conftest import ROOT
from servers import BIN


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "cleaners", "flows", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_library_and_flows() -> None:
    done = _run("mypy", "cleaners", "flows")
    assert done.returncode == 0, done.stdout + done.stderr


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_cleaners_never_import_prefect() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in _imported_modules(path)
                                            if m.split(".")[0] in {"prefect", "prefect_dask",
                                                                   "flows"})
        for path in sorted((ROOT / "cleaners").rglob("*.py"))
    }
    offenders = {path: mods for path, mods in offenders.items() if mods}
    assert offenders == {}
