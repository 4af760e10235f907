"""The code checks that `make lint` runs, as tests, and the rule that `cleaners/` is a plain
library: nothing in it imports Prefect."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from helpers import ROOT
from servers import BIN

PACKAGE_FOLDERS = {"copydesk": "copydesk", "cleaners": "copydesk/cleaners",
                   "flows": "copydesk/flows"}


def _run(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def stage_package(into: Path) -> Path:
    """The `copydesk` package as the wheel lays it out (cleaners/ as copydesk/cleaners, ...),
    made of links to the checkout's folders, so that mypy sees the import names users see."""
    for folder, place in PACKAGE_FOLDERS.items():
        target = into / place
        target.parent.mkdir(parents=True, exist_ok=True)
        if folder == "copydesk":
            target.mkdir(exist_ok=True)
            for path in (ROOT / folder).iterdir():
                (target / path.name).symlink_to(path)
        else:
            target.symlink_to(ROOT / folder)
    return into / "copydesk"


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "copydesk", "cleaners", "flows", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_package(tmp_path: Path) -> None:
    package = stage_package(tmp_path)
    done = _run("mypy", "--config-file", str(ROOT / "pyproject.toml"), str(package),
                cwd=tmp_path)
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


def test_cleaners_never_import_prefect_or_the_flows() -> None:
    def forbidden(module: str) -> bool:
        return (module.split(".")[0] in {"prefect", "prefect_dask"}
                or module.startswith("copydesk.flows"))

    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in _imported_modules(path) if forbidden(m))
        for path in sorted((ROOT / "cleaners").rglob("*.py"))
    }
    offenders = {path: mods for path, mods in offenders.items() if mods}
    assert offenders == {}
