"""Settings of the boilerplate stage."""

from __future__ import annotations

from pydantic import field_validator

from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, language_folders
from copydesk.cleaners.settings import Float, Int, Settings, setting


class BoilerplateSettings(Settings):
    languages: tuple[str, ...] = setting(
        DEFAULT_LANGUAGES, "words and phrase lists to use (boilerplate/lang/<code>/)",
        min_length=1)
    # A line is site template when this many distinct articles carry it (and at least this
    # share of the corpus): three keeps one syndicated pair from counting, a share keeps big
    # mixed corpora from losing a line that two outlets happen to share. Reasoned, not
    # measured: ../shared holds no multi-page corpus of one site to tune on.
    template_min_documents: Int = setting(
        3, "a line in this many articles (and this share of the corpus) ...", ge=2)
    template_min_share: Float = setting(0.02, "... is site template", ge=0, le=1)

    @field_validator("languages")
    @classmethod
    def _known(cls, languages: tuple[str, ...]) -> tuple[str, ...]:
        known = language_folders()
        unknown = [code for code in languages if code not in known]
        if unknown:
            raise ValueError(f"no words or phrase lists for {', '.join(map(repr, unknown))}; "
                             f"copydesk has {', '.join(known)}")
        return languages
