"""Settings of the language stage."""

from __future__ import annotations

from pydantic import field_validator

from copydesk.cleaners.language.detect import known_languages
from copydesk.cleaners.settings import Int, Settings, setting


class LanguageSettings(Settings):
    seed: Int = setting(0, "langdetect's seed: the same text gets the same answer")
    # Documents in another language get status `filtered`; empty means every language.
    wanted: tuple[str, ...] = setting(
        (), 'e.g. ["en"]: documents in other languages become "filtered"')
    # langdetect needs some text to judge; shorter paragraphs keep the document's language.
    min_paragraph_chars: Int = setting(
        200, "shorter paragraphs are not judged on their own", ge=1)
    sample_chars: Int = setting(4000, "how much of a document langdetect reads", ge=1)

    @field_validator("wanted")
    @classmethod
    def _known(cls, wanted: tuple[str, ...]) -> tuple[str, ...]:
        known = known_languages()
        unknown = [code for code in wanted if code not in known]
        if unknown:
            raise ValueError(f"langdetect does not know {', '.join(map(repr, unknown))}; "
                             f"it knows {', '.join(sorted(known))}")
        return wanted
