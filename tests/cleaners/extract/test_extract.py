"""extract: scraped text and HTML become a body of typed blocks plus metadata."""

from __future__ import annotations

import gzip

import trafilatura
from helpers import SAMPLE_RAW, SHARED
from lxml import etree

from copydesk.cleaners.config import Config
from copydesk.cleaners.document import Document, InputFormat, Kind, Status
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.html import element_text, page_fields, paragraphs_from_xml
from copydesk.cleaners.extract.metadata import names
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.extract.text import split_text
from copydesk.cleaners.io.files import RawFile
from copydesk.cleaners.pipeline import clean_document

PROSE = ("The council voted on Tuesday to close the old harbour bridge to lorries from next "
         "month, after engineers found cracks in two of its five supporting piers.")


def test_blank_lines_separate_blocks_and_short_lines_stay_apart():
    text = f"Harbour News\nLocal | Sport\n\n{PROSE}\n\nThat is all.\n"
    assert [p.text for p in split_text(text)] == ["Harbour News", "Local | Sport", PROSE,
                                                  "That is all."]


def test_hard_wrapped_prose_is_joined_again():
    wrapped = ("The council voted on Tuesday to close the old harbour\n"
               "bridge to lorries from next month, after engineers found\n"
               "cracks in two of its five supporting piers.")
    assert [p.text for p in split_text(wrapped)] == [" ".join(wrapped.split("\n"))]


def test_bullets_become_list_items_and_dash_wrapped_lines_headings():
    blocks = list(split_text("- first point\n• second point\n\n- A new chapter -\n"))
    assert [(p.kind, p.text) for p in blocks] == [
        (Kind.LIST_ITEM, "first point"),
        (Kind.LIST_ITEM, "second point"),
        (Kind.HEADING, "A new chapter"),
    ]


def test_spacing_is_folded_inside_lines():
    assert [p.text for p in split_text("a\u00a0\u00a0b \t c\r\n")] == ["a b c"]


def html_doc(body: str, head: str = "") -> Document:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return Document(id="x", source="x.html", input_format=InputFormat.HTML, text=page)


def test_html_keeps_structure_and_metadata():
    doc = extract(html_doc(
        f"<nav><a>Home</a> | <a>World</a></nav><article><h1>Bridge closed to lorries</h1>"
        f"<p>{PROSE}</p><h2>What comes next</h2><p>{PROSE} Repairs start in May.</p>"
        "<ul><li>Buses keep running</li><li>Cyclists may still cross</li></ul></article>"
        "<div id='comments'><p>Leave a Reply</p></div>",
        '<meta name="author" content="Ana Lima; Tom Hale">'
        '<meta property="article:published_time" content="2024-05-02T08:00:00Z">'
        "<title>Bridge closed to lorries</title>"), ExtractSettings())
    assert doc.title == "Bridge closed to lorries"
    assert doc.authors == ("Ana Lima", "Tom Hale")
    assert doc.date == "2024-05-02"
    kinds = [(p.kind, p.text) for p in doc.body]
    assert (Kind.HEADING, "What comes next") in kinds
    assert (Kind.LIST_ITEM, "Cyclists may still cross") in kinds
    assert (Kind.PARAGRAPH, PROSE) in kinds
    assert not any("Home" in p.text for p in doc.body)


def _page_naming_no_author() -> Document:
    return html_doc(f"<article><h1>Ferry timetable changes</h1><p>{PROSE}</p>"
                    f"<p>{PROSE} The winter timetable starts on Monday.</p></article>")


def test_trafilaturas_author_search_runs_only_when_the_page_names_no_author(monkeypatch):
    """Its author search is the fallback of the last resort and costs a deep copy of the
    page: a page whose meta tags name the author never runs it."""
    import copydesk.cleaners.extract.html as html_module

    calls: list[object] = []
    monkeypatch.setattr(html_module, "extract_author", lambda tree: calls.append(tree))
    named = extract(html_doc(f"<article><h1>Ferry timetable changes</h1><p>{PROSE}</p>"
                             "</article>", '<meta name="author" content="Ana Lima">'),
                    ExtractSettings())
    assert named.authors == ("Ana Lima",) and calls == []
    unnamed = extract(_page_naming_no_author(), ExtractSettings())
    assert unnamed.status is Status.CLEAN and len(calls) == 1


