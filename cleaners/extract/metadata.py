"""Title, authors and date of an HTML page, as its reader sees them.

trafilatura reads a page's metadata (JSON-LD, `<meta>`, `<title>`, htmldate for the date),
but takes the first source that has a value: a `<title>` with the site's name appended
("... | Northwind Blog"), a byline with the writer's role glued on ("Dana Whitfield Senior
Science Editor"), an organisation instead of the person, the date a page was modified or a
year found in a copyright line. This module weighs the page's own sources against each other:

- **title**: the article's headline is the page's `<h1>` when a title of the page's metadata
  (JSON-LD `headline`, `og:title`, `twitter:title`, `<title>`) says the same, with or
  without a site name around it; otherwise that title without the site's name (the page's
  `og:site_name`, the `name` of its JSON-LD publisher or web site, its host name);
- **authors**: the people JSON-LD names as the article's `author`, else `<meta name=author>`,
  else links marked `rel=author`, else what the reader sees near the headline: a "By ..."
  line, the names after a label alone ("Written by" | "Dana Roe", a heading "Author" over
  them), a link to the author's page, an element the page marks as the author's name
  (`class="author"`); organisations, the site's own name among people, roles, an avatar's
  initials, hosts and template placeholders ("page.head.author"), stray words around a name
  go (`names`);
- **date**: the publication date a page states (JSON-LD `datePublished`, `<meta
  property=article:published_time>` and its kin, `<time itemprop=datePublished>`), else
  htmldate's reading of the page's markup without guessing from its text; but a date the
  reader sees by the headline wins (not those of a list of dated links above it; not one
  later than the page's Open Graph `article:published_time`, which is a change; not one
  labelled as an update, "Last updated: ..."); a page that declares none and shows none by
  the headline is dated by a publication stamp elsewhere ("Posted on 15/12/2025").

Each function returns the value and where it was found, for the audit.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
#: Separators between a headline and a site or section name in a title.
_BAR = re.compile(r"\s+\|\s+")
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—»·•:~/]|-{1,2}|::)\s+|\s*[|»•]\s*")
#: JSON-LD types of an article (schema.org's Article and its kin, and pages about one).
_ARTICLE_TYPE = re.compile(r"(?:Article|Posting|Report|Review|Recipe|HowTo|WebPage)$")
_SITE_TYPE = re.compile(r"^(?:WebSite|Organization|Corporation|NewsMediaOrganization)$")


@dataclass(frozen=True)
class Found:
    """A metadata value and where it came from ("h1 and og:title", "JSON-LD author")."""

    value: Any
    source: str


def text_of(element: etree._Element) -> str:
    return one_line(" ".join(element.itertext()))


def _short_text_of(element: etree._Element, limit: int) -> str:
    """`text_of(element)` when it is at most `limit` characters long, else "": reading
    stops once the element holds more than `limit` characters that are not white space
    (folding white space keeps every other character), not at the end of an article."""
    pieces = []
    solid = 0
    for piece in element.itertext():
        solid += sum(map(len, piece.split()))  # what `one_line` keeps of it, but spaces
        if solid > limit:
            return ""
        pieces.append(piece)
    text = one_line(" ".join(pieces))
    return text if len(text) <= limit else ""


def one_line(text: str | None) -> str:
    """Text of HTML nodes on one line: every run of white space, line breaks included, as one
    space (`cleaners.text.fold_space` keeps line breaks, which split a body into lines)."""
    return _SPACE.sub(" ", text or "").strip()


def key(text: str) -> str:
    """What two spellings of one title share: letters and digits, folded.

    >>> key("FDA’s Concerns – Part 1") == key("fda's concerns - part 1")
    True
    """
    return "".join(re.findall(r"\w+", text.translate(_QUOTES).casefold()))


# --- what the page declares -----------------------------------------------------------------


def json_ld(tree: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page (`@graph` members and nested lists flattened)."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        found.extend(_objects(data))
    return found


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind or "")]


def articles(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objects that describe an article, articles before pages."""
    found = [o for o in objects if any(_ARTICLE_TYPE.search(t) for t in types(o))]
    return sorted(found, key=lambda o: any(t.endswith("WebPage") for t in types(o)))


