"""The dedup stage: a paragraph is published once.

Per document (`within.py`): what a document prints twice (a pasted paragraph or block, a
stutter) goes. Over the corpus (`across.py`): the earliest document (by date, then id) keeps
a paragraph and later copies lose it, exact or near (word shingles, `shingles.py`; MinHash
and LSH, `minhash.py`); a document with nothing of its own left is a `duplicate`. What
earlier runs published is in the index (`index/`: embedded, or Redis). Settings:
`settings.py`.
"""

from __future__ import annotations

from copydesk.cleaners.dedup.across import NearDuplicates, drop_repeats_across
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.dedup.within import NAME, drop_repeats_within
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.stage import Stage

STAGE = Stage(
    name=NAME,
    summary="inside a document, a repeated paragraph of running prose goes, with the block "
            "pasted around it, and a line or run printed twice in a row (short repeats such "
            "as labels, list items, table cells and interview questions stay); across the "
            "corpus the earliest document (by date, then id) keeps a paragraph and later "
            "copies lose it (short lines only where they repeat as a block); a document left "
            "with only short lines and no prose is a duplicate",
    settings=DedupSettings,
    reasons=(Reason.DUPLICATE_IN_DOCUMENT, Reason.NEAR_DUPLICATE, Reason.DUPLICATE_DOCUMENT),
    document=drop_repeats_within,
    corpus=NearDuplicates,
)

__all__ = ["STAGE", "DedupSettings", "NearDuplicates", "drop_repeats_across",
           "drop_repeats_within"]
