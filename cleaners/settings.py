"""What every stage's settings have in common: frozen, strict, and described for the README.

A stage's settings are a `Settings` model (pydantic) in the stage's folder. Each field has
its default, the range or choices it allows, and a one-line `description` that becomes the
comment next to it in the README's table of defaults (`cleaners.config.defaults_toml`).
Next to each tuned number, a comment says what measurement chose it.

Values are checked, never converted behind the user's back: `num_perm = 128.5`, `True` for
a number, `"yes"` for a switch or a string for a list are errors, as are unknown keys.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict

#: An integer that must be written as one (not 128.5, not true, not "128").
Int = Annotated[int, Strict()]
#: A number; integers are accepted (0 for 0.0), booleans are not.
Float = Annotated[float, Strict()]
#: true or false, nothing else.
Bool = Annotated[bool, Strict()]


class Settings(BaseModel):
    """The base of every stage's settings model."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


def setting(default: Any, description: str, *, example: Any = None, **limits: Any) -> Any:
    """A field with its default, its README comment and its limits (`gt`, `le`, ...).

    `example` is shown (commented out) in the README for a setting whose default is None.
    """
    extra = {"example": example} if example is not None else None
    return Field(default, description=description, json_schema_extra=extra, **limits)
