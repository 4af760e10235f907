"""The boilerplate stage: table cases (synthetic, negative, known failures) and its helpers.

Cases live in tests/cases/boilerplate/*.json. A synthetic case lists `remove` pairs (a snippet
and the reason code its removal must carry) and `keep` snippets; a negative case is an article
whose every line must survive; known failures are strict xfails, so fixing one is noticed.
"""

from __future__ import annotations

import json

import pytest
from helpers import TESTS

from copydesk.cleaners.boilerplate.headlines import find_date, parse_byline, parse_dateline
from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, lexicon
from copydesk.cleaners.boilerplate.lines import is_nav_menu, is_prose, is_share_row, line_verdict
from copydesk.cleaners.boilerplate.phrases import phrase_book
from copydesk.cleaners.boilerplate.settings import BoilerplateSettings
from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, InputFormat, Kind, Paragraph
from copydesk.cleaners.io.clean_folder import render_text
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_document
from copydesk.cleaners.reasons import Action, Reason

CASES = TESTS / "cases" / "boilerplate"


def load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def clean_text(text: str) -> Document:
    return clean_document(RawFile("case", "case.txt", text.encode("utf-8")), Config())


def check_case(case: dict) -> None:
    doc = clean_text(case["text"])
    rendered = render_text(doc)
    removed = [e for e in doc.audit if e.stage == "boilerplate" and e.action is Action.REMOVED]
    for snippet, reason in case.get("remove", []):
        printed = rendered.count(snippet)
        assert printed == (1 if reason == "repeated-title" else 0), f"kept {snippet!r}"
        reasons = [e.reason.value for e in removed if snippet in (e.text or "")]
        assert reason in reasons, f"{snippet!r} removed as {reasons}, expected {reason}"
    for snippet in case.get("keep", []):
        assert snippet in rendered, f"lost {snippet!r}"
    for name in ("title", "date"):
        if name in case:
            assert getattr(doc, name) == case[name]
    if "authors" in case:
        assert list(doc.authors) == case["authors"]


@pytest.mark.parametrize("case", load("synthetic.json"), ids=lambda c: c["label"])
def test_synthetic(case: dict) -> None:
    check_case(case)


@pytest.mark.parametrize("case", load("negative.json"), ids=lambda c: c["label"])
def test_negative_every_article_line_survives(case: dict) -> None:
    doc = clean_text(case["text"])
    rendered = render_text(doc)
    for line in case["text"].splitlines():
        line = line.strip().removeprefix("- ")
        assert line in rendered, f"lost {line!r}"
    removed = [e for e in doc.audit if e.stage == "boilerplate" and e.action is Action.REMOVED
               and e.reason not in (Reason.TITLE, Reason.REPEATED_TITLE)]
    assert not removed


@pytest.mark.parametrize("case", load("known-failures.json"), ids=lambda c: c["label"])
@pytest.mark.xfail(strict=True, reason="known failure, see the case label")
def test_known_failures(case: dict) -> None:
    check_case(case)


@pytest.mark.parametrize(("line", "names"), [
    ("By Matthew WALSH, James EDGAR", ("Matthew Walsh", "James Edgar")),
    ("By Jane Doe and John Roe | Reuters", ("Jane Doe", "John Roe")),
    ("Von Anna Schmidt und Jonas Keller", ("Anna Schmidt", "Jonas Keller")),
    ("Por Lucía Fernández y Pedro Gil", ("Lucía Fernández", "Pedro Gil")),
    ("By Sam Lee, Staff Writer", ("Sam Lee",)),
    ("By the way, this matters.", ()),
    ("By 2030 the plant will be closed", ()),
    ("Written by a committee of experts over many months of work", ()),
])
def test_parse_byline(line: str, names: tuple[str, ...]) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(("line", "date"), [
    ("Beijing (AFP) Mar 18, 2024", "2024-03-18"),
    ("LISBON, March 18, 2024 (Reuters) -", "2024-03-18"),
    ("Published: 14 May 2023, 09:30", "2023-05-14"),
    ("18.03.2024, 14:05 Uhr", "2024-03-18"),
    ("Sevilla, 18 de marzo de 2024 (EFE)", "2024-03-18"),
    ("2021-06-02", "2021-06-02"),
    ("Prices rose on March 18, 2024 as investors fled the bond market", None),
    ("March 32, 2024", None),
])
def test_parse_dateline(line: str, date: str | None) -> None:
    assert parse_dateline(line) == date


