"""Config: TOML tables per concern, strict about what it accepts."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT

from cleaners.config import Config


def test_defaults_and_overrides():
    config = Config.from_mapping({"language": {"wanted": ["en", "fr"]},
                                  "run": {"batch_size": 10}})
    assert config.language.wanted == ("en", "fr")
    assert config.run.batch_size == 10
    assert config.decode == Config().decode


@pytest.mark.parametrize("data,message", [
    ({"langauge": {}}, "unknown section"),
    ({"language": {"wantd": []}}, "unknown key"),
    ({"language": {"wanted": "en"}}, "must be a list"),
    ({"dedup": {"drop": "yes"}}, "true or false"),
    ({"run": {"batch_size": "ten"}}, "must be a number"),
    ({"run": 3}, "must be a table"),
])
def test_mistakes_are_errors_not_silent_defaults(data, message):
    with pytest.raises(ValueError, match=message):
        Config.from_mapping(data)


def test_from_file(tmp_path):
    path = tmp_path / "copydesk.toml"
    path.write_text('[language]\nwanted = ["de"]\n', encoding="utf-8")
    assert Config.from_file(path).language.wanted == ("de",)


def test_to_dict_round_trips():
    config = Config.from_mapping({"language": {"wanted": ["es"]}})
    data = config.to_dict()
    data["language"]["wanted"] = list(data["language"]["wanted"])
    assert Config.from_mapping(data) == config


def _readme_defaults() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[decode\].*?)```", text, re.S)
    assert block, "README: the block of defaults under Configuration is missing"
    return tomllib.loads(block.group(1))


def test_readme_lists_every_default_as_it_is():
    listed = _readme_defaults()
    defaults = Config().to_dict()
    # Keys without a TOML value (None) are mentioned in a comment only.
    expected = {section: {key: list(value) if isinstance(value, tuple) else value
                          for key, value in values.items() if value is not None}
                for section, values in defaults.items()}
    assert listed == expected
    assert Config.from_mapping(listed) == Config()
