"""The README's tables of stages and reason codes are the ones the declarations give."""

from __future__ import annotations

from helpers import ROOT

from copydesk.cleaners.describe import reason_table, stage_table

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_table_of_stages_is_built_from_the_declarations() -> None:
    assert stage_table() in README


def test_the_table_of_reason_codes_is_built_from_the_declarations() -> None:
    assert reason_table() in README


def test_every_reason_code_is_declared_by_a_stage_or_the_pipeline() -> None:
    from copydesk.cleaners.pipeline import PIPELINE_REASONS, STAGES
    from copydesk.cleaners.reasons import MEANINGS, Reason

    declared = {reason for stage in STAGES for reason in stage.reasons}
    assert declared | set(PIPELINE_REASONS) == set(Reason) == set(MEANINGS)


def test_every_test_named_by_the_guarantees_exists() -> None:
    """"What copydesk guarantees" names the test of each guarantee: each must be there."""
    import ast
    import re

    section = README.split("## What copydesk guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", section)
    assert len(named) >= 14
    for path, name in named:
        assert (ROOT / path).is_file(), path
        if name:
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            functions = {node.name for node in ast.walk(tree)
                         if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
            assert name in functions, f"{path}::{name}"
