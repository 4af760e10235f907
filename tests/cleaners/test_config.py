"""Config: one table per stage (and [run]), every value checked before anything runs."""

from __future__ import annotations

import re
import tomllib

import pytest
from helpers import ROOT

from copydesk.cleaners.config import Config, ConfigError, defaults_toml, sections, to_toml
from copydesk.cleaners.pipeline import STAGES


def test_defaults_and_overrides():
    config = Config.from_mapping({"language": {"wanted": ["en", "fr"]},
                                  "run": {"batch_size": 10}})
    assert config.language.wanted == ("en", "fr")
    assert config.run.batch_size == 10
    assert config.decode == Config().decode


def test_the_sections_are_the_stages_settings():
    assert list(sections()) == [s.name for s in STAGES if s.settings is not None] + ["run"]
    for stage in STAGES:
        if stage.settings is not None:
            assert isinstance(Config().section(stage.name), stage.settings)


# One case per kind of rule: (tables, the key the message names, what it says is allowed).
INVALID = [
    ({"dedup": {"threshold": 1.7}}, "[dedup] threshold = 1.7", "less than or equal to 1"),
    ({"dedup": {"threshold": 0}}, "[dedup] threshold = 0", "greater than 0"),
    ({"dedup": {"backend": "mongo"}}, "[dedup] backend = 'mongo'", "'embedded' or 'redis'"),
    ({"dedup": {"num_perm": 128.5}}, "[dedup] num_perm = 128.5", "valid integer"),
    ({"dedup": {"num_perm": True}}, "[dedup] num_perm = True", "valid integer"),
    ({"dedup": {"redis_url": "mongodb://x"}}, "[dedup] redis_url = 'mongodb://x'",
     "match pattern"),
    ({"dedup": {"drop": "yes"}}, "[dedup] drop = 'yes'", "valid boolean"),
    ({"boilerplate": {"languages": ["xx"]}}, "[boilerplate] languages = ['xx']",
     "no words or phrase lists for 'xx'"),
    ({"boilerplate": {"languages": []}}, "[boilerplate] languages = []", "at least 1"),
    ({"language": {"wanted": ["xx"]}}, "[language] wanted = ['xx']",
     "langdetect does not know 'xx'"),
    ({"language": {"wanted": "en"}}, "[language] wanted = 'en'", "valid tuple"),
    ({"run": {"batch_size": -1}}, "[run] batch_size = -1", "greater than or equal to 1"),
    ({"run": {"batch_size": "ten"}}, "[run] batch_size = 'ten'", "valid integer"),
    ({"decode": {"max_bytes": -1}}, "[decode] max_bytes = -1", "greater than 0"),
    ({"extract": {"recall_rescue_ratio": 2}}, "[extract] recall_rescue_ratio = 2",
     "less than or equal to 1"),
    ({"repair": {"drop_garbled_above": "high"}}, "[repair] drop_garbled_above = 'high'",
     "valid number"),
    ({"language": {"wantd": []}}, "[language] wantd: unknown key", "the keys are seed, wanted"),
    ({"langauge": {}}, "unknown section(s) langauge", "the sections are decode, extract"),
    ({"run": 3}, "[run] must be a table", "not 3"),
]


@pytest.mark.parametrize("data,key,allowed", INVALID, ids=[case[1] for case in INVALID])
def test_a_bad_setting_is_refused_naming_the_key_and_what_is_allowed(data, key, allowed):
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping(data)
    assert key in str(caught.value)
    assert allowed in str(caught.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"dedup": {"threshold": 1.7, "num_perm": 1.5}, "run": {
            "batch_size": 0}})
    message = str(caught.value)
    assert "threshold" in message and "num_perm" in message and "batch_size" in message


def test_settings_are_frozen():
    with pytest.raises(ValueError):
        Config().dedup.threshold = 0.5


def test_from_file(tmp_path):
    path = tmp_path / "copydesk.toml"
    path.write_text('[language]\nwanted = ["de"]\n', encoding="utf-8")
    assert Config.from_file(path).language.wanted == ("de",)
    path.write_text('[language\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Config.from_file(path)


def test_to_dict_and_to_toml_round_trip():
    config = Config.from_mapping({"language": {"wanted": ["es"]},
                                  "repair": {"drop_garbled_above": 0.5}})
    assert Config.from_mapping(config.to_dict()) == config
    assert Config.from_mapping(tomllib.loads(to_toml(config))) == config


def test_a_config_survives_pickling():
    import pickle

    config = Config.from_mapping({"dedup": {"threshold": 0.5}})
    assert pickle.loads(pickle.dumps(config)) == config


def test_the_readme_block_of_defaults_is_the_generated_one():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[decode\].*?)```", text, re.S)
    assert block, "README: the block of defaults under Configuration is missing"
    assert block.group(1) == defaults_toml()
    assert Config.from_mapping(tomllib.loads(block.group(1))) == Config()
