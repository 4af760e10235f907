"""The run report: built from a run's summary, without Prefect."""

from __future__ import annotations

from copydesk.cleaners.document import AuditEntry, Document, Status
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.run.corpus import frequent_removed_lines
from copydesk.flows.report import failure_rows, markdown_report


def removed(text: str, reason: Reason = Reason.NAVIGATION) -> AuditEntry:
    return AuditEntry("boilerplate", Action.REMOVED, reason, text=text)


def docs() -> list[Document]:
    return [Document("b", "b.txt", audit=(removed("Home | News"), removed("Share | this"))),
            Document("a", "a.txt", audit=(removed("Home | News"),)),
            Document("c", "c.bin", status=Status.FAILED, error="not a document")]


SUMMARY = {"documents": 3, "raw_dir": "raw", "clean_dir": "clean", "seconds": 1.5,
           "statuses": {"clean": 2, "failed": 1}, "removed": {"navigation": 3},
           "repaired": {"mojibake": 1}, "flagged": {},
           "seconds_per_stage": {"extract": 0.75, "repair": 0.25},
           "top_removed": frequent_removed_lines(docs()),
           "failed": [{"id": "c", "source": "c.bin", "error": "not a document"}]}


def test_the_most_frequent_removed_lines_come_first() -> None:
    assert frequent_removed_lines(docs()) == [(2, "navigation", "Home | News"),
                                              (1, "navigation", "Share | this")]


def test_the_markdown_report_has_every_section_and_count() -> None:
    text = markdown_report(SUMMARY)
    for line in ("# copydesk: 3 documents", "`raw` → `clean`", "| clean | 2 |",
                 "| failed | 1 |", "| navigation | 3 |", "| mojibake | 1 |",
                 "## Flagged per reason", "| 2 | navigation | Home \\| News |",
                 "| extract | 0.750 | 75% |"):
        assert line in text, line


def test_failed_documents_are_listed_with_their_errors() -> None:
    assert failure_rows(SUMMARY) == [{"id": "c", "source": "c.bin", "error": "not a document"}]