def test_find_date_reads_four_languages() -> None:
    assert find_date("le 1er mars 2024") == "2024-03-01"
    assert find_date("am 3. Oktober 2020") == "2020-10-03"


@pytest.mark.parametrize(("line", "menu"), [
    ("News | World | Business", True),
    ("Home » Europe » Germany", True),
    ("3 | Kevin Harvick | 5033 | 4", False),
    ("Harvest on Fort Pond / dinner in Montauk / example.com", False),
    ("He said: yes | no | maybe, and then he left the room without another word", False),
])
def test_nav_menu(line: str, menu: bool) -> None:
    assert is_nav_menu(line) is menu


def test_share_row_and_prose() -> None:
    assert is_share_row("Facebook · Twitter · Email")
    assert not is_share_row("Facebook shares fell")
    assert is_prose("That would shut out the students who use it most.")
    assert not is_prose("Council votes to keep the old ferry running")


def test_html_text_keeps_its_head_and_lists() -> None:
    """Extracted HTML is already cut to the article: no head or teaser-run guessing."""
    body = (Paragraph("Kicker label"), Paragraph("A first paragraph of the article that is "
            "long enough to count as running prose."), Paragraph("Tour dates", Kind.HEADING),
            Paragraph("June 9 – West Palm Beach, FL"), Paragraph("June 10 – Tampa, FL"),
            Paragraph("June 14 – Alpharetta, GA"))
    doc = Document("h", "h.html", input_format=InputFormat.HTML, title="T", body=body)
    from copydesk.cleaners.boilerplate import strip_boilerplate
    assert strip_boilerplate(doc, BoilerplateSettings()).body == body
    text_doc = doc.with_changes(input_format=InputFormat.TEXT)
    assert strip_boilerplate(text_doc, BoilerplateSettings()).body != body


def test_every_removal_has_an_audit_entry_with_text() -> None:
    case = load("synthetic.json")[0]
    doc = clean_text(case["text"])
    removed = [e for e in doc.audit if e.stage == "boilerplate" and e.action is Action.REMOVED]
    lines = [line for line in case["text"].splitlines() if line.strip()]
    assert len(removed) + len(doc.body) + 0 == len(lines)
    assert all(e.text and e.paragraph is not None and e.detail for e in removed)


def test_a_comment_prompt_inside_an_extracted_article_takes_only_itself() -> None:
    """HTML is extracted without comments: a heading that reads like a comment prompt is
    followed by the article, which goes on; in scraped text the same line opens the
    comments and takes what follows."""
    paragraphs = [
        "The county will decide next month whether the old quarry becomes a nature reserve "
        "or a storage site for road salt, the planning office said on Friday.",
        "Residents who walk there every morning say the lake that filled the pit is the only "
        "place in the district where herons nest.",
        "The salt company says the site is the only one near enough to the motorway to keep "
        "gritters on the road within an hour of a snow warning.",
        "A public meeting is planned for the first Tuesday of the month at the village hall.",
    ]
    prompt = "What do you think?"
    html = ("<html><head><title>Quarry future</title></head><body><article>"
            "<h1>What next for the old quarry</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs[:2]) + f"<h2>{prompt}</h2>"
            + "".join(f"<p>{p}</p>" for p in paragraphs[2:]) + "</article></body></html>")
    doc = clean_document(RawFile("q", "q.html", html.encode()), Config())
    body = [p.text for p in doc.body]
    assert all(p in body for p in paragraphs)
    text = "\n\n".join(["What next for the old quarry", *paragraphs[:2], prompt,
                        *paragraphs[2:]])
    scraped = [p.text for p in clean_text(text).body]
    assert paragraphs[2] not in scraped and paragraphs[0] in scraped


