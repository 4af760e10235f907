"""The examples in the docstrings of every module of `copydesk`, and in the README, run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
from helpers import ROOT


def all_modules() -> list[str]:
    """Every module of the package. The checkout maps cleaners/ and flows/ into `copydesk`
    (an editable install), so each of the three roots is walked on its own."""
    names = {"copydesk.cleaners", "copydesk.flows"}
    for root in ("copydesk", "copydesk.cleaners", "copydesk.flows"):
        package = importlib.import_module(root)
        names.update(m.name for m in pkgutil.walk_packages(package.__path__, f"{root}."))
    return sorted(names - {"copydesk.__main__"})


MODULES = all_modules()


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str) -> None:
    if name.startswith("copydesk.flows"):
        pytest.importorskip("prefect")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_readme_examples() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, "the README shows no Python example"
    assert result.failed == 0
