"""The stage runner: a failing stage fails one document, never the run."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from helpers import OUTSIDE

import copydesk.cleaners.pipeline as stages
from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Status
from copydesk.cleaners.io.files import RawFile

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
    assert set(timings) == {stage.name for stage in stages.STAGES
                            if stage.read is not None or stage.document is not None}


def test_an_exception_in_a_stage_fails_only_that_document(monkeypatch):
    def broken(doc, config):
        raise RuntimeError("boom")

    broken_stages = tuple(dataclasses.replace(stage, document=broken)
                          if stage.name == "repair" else stage for stage in stages.STAGES)
    monkeypatch.setattr(stages, "STAGES", broken_stages)
    doc = stages.clean_document(RawFile("d", "d.txt", ARTICLE.encode()), Config())
    assert doc.status is Status.FAILED
    assert doc.error == "internal error in stage repair: RuntimeError: boom"


def test_cleaners_never_import_prefect():
    code = ("import sys, pkgutil, importlib, copydesk.cleaners as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'copydesk.cleaners.'):\n"
            "    importlib.import_module(m.name)\n"
            "assert not [n for n in sys.modules if n.split('.')[0] == 'prefect'], 'prefect'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=OUTSIDE)


def test_stages_emit_only_the_reason_codes_they_declare():
    from helpers import SAMPLE_RAW

    from copydesk.cleaners.ids import document_id

    declared = {stage.name: set(stage.reasons) for stage in stages.STAGES}
    raws = [RawFile(document_id(p.name), p.name, p.read_bytes())
            for p in sorted(SAMPLE_RAW.rglob("*")) if p.is_file()]
    docs = stages.clean_corpus([stages.clean_document(raw, Config()) for raw in raws], Config())
    seen = [(entry.stage, entry.reason) for doc in docs for entry in doc.audit]
    assert len({reason for _, reason in seen}) >= 15
    for stage, reason in seen:
        assert reason in declared[stage] or reason in stages.PIPELINE_REASONS, (stage, reason)