def test_the_audit_names_the_rules_of_the_head_of_scraped_text() -> None:
    """`copydesk explain` prints these details next to the lines they removed."""
    text = ("Workers lift the new bell into the tower on Friday.\n"
            "Photo: Brookfield Echo/Nadia Frost\n\n"
            "A new bell for St Aldric's after ninety silent years\nNadia Frost\n"
            "Published on Brookfield Echo: 8 March 2024, 14:20 · 3 min read\n\n"
            "The church of St Aldric in Brookfield has a working bell again, ninety years "
            "after the old one cracked during a winter storm.\n")
    details = {e.text: e.detail for e in clean_text(text).audit
               if e.stage == "boilerplate" and e.action is Action.REMOVED}
    assert details["Workers lift the new bell into the tower on Friday."] == \
        "caption above a photo credit"
    assert details["Nadia Frost"] == "Nadia Frost (a name alone under the headline)"
    assert details["Published on Brookfield Echo: 8 March 2024, 14:20 · 3 min read"] == \
        "2024-03-08 (publication line)"


def test_inside_the_article_a_paragraph_above_a_credit_stays() -> None:
    lead = ("The church of St Aldric in Brookfield has a working bell again, ninety years "
            "after the old one cracked during a winter storm.")
    before_picture = "The bell weighs just under a tonne and was cast in the north."
    text = f"A new bell for St Aldric's\n\n{lead}\n\n{before_picture}\nPhoto: Nadia Frost\n"
    body = [p.text for p in clean_text(text).body]
    assert before_picture in body and "Photo: Nadia Frost" not in body


@pytest.mark.parametrize("line,reason,detail", [
    ("6 min read", "dateline", "reading time"),
    ("Analytical cookies help us understand how visitors use the website.", "legal-footer",
     "cookie notice"),
    ("We may earn a commission when you buy through links on our site.", "advertisement",
     "affiliate disclosure"),
    ("Wir erhalten eine Provision, wenn Sie über Affiliate-Links kaufen.", "advertisement",
     "affiliate disclosure"),
], ids=["reading-time", "cookie-notice", "affiliate-en", "affiliate-de"])
def test_notices_around_an_article_go_with_their_reason(line: str, reason: str,
                                                        detail: str) -> None:
    text = ("Ferry fares frozen for another year\n\n" + line + "\n\n"
            "The island ferry company said on Monday that it would keep its fares at last "
            "year's level until next spring, despite higher fuel costs.\n")
    removed = [(e.reason.value, e.detail) for e in clean_text(text).audit
               if e.stage == "boilerplate" and e.text == line]
    assert removed == [(reason, detail)]


def test_cookies_and_commissions_in_article_sentences_stay() -> None:
    for line in ("Mix the butter and sugar, then bake the cookies for twelve minutes.",
                 "The agency takes a commission on every sale, the report said."):
        assert line_verdict(line, phrase_book(DEFAULT_LANGUAGES),
                            lexicon(DEFAULT_LANGUAGES)) is None


def test_the_authors_name_printed_above_an_extracted_article_goes() -> None:
    html = ("<html><head><title>Quarry</title><meta name='author' content='Ines Barros'>"
            "</head><body><article><p>Ines Barros</p><h1>What next for the old quarry</h1>"
            "<p>The county will decide next month whether the old quarry becomes a nature "
            "reserve or a storage site for road salt, the planning office said.</p>"
            "<p>Residents who walk there every morning say the lake is the only place in the "
            "district where herons nest.</p></article></body></html>")
    doc = clean_document(RawFile("q", "q.html", html.encode()), Config())
    assert "Ines Barros" not in [p.text for p in doc.body]
    assert [e.detail for e in doc.audit
            if e.text == "Ines Barros" and e.action is Action.REMOVED] == [
        "the author's name above the article"]


