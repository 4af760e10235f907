"""The shape of a page: where the article is, and what clusters around it.

Line rules alone either keep the chrome or lose the article's short lines (C4's "at least
three words and end punctuation" drops a third of the headings, list items and one-line
paragraphs of real articles). A page has a shape instead, and this module reads it:

* the **article** is the run of prose: it starts at the first line of running text;
* the **head** before it holds site names, section labels and menus: short lines there are
  navigation, while a longer line (a standfirst) stays;
* a line that names a block ("Related Links", "Comments", "About the author") opens a
  **zone**: the teaser headlines, blurbs and datelines under it go with it, until the article
  visibly resumes with two full paragraphs in a row (comment and author-bio zones after the
  article run to the end);
* the **tail** after the last paragraph is boilerplate from the first line a rule names;
  lines between the last paragraph and that line (a closing list, a short last sentence) stay,
  and so does every short line *inside* the article: headings, list items, one-line quotes.

`lay_out` only decides; it never edits text. Its input is one `LineVerdict` (or None) per line
from `lines.py`, its output one `Decision` (or None: keep) per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.cleaners.boilerplate.lexicon import Lexicon
from copydesk.cleaners.boilerplate.lines import LineVerdict, is_prose
from copydesk.cleaners.document import Kind, Paragraph
from copydesk.cleaners.reasons import Reason
from copydesk.cleaners.text import ends_clause, ends_sentence, word_count

#: The article resumes after a block with two paragraphs in a row, each this long; a pair of
#: question headlines ("Can radar spot an asteroid?") is shorter. One paragraph alone never
#: resumes it: a teaser blurb in the seed pages runs to 90 words.
RESUME_PAIR_WORDS = 12
#: ... and forty together: a teaser scraped as "headline blurb." on one line looks like prose;
#: the two such lines in the sample raw/ bakery page have 33 words together, while the pair
#: of news paragraphs after an inline "See also" in our synthetic case has 45.
RESUME_PAIR_TOTAL = 40
#: Head lines this long are a standfirst or deck, not a label; the site names and section
#: labels above the seed articles are one to three words, those in our fixtures one to four.
HEAD_KEEP_WORDS = 8
#: Three headline-like lines in a row closing the page are a teaser list even without a
#: heading. Not tuned on data (no page in ../shared has such a bare list in scraped text);
#: it does not apply to extracted HTML, where it removed tour dates and shop lists.
TEASER_RUN = 3

#: An author box closing the page spans at most this many paragraphs (a bio, the author's
#: work, a life outside it, a second author's bio).
BIO_SPAN = 4
#: ... and names its author this far into a paragraph that opens with a phrase.
_BIO_NAME_REACH = 120
_BRACKETS = re.compile(r"\s*\([^)]*\)")

_PERSON_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}$")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a line goes: the reason code and a few words a reader can check."""

    reason: Reason
    detail: str


@dataclass(frozen=True, slots=True)
class Layout:
    """One decision per line (None keeps it), where the article starts, the bio's author."""

    decisions: tuple[Decision | None, ...]
    start: int | None
    author: str | None = None


def lay_out(body: Sequence[Paragraph], verdicts: Sequence[LineVerdict | None], words: Lexicon,
            extracted: bool = False, authors: Sequence[str] = ()) -> Layout:
    """Decide every line of `body` from the page's shape and the lines' own verdicts.

    `extracted` is True for text an HTML extractor already cut to the article: its head, its
    tail and its unnamed lists are the article's own (a kicker, a table of results, tour
    dates, a list of shop links), so only lines named by a rule and the blocks under a named
    heading are taken out. On the 181 scrapinghub pages the head and teaser-run rules cost
    1.3 points of recall on such text, and the tail rule removed 31 lines, all article text.
    """
    texts = [paragraph.text for paragraph in body]
    decisions: list[Decision | None] = [
        Decision(v.reason, v.detail) if v else None for v in verdicts]
    prose = [v is None and is_prose(t) for t, v in zip(texts, verdicts, strict=True)]
    start = next((i for i, is_p in enumerate(prose) if is_p), None)
    if start is None:
        # No running text at all: nothing to measure the shape against, keep what no rule names.
        return Layout(tuple(decisions), None)
    _zones(texts, verdicts, prose, start, decisions, extracted)
    if not extracted:
        _head(body, start, decisions)
    author = _bio(texts, prose, decisions, authors, words)
    if not extracted:
        _tail(texts, body, prose, decisions, words)
    return Layout(tuple(decisions), start, author)


