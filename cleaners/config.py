"""Configuration: one frozen object per concern, gathered in `Config`, passed in explicitly.

Nothing reads configuration at import time. A config file is TOML with one table per
concern, e.g.::

    [language]
    wanted = ["en", "fr"]

    [dedup]
    threshold = 0.5

Unknown tables or keys are an error, so a typo does not silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DecodeConfig:
    # A news article is rarely over 1 MB of HTML; 20 MB leaves room for bloated pages while
    # keeping one hostile file from taking the memory of a batch.
    max_bytes: int = 20_000_000
    # How many bytes charset detection looks at when neither a BOM nor a declared charset
    # decides; detection time grows with the sample.
    detect_sample_bytes: int = 200_000


@dataclass(frozen=True)
class ExtractConfig:
    include_tables: bool = True
    # A precision/recall cascade (cleaners/extract.py `_choose`): extract with trafilatura's
    # `favor_precision`, and take its default extraction instead when the precise one kept
    # under `recall_rescue_ratio` of the default's words, or dropped article-like text (prose
    # paragraphs, or blocks inside the article's span) over `dropped_content_share` of them.
    # Measured with benchmarks/extraction.py (scrapinghub macro F1 | trafilatura-eval micro
    # F1): default 0.9637 | 0.9358; precision alone 0.9649 | 0.9295; word ratio alone: 0.5
    # 0.9699 | 0.9326, 0.95 0.9653 | 0.9358; ratio 0.5 with the dropped-content test at
    # share 0 0.9677 | 0.9350, 0.02 0.9678 | 0.9356, 0.04 0.9674 | 0.9356, 0.08 0.9674 |
    # 0.9350. Precision drops titles, standfirsts and link lists (scrapinghub's truth has
    # none of them) but also leads, in-article headings and lists that trafilatura-eval asks for.
    # `favor_precision = false` is plain default extraction; ratio 0 and share 1 never rescue.
    favor_precision: bool = True
    recall_rescue_ratio: float = 0.5
    dropped_content_share: float = 0.02
    # Remove what a browser never displays (the `hidden` attribute, <template>) before
    # extracting; with drop_styled_hidden also what the page's CSS hides, which lost article
    # text that scripts reveal on 23 of 1,171 benchmark pages (see cleaners/hidden.py).
    drop_hidden: bool = True
    drop_styled_hidden: bool = False


@dataclass(frozen=True)
class RepairConfig:
    # Keep curly quotes: straightening them changes a quarter of real paragraphs.
    uncurl_quotes: bool = False
    # Paragraphs whose garble score (share of invented words, 0-1) is above this are dropped;
    # None keeps and flags them. A garbled heading of five words scores 0.2.
    drop_garbled_above: float | None = None


@dataclass(frozen=True)
class BoilerplateConfig:
    languages: tuple[str, ...] = ("en", "fr", "de", "es")
    # A line is site template when this many distinct articles carry it (and at least this
    # share of the corpus): three keeps one syndicated pair from counting, a share keeps big
    # mixed corpora from losing a line that two outlets happen to share. Reasoned, not
    # measured: ../shared holds no multi-page corpus of one site to tune on.
    template_min_documents: int = 3
    template_min_share: float = 0.02


@dataclass(frozen=True)
class LanguageConfig:
    seed: int = 0
    # Documents in another language get status `filtered`; empty means every language.
    wanted: tuple[str, ...] = ()
    # langdetect needs some text to judge; shorter paragraphs keep the document's language.
    min_paragraph_chars: int = 200
    sample_chars: int = 4000


@dataclass(frozen=True)
class DedupConfig:
    # "paragraphs within a document" and, across the corpus, keep-first by (date, id).
    within_document: bool = True
    # Within a document, a repeated paragraph of running prose (a sentence of at least this
    # many words) goes, and so does a pasted block holding one or a run printed twice in a
    # row; shorter repeats (labels, list items, table cells, questions) are the page's
    # structure and stay (cleaners/dedup.py). On the 181 scrapinghub pages
    # (benchmarks/extraction.py) 20, 25 and 30 words give F1 0.9713, 15 0.9711, 12 0.9705,
    # 8 0.9702; removing every repeat gave 0.9678, keeping every repeat 0.9696.
    repeat_min_words: int = 20
    across_corpus: bool = True
    # Drop near-duplicate paragraphs, or only flag them.
    drop: bool = True
    # Near-duplicate paragraphs (cleaners/minhash.py). Measured with benchmarks/dedup.py on
    # ../shared/benchmarks/near-duplicates (19,497 paragraphs): word 2-shingles with Jaccard
    # 0.4 give pair F1 0.92 (P 0.998) where 5-shingles at 0.7 give 0.50; 3-shingles at 0.4
    # give 0.82; Jaccard 0.3 gains recall on ocr/heavy edits but merges four times as many
    # distinct base paragraphs (57 false pairs against 12), 0.45 loses trunc recall (0.927).
    shingle_size: int = 2
    threshold: float = 0.4  # the estimated Jaccard a candidate must reach
    # LSH proposes candidates from a lower threshold than the check (37 bands of 3 rows
    # instead of 32 of 4): recall on `trunc` 0.952 -> 0.964, pair F1 0.918 -> 0.934, with
    # the same precision (0.998) and 15% more band keys.
    lsh_threshold: float = 0.3
    # 256 permutations measured no better (pair F1 0.906 against 0.918, same LSH threshold).
    num_perm: int = 128
    seed: int = 1
    # A trimmed copy (first 60-90% of the words) has Jaccard 0.6-0.9 but containment ~1.
    # 0.8 and 0.9 measured the same (trunc recall 0.952/0.953); 0.8 leaves room for a typo.
    containment_threshold: float = 0.8
    # Containment counts only when the smaller paragraph has this many shingles and is at
    # least this share of the larger: a stock phrase inside a long paragraph is no copy
    # (without the ratio, 16 false pairs of distinct base paragraphs instead of 12).
    containment_min_shingles: int = 5
    containment_min_ratio: float = 0.5
    # Paragraphs with fewer normalised words are compared by exact normalised hash: a short
    # sentence that differs in one word ("the match was postponed/cancelled") is news.
    # 4, 5 and 6 measured the same on the benchmark (trunc recall 0.954/0.954/0.952).
    min_words: int = 6
    # Where the corpus index lives: "embedded" (a file in the state folder) or "redis".
    backend: str = "embedded"
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Fixed, so that every worker and every run share one index.
    redis_basename: str = "copydesk-dedup"


@dataclass(frozen=True)
class RunConfig:
    # Documents per Prefect task. A task costs 6-11 ms with threads and 100 ms or more on
    # Dask, plus its state changes on the API. At 250 (40 tasks for 10,000 documents) the
    # default flow (one thread) measured -4.0% CPU and -6.9% wall time against the mean of
    # two plain runs that differ by 4%, on an idle machine: no cost above the noise
    # (benchmarks/orchestration.py, README "What orchestration costs").
    batch_size: int = 250


@dataclass(frozen=True)
class Config:
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    repair: RepairConfig = field(default_factory=RepairConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    run: RunConfig = field(default_factory=RunConfig)

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> Config:
        """Build a config from nested dicts (a parsed TOML file, or a flow parameter)."""
        data = dict(data or {})
        sections: dict[str, Any] = {}
        for section in dataclasses.fields(cls):
            values = data.pop(section.name, None)
            if values is None:
                continue
            if not isinstance(values, dict):
                raise ValueError(f"config: [{section.name}] must be a table")
            section_type = type(getattr(cls(), section.name))
            sections[section.name] = _build_section(section_type, section.name, values)
        if data:
            raise ValueError(f"config: unknown section(s): {', '.join(sorted(data))}")
        return cls(**sections)

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        with open(path, "rb") as handle:
            return cls.from_mapping(tomllib.load(handle))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _build_section(section_type: type, name: str, values: dict[str, Any]) -> Any:
    known = {f.name: f for f in dataclasses.fields(section_type)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"config: unknown key(s) in [{name}]: {', '.join(sorted(unknown))}")
    defaults = section_type()
    converted: dict[str, Any] = {}
    for key, value in values.items():
        default = getattr(defaults, key)
        if isinstance(default, tuple):
            if not isinstance(value, list | tuple):
                raise ValueError(f"config: [{name}] {key} must be a list")
            value = tuple(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"config: [{name}] {key} must be true or false")
        elif isinstance(default, int | float) and not isinstance(value, int | float):
            raise ValueError(f"config: [{name}] {key} must be a number")
        converted[key] = value
    return section_type(**converted)
