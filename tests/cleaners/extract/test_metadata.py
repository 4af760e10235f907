"""Title, authors and date of an HTML page from its own sources (invented pages)."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from copydesk.cleaners.document import Document, InputFormat
from copydesk.cleaners.extract import extract
from copydesk.cleaners.extract.metadata import Page, page_authors, page_date, page_title
from copydesk.cleaners.extract.settings import ExtractSettings
from copydesk.cleaners.reasons import Action, Reason

STORY = ("<p>The Marrow Lane bakery reopened on Saturday, eight months after a kitchen fire, "
         "with a queue that ran past the post office and round the corner.</p>"
         "<p>Its owners said the new ovens bake twice as many loaves an hour, and that the "
         "sourdough recipe has not changed since the bakery opened in 1988.</p>")


def page(body: str = "", head: str = "", ld: dict | list | None = None) -> Page:
    script = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
              if ld is not None else "")
    return Page.read(lxml_html.document_fromstring(
        f"<html><head>{head}{script}</head><body>{body}</body></html>"))


# --- title --------------------------------------------------------------------------------

@pytest.mark.parametrize("head,body,title", [
    # The <h1> the page's own title confirms, site name and all.
    ('<title>Bakery reopens after fire | Northwind Blog</title>',
     "<h1>Bakery reopens after fire</h1>", "Bakery reopens after fire"),
    # No <h1>: og:title without the site name the page gives itself.
    ('<meta property="og:title" content="Bakery reopens after fire - Valley Health Journal">'
     '<meta property="og:site_name" content="Valley Health Journal">', "",
     "Bakery reopens after fire"),
    # The site's name known only from its address; a mark (®) after it.
    ('<title>Bakery reopens after fire » The Daily Crumb®</title>'
     '<link rel="canonical" href="https://www.thedailycrumb.com/news/bakery">', "",
     "Bakery reopens after fire"),
    # A section name after a bar is not part of the headline.
    ('<title>Why the bakery matters to Marrow Lane | Opinion</title>', "",
     "Why the bakery matters to Marrow Lane"),
    # An <h1> nothing confirms (a site logo) loses to the declared title.
    ('<meta property="og:title" content="Bakery reopens after fire">',
     "<h1>Northwind</h1>", "Bakery reopens after fire"),
    # A dash inside a headline stays when no site name follows it.
    ('<title>Sourdough - a beginner guide</title>', "", "Sourdough - a beginner guide"),
], ids=["h1-confirmed", "og-site-name", "host-name", "section-after-bar", "unconfirmed-h1",
        "dash-in-headline"])
def test_title_is_the_headline_without_the_site_name(head: str, body: str, title: str) -> None:
    found = page_title(page(body, head), None)
    assert found is not None and found.value == title


def test_json_ld_entities_are_decoded() -> None:
    ld = {"@type": "NewsArticle", "headline": "Bread &amp; butter: the bakery&#8217;s return"}
    found = page_title(page(ld=ld), None)
    assert found is not None and found.value == "Bread & butter: the bakery’s return"


# --- authors ------------------------------------------------------------------------------

@pytest.mark.parametrize("ld,head,body,authors", [
    ({"@type": "Article", "author": {"@type": "Person",
                                     "name": "Dana Whitfield Senior Science Editor"}},
     "", "", ("Dana Whitfield",)),
    ({"@graph": [{"@type": "BlogPosting", "author": [{"@type": "Person", "name": "Omar Haddad"},
                                                     {"@type": "Person", "name": "Lea Roux"}]}]},
     "", "", ("Omar Haddad", "Lea Roux")),
    (None, '<meta name="author" content="Omar Haddad Writer">', "", ("Omar Haddad",)),
    (None, '<meta name="author" content="Cazzy Whitlow Last Updated August 1">', "",
     ("Cazzy Whitlow",)),
    (None, "", '<a rel="author" href="/u/7">Ines Barros</a>', ("Ines Barros",)),
    (None, "", '<a href="https://example.org/authors/ines-barros/">Ines Barros</a>',
     ("Ines Barros",)),
    (None, "", '<h1>Bakery</h1><p class="meta">By Ines Barros and Tom Hale</p>',
     ("Ines Barros", "Tom Hale")),
    # An organisation only when no person is named anywhere.
    ({"@type": "Article", "author": {"@type": "Organization", "name": "Northwind Media"}},
     "", '<p>By Ines Barros</p>', ("Ines Barros",)),
    # An address with the author's number before the name.
    (None, "", '<a href="https://example.org/staff/2648209001/ines-barros/">Ines Barros</a>',
     ("Ines Barros",)),
    # ... or with underscores for the spaces of the name.
    (None, "", '<a href="https://example.org/contributor/a._j._neal">A. J. Neal</a>',
     ("A. J. Neal",)),
    # A label alone, the name in the next element (a heading or a line).
    (None, "", '<h1>Bakery</h1><h3>Author</h3><p> Ines Barros</p>', ("Ines Barros",)),
    (None, "", '<h1>Bakery</h1><div>Written by</div><div>Ines Barros</div>', ("Ines Barros",)),
    # An element the page marks as the author's name, over an organisation in JSON-LD.
    ({"@type": "Article", "author": {"@type": "Organization", "name": "Northwind Media"}},
     "", '<h1>Bakery</h1><div class="text__author">Ines Barros</div>', ("Ines Barros",)),
    # A byline in a heading opens with a phrase; "By <words>" over a menu is no byline.
    (None, "", '<h4>By Event Type</h4><h1>Bakery</h1><h3>Written by Ines Barros</h3>',
     ("Ines Barros",)),
    # An avatar's initials before the name; a name written twice (a card and its tooltip).
    (None, '<meta name="author" content="IB Ines Barros">', "", ("Ines Barros",)),
    (None, '<meta name="author" content="Ines Barros Ines Barros">', "", ("Ines Barros",)),
    # A host or a template's placeholder is no name.
    (None, '<meta property="article:author" content="www.facebook.com">'
           '<meta name="author" content="page.head.author">', '<a rel="author">Ines Barros</a>',
     ("Ines Barros",)),
    # The site named among the article's authors.
    ({"@type": "Article", "author": [{"@type": "Person", "name": "Ines Barros"},
                                     {"@type": "Person", "name": "The Northwind Post"}]},
     '<meta property="og:site_name" content="The Northwind Post">', "", ("Ines Barros",)),
], ids=["ld-role", "ld-list", "meta-role", "meta-date", "rel-author", "author-page-link",
        "visible-byline", "organisation-last", "author-page-with-number", "author-page-underscores",
        "label-heading",
        "label-line", "author-class", "heading-byline", "avatar-initials", "name-twice",
        "dotted-placeholder", "site-among-authors"])
def test_authors_are_people_without_roles(ld: dict | None, head: str, body: str,
                                          authors: tuple[str, ...]) -> None:
    found = page_authors(page(body, head, ld), None)
    assert found is not None and found.value == authors


def test_a_label_over_a_name_is_no_byline_and_placeholders_are_no_names() -> None:
    head = '<meta name="author" content="undefined">'
    assert page_authors(page("<div>Author Role</div>", head), None) is None


# --- date ---------------------------------------------------------------------------------

def test_the_published_date_wins_over_the_modified_one_shown_as_an_update() -> None:
    ld = {"@type": "NewsArticle", "datePublished": "2024-03-01T08:00:00Z",
          "dateModified": "2024-05-20T10:00:00Z"}
    found = page_date(page("<h1>Bakery reopens</h1><p>Updated May 20, 2024</p>" + STORY,
                           ld=ld))
    assert found is not None and found.value == "2024-03-01"


def test_a_date_shown_by_the_headline_is_the_publication_date() -> None:
    found = page_date(page("<h1>Bakery reopens</h1><p>March 4, 2024</p>" + STORY,
                           ld={"@type": "BlogPosting", "datePublished": "2023-01-09"}))
    assert found is not None and found.value == "2024-03-04"
    assert found.source == "date shown by the headline"


def test_a_later_date_shown_than_the_open_graph_publication_is_a_change() -> None:
    head = '<meta property="article:published_time" content="2023-01-09T10:00:00+00:00">'
    later = page_date(page("<h1>Bakery reopens</h1><p>March 4, 2024</p>" + STORY, head))
    assert later is not None and later.value == "2023-01-09"
    assert later.source == "<meta article:published_time>, not the later date shown by the headline"
    earlier = page_date(page("<h1>Bakery reopens</h1><p>January 8, 2023</p>" + STORY, head))
    assert earlier is not None and earlier.value == "2023-01-08"


def test_dates_of_a_list_of_links_over_the_headline_are_not_the_article_s() -> None:
    links = "".join(f"<li><a href='/n{i}'>Board news {i}</a> December {i}, 2025</li>"
                    for i in (4, 5))
    found = page_date(page(f"<ul>{links}</ul><h1>Bakery reopens</h1><p>March 1, 2017</p>"
                           + STORY))
    assert found is not None and found.value == "2017-03-01"
    assert found.source == "date shown under the headline, not those of a list above it"


def test_a_stamped_date_away_from_the_headline_when_the_page_declares_none() -> None:
    filler = "".join(f"<p>Camera {i} looks over the valley floor.</p>" for i in range(60))
    found = page_date(page(f"<h1>Webcams</h1>{filler}"
                           "<div>Posted on the 15/12/2025 at 19:00 by Ana Ruiz</div>"))
    assert found is not None and found.value == "2025-12-15"
    assert found.source == "date shown with a publication stamp, away from the headline"


def test_no_date_is_guessed_from_a_copyright_line() -> None:
    footer = "<footer>© 2025 Northwind</footer>"
    found = page_date(page("<h1>Bakery reopens</h1>" + STORY + footer))
    assert found is None


def test_extract_audits_where_each_field_came_from() -> None:
    html = ('<html><head><title>Bakery reopens after fire | Northwind Blog</title>'
            '<meta name="author" content="Ines Barros">'
            '<meta property="article:published_time" content="2024-03-04T09:00:00Z"></head>'
            f"<body><article><h1>Bakery reopens after fire</h1>{STORY}</article></body></html>")
    doc = extract(Document("d", "d.html", input_format=InputFormat.HTML, text=html),
                  ExtractSettings())
    assert (doc.title, doc.authors, doc.date) == (
        "Bakery reopens after fire", ("Ines Barros",), "2024-03-04")
    details = {e.reason: e.detail for e in doc.audit if e.action is Action.METADATA}
    assert details == {Reason.TITLE: "from the HTML page: <h1>, as in the <title>",
                       Reason.BYLINE: "from the HTML page: <meta author>",
                       Reason.DATELINE: "from the HTML page: <meta article:published_time>"}


def test_numeric_dates_are_read_month_first_on_american_english_pages() -> None:
    body = "<h1>Bakery reopens</h1><p>8/1/2025</p>" + STORY
    american = Page.read(lxml_html.document_fromstring(
        f'<html lang="en-US"><head></head><body>{body}</body></html>'))
    british = Page.read(lxml_html.document_fromstring(
        f'<html lang="en-GB"><head></head><body>{body}</body></html>'))
    assert [page_date(p).value for p in (american, british)] == [  # type: ignore[union-attr]
        "2025-08-01", "2025-01-08"]


def test_the_site_named_as_the_author_gives_way_to_a_person() -> None:
    ld = {"@type": "Article", "author": {"@type": "Person", "name": "Northwind Media"}}
    found = page_authors(page("<h1>Bakery</h1><p>By Ines Barros</p>",
                              '<meta property="og:site_name" content="Northwind Media">', ld),
                         None)
    assert found is not None and found.value == ("Ines Barros",)


def test_a_headline_reads_as_the_browser_lays_it_out() -> None:
    body = '<h1><span class="drop">B</span>akery reopens<br>after the fire</h1>'
    head = '<meta property="og:title" content="Bakery reopens after the fire | Northwind">'
    found = page_title(page(body, head), None)
    assert found is not None and found.value == "Bakery reopens after the fire"
    assert found.source == "<h1>, as in the og:title"


def test_a_declared_date_shown_only_as_the_update_gives_way_to_the_date_shown_unlabelled() -> None:
    # htmldate reads the later date of the markup; the page shows it labelled as a change
    # beside the publication date
    head = '<meta property="article:modified_time" content="2024-10-28T09:00:00+00:00">'
    found = page_date(page("<h1>Bakery reopens</h1><p>April 26, 2024</p>"
                           "<p>Updated on: October 28, 2024</p>" + STORY, head))
    assert found is not None and found.value == "2024-04-26"
    assert found.source == "date shown by the headline"


def test_a_publication_date_meta_written_out_in_words() -> None:
    found = page_date(page("<h1>Bakery reopens</h1>" + STORY,
                           '<meta name="published" content="March 4, 2024">'))
    assert found is not None and found.value == "2024-03-04"
    assert found.source == "<meta published>, written out"
    described = page_date(page("<h1>Bakery reopens</h1>" + STORY,
                               '<meta name="published" content="Bakery news from March 4, 2024">'))
    assert described is None

