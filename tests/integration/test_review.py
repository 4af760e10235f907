"""The review pages in a real headless Chromium, opened from `file://` as a user opens them.

Clean folders come from real runs (`run_corpus`, no Prefect): the sample `raw/` with
generated documents and a few odd files (a failed, a filtered and a hostile one), and the
seeds when `../shared` has them. The index of 10,000 documents is a synthetic clean folder
written with the contract's own record functions (`helpers.synthetic_clean`), in memory
where the machine has /dev/shm. Every page is checked for console errors (uncaught
exceptions, files that failed to load).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, console_errors, needs_chromium
from helpers import SAMPLE_RAW, generate_corpus, shared_or_skip, synthetic_clean

from copydesk.cleaners.io.clean_folder import iter_audit, published_folder, read_manifest
from copydesk.cleaners.io.review import write_review
from copydesk.cleaners.io.review.published import site_of
from copydesk.cleaners.run.corpus import run_corpus

pytestmark = [pytest.mark.integration, needs_chromium]

#: How long the index of 10,000 documents may take to show its first rows.
OPEN_SECONDS = 2.0

HOSTILE_TITLE = "Harbour council puts off the <script>window.pwned = 1</script> ferry vote"
HOSTILE = (f"{HOSTILE_TITLE}\n\nThe harbour council put off its vote on the ferry timetable "
           "on Tuesday, after members asked for the costs of a winter service <img src=x "
           'onerror="window.pwned = 2"> to be set out in full.\n\nCouncillors will meet again '
           "in two weeks, when the operator is expected to present its figures.\n\n"
           "Leave a Reply\n")


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium(window=(1280, 900)) as driver:
        yield driver


def run_and_review(raw: Path, clean: Path) -> Path:
    run_corpus(raw, clean)
    write_review(clean)
    return clean


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean folder with every status: the sample raw/ (sites html, text, wire), 40
    generated documents (site gen: syndicated copies, template lines), and odd/: a hostile
    page, a file of an unsupported type (failed), a page of nothing but chrome (filtered)."""
    root = tmp_path_factory.mktemp("mixed")
    raw = root / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    generate_corpus(raw / "gen", 40, seed=2)
    (raw / "odd").mkdir()
    (raw / "odd" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (raw / "odd" / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")
    (raw / "odd" / "chrome.txt").write_text("Leave a Reply\n\nShare this article\n")
    return run_and_review(raw, root / "clean")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = shared_or_skip("seeds")
    root = tmp_path_factory.mktemp("seeds")
    (root / "raw").mkdir()
    for path in sorted(folder.glob("*.txt")):
        shutil.copy(path, root / "raw" / path.name)
    return run_and_review(root / "raw", root / "clean")


#: True once the page is loaded and each of its stylesheets is parsed and applied.
STYLED = """return document.readyState === 'complete' && [...document.querySelectorAll(
  'link[rel=stylesheet]')].every(link => link.sheet !== null)"""


def open_page(browser: Any, path: Path, fragment: str = "", seconds: float = 30) -> None:
    """Open a review page and wait until its stylesheets apply: the colour of a reason
    comes from reasons.css (a full run once read every removed line in the page's ink)."""
    browser.get(path.as_uri() + fragment)
    deadline = time.monotonic() + seconds
    while not browser.execute_script(STYLED):
        assert time.monotonic() < deadline, f"{path.name}: its stylesheets did not load"
        time.sleep(0.05)


def wait_loaded(browser: Any, seconds: float = 30) -> None:
    """Until every data chunk of the index is in (review.js sets data-loaded)."""
    deadline = time.monotonic() + seconds
    while browser.execute_script("return document.documentElement.dataset.loaded") != "all":
        assert time.monotonic() < deadline, "the index did not finish loading"
        time.sleep(0.05)


def visible_ids(browser: Any) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#documents tbody tr')].map(r => r.dataset.id)")


def shown(browser: Any) -> str:
    return browser.execute_script("return document.getElementById('shown').textContent")


def choose(browser: Any, name: str, value: str) -> None:
    """Pick an option of a filter as a user does (a click on the option)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.NAME, name)).select_by_value(value)


def type_text(browser: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.NAME, "q")
    field.clear()
    field.send_keys(text)


def matching(records: list[dict], status: str = "", reason: str = "", language: str = "",
             site: str = "", text: str = "") -> list[str]:
    """The ids the index should show for these filters, in manifest order."""
    def keep(r: dict) -> bool:
        reasons = {r["reason"], *r["removed"], *r["repaired"], *r["flagged"]}
        haystack = "\n".join([r["id"], r["source"], r["title"] or ""]).lower()
        return ((not status or r["status"] == status)
                and (not reason or reason in reasons)
                and (not language or (r["language"] or "-") == language)
                and (not site or site_of(r) == site)
                and (not text or text.lower() in haystack))
    return [r["id"] for r in records if keep(r)]


# --- the index ---------------------------------------------------------------------------


def test_the_index_loads_every_document(browser: Any, mixed: Path) -> None:
    records = read_manifest(mixed)
    open_page(browser, mixed / "review" / "index.html")
    wait_loaded(browser)
    assert shown(browser) == f"{len(records)} of {len(records)} documents match."
    assert visible_ids(browser) == [r["id"] for r in records][:100]
    assert {r["status"] for r in records} == {"clean", "duplicate", "failed", "filtered"}
    charts = browser.execute_script(
        "return [...document.querySelectorAll('#chart-reasons .bar-row')].map(r => "
        "[r.querySelector('.chip').dataset.reason, r.querySelector('.n').textContent])")
    removed = Counter[str]()
    for r in records:
        removed.update(r["removed"])
    assert {reason: int(n) for reason, n in charts} == dict(removed)
    assert console_errors(browser) == []


@pytest.mark.parametrize("filters", [
    {"status": "duplicate"}, {"status": "failed"}, {"status": "filtered"},
    {"reason": "near-duplicate"}, {"reason": "template-line"}, {"reason": "mojibake"},
    {"language": "de"}, {"language": "-"}, {"site": "wire"}, {"site": "gen"},
    {"status": "clean", "site": "text", "language": "en"},
    {"reason": "navigation", "text": "strike"},
], ids=lambda filters: ",".join(f"{k}={v}" for k, v in filters.items()))
def test_filters_show_exactly_the_matching_rows(browser: Any, mixed: Path,
                                                filters: dict[str, str]) -> None:
    records = read_manifest(mixed)
    open_page(browser, mixed / "review" / "index.html")
    wait_loaded(browser)
    for name, value in filters.items():
        if name == "text":
            type_text(browser, value)
        else:
            choose(browser, name, value)
    wanted = matching(records, **filters)
    assert 0 < len(wanted) < len(records), "the filter does not tell documents apart"
    assert visible_ids(browser) == wanted[:100]
    assert shown(browser) == f"{len(wanted)} of {len(records)} documents match."
    assert console_errors(browser) == []


def test_filters_and_sort_survive_a_visit_to_a_document(browser: Any, mixed: Path) -> None:
    from selenium.webdriver.common.by import By

    records = read_manifest(mixed)
    open_page(browser, mixed / "review" / "index.html")
    wait_loaded(browser)
    choose(browser, "status", "clean")
    browser.find_element(By.CSS_SELECTOR, 'th[data-key="removed"] button').click()
    browser.find_element(By.CSS_SELECTOR, 'th[data-key="removed"] button').click()
    clean = [r for r in records if r["status"] == "clean"]
    most = sorted(clean, key=lambda r: -sum(r["removed"].values()))  # stable: ties by id
    assert visible_ids(browser) == [r["id"] for r in most][:100]
    browser.find_element(By.CSS_SELECTOR, "#documents tbody tr a").click()
    assert browser.current_url.endswith(f"/docs/{most[0]['id']}.html")
    browser.back()
    wait_loaded(browser)
    assert visible_ids(browser) == [r["id"] for r in most][:100]
    assert browser.find_element(By.NAME, "status").get_attribute("value") == "clean"
    assert console_errors(browser) == []


# --- document pages ----------------------------------------------------------------------

PAGE_LINES = """return [...document.querySelectorAll('main .line')].map(line => ({
  kind: line.classList.contains('removed') ? 'removed'
      : line.classList.contains('missing') ? 'missing' : 'kept',
  reason: line.dataset.reason || null,
  text: line.classList.contains('removed') ? line.querySelector('del').textContent
                                           : line.textContent,
  hover: line.title,
  color: getComputedStyle(line).color,
  struck: line.querySelector('del')
      ? getComputedStyle(line.querySelector('del')).textDecorationLine : null,
  repairs: [...line.parentElement.querySelectorAll('.note.repair')].map(note => ({
      reason: note.dataset.reason, gone: note.querySelector('.diff del') !== null,
      came: note.querySelector('.diff ins') !== null})),
  flags: [...line.parentElement.querySelectorAll('.note.flag')].map(n => n.dataset.reason),
}))"""


def audit_of(clean: Path) -> dict[str, list[dict]]:
    return {doc_id: [json.loads(line) for line in lines]
            for doc_id, lines in iter_audit(published_folder(clean))}


def test_a_seed_page_shows_the_removed_lines_of_its_audit(browser: Any, seeds: Path) -> None:
    """Each seed's page: every removal of its audit struck through with its reason (and
    only those), in the colour of that reason, with stage and rule on hover; the published
    text as the kept lines, in order; each repair before/after, each flag."""
    audits = audit_of(seeds)
    for item in read_manifest(seeds):
        audit = audits[item["id"]]
        open_page(browser, seeds / "review" / "docs" / f"{item['id']}.html")
        lines = browser.execute_script(PAGE_LINES)
        removed = [line for line in lines if line["kind"] == "removed"]
        wanted = [e for e in audit if e["action"] == "removed"]
        assert Counter(line["reason"] for line in removed) == Counter(
            e["reason"] for e in wanted), item["source"]
        assert Counter((line["reason"], line["text"]) for line in removed) == Counter(
            (e["reason"], e.get("text", "")) for e in wanted)
        assert all("line-through" in line["struck"] for line in removed)
        colours: dict[str, set[str]] = {}
        for line in removed:
            colours.setdefault(line["reason"], set()).add(line["color"])
        assert all(len(c) == 1 for c in colours.values()), "one colour per reason"
        assert len({next(iter(c)) for c in colours.values()}) == len(colours)
        details = {(e["reason"], e.get("text", "")): e for e in wanted}
        for line in removed:
            entry = details[line["reason"], line["text"]]
            assert line["hover"].startswith(f"{entry['stage']}: {entry['reason']} (")
            assert entry.get("detail", "") in line["hover"]
        text = (seeds / item["path"]).read_text(encoding="utf-8").split("\n\n")
        assert [line["text"] for line in lines if line["kind"] == "kept"] == \
            [block.strip() for block in text[-item["paragraphs"]:]]
        repairs = [r for line in lines for r in line["repairs"]]
        assert Counter(r["reason"] for r in repairs) == Counter(
            e["reason"] for e in audit if e["action"] == "repaired")
        assert all(r["gone"] or r["came"] for r in repairs)
        assert Counter(f for line in lines for f in line["flags"]) == Counter(
            e["reason"] for e in audit if e["action"] == "flagged")
        assert console_errors(browser) == []
    assert sum(len(a) for a in audits.values()) > 50, "the seeds gave few audit entries"


def test_a_near_duplicate_links_to_the_document_that_owns_the_text(browser: Any,
                                                                   mixed: Path) -> None:
    from selenium.webdriver.common.by import By

    records = {r["id"]: r for r in read_manifest(mixed)}
    [copy] = [r for r in records.values() if r["source"].startswith("text/port-halvard")]
    open_page(browser, mixed / "review" / "docs" / f"{copy['id']}.html")
    owners = browser.execute_script(
        "return [...document.querySelectorAll('.line.removed[data-reason=\"near-duplicate\"]"
        " .owner a')].map(a => a.getAttribute('href'))")
    assert owners and set(owners) == {f"{copy['duplicate_of']}.html"}
    browser.find_element(By.CSS_SELECTOR, ".line.removed .owner a").click()
    owner = records[copy["duplicate_of"]]
    assert browser.current_url.endswith(f"/docs/{owner['id']}.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == owner["title"]
    assert console_errors(browser) == []


def test_hostile_text_is_shown_as_text(browser: Any, mixed: Path) -> None:
    from selenium.webdriver.common.by import By

    [record] = [r for r in read_manifest(mixed) if r["source"] == "odd/hostile.txt"]
    assert record["title"] == HOSTILE_TITLE
    open_page(browser, mixed / "review" / "docs" / f"{record['id']}.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == HOSTILE_TITLE
    assert '<img src=x onerror="window.pwned = 2">' in browser.find_element(
        By.TAG_NAME, "main").text
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('main img').length") == 0
    open_page(browser, mixed / "review" / "index.html")
    wait_loaded(browser)
    type_text(browser, "pwned")
    assert visible_ids(browser) == [record["id"]]
    assert browser.find_element(By.CSS_SELECTOR, "#documents tbody td.document a").text \
        == HOSTILE_TITLE
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert console_errors(browser) == []


# --- a large run -------------------------------------------------------------------------


@pytest.fixture
def memory_folder(tmp_path: Path) -> Any:
    """A temporary folder in memory (/dev/shm) where there is one, else `tmp_path`: writing
    10,000 pages waits for 10,000 flushes to disk (`write_atomic`), 15 s on this machine's
    disk when idle and over 90 s when busy; the test is about the browser, not the disk."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="copydesk-review-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_index_of_10000_documents_opens_in_under_2_seconds(
        browser: Any, memory_folder: Path, record_property: Any) -> None:
    clean = memory_folder / "clean"
    records = synthetic_clean(clean, 10_000)
    started = time.perf_counter()
    write_review(clean)
    record_property("write_review_seconds", round(time.perf_counter() - started, 1))
    open_page(browser, clean / "review" / "index.html")
    first = browser.execute_script("return window.copydeskReview.firstRows")
    assert first is not None, "no rows were drawn while the page loaded"
    wait_loaded(browser)
    complete = browser.execute_script("return window.copydeskReview.complete")
    record_property("first_rows_ms", round(first))
    record_property("all_rows_ms", round(complete))
    print(f"\nindex of 10,000 documents: first rows after {first:.0f} ms, all rows after "
          f"{complete:.0f} ms")
    assert first < OPEN_SECONDS * 1000
    assert visible_ids(browser) == [r["id"] for r in records][:100]
    assert shown(browser) == "10000 of 10000 documents match."
    choose(browser, "site", "site07.example")
    wanted = matching(records, site="site07.example")
    assert len(wanted) > 50 and visible_ids(browser) == wanted[:100]
    assert re.fullmatch(rf"{len(wanted)} of 10000 documents match\.", shown(browser))
    assert console_errors(browser) == []
