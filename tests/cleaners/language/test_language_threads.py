"""Language detection gives the same answer from many threads at once (batches run in a pool)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from copydesk.cleaners.language import detect as language

TEXTS = [
    "The council approved the new budget on Tuesday after a long debate about school funding.",
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur les écoles.",
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.",
    "El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate.",
]
EXPECTED = ["en", "fr", "de", "es"]


def test_first_use_from_many_threads_loads_every_profile():
    language._profiles.cache_clear()  # the race is in the first load
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda text: language.detect(text, 0)[0], TEXTS * 8))
    assert answers == EXPECTED * 8
    assert len(language._profiles().langlist) == 55
