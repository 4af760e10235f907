"""Settings of the dedup stage."""

from __future__ import annotations

from typing import Literal

from copydesk.cleaners.settings import Bool, Float, Int, Settings, setting


class DedupSettings(Settings):
    # "paragraphs within a document" and, across the corpus, keep-first by (date, id).
    within_document: Bool = setting(True, "remove what a document prints twice")
    # Within a document, a repeated paragraph of running prose (a sentence of at least this
    # many words) goes, and so does a pasted block holding one or a run printed twice in a
    # row; shorter repeats (labels, list items, table cells, questions) are the page's
    # structure and stay (cleaners/dedup/within.py). On the 181 scrapinghub pages
    # (benchmarks/extraction.py) 20, 25 and 30 words give F1 0.9713, 15 0.9711, 12 0.9705,
    # 8 0.9702; removing every repeat gave 0.9678, keeping every repeat 0.9696.
    repeat_min_words: Int = setting(
        20, "a repeated sentence paragraph this long goes; shorter repeats stay", ge=1)
    across_corpus: Bool = setting(True, "remove paragraphs an earlier document published")
    drop: Bool = setting(True, "false: keep near-duplicate paragraphs and only flag them")
    # Near-duplicate paragraphs (cleaners/dedup/minhash.py). Measured with
    # benchmarks/dedup.py on ../shared/benchmarks/near-duplicates (19,497 paragraphs): word
    # 2-shingles with Jaccard 0.4 give pair F1 0.92 (P 0.998) where 5-shingles at 0.7 give
    # 0.50; 3-shingles at 0.4 give 0.82; Jaccard 0.3 gains recall on ocr/heavy edits but
    # merges four times as many distinct base paragraphs (57 false pairs against 12), 0.45
    # loses trunc recall (0.927).
    shingle_size: Int = setting(2, "words per shingle", ge=1, le=16)
    threshold: Float = setting(0.4, "estimated Jaccard a near-duplicate must reach", gt=0, le=1)
    # LSH proposes candidates from a lower threshold than the check (37 bands of 3 rows
    # instead of 32 of 4): recall on `trunc` 0.952 -> 0.964, pair F1 0.918 -> 0.934, with
    # the same precision (0.998) and 15% more band keys.
    lsh_threshold: Float = setting(0.3, "LSH proposes candidates from this lower threshold",
                                   gt=0, le=1)
    # 256 permutations measured no better (pair F1 0.906 against 0.918, same LSH threshold).
    num_perm: Int = setting(128, "MinHash permutations", ge=16, le=1024)
    seed: Int = setting(1, "MinHash seed", ge=0)
    # A trimmed copy (first 60-90% of the words) has Jaccard 0.6-0.9 but containment ~1.
    # 0.8 and 0.9 measured the same (trunc recall 0.952/0.953); 0.8 leaves room for a typo.
    containment_threshold: Float = setting(
        0.8, "a trimmed copy: share of its shingles found in the original", gt=0, le=1)
    # Containment counts only when the smaller paragraph has this many shingles and is at
    # least this share of the larger: a stock phrase inside a long paragraph is no copy
    # (without the ratio, 16 false pairs of distinct base paragraphs instead of 12).
    containment_min_shingles: Int = setting(5, "... when it has this many shingles", ge=1)
    containment_min_ratio: Float = setting(
        0.5, "... and is at least this share of the original's", ge=0, le=1)
    # Paragraphs with fewer normalised words are compared by exact normalised hash: a short
    # sentence that differs in one word ("the match was postponed/cancelled") is news.
    # 4, 5 and 6 measured the same on the benchmark (trunc recall 0.954/0.954/0.952).
    min_words: Int = setting(
        6, "shorter paragraphs are compared by exact normalised hash", ge=1)
    # ... and go only inside a run of this many consecutive paragraphs repeating one earlier
    # document (a list or table printed again); alone, a short line that an earlier page of
    # the site also has (a heading "Installation", a code line, a label) is the page's own
    # structure, and site template lines are the template step's job. Three is the shortest
    # run that is a block rather than a heading and its first line.
    min_block: Int = setting(
        3, "... and go only in a run of this many repeating one document", ge=1)
    # Where the corpus index lives: "embedded" (a file in the state folder) or "redis".
    backend: Literal["embedded", "redis"] = setting(
        "embedded", 'or "redis": one index shared by all workers')
    redis_url: str = setting("redis://127.0.0.1:6379/0",
                             "redis://, rediss:// (TLS) or unix://, password included",
                             pattern=r"^(redis|rediss|unix)://")
    # Fixed, so that every worker and every run share one index.
    redis_basename: str = setting("copydesk-dedup", "prefix of every key in Redis",
                                  min_length=1)
