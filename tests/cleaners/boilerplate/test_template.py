"""Template lines: a line on many different articles of a corpus, outside their article."""

from __future__ import annotations

from copydesk.cleaners.boilerplate.settings import BoilerplateSettings
from copydesk.cleaners.boilerplate.template import (
    TemplateFingerprint,
    count_template_lines,
    strip_template_lines,
    template_fingerprint,
)
from copydesk.cleaners.document import Document, Paragraph
from copydesk.cleaners.reasons import Reason

CONFIG = BoilerplateSettings()


def story(n: int, head: str = "Valley Courier daily edition", heading: str = "What happened",
          tail: str = "Independent local news since 1921") -> Document:
    body = (
        Paragraph(head),
        Paragraph(f"Story {n} begins with a paragraph long enough to count as prose, about "
                  f"subject number {n} of the week."),
        Paragraph(heading),
        Paragraph(f"Story {n} goes on with more detail on subject {n}, the people involved and "
                  f"what they said."),
        Paragraph(tail),
    )
    return Document(f"d{n}", f"d{n}.txt", body=body)


def test_recurring_lines_outside_the_article_are_removed() -> None:
    docs = [story(n) for n in range(5)]
    counts = count_template_lines(docs)
    cleaned = strip_template_lines(docs[0], counts, CONFIG)
    texts = [p.text for p in cleaned.body]
    assert "Valley Courier daily edition" not in texts
    assert "Independent local news since 1921" not in texts
    assert "What happened" in texts  # a recurring heading inside the article stays
    entries = [e for e in cleaned.audit if e.reason is Reason.TEMPLATE_LINE]
    assert len(entries) == 2 and entries[0].detail == "in 5 of 5 articles"


def test_copies_of_one_article_count_once() -> None:
    docs = [story(1) for _ in range(5)]
    counts = count_template_lines(docs)
    assert strip_template_lines(docs[0], counts, CONFIG) == docs[0]


def test_too_few_articles_leave_everything() -> None:
    docs = [story(1), story(2)]
    counts = count_template_lines(docs)
    assert strip_template_lines(docs[0], counts, CONFIG) == docs[0]


def test_counts_do_not_depend_on_earlier_calls() -> None:
    first = count_template_lines([story(n) for n in range(5)])
    count_template_lines([story(n, head="Other site") for n in range(9)])
    assert count_template_lines([story(n) for n in range(5)]) == first


def test_clean_corpus_strips_template_lines_before_dedup() -> None:
    from copydesk.cleaners.config import Config
    from copydesk.cleaners.pipeline import clean_corpus

    docs = [story(n).with_changes(body=(Paragraph("Valley Courier daily edition"),
                                        Paragraph(f"Story {n}: {w} said on Monday that the "
                                                  f"{w} plan would go ahead next spring.")))
            for n, w in enumerate(["mayor", "bishop", "coach", "judge", "farmer"])]
    result = clean_corpus(docs, Config())
    assert all("Valley Courier daily edition" not in [p.text for p in d.body] for d in result)
    assert all(any(e.reason is Reason.TEMPLATE_LINE for e in d.audit) for d in result)


def test_a_fingerprint_note_is_one_string_and_reads_back_the_same() -> None:
    """The note a run keeps of every document is one string (article key, then the folded
    short lines); the dict form that earlier state files hold still reads."""
    fingerprint = template_fingerprint(story(1))
    assert fingerprint is not None and fingerprint.lines
    note = fingerprint.to_json()
    assert isinstance(note, str) and note.split("\n")[0] == fingerprint.article
    assert TemplateFingerprint.from_json(note) == fingerprint
    old = {"article": fingerprint.article, "lines": list(fingerprint.lines)}
    assert TemplateFingerprint.from_json(old) == fingerprint
    bare = TemplateFingerprint("abc", ())
    assert TemplateFingerprint.from_json(bare.to_json()) == bare