def _zones(texts: list[str], verdicts: Sequence[LineVerdict | None], prose: list[bool],
           start: int, decisions: list[Decision | None], extracted: bool = False) -> None:
    """Lines under a block heading go with it until the article resumes."""
    zone: Decision | None = None
    zone_at = 0
    for index, text in enumerate(texts):
        verdict = verdicts[index]
        if verdict is not None and verdict.opener:
            zone = Decision(verdict.reason, f"in the block under {text!r}")
            zone_at = index
            continue
        if zone is None:
            continue
        if prose[index] and _resumes(texts, prose, index, zone, zone_at < start, extracted):
            zone = None
            continue
        if decisions[index] is None:
            decisions[index] = zone


def _resumes(texts: list[str], prose: list[bool], index: int, zone: Decision,
             in_head: bool, extracted: bool = False) -> bool:
    if in_head:
        return True  # a block named above the article ends where the article starts
    if zone.reason is Reason.AUTHOR_BIO or (zone.reason is Reason.COMMENTS and not extracted):
        return False  # comments and author boxes close the page
    # In text extracted without comments, a line that reads like a comment prompt inside
    # the article ("What do you think?" as a heading) ends where the article resumes: on
    # wcxb-dev one such heading took 3,458 words of an article with it.
    pair = texts[index:index + 2]
    if len(pair) < 2 or not prose[index + 1]:
        return False
    if index + 2 < len(texts) and prose[index + 2]:
        return True  # three paragraphs in a row
    counts = [word_count(text) for text in pair]
    return min(counts) >= RESUME_PAIR_WORDS and sum(counts) >= RESUME_PAIR_TOTAL


def _head(body: Sequence[Paragraph], start: int, decisions: list[Decision | None]) -> None:
    """Short lines above the article are site names, section labels and menu items."""
    for index in range(start):
        if decisions[index] is not None:
            continue
        paragraph = body[index]
        count = word_count(paragraph.text)
        if count >= HEAD_KEEP_WORDS or (count >= 2 and ends_sentence(paragraph.text)):
            continue  # a standfirst, or a one-line lede ("It rained."): labels have no stop
        if paragraph.kind is Kind.LIST_ITEM and count >= 4:
            continue  # key points above the article
        decisions[index] = Decision(Reason.NAVIGATION, "short line above the article")


def _bio(texts: list[str], prose: list[bool], decisions: list[Decision | None],
         authors: Sequence[str], words: Lexicon) -> str | None:
    """An author box at the end: a name line, then a paragraph about the writer; or a last
    paragraph that starts with the byline's name ("Dana Roe is a reporter ...")."""
    kept = [i for i, d in enumerate(decisions) if d is None and prose[i]]
    if len(kept) < 3:
        return None
    if _author_box(texts, kept, decisions, authors, words):
        return None
    for index in reversed(kept[-2:]):
        previous = next((i for i in range(index - 1, -1, -1) if decisions[i] is None), None)
        name = texts[previous] if previous is not None else ""
        is_name = bool(_PERSON_NAME.match(name)) and not ends_clause(name)
        third = words.third_person_bio(re.escape(name) if is_name else "(?!)")
        text = texts[index]
        if _about_author(text, authors, words):
            decisions[index] = Decision(Reason.AUTHOR_BIO, "paragraph about the byline's author")
            return None
        if words.bio_first_person.match(text) or (is_name and third.match(text)):
            decisions[index] = Decision(Reason.AUTHOR_BIO, "paragraph about the writer")
            if is_name and previous is not None:
                decisions[previous] = Decision(Reason.AUTHOR_BIO, "name over the author box")
                return name
            return None
    return None


