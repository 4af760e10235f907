"""The wheel: one import package, `copydesk`, with every file it reads at run time, that works
installed in a fresh environment outside the checkout (on Python 3.13 where it is here).

The test builds the wheel, installs it with the locked dependency versions into a new
virtual environment in a temporary folder, and from there runs `copydesk run` and `copydesk
explain` on a copy of the sample raw/: the output must be the checkout's, byte for byte. It
then runs the library's unit tests against the installed package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLE_RAW, tree_bytes
from servers import BIN, QUIET_PREFECT

pytestmark = pytest.mark.integration

#: Where each folder of the checkout goes in the package.
MAPPING = {"copydesk": "copydesk", "cleaners": "copydesk.cleaners", "flows": "copydesk.flows"}


def uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    probe = subprocess.run(["python3", "-m", "uv", "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("uv is not installed (make installs it)")
    return ["python3", "-m", "uv"]


def packages_in_folders() -> set[str]:
    """Every package the checkout's folders make, by its import name."""
    found = set()
    for folder, name in MAPPING.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *relative)))
    return found


def test_pyproject_lists_every_package_of_the_folders() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(config["tool"]["setuptools"]["packages"]) == packages_in_folders()
    assert config["tool"]["setuptools"]["package-dir"] == {
        name: folder for folder, name in MAPPING.items()}


def source_copy(into: Path) -> Path:
    """The checkout's files (tracked, and new ones git does not ignore), without what a build
    leaves behind (setuptools reuses a stale build/ folder)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source, target = ROOT / name, into / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return into


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = source_copy(tmp_path_factory.mktemp("source"))
    subprocess.run([*uv(), "build", "--wheel", "--out-dir", str(out), str(source)], check=True,
                   capture_output=True, timeout=600)
    (built,) = out.glob("copydesk-*.whl")
    return built


def test_the_wheel_holds_one_import_package_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(
        ".dist-info")}
    assert top == {"copydesk"}
    for needed in ("copydesk/py.typed", "copydesk/flows/prefect.yaml",
                   "copydesk/cleaners/io/clean_readme.md",
                   "copydesk/cleaners/io/review/assets/review.js",
                   "copydesk/cleaners/io/review/assets/review.css",
                   "copydesk/cleaners/boilerplate/lang/en/related.txt",
                   "copydesk/cleaners/boilerplate/lang/any/words.toml",
                   "copydesk/cleaners/boilerplate/lang/de/words.toml"):
        assert needed in names, needed


def python_for_venv() -> str:
    """Python 3.13 where it is installed (the widest supported version here), else this one."""
    for candidate in ("python3.13", "python3.14"):
        path = shutil.which(candidate)
        if path and subprocess.run([path, "-c", "import sys"], capture_output=True
                                   ).returncode == 0:
            return path
    return sys.executable


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the checkout with the wheel and the locked
    dependencies (extras and test tools included); returns its bin folder."""
    place = tmp_path_factory.mktemp("venv")
    env = place / "env"
    subprocess.run([*uv(), "venv", "--python", python_for_venv(), str(env)], check=True,
                   capture_output=True, timeout=300)
    requirements = place / "requirements.txt"
    subprocess.run([*uv(), "export", "--frozen", "--all-extras", "--no-emit-project",
                    "--no-hashes", "--output-file", str(requirements)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    done = subprocess.run([*uv(), "pip", "install", "--python", str(env / "bin" / "python"),
                           "-r", str(requirements), str(wheel)], capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return env / "bin"


def run_in(bin_dir: Path, args: list[str], cwd: Path, **extra: str
           ) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QUIET_PREFECT, PREFECT_HOME=str(cwd / ".prefect"), **extra)
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_installed_package_imports_from_any_folder(installed: Path,
                                                        tmp_path: Path) -> None:
    done = run_in(installed, ["python", "-c", "import copydesk, sys; "
                              "print(copydesk.__version__, copydesk.__file__)"], tmp_path)
    assert done.returncode == 0, done.stderr
    version, where = done.stdout.split()
    assert version == _checkout_version()
    assert "site-packages" in where and str(ROOT) not in where
    for generic in ("cleaners", "flows"):
        missing = run_in(installed, ["python", "-c", f"import {generic}"], tmp_path)
        assert missing.returncode != 0, f"`import {generic}` works in the installed env"
    assert run_in(installed, ["copydesk", "--version"], tmp_path).stdout.strip() == \
        f"copydesk {version}"


def _checkout_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def test_run_and_explain_from_the_wheel_give_the_checkouts_output(installed: Path,
                                                                   tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(SAMPLE_RAW, work / "raw")
    try:  # the default: a background Prefect server, started by the first run
        done = run_in(installed, ["copydesk", "run"], work, COPYDESK_SERVER="background")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        assert "in the Prefect UI at http://127.0.0.1:" in done.stdout
    finally:
        stopped = run_in(installed, ["copydesk", "server", "stop"], work)
    assert stopped.stdout.strip() == "stopped"
    here = tmp_path / "here"
    local = subprocess.run([str(BIN / "copydesk"), "run", "--raw", str(SAMPLE_RAW), "--clean",
                            str(here)], capture_output=True, text=True, timeout=600,
                           env={**os.environ, **QUIET_PREFECT,
                                "PREFECT_HOME": str(tmp_path / ".prefect")})
    assert local.returncode == 0, local.stderr[-3000:]
    skip = ("run.json", ".state/published.json")
    assert tree_bytes(work / "clean", skip) == tree_bytes(here, skip)

    page = "html/kestrel-ridge-wildfire-highland-herald.html"
    explained = run_in(installed, ["copydesk", "explain", f"raw/{page}"], work)
    assert explained.returncode == 0, explained.stderr
    ours = subprocess.run([str(BIN / "copydesk"), "explain", str(SAMPLE_RAW / page), "--clean",
                           str(here)], capture_output=True, text=True, timeout=300)
    assert explained.stdout == ours.stdout
    assert "[boilerplate:" in explained.stdout


def test_the_library_tests_pass_against_the_installed_package(installed: Path,
                                                              tmp_path: Path) -> None:
    """The unit tests of the library, run by the fresh environment's Python (3.13 where it
    is installed) against the wheel: in a copy of the checkout without the package's
    folders, so that nothing but the installed package can be imported."""
    tree = source_copy(tmp_path / "tree")
    for folder in MAPPING:
        shutil.rmtree(tree / folder)
    done = run_in(installed, ["pytest", "-q", "-p", "no:cacheprovider",
                              "tests/cleaners", "tests/flows", "tests/test_doctests.py"], tree)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