def meta(tree: etree._Element) -> dict[str, list[str]]:
    """`<meta>` contents by property, name or itemprop (lowercase)."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = one_line(element.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            name = (element.get(attribute) or "").strip().lower()
            if name:
                found.setdefault(name, []).append(content)
    return found


@dataclass(frozen=True)
class Page:
    """What the metadata functions read of one page, read once."""

    tree: etree._Element
    objects: list[dict[str, Any]]
    meta: dict[str, list[str]]

    @classmethod
    def read(cls, tree: etree._Element) -> Page:
        return cls(tree, json_ld(tree), meta(tree))

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            if self.meta.get(name):
                return self.meta[name][0]
        return None


# --- title ------------------------------------------------------------------------------------


def site_names(page: Page) -> list[str]:
    """Names the page gives its site: og:site_name, application-name, the JSON-LD
    publisher and web site, and the host of its canonical address."""
    names = [*page.meta.get("og:site_name", []), *page.meta.get("application-name", [])]
    for item in page.objects:
        if any(_SITE_TYPE.match(t) for t in types(item)) and isinstance(item.get("name"), str):
            names.append(item["name"])
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    for address in _addresses(page):
        host = re.sub(r"^(?:www\d?|m|blog|news)\.", "", address.lower())
        names.append(host)
        names.append(host.split(".")[0])
    return [name for name in dict.fromkeys(one_line(n) for n in names) if name]


def _addresses(page: Page) -> Iterator[str]:
    candidates = [*page.meta.get("og:url", [])]
    candidates += [link.get("href") or "" for link in page.tree.iter("link")
                   if (link.get("rel") or "").lower() == "canonical"]
    for address in candidates:
        found = re.match(r"^https?://([^/:?#]+)", address.strip())
        if found:
            yield found.group(1)


def _is_site(segment: str, sites: list[str]) -> bool:
    part = key(segment)
    if not part:
        return True
    for site in sites:
        name = key(site)
        if not name:
            continue
        if part == name or (len(name) >= 4 and (name in part or part in name)
                            and len(part) <= 3 * len(name)):
            return True
    return False


def strip_site(title: str, sites: list[str]) -> str:
    """A title without the site names around it.

    >>> strip_site("Ferry back in service | Northwind Blog", ["Northwind Blog"])
    'Ferry back in service'
    >>> strip_site("Ferry back in service – Lakeside News - Lakeside News", ["lakesidenews.org"])
    'Ferry back in service'
    >>> strip_site("Opinion: ferries matter", ["Lakeside News"])
    'Opinion: ferries matter'
    >>> strip_site("Lakeside Blog: ferries matter", ["lakeside.blog"])
    'ferries matter'
    """
    parts = _TITLE_SEPARATOR.split(title)
    separators = _TITLE_SEPARATOR.findall(title)
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
        separators.pop(0)
    rebuilt = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        rebuilt += separator + part
    site, colon, rest = rebuilt.partition(": ")  # "Northwind Blog: Ferry back in service"
    if colon and rest and _is_site(site, sites):
        rebuilt = rest
    return one_line(rebuilt)


def headlines(tree: etree._Element) -> list[str]:
    """The text of the page's `<h1>` elements, in order, as a browser lays it out: inline
    elements join without a space ("<span>C</span>ycle", a drop capital), a line break or
    a block inside is a space."""
    return [text for text in (one_line(_inline_text(h1)) for h1 in tree.iter("h1")) if text]


_BREAKS = frozenset({"br", "div", "p", "li", "ul", "ol", "h2", "h3", "small"})


def _inline_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            gap = " " if child.tag.lower() in _BREAKS else ""
            parts += [gap, _inline_text(child), gap]
        parts.append(child.tail or "")
    return "".join(parts)


def page_title(page: Page, fallback: str | None) -> Found | None:
    """The article's headline (see the module's docstring)."""
    sites = site_names(page)
    declared = [(name, value) for name, value in (
        ("JSON-LD headline", _ld_headline(page)),
        ("og:title", page.first_meta("og:title")),
        ("twitter:title", page.first_meta("twitter:title")),
        ("<title>", next((text_of(t) for t in page.tree.iter("title")), None)),
    ) if value]
    declared.sort(key=lambda item: item[0] != "og:title")  # the title made for sharing
    h1s = headlines(page.tree)
    for name, value in declared:
        for h1 in h1s:
            if key(h1) in (key(value), key(strip_site(value, sites))) or (
                    len(key(h1)) >= 12 and key(value).startswith(key(h1))):
                return Found(strip_label(h1), f"<h1>, as in the {name}")
    for name, value in declared:
        stripped = strip_label(strip_site(value, sites))
        return Found(stripped, name if stripped == value else f"{name} without the site name")
    if len(h1s) == 1:
        return Found(h1s[0], "<h1>")
    return Found(fallback, "trafilatura") if fallback else None


def strip_label(title: str) -> str:
    """A headline without what a vertical bar adds after it (a section, a site, a tag line).

    >>> strip_label("How ferries cross the narrows | Opinion")
    'How ferries cross the narrows'
    >>> strip_label("Q&A | Ferries")
    'Q&A | Ferries'
    """
    parts = _BAR.split(title)
    return parts[0] if len(parts) > 1 and len(parts[0].split()) >= 3 else title


def _ld_headline(page: Page) -> str | None:
    for item in articles(page.objects):
        for field in ("headline", "name"):
            value = item.get(field)
            if isinstance(value, str) and one_line(value):
                return ld_text(value)
    return None


def ld_text(value: str) -> str:
    """A JSON-LD string as text: pages often write HTML entities into it ("&amp;",
    "&#8217;"), sometimes twice."""
    for _ in range(2):
        value = html.unescape(value)
    return one_line(value)


# --- authors ----------------------------------------------------------------------------------

_PERSON = "Person"
#: Words that open an author field without being part of the name.
_LEAD = re.compile(r"^(?:(?:written|posted|published|reviewed|edited|words|story)\s+by|by|von|par|"
                   r"por|di|author|authors|autor|auteur|written by)\b\s*:?\s*", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:[,;&|/]|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")


def page_authors(page: Page, fallback: str | None | Callable[[], str | None]) -> Found | None:
    """The article's authors (see the module's docstring)."""
    people: list[str] = []
    organisations: list[str] = []
    sites = site_names(page)
    for item in articles(page.objects):
        for author in _as_list(item.get("author")):
            if isinstance(author, dict):
                name = author.get("name")
                if not isinstance(name, str):
                    continue
                kind = types(author)
                (organisations if kind and kind[0] and _PERSON not in kind
                 else people).extend(names(ld_text(name)))
            elif isinstance(author, str) and not author.startswith("http"):
                people.extend(names(ld_text(author)))
        if people and all(_is_site(person, sites) for person in people):
            organisations.extend(people)  # the site named as its own author
            people = []
        people = [p for p in people if not _is_site(p, sites)] or people  # ... or among them
        if people:
            return Found(tuple(dict.fromkeys(people)), "JSON-LD author")
    for name in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                 "byl"):
        values = [v for v in page.meta.get(name, []) if not v.startswith("http")]
        found = [n for value in values for n in names(value)]
        if found and all(_is_site(person, sites) for person in found):
            organisations.extend(found)
            found = []
        if found:
            return Found(tuple(dict.fromkeys(found)), f"<meta {name}>")
    linked = [n for a in page.tree.xpath("//a[contains(concat(' ', @rel, ' '), ' author ')]")
              for n in names(text_of(a))]
    if linked:
        return Found(tuple(dict.fromkeys(linked)), "rel=author link")
    if visible := _visible_byline(page.tree):
        return visible
    if organisations:
        return Found(tuple(dict.fromkeys(organisations)), "JSON-LD author (organisation)")
    if callable(fallback):  # trafilatura's author, searched for only now
        fallback = fallback()
    if fallback:
        found = [n for value in fallback.split(";") for n in names(value)]
        if found:
            return Found(tuple(dict.fromkeys(found)), "trafilatura")
    return None


#: Where a byline is looked for: from this many elements above the first <h1> to this many
#: below it (a "Sort by ..." or "Filter by ..." control elsewhere on the page is no byline).
_BYLINE_WINDOW = (200, 3000)
#: A label over a name, not a byline ("Author: Role", "Autor des Beitrags").
_LABEL = re.compile(r"^(?:authors?|autor(?:es|en)?|auteurs?)\b", re.IGNORECASE)
#: Path segments of an author's page on a site ("/authors/dana-whitfield").
_AUTHOR_PATH = re.compile(r"/(?:authors?|autor(?:en|es)?|auteurs?|writers?|contributors?|"
                          r"people|staff|team)/(?:\d+/)?([^/?#]+)/?(?:[?#].*)?$", re.IGNORECASE)
#: A class that marks an element as the author's name ("author", "text__author",
#: "byline-author"), not a comment's author or the author's biography.
_AUTHOR_CLASS = re.compile(r"(?:^|\s)(?:[\w-]*[_-])?(?:author|byline)s?(?:[_-]*name)?(?:\s|$)",
                           re.IGNORECASE)
_NOT_AUTHOR_CLASS = re.compile(r"comment|bio|avatar|image|img|photo|desc", re.IGNORECASE)
#: Elements a byline, or a label over the names, is written in.
_BYLINE_TAGS = frozenset({"a", "p", "span", "div", "li", "h2", "h3", "h4", "h5", "h6", "strong",
                          "b", "em"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _visible_byline(tree: etree._Element) -> Found | None:
    """A byline the reader sees by the headline: a link to the author's page whose text is
    the name in its address, or a short line that reads as a byline ("By Dana Whitfield")
    naming people by their full names."""
    from copydesk.cleaners.boilerplate.headlines import parse_byline
    from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, lexicon

    body = tree.find("body")
    if body is None:
        return None
    elements = [e for e in body.iter() if isinstance(e.tag, str)]
    h1 = next((i for i, e in enumerate(elements) if e.tag == "h1"), None)
    start, end = (0, _BYLINE_WINDOW[1]) if h1 is None else (
        max(0, h1 - _BYLINE_WINDOW[0]), h1 + _BYLINE_WINDOW[1])
    words = lexicon(DEFAULT_LANGUAGES)
    label_at: int | None = None
    for at, element in enumerate(elements[start:end]):
        if element.tag not in _BYLINE_TAGS:
            continue
        if label_at is not None and at - label_at <= 6 and (text := text_of(element)):
            label_at = None  # the names after a label alone ("Written by" | "Dana Roe")
            people = tuple(names(text)) if len(text) <= 60 else ()
            if people and all(len(name.split()) >= 2 for name in people):
                return Found(people, "names after a byline label")
        if element.tag == "a":
            found = _AUTHOR_PATH.search(element.get("href") or "")
            text = text_of(element)
            slug = found.group(1).replace("_", " ") if found else ""  # "a._j._neal"
            if found and len(text.split()) >= 2 and key(slug) == key(text):
                return Found((text,), "link to the author's page")
            continue
        if len(element) > 4:
            continue
        text = _short_text_of(element, 80)
        if not text:
            continue
        if words.byline_label.match(text):
            label_at = at
            continue
        if _LABEL.match(text):
            continue
        people = tuple(name for person in parse_byline(text) for name in names(person))
        if element.tag in _HEADINGS and len(text.split()) < len(" ".join(people).split()) + 2:
            people = ()  # a heading "By Event Type" over a menu; "Written by Dana Roe" stays
        if people and all(len(name.split()) >= 2 for name in people):
            return Found(people, "byline by the headline")
        marks = element.get("class") or ""
        if len(text) <= 60 and _AUTHOR_CLASS.search(marks) and not _NOT_AUTHOR_CLASS.search(marks):
            people = tuple(names(text))
            if people and all(len(name.split()) >= 2 for name in people):
                return Found(people, "an element marked as the author's name")
    return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def names(raw: str) -> list[str]:
    """The names in an author field, without what is not a name around them: the words
    that introduce them, a role, a date or a place glued on, a word that is no name.

    >>> names("By Dana Whitfield, Omar Haddad and Lea Roux")
    ['Dana Whitfield', 'Omar Haddad', 'Lea Roux']
    >>> names("Dana Whitfield Senior Science Editor")
    ['Dana Whitfield']
    >>> names("Cazzy Magennis Last Updated August 1")
    ['Cazzy Magennis']
    >>> names("This post was written by Ana Ruiz")
    ['Ana Ruiz']
    >>> names("undefined")
    []
    """
    raw = _WRITTEN_BY.sub("", one_line(raw))
    raw = _LEAD.sub("", raw)
    found: list[str] = []
    for number, part in enumerate(_NAME_SPLIT.split(raw)):
        name = _name(part, after_a_name=bool(found))
        if name and not (number and _common_word(name)):
            found.append(name)
    return found


def _common_word(name: str) -> bool:
    """A single everyday word after a name ("Dana Roe, Hardware"): a beat, not a person."""
    from wordfreq import zipf_frequency

    return " " not in name and not name.isupper() and zipf_frequency(name.lower(), "en") >= 3.5


_WRITTEN_BY = re.compile(r"^.{0,40}?\b(?:written|posted|reported|article|words) by\s+",
                         re.IGNORECASE)
#: A link's label, not a name: "More about Dana Roe", "View more posts".
_LINK_LABEL = re.compile(r"^(?:(?:read\s+)?more\b|view\b|see\b|all\s+(?:posts|articles)\b)",
                         re.IGNORECASE)
#: Words that open a credential or a position, never a name.
_TITLES_NOT_NAMES = frozenset({"sr.", "sr", "jr.", "head", "chief", "senior", "licensed",
                               "certified", "associate", "assistant"})
_STRAY = re.compile(r"[•·|\d]")
_DOTTED = re.compile(r"^[\w-]{2,}(?:\.[\w-]{2,})+$")
_NON_NAMES = frozenset({"name", "undefined", "null", "none", "author", "the author", "admin",
                        "administrator", "webmaster", "unknown", "guest", "staff"})


def _name(part: str, after_a_name: bool = False) -> str | None:
    from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, lexicon

    words = lexicon(DEFAULT_LANGUAGES)
    part = one_line(part).strip(" ,;:-–—\"'“”")
    tokens = part.split()
    for index in range(1, len(tokens)):
        rest = " ".join(tokens[index:])
        word = tokens[index].strip(".,").casefold()
        month = word in words.months and (index >= 2 or rest[len(word):].strip()[:1].isdigit())
        social = word in words.social and index >= 2  # "Dana Roe Facebook Tweet Pin"
        title = word in _TITLES_NOT_NAMES and index >= 2  # "Matt Roe Head Winemaker"
        if words.byline_rest.match(rest) or _STRAY.match(rest) or month or social or title:
            role = word.rstrip("s") in words.roles
            if index == 1 and role:
                if after_a_name:
                    return None  # "Dana Roe, Staff Writer": a role in its own place
                break  # "Community Editor", "Our Editors": the role is the name given
            if role and after_a_name:
                return None  # "Dana Roe, Digital Security Expert"
            tokens = tokens[:index]
            if index > 2 and role and (core := _CORE.match(part)):
                tokens = core.group(0).split()  # "Dana Whitfield Senior Science Editor"
            break
    if len(tokens) > 1 and any(token[:1].islower() and token not in _PARTICLES
                               for token in tokens):
        return None  # "Extension horticulture": words, not a name
    if len(tokens) > 2 and tokens[0].isupper() and tokens[0] == "".join(
            t[:1] for t in tokens[1:]).upper():
        tokens = tokens[1:]  # "CM Craig McCarthy": the initials of an avatar, then the name
    half = len(tokens) // 2
    if half and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        tokens = tokens[:half]  # "Yucy Yucy": the name twice (a card and its tooltip)
    name = one_line(" ".join(tokens)).strip(" ,;:-–—")
    folded = name.casefold()
    if tokens and tokens[0].rstrip("s").casefold() in words.roles | _TITLES_NOT_NAMES:
        return None  # a role or a credential given its own place: "Head", "Sr. Director"
    if _DOTTED.match(name) and name.islower():
        return None  # a host or a template's placeholder: "www.facebook.com", "page.head.author"
    if not name or folded in _NON_NAMES or _LINK_LABEL.match(name) \
            or folded.strip(".") in words.months or not re.search(r"[^\W\d_]", name):
        return None
    return name


_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "da", "di", "du", "la", "le",
                        "bin", "al", "el", "ter", "ten", "y", "e", "dos", "das"})
#: A name's core: a given name, initials or particles, a family name.
_CORE = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[A-Z]\.?)*(?:\s+(?:van|von|de|der|den|del|da|di|"
                   r"du|la|le|bin|al|el|ter|ten))*\s+[^\W\d_][\w'’.-]*")


# --- date -------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
#: `<meta>` names of the publication date, most specific first.
_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished",
                   "publish-date", "publish_date", "pubdate", "parsely-pub-date",
                   "sailthru.date", "dc.date.issued", "dcterms.issued", "citation_publication_date",
                   "citation_date", "published", "publication_date", "dc.date", "date")

#: A `<meta>` publication date written out ("July 17, 2025", "17 juillet 2025") is no longer
#: than this; a longer content is a description that happens to hold a date.
_WRITTEN_DATE_LENGTH = 40


def _written_date(value: str) -> str | None:
    """A publication date a `<meta>` writes in words, read as a dateline is: the date with
    at most a time around it.

    >>> _written_date("July 17, 2025"), _written_date("Our tips for July 17, 2025")
    ('2025-07-17', None)
    """
    from copydesk.cleaners.boilerplate.headlines import parse_dateline

    return parse_dateline(value)


def iso_date(value: Any) -> str | None:
    """The calendar date an ISO 8601 value starts with.

    >>> iso_date("2024-03-18T09:30:00+01:00")
    '2024-03-18'
    >>> iso_date("March 2024") is None
    True
    """
    from datetime import date as Date

    found = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not found:
        return None
    try:
        return Date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None


#: Where a date written near the headline is the article's: from this many characters
#: above the first `<h1>` to this many below it (wcxb-dev: -200..800 matched the truth on
#: 85.9% of the pages that have one, -100..500 85.4%, -300..1500 85.6%).
NEAR_HEADLINE = (-200, 800)
#: Words that label a date as the last change, not the publication.
_CHANGED = re.compile(r"\b(?:updated?|modified|reviewed|edited|aktualisiert|geändert|"
                      r"mis à jour|modifié|actualizado|modificado|aggiornato)\b", re.IGNORECASE)


#: Numbers of a date written with slashes or dots: "8/1/2025", "09.10.2024".
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
#: English varieties that write the day first; American English (and a page that says only
#: "en") writes the month first.
_DAY_FIRST_ENGLISH = ("en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za", "en-uk")


def _month_first(tree: etree._Element) -> bool:
    language = (tree.get("lang") or "").strip().lower().replace("_", "-")
    return language.startswith("en") and not language.startswith(_DAY_FIRST_ENGLISH)


def _us_date(text: str) -> str | None:
    """A numeric date in American order (month first), on a page in American English; a
    first number over 12 can only be a day.

    >>> _us_date("Design Style 8/1/2025"), _us_date("posted 25/12/2024")
    ('2025-08-01', '2024-12-25')
    """
    found = _NUMERIC_DATE.search(text)
    if not found:
        return None
    first, second, year = (int(part) for part in found.groups())
    month, day = (second, first) if first > 12 else (first, second)
    from datetime import date as Date

    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


_OPEN_GRAPH_PUBLISHED = ("<meta article:published_time>", "<meta og:article:published_time>")


def page_date(page: Page, fallback: str | None = None) -> Found | None:
    """The publication date (see the module's docstring): a date the reader sees next to
    the headline, unless labelled as the last change; else the one the page declares."""
    declared = declared_date(page)
    dates = visible_dates(page.tree)
    placed = [(at, day, context) for at, day, context in dates
              if NEAR_HEADLINE[0] <= at <= NEAR_HEADLINE[1]]
    listed = sum(1 for at, _, _ in placed if at < 0) > 1  # a list of dated links above it
    near = [(day, context) for at, day, context in placed if at >= 0 or not listed]
    # Confirmed by the page only where it shows the date unlabelled: a declared date the page
    # shows as "Updated on: ..." next to an unlabelled one is the change (htmldate reads the
    # last date of the markup), and the unlabelled one the publication.
    if declared and declared.value in [day for day, context in near
                                       if not _CHANGED.search(context)]:
        return Found(declared.value, f"{declared.source}, shown by the headline")
    # A date shown later than the one the page's Open Graph markup gives as the article's
    # publication (`article:published_time`) is a change, labelled or not (wcxb-dev: date
    # 0.868 -> 0.874 with this rule). A JSON-LD `datePublished` is no such statement: where
    # an unlabelled date shown differs from it, the truth is the date shown on 12 of 15.
    if near and declared and declared.source in _OPEN_GRAPH_PUBLISHED \
            and near[0][0] > declared.value:
        return Found(declared.value, f"{declared.source}, not the later date shown by the "
                                     "headline")
    shown = [day for day, context in near if not _CHANGED.search(context)]
    if shown:
        return Found(shown[0], "date shown under the headline, not those of a list above it"
                     if listed else "date shown by the headline")
    if declared is None and not near:
        from copydesk.cleaners.boilerplate.lexicon import DEFAULT_LANGUAGES, lexicon

        stamp = lexicon(DEFAULT_LANGUAGES).stamp_word
        for _, day, context in dates:  # "Posted on 15/12/2025", far from a site's <h1>
            if stamp.search(context) and not _CHANGED.search(context):
                return Found(day, "date shown with a publication stamp, away from the headline")
    return declared


def declared_date(page: Page) -> Found | None:
    """The publication date the page's markup declares."""
    for item in articles(page.objects):
        if found := iso_date(item.get("datePublished")):
            return Found(found, "JSON-LD datePublished")
    for name in _PUBLISHED_META:
        for value in page.meta.get(name, []):
            if found := iso_date(value):
                return Found(found, f"<meta {name}>")
            if len(value) <= _WRITTEN_DATE_LENGTH and (found := _written_date(value)):
                return Found(found, f"<meta {name}>, written out")
    for element in page.tree.xpath("//*[@itemprop='datePublished']"):
        if found := iso_date(element.get("datetime") or element.get("content")):
            return Found(found, "itemprop=datePublished")
    import htmldate

    found = htmldate.find_date(page.tree, extensive_search=False, original_date=True)
    if found:
        return Found(found, "htmldate, from the page's markup")
    return None


def visible_dates(tree: etree._Element, limit: int = 4000) -> list[tuple[int, str, str]]:
    """Dates written in the page's visible text, in document order: each with its offset in
    characters from the first `<h1>` (negative above it), and the text around it (the
    piece of text it is in and the one before, for its label: "Updated ...")."""
    from copydesk.cleaners.boilerplate.headlines import find_date

    body = tree.find("body")
    if body is None:
        return []
    found: list[tuple[int, str, str]] = []
    offset = 0
    h1_at: int | None = None
    previous = ""
    pieces = 0
    month_first = _month_first(tree)
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        if element.tag == "h1" and h1_at is None:
            h1_at = offset
        for text in (element.text, element.tail):
            if not text or text.isspace():  # one_line would make it "" (most tails are)
                continue
            text = one_line(text)
            pieces += 1
            if len(text) <= 80 and (day := (month_first and _us_date(text)) or find_date(text)):
                found.append((offset, day, f"{previous} {text}"))
            previous = text
            offset += len(text) + 1
        if pieces > limit:
            break
    base = h1_at or 0
    return [(at - base, day, context) for at, day, context in found]


@dataclass(frozen=True)
class PageMetadata:
    title: Found | None
    authors: Found | None
    date: Found | None


def read_metadata(tree: etree._Element, title: str | None = None,
                  author: str | None | Callable[[], str | None] = None) -> PageMetadata:
    """Title, authors and date of a page (its hidden elements already removed);
    `title` and `author` are trafilatura's, used when the page has nothing better (`author`
    may be a function that finds it, called only then).
    trafilatura's date is not: it guesses one from the text when the page states none."""
    page = Page.read(tree)
    return PageMetadata(page_title(page, title), page_authors(page, author), page_date(page))
