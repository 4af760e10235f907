"""Config: TOML tables per concern, strict about what it accepts."""

from __future__ import annotations

import pytest

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