def test_an_author_box_of_several_paragraphs_closing_an_extracted_article_goes() -> None:
    """The byline's author described in the closing paragraphs: by full name with a verb of
    a career ("co-founded", "worked"), then by first or last name alone; two authors' boxes
    one after the other. An earlier paragraph that only names the author stays."""
    story = [
        "The county will decide next month whether the old quarry becomes a nature reserve "
        "or a storage site for road salt, the planning office said on Friday.",
        "Residents who walk there every morning say the lake that filled the pit is the only "
        "place in the district where herons nest, Ines Barros was told by three of them.",
        "The salt company says the site is the only one near enough to the motorway to keep "
        "gritters on the road within an hour of a snow warning.",
    ]
    box = [
        "Ines Barros co-founded a small cooperative of rural reporters and has covered "
        "planning disputes in the valley for a decade.",
        "When she is not at a council meeting, Barros keeps bees and walks the old drovers' "
        "roads with her two dogs.",
        "Tomas Reyes worked as a surveyor before he joined the paper as its data editor.",
    ]
    html = ('<html><head><title>Quarry future</title>'
            '<meta name="author" content="Ines Barros, Tomas Reyes"></head><body><article>'
            "<h1>What next for the old quarry</h1>"
            + "".join(f"<p>{p}</p>" for p in story + box) + "</article></body></html>")
    doc = clean_document(RawFile("q", "q.html", html.encode()), Config())
    body = [p.text for p in doc.body]
    assert body[-3:] == story
    removed = {e.text: (e.reason, e.detail) for e in doc.audit
               if e.stage == "boilerplate" and e.action is Action.REMOVED}
    assert removed[box[0]] == (Reason.AUTHOR_BIO, "paragraph about the byline's author")
    assert removed[box[1]] == (Reason.AUTHOR_BIO, "in the byline's author box")
    assert removed[box[2]] == (Reason.AUTHOR_BIO, "paragraph about the byline's author")


def test_the_lines_of_a_cookie_consent_panel_go_with_its_notices() -> None:
    """A consent panel saved with the page: notices (each a sentence or two about cookies
    and the website) and, beside them, its label, a long paragraph and the table of cookies,
    which no notice rule names alone. Article text about cookies away from the panel stays."""
    article = [
        "The bakery's new website lets customers order bread the evening before, and the "
        "owners say a third of the loaves are now sold that way.",
        "Cookies that remember a basket between visits were the hardest part to get "
        "right, said the developer who built the shop for them over the winter.",
        "Orders close at eight in the evening and the first loaves come out of the oven at "
        "five, in time for the early trains.",
    ]
    panel = [
        "Crumb & Co uses cookies on this website to remember your choices. By clicking "
        "Accept, you consent to all of them.",
        "Cookie choices",
        "This website stores cookies in your browser while you visit it. Some are needed for "
        "the pages to work at all; the others, which count visits and remember what you read, "
        "are only stored with your consent, and you can refuse them here without losing any "
        "part of the site. Refusing some of them may change how you find the pages and what "
        "the site suggests, and you can change your mind at any time from the link at the "
        "bottom of every page of this website.",
        "Necessary cookies keep the website working and secure, and cannot be switched off.",
        "Cookie Name Lifetime Purpose basket_id 1 day keeps the basket between pages "
        "crumb_consent 1 year stores your answer",
        "Analytics cookies tell us which pages of the website visitors read most.",
        "Other cookies are still being sorted and have no category yet.",
    ]
    html = ("<html><head><title>Bread by the evening</title></head><body><article>"
            "<h1>Bread by the evening</h1>" + "".join(f"<p>{p}</p>" for p in article)
            + "</article><div class='consent'>" + "".join(f"<p>{p}</p>" for p in panel)
            + "</div></body></html>")
    doc = clean_document(RawFile("c", "c.html", html.encode()), Config())
    body = [p.text for p in doc.body]
    assert all(p in body for p in article)
    removed = {e.text: e.detail for e in doc.audit
               if e.stage == "boilerplate" and e.action is Action.REMOVED}
    assert not [p for p in panel if p in body], [p for p in panel if p in body]
    assert removed[panel[2]] == "in a cookie consent panel"
    assert removed[panel[6]] == "in a cookie consent panel"
