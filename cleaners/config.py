"""Configuration: one frozen settings section per stage, and `[run]`, gathered in `Config`.

The sections are those of the stages in `cleaners.pipeline.STAGES` (each stage declares its
settings model in its own folder) plus `RunSettings`. Nothing reads configuration at import
time. A config file is TOML with one table per section, e.g.::

    [language]
    wanted = ["en", "fr"]

    [dedup]
    threshold = 0.5

Every value is checked before anything runs: unknown tables or keys, wrong types (`128.5`
or `true` for a whole number, a string for a list), values out of range (`threshold = 1.7`)
and unknown choices (`backend = "mongo"`, a language copydesk has no words for) are a
`ConfigError` naming the key, the value and what is allowed.
"""

from __future__ import annotations

import pickle
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from copydesk.cleaners.run.settings import RunSettings
from copydesk.cleaners.settings import Settings


class ConfigError(ValueError):
    """A config that cannot be used; the message says which key and why."""


def sections() -> dict[str, type[Settings]]:
    """Every config table and its settings model, in pipeline order, then `[run]`."""
    from copydesk.cleaners.pipeline import STAGES

    found: dict[str, type[Settings]] = {stage.name: stage.settings for stage in STAGES
                                        if stage.settings is not None}
    found["run"] = RunSettings
    return found


class Config:
    """All settings of a run: `config.dedup`, `config.section("dedup")`, ..."""

    __slots__ = ("_loaded", "_packed", "_run")

    def __init__(self, **given: Settings) -> None:
        models = sections()
        unknown = set(given) - set(models)
        if unknown:
            raise ConfigError(f"config: unknown section(s): {', '.join(sorted(unknown))}")
        self._loaded: dict[str, Settings] | None = {
            name: given.get(name) or model() for name, model in models.items()}
        self._run = cast(RunSettings, self._loaded["run"])
        self._packed: bytes | None = None

    @property
    def _sections(self) -> dict[str, Settings]:
        if self._loaded is None:  # unpickled: the stages' settings on first use
            assert self._packed is not None
            self._loaded = {**pickle.loads(self._packed), "run": self._run}
        return self._loaded

    @property
    def run(self) -> RunSettings:
        return self._run

    def section(self, name: str) -> Any:
        """The settings of one stage (None for a stage without settings)."""
        return self._run if name == "run" else self._sections.get(name)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._sections[name]
        except KeyError:
            raise AttributeError(name) from None

    # A pickled config keeps the stages' settings as one blob, unpickled where a section is
    # first read: a process that only hands the config on (a Dask worker sending documents
    # to its document workers reads `run` alone) does not import the stages, whose modules
    # its settings classes live beside (package `__init__`s load the stage: trafilatura,
    # wordfreq, datasketch...). That was about 1 s of CPU per Dask worker on a 2-core
    # machine (README "What orchestration costs"). The blob is made once per config.
    def __getstate__(self) -> tuple[RunSettings, bytes]:
        if self._packed is None:
            self._packed = pickle.dumps({name: model for name, model in self._sections.items()
                                         if name != "run"}, protocol=pickle.HIGHEST_PROTOCOL)
        return self._run, self._packed

    def __setstate__(self, state: tuple[RunSettings, bytes]) -> None:
        self._run, self._packed = state
        self._loaded = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Config) and self._sections == other._sections

    def __hash__(self) -> int:
        return hash(tuple(self._sections.items()))

    def __repr__(self) -> str:
        return f"Config({', '.join(f'{k}={v!r}' for k, v in self._sections.items())})"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Config:
        """Build a config from nested tables (a parsed TOML file, or a flow parameter)."""
        data = dict(data or {})
        models = sections()
        unknown = sorted(set(data) - set(models))
        if unknown:
            raise ConfigError(f"config: unknown section(s) {', '.join(unknown)}; the sections "
                              f"are {', '.join(models)}")
        built: dict[str, Settings] = {}
        problems: list[str] = []
        for name, values in data.items():
            if not isinstance(values, Mapping):
                problems.append(f"[{name}] must be a table, not {values!r}")
                continue
            try:
                built[name] = models[name].model_validate(dict(values))
            except ValidationError as error:
                problems += [_problem(name, models[name], e) for e in error.errors()]
        if problems:
            raise ConfigError("config: " + "; ".join(problems))
        return cls(**built)

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"config: {path} is not valid TOML: {error}") from None
        return cls.from_mapping(data)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: model.model_dump() for name, model in self._sections.items()}


def _problem(section: str, model: type[Settings], error: Any) -> str:
    """One validation error as "[section] key = value: what is wrong"."""
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        known = ", ".join(model.model_fields)
        return f"[{section}] {key}: unknown key; the keys are {known}"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return f"[{section}] {key} = {error['input']!r}: {message}"


def defaults_toml() -> str:
    """The default config as TOML, every key with its README comment (the README shows this
    block; a test checks that it is this, character for character)."""
    return to_toml(Config())


def to_toml(config: Config) -> str:
    """A config as a TOML file, every key with its comment; a key whose value is None (TOML
    has none) is shown commented out with an example value."""
    out: list[str] = []
    for name, model in sections().items():
        out.append(f"[{name}]")
        values = config.section(name)
        for key, field in model.model_fields.items():
            value = getattr(values, key)
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if value is None:
                line = f"# {key} = {_toml(extra.get('example'))}"
            else:
                line = f"{key} = {_toml(value)}"
            out.append(f"{line:<29} # {field.description}" if field.description else line)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)
