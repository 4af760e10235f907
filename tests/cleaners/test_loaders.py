"""The word lists, phrase books and language profiles load once per process, and only when a
document first needs them: importing copydesk loads none, the first document loads each
once, a second document (or a second batch on a Dask worker) loads nothing again."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import OUTSIDE, ROOT

_CODE = """
import json, sys
from copydesk.cleaners.boilerplate import lexicon, phrases
from copydesk.cleaners.config import Config
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.language import common_words, detect
from copydesk.cleaners.pipeline import clean_document
import wordfreq

LOADERS = {"langdetect profiles": detect._profiles,
           "common words": common_words.common_words,
           "wordfreq lists": wordfreq.get_frequency_dict,
           "phrase books": phrases.phrase_book,
           "lexicons": lexicon.lexicon}

def loads():
    return {name: loader.cache_info().misses for name, loader in LOADERS.items()}

config = Config()
seen = [loads()]
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        clean_document(RawFile(name, name, handle.read()), config)
    seen.append(loads())
print(json.dumps(seen))
"""


def test_loaders_run_once_per_process_on_first_use():
    pages = [str(ROOT / "raw" / "html" / "desalination-plant-valmora-tribune.html"),
             str(ROOT / "raw" / "html" / "kestrel-ridge-wildfire-highland-herald.html")]
    out = subprocess.run([sys.executable, "-c", _CODE, *pages], capture_output=True,
                         text=True, check=True, cwd=OUTSIDE)
    before, first, second = json.loads(out.stdout.strip().splitlines()[-1])
    assert before == dict.fromkeys(before, 0), "something loaded at import"
    assert all(count >= 1 for count in first.values()), first
    assert second == first, "the second document loaded something again"