def test_an_error_in_the_late_author_search_gives_what_an_early_one_gave(monkeypatch):
    """Run last, trafilatura's author search must still act as in `extract_metadata`, where
    it ran before the extraction: a TypeError or ValueError there meant no first pass (the
    default extraction then stands in), any other error a failed document."""
    import copydesk.cleaners.extract.html as html_module

    def broken_search(tree):
        raise ValueError("bad author")

    def broken_fields(tree):
        raise ValueError("bad fields")

    doc = _page_naming_no_author()
    with monkeypatch.context() as patch:
        patch.setattr(html_module, "extract_author", broken_search)
        late = extract(doc, ExtractSettings())
    with monkeypatch.context() as patch:
        patch.setattr(html_module, "page_fields", broken_fields)
        early = extract(doc, ExtractSettings())
    assert late == early and late.status is Status.CLEAN and late.body

    def crashing_search(tree):
        raise RuntimeError("no memory for the copy")

    monkeypatch.setattr(html_module, "extract_author", crashing_search)
    failed = extract(doc, ExtractSettings())
    assert failed.status is Status.FAILED
    assert failed.error == "HTML could not be parsed: RuntimeError: no memory for the copy"


def test_a_page_without_article_text_fails_with_a_reason():
    doc = extract(html_doc("<script>var a = 1;</script>"), ExtractSettings())
    assert doc.status is Status.FAILED
    assert "no article text" in doc.error


def test_hostile_html_does_not_raise():
    deep = "<div>" * 5000 + f"<p>{PROSE}</p>" + "</div>" * 5000
    for page in (deep, "<p>" + "<b>" * 3000 + PROSE, "\x00<html>\x01<p>&#0;&#xD800;</p>",
                 "<![CDATA[ <p> ]]>" + PROSE, "<svg><script>alert(1)</script></svg>"):
        doc = extract(html_doc(page), ExtractSettings())
        assert doc.status in (Status.CLEAN, Status.FAILED)


def test_author_fields_split_into_names():
    assert names("Ana Lima; Tom Hale and Jo Park") == ["Ana Lima", "Tom Hale", "Jo Park"]


def test_line_breaks_inside_an_element_are_kept():
    # trafilatura writes <br> as <lb/>; itertext() would glue "dates:June 9" and "FLJune 10"
    element = etree.fromstring("<p>Tour dates:<lb/>June 9, Tampa<lb/>June 10, <hi>Miami</hi></p>")
    assert element_text(element).split("\n") == ["Tour dates:", "June 9, Tampa", "June 10, Miami"]
    doc = extract(html_doc(f"<article><p>{PROSE}</p><p>Tour dates:<br>June 9, Tampa<br>"
                           f"June 10, Miami</p><p>{PROSE} More.</p></article>"), ExtractSettings())
    texts = [p.text for p in doc.body]
    assert "June 9, Tampa" in texts and "June 10, Miami" in texts


def test_both_cascade_settings_keep_the_article():
    page = html_doc(f"<article><h1>Bridge closed</h1><p>{PROSE}</p><p>{PROSE} Repairs start "
                    f"in May.</p></article><ul><li><a href='/a'>Other story</a></li></ul>")
    for config in (ExtractSettings(), ExtractSettings(favor_precision=False),
                   ExtractSettings(recall_rescue_ratio=0.0, dropped_content_share=1.0)):
        doc = extract(page, config)
        assert PROSE in [p.text for p in doc.body]


def test_a_data_row_is_one_line_and_a_layout_cell_gives_one_paragraph_per_line():
    body = etree.fromstring(
        "<body><table>"
        "<row><cell>Pos</cell><cell>Team</cell><cell>Pts</cell></row>"
        "<row><cell>1</cell><cell>Harbour Rovers</cell><cell>42</cell></row>"
        "<row><cell><p>Bridge to close to lorries</p><p>Monday, 3 March 2025</p>"
        f"<p>{PROSE}</p></cell><cell>Weather: rain</cell></row>"
        "</table></body>")
    paragraphs = list(paragraphs_from_xml(body))
    assert [p.text for p in paragraphs] == [
        "Pos | Team | Pts", "1 | Harbour Rovers | 42", "Bridge to close to lorries",
        "Monday, 3 March 2025", PROSE, "Weather: rain"]
    assert all("\n" not in p.text for p in paragraphs)


def test_text_nested_past_the_parsers_default_depth_is_kept():
    """libxml2 stops building the tree 255 elements deep unless asked (`huge_tree`)."""
    deep = html_doc("<div>" * 1000 + f"<p>{PROSE}</p>" + "</div>" * 1000)
    doc = extract(deep, ExtractSettings())
    assert doc.status is not Status.FAILED, doc.error
    assert [p.text for p in doc.body] == [PROSE]