def _author_box(texts: list[str], kept: list[int], decisions: list[Decision | None],
                authors: Sequence[str], words: Lexicon) -> bool:
    """The byline's author box closing the page, several paragraphs long: from the last
    paragraphs up, those that name the author ("When she is not writing, Roe ...") down
    from one about the author ("Dana Roe co-founded ..."), and the paragraphs about the
    other authors above it. Only the closing `BIO_SPAN` paragraphs are read."""
    forms = [re.compile(rf"\b{re.escape(name)}\b") for name in _name_forms(authors)]
    if not forms:
        return False
    run: list[tuple[int, bool]] = []  # closing paragraphs naming an author, last first
    for index in reversed(kept[-BIO_SPAN:]):
        if _about_author(texts[index], authors, words):
            run.append((index, True))
        elif any(form.search(texts[index]) for form in forms):
            run.append((index, False))
        else:
            break
    while run and not run[-1][1]:  # the box starts with a paragraph about the author
        run.pop()
    for index, about in run:
        decisions[index] = Decision(Reason.AUTHOR_BIO, "paragraph about the byline's author"
                                    if about else "in the byline's author box")
    return bool(run)


def _name_forms(authors: Sequence[str]) -> list[str]:
    """The full name of each author, its family name and its given name ("Dana Roe", "Roe",
    "Dana"), without a site in brackets ("Dana Roe (Northwind)")."""
    return [form for author in authors for form in _forms(author) if form]


def _forms(author: str) -> tuple[str | None, str | None, str | None]:
    """Full, family and given name of one author (None for a name of one word, a family or
    given name of two letters or in lowercase)."""
    parts = _BRACKETS.sub("", author).split()
    if len(parts) < 2:
        return None, None, None
    family, given = ((part if len(part) > 2 and part[0].isupper() else None)
                     for part in (parts[-1], parts[0]))
    return " ".join(parts), family, given


def _about_author(text: str, authors: Sequence[str], words: Lexicon) -> bool:
    """A paragraph that starts with an author's name and a verb of a life ("Dana Roe is",
    "Roe worked", "Dana holds ... she"), or the full name with such a verb after a phrase
    ("A Lisbon native, Dana Roe has ...")."""
    for author in authors:
        full, family, given = _forms(author)
        names = [full, family] if full else author.split()[:1] + author.split()[-1:]
        # a given name alone is also a brand's first word ("Acme is ..."): with "he" or "she"
        if given and words.bio_pronoun.search(text):
            names.append(given)
        for name in names:
            if name and len(name) > 2 and text.startswith(name) \
                    and words.bio_verb.match(text[len(name):]):
                return True
        if full and (at := text.find(full, 0, _BIO_NAME_REACH)) > 0 \
                and text[at - 2:at] == ", " and words.bio_verb.match(text[at + len(full):]):
            return True
    return False


def _tail(texts: list[str], body: Sequence[Paragraph], prose: list[bool],
          decisions: list[Decision | None], words: Lexicon) -> None:
    """After the last paragraph: boilerplate from the first line a rule names."""
    last = max((i for i, d in enumerate(decisions) if d is None and prose[i]), default=None)
    if last is None:
        return
    reason: Decision | None = None
    run: list[int] = []
    for index in range(last + 1, len(texts)):
        if decisions[index] is not None:
            reason = reason or Decision(decisions[index].reason,  # type: ignore[union-attr]
                                        "after the article, among boilerplate")
            continue
        if words.credits.match(texts[index]):
            decisions[index] = Decision(Reason.BYLINE, "reporting and editing credits")
            continue
        if reason is not None:
            decisions[index] = reason
            continue
        run.append(index)
    if run:
        _teaser_run(texts, body, run, decisions)


def _teaser_run(texts: list[str], body: Sequence[Paragraph], run: list[int],
                decisions: list[Decision | None]) -> None:
    """A run of headline-like lines closing the page is a list of other stories."""
    streak: list[int] = []
    for index in run:
        text = texts[index]
        if body[index].kind is Kind.PARAGRAPH and 4 <= word_count(text) <= 20 \
                and not ends_clause(text):
            streak.append(index)
        else:
            streak = []
    if len(streak) >= TEASER_RUN and streak[-1] == run[-1]:
        for index in streak:
            decisions[index] = Decision(Reason.RELATED_LINKS, "run of headlines after the article")
