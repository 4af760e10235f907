"""The stage runner: a failing stage fails one document, never the run."""

from __future__ import annotations

import subprocess
import sys

import cleaners.stages as stages
from cleaners.config import Config
from cleaners.decode import RawFile
from cleaners.document import Status

ARTICLE = ("Storm closes harbour\n\nStorm closes harbour\n\n"
           "The harbour was closed on Monday after a storm damaged the northern breakwater, "
           "and the coastguard said ships would be turned away until engineers had inspected "
           "the damage.\n\n"
           "Fishing crews said the closure would cost them a week of work.\n\n"
           "Fishing crews said the closure would cost them a week of work.\n")


def test_a_document_runs_through_every_stage():
    timings = stages.new_timings()
    doc = stages.clean_document(RawFile("d", "d.txt", ARTICLE.encode()), Config(), timings)
    assert doc.status is Status.CLEAN
    assert doc.title == "Storm closes harbour"
    assert doc.language == "en"
    texts = [p.text for p in doc.body]
    assert texts.count("Fishing crews said the closure would cost them a week of work.") == 1
    assert set(timings) == {"decode", *(name for name, _ in stages.DOCUMENT_STAGES)}


def test_an_exception_in_a_stage_fails_only_that_document(monkeypatch):
    def broken(doc, config):
        raise RuntimeError("boom")

    monkeypatch.setattr(stages, "DOCUMENT_STAGES", (("repair", broken),))
    doc = stages.clean_document(RawFile("d", "d.txt", ARTICLE.encode()), Config())
    assert doc.status is Status.FAILED
    assert doc.error == "internal error in stage repair: RuntimeError: boom"


def test_cleaners_never_import_prefect():
    code = ("import sys, pkgutil, importlib, cleaners\n"
            "for m in pkgutil.iter_modules(cleaners.__path__):\n"
            "    importlib.import_module('cleaners.' + m.name)\n"
            "assert not [n for n in sys.modules if n.split('.')[0] == 'prefect'], 'prefect'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