def test_text_nested_past_what_the_parser_reads_fails_and_says_so():
    deeper = html_doc("<div>" * 3000 + f"<p>{PROSE}</p>" + "</div>" * 3000)
    doc = extract(deeper, ExtractSettings())
    assert doc.status is Status.FAILED
    assert "nested deeper than 2040 levels" in (doc.error or "")


def _fields_pages() -> list[str]:
    pages = [html_doc(body, head).text for body, head in (
        ("<h1>Bridge closed to lorries</h1><p>By Ana Lima</p>",
         '<meta property="og:title" content="Bridge closed | Harbour News">'
         '<link rel="canonical" href="/news/bridge">'
         '<meta property="og:url" content="https://harbour.example/news/bridge">'),
        ("<h1>One</h1><h1>Two</h1><span class='author'>Tom Hale</span>",
         '<meta name="author" content="editor"><title>One &amp; two - Harbour News</title>'),
        ("<article><h2>Untitled</h2></article>",
         '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
         '"Storm &amp; tide", "author": {"@type": "Person", "name": "Jo Park"}, '
         '"url": "https://harbour.example/storm"}</script>'),
        ("<p>No metadata at all</p>", ""),
    )]
    pages += [path.read_bytes().decode("utf-8", "replace")
              for path in sorted(SAMPLE_RAW.rglob("*.html"))]
    shared = SHARED / "benchmarks" / "article-extraction" / "scrapinghub" / "html"
    pages += [gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
              for path in sorted(shared.glob("*.html.gz"))[:25]]
    return pages


def test_page_fields_are_trafilaturas_title_author_and_url():
    """page_fields repeats trafilatura.extract_metadata's steps without the date: the three
    fields copydesk takes from it must stay the same (a newer trafilatura may change them)."""
    for page in _fields_pages():
        tree = trafilatura.load_html(page)
        ours, theirs = page_fields(tree), trafilatura.extract_metadata(tree)
        assert (ours.title, ours.author(), ours.url) == (theirs.title, theirs.author, theirs.url)


def test_leftover_cells_outside_a_table_are_separated_as_trafilatura_prints_them():
    # a spec box (<th>/<td> without a <table> around them) in a list item: trafilatura's
    # XML keeps the HTML cells, and gluing them wrote "Battery life9 hoursWeight1.2 kg"
    element = etree.fromstring(
        "<item><head>Specs</head><th>Battery life</th><td>9 hours</td><th>Weight</th>"
        "<td>1.2 <hi>kg</hi></td>, tested</item>")
    assert element_text(element).split("\n") == [
        "", "Specs", "Battery life 9 hours Weight 1.2 kg , tested"]
    # formatting inside a word stays glued: "<hi>un</hi>likely" is one word
    assert element_text(etree.fromstring("<p><hi>un</hi>likely <ref>odds</ref>-on</p>")) == \
        "unlikely odds-on"


def test_a_row_keeps_its_empty_cells_so_a_ragged_table_stays_a_table():
    # a table filled in steps (fares by zone, lower rows longer): without their empty cells
    # its rows had 2, 3 and 4 cells, and the boilerplate stage took them for a menu
    body = etree.fromstring(
        "<body><table>"
        "<row><cell>Zone</cell><cell>Single</cell><cell>Day</cell><cell>Week</cell></row>"
        "<row><cell>Centre</cell><cell>2.10</cell><cell/><cell/></row>"
        "<row><cell>Inner</cell><cell>2.60</cell><cell>6.00</cell><cell/></row>"
        "<row><cell>Outer</cell><cell>3.20</cell><cell>7.50</cell><cell>21.00</cell></row>"
        "<row><cell/><cell/><cell/><cell/></row>"
        "</table></body>")
    assert [p.text for p in paragraphs_from_xml(body)] == [
        "Zone | Single | Day | Week", "Centre | 2.10 | |", "Inner | 2.60 | 6.00 |",
        "Outer | 3.20 | 7.50 | 21.00"]
    html = ("<html><body><article><h1>Bus fares</h1>"
            f"<p>{PROSE}</p><table><tr><th>Zone</th><th>Single</th><th>Day</th><th>Week</th>"
            "</tr><tr><td>Centre</td><td>2.10</td><td></td><td></td></tr>"
            "<tr><td>Inner</td><td>2.60</td><td>6.00</td><td></td></tr>"
            "<tr><td>Outer</td><td>3.20</td><td>7.50</td><td>21.00</td></tr></table>"
            f"<p>{PROSE} Tickets are sold on board.</p></article></body></html>")
    doc = clean_document(RawFile("f", "f.html", html.encode()), Config())
    assert "Centre | 2.10 | |" in [p.text for p in doc.body]
