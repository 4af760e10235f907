"""The command line refuses bad settings before anything starts, and says what it is."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import SAMPLE_RAW

from copydesk.flows.cli import build_parser, main

#: (a line of a config file, the key and value the message must name)
BAD = [
    ("[dedup]\nthreshold = 1.7", "[dedup] threshold = 1.7"),
    ('[dedup]\nbackend = "mongo"', "[dedup] backend = 'mongo'"),
    ("[dedup]\nnum_perm = 128.5", "[dedup] num_perm = 128.5"),
    ("[dedup]\nnum_perm = true", "[dedup] num_perm = True"),
    ('[boilerplate]\nlanguages = ["xx"]', "[boilerplate] languages = ['xx']"),
    ('[language]\nwanted = ["xx"]', "[language] wanted = ['xx']"),
    ("[run]\nbatch_size = -1", "[run] batch_size = -1"),
    ("[decode]\nmax_bytes = -1", "[decode] max_bytes = -1"),
    ("[dedup]\nthreshhold = 0.5", "[dedup] threshhold: unknown key"),
    ("[dedupe]\n", "unknown section(s) dedupe"),
    ("[dedup\n", "not valid TOML"),
]


@pytest.mark.parametrize("text,named", BAD, ids=[case[1] for case in BAD])
def test_a_bad_setting_is_exit_2_naming_the_key(tmp_path: Path, text: str, named: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "copydesk.toml"
    config.write_text(text + "\n", encoding="utf-8")
    clean = tmp_path / "clean"
    started = time.monotonic()
    code = main(["run", "--raw", str(SAMPLE_RAW), "--clean", str(clean), "--config",
                 str(config)])
    assert code == 2
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1, err  # one line, no traceback
    assert not clean.exists(), "nothing is written for a refused run"
    assert time.monotonic() - started < 5, "refused before Prefect starts"


def test_config_prints_the_defaults_and_checks_a_file(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    assert "[dedup]\n" in capsys.readouterr().out
    config = tmp_path / "c.toml"
    config.write_text("[dedup]\nthreshold = 0.5\n", encoding="utf-8")
    assert main(["config", "--config", str(config)]) == 0
    assert "threshold = 0.5" in capsys.readouterr().out


def test_version_and_a_description_on_every_command(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "copydesk", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("copydesk ")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.choices)
    assert set(commands.choices) == {"run", "explain", "export", "serve", "server", "config"}
    for name, sub in commands.choices.items():
        assert sub.description and len(sub.description) > 40, name
        help_text = sub.format_help()
        assert sub.description.split()[0] in help_text
