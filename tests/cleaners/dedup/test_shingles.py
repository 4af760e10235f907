"""Shingles and signatures: what makes two paragraphs compare equal, and how similar."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from helpers import OUTSIDE

from copydesk.cleaners.dedup.minhash import band_keys, lsh_bands, signatures, verify
from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.dedup.shingles import normalise, shingle_hashes, tokens

TEXT = ("Three coastal states agreed on Monday to hold their first joint defence drill in "
        "the northern strait, officials said.")


@pytest.mark.parametrize(("a", "b"), [
    ("The Storm, on 3 March!", "the storm on march"),
    ("COASTAL  states\tagreed", "coastal states agreed"),
    ("“Quoted” — text…", '"quoted" - text...'),
])
def test_format_edits_normalise_away(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert tokens(a) == tokens(b)


def test_shingles_are_runs_of_words() -> None:
    words = tokens(TEXT)
    assert len(shingle_hashes(words, 2)) == len(words) - 1
    assert len(shingle_hashes(words, 5)) == len(words) - 4
    assert shingle_hashes([], 2).size == 0
    # Word order counts: the same words in another order share no 2-shingle here.
    assert not set(shingle_hashes(["a", "b", "c"], 2)) & set(shingle_hashes(["c", "b", "a"], 2))


def test_shingles_do_not_depend_on_the_process() -> None:
    """CRC-32, not Python's salted hash: another interpreter gives the same values."""
    code = ("from copydesk.cleaners.dedup.shingles import shingle_hashes, tokens; "
            f"print(shingle_hashes(tokens({TEXT!r}), 2).tolist())")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": "123"}, cwd=OUTSIDE)
    assert other.stdout.strip() == str(shingle_hashes(tokens(TEXT), 2).tolist())


def sign(*texts: str) -> tuple[np.ndarray, list[int]]:
    sets = [shingle_hashes(tokens(t), 2) for t in texts]
    return signatures(sets, 128, 1), [len(s) for s in sets]


def test_signatures_are_repeatable_and_estimate_jaccard() -> None:
    edited = TEXT.replace("defence", "defense")
    sigs, _ = sign(TEXT, edited, TEXT)
    assert sigs.dtype == np.uint32 and sigs.shape == (3, 128)
    assert (sigs[0] == sigs[2]).all()
    exact = 16 / 20  # 19 words, 18 shingles each, two differ: |A∩B| = 16, |A∪B| = 20
    assert abs((sigs[0] == sigs[1]).mean() - exact) < 0.15


def test_band_keys_agree_exactly_when_a_band_agrees() -> None:
    sigs, _ = sign(TEXT, TEXT.replace("officials", "ministers"))
    bands, rows = lsh_bands(0.4, 128)
    keys = band_keys(sigs, bands, rows)
    same_band = [(sigs[0, b * rows:(b + 1) * rows] == sigs[1, b * rows:(b + 1) * rows]).all()
                 for b in range(bands)]
    assert (keys[0] == keys[1]).tolist() == same_band
    assert len(set(keys[0].tolist())) == bands  # the band number is part of the key


def test_containment_catches_a_trimmed_copy_that_jaccard_misses() -> None:
    long = " ".join(f"{TEXT} And then {w} happened in the harbour." for w in ("rain", "fog"))
    trimmed = " ".join(long.split()[:22])
    sigs, sizes = sign(long, trimmed)
    strict = DedupSettings(threshold=0.9)
    verdict = verify(sigs[1], sizes[1], sigs[:1], np.array(sizes[:1]), strict)
    assert verdict is not None and verdict.measure == "containment"
    no_containment = DedupSettings(threshold=0.9, containment_min_shingles=10_000)
    assert verify(sigs[1], sizes[1], sigs[:1], np.array(sizes[:1]), no_containment) is None


def test_a_phrase_inside_a_long_paragraph_is_not_its_copy() -> None:
    long = " ".join([TEXT] * 1) + " " + " ".join(f"word{chr(97 + i % 26)}x" for i in range(60))
    phrase = "three coastal states agreed on monday to hold"
    sigs, sizes = sign(long, phrase)
    assert verify(sigs[1], sizes[1], sigs[:1], np.array(sizes[:1]), DedupSettings()) is None


def test_unrelated_paragraphs_do_not_match() -> None:
    other = ("The cottage beside the lighthouse will open as a small museum in the autumn, "
             "after volunteers spent two winters repairing its roof.")
    sigs, sizes = sign(TEXT, other)
    assert verify(sigs[1], sizes[1], sigs[:1], np.array(sizes[:1]), DedupSettings()) is None


def test_ties_go_to_the_earlier_candidate() -> None:
    sigs, sizes = sign(TEXT, TEXT, TEXT)
    verdict = verify(sigs[0], sizes[0], sigs[1:], np.array(sizes[1:]), DedupSettings())
    assert verdict is not None and verdict.position == 0 and verdict.similarity == 1.0
