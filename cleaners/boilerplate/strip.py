"""Boilerplate: take out everything that is not the article, and move its metadata out of the body.

The stage works in three passes over the body, each a small function:

1. **Head metadata** (`headlines.py`): the title (from the page, or a line printed more
   than once at the top, or the first headline-like line above the article), its repeats, a
   byline and a dateline near the top go into `title`, `authors` and `date`.
2. **Line verdicts** (`lines.py`): phrase lists per language, captions, copyright,
   nav menus and share rows name a line by itself.
3. **Page structure** (`structure.py`): the article is the run of prose; the lines
   above it, the blocks under a named heading and the tail after it go, each with a reason.

Every removal and every metadata field found becomes an audit entry of this stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.cleaners.boilerplate.headlines import (
    HEAD_LINES,
    find_date,
    find_title,
    parse_byline,
    parse_dateline,
    parse_name_line,
    parse_publication_line,
    title_like,
)
from copydesk.cleaners.boilerplate.lexicon import Lexicon, lexicon
from copydesk.cleaners.boilerplate.lines import LineVerdict, is_prose, line_verdict, table_rows
from copydesk.cleaners.boilerplate.phrases import fold, phrase_book
from copydesk.cleaners.boilerplate.settings import BoilerplateSettings
from copydesk.cleaners.boilerplate.structure import lay_out
from copydesk.cleaners.document import AuditEntry, Document, InputFormat, Kind, Paragraph
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.text import ends_sentence, word_count

NAME = "boilerplate"


def strip_boilerplate(doc: Document, config: BoilerplateSettings) -> Document:
    """Remove the page furniture from `doc.body`, with an audit entry for each line."""
    book = phrase_book(config.languages)
    words = lexicon(config.languages)
    body = list(doc.body)
    entries: list[AuditEntry] = []
    title, authors, date = doc.title, doc.authors, doc.date

    if title is None:
        title, index = find_title(body)
        if title is not None:
            entries.append(_metadata(Reason.TITLE, title, index, "printed twice at the top"))

    verdicts: list[LineVerdict | None] = []
    first_prose = None
    rows = table_rows([paragraph.text for paragraph in body])
    captions = _captions_above_credits(body, words)
    for index, paragraph in enumerate(body):
        text = paragraph.text
        verdict = None
        in_head = index < HEAD_LINES and first_prose is None
        if title is not None and fold(text) == fold(title):
            verdict = LineVerdict(Reason.REPEATED_TITLE, "same as the title")
        elif index in captions:
            verdict = LineVerdict(Reason.CAPTION, "caption above a photo credit")
        elif in_head and ((names := parse_byline(text, words))
                          or (names := _name_under_title(body, index, words))):
            alone = not parse_byline(text, words)
            verdict = LineVerdict(Reason.BYLINE, "; ".join(names)
                                  + (" (a name alone under the headline)" if alone else ""))
            if not authors:
                authors = names
                entries.append(_metadata(Reason.BYLINE, "; ".join(names), index, text))
            if not date and (found := find_date(text, words)):
                date = found
                entries.append(_metadata(Reason.DATELINE, found, index, text))
        elif in_head and authors and fold(text) in {fold(name) for name in authors}:
            verdict = LineVerdict(Reason.BYLINE, "the author's name above the article")
        elif in_head and ((found := parse_dateline(text, words))
                          or (found := parse_publication_line(text, words))):
            stamped = not parse_dateline(text, words)
            verdict = LineVerdict(Reason.DATELINE, found + (" (publication line)" if stamped
                                                            else ""))
            if not date:
                date = found
                entries.append(_metadata(Reason.DATELINE, found, index, text))
        else:
            verdict = line_verdict(text, book, words, table_row=index in rows)
        if verdict is None and first_prose is None and is_prose(text):
            first_prose = index
        verdicts.append(verdict)

    verdicts = _cookie_panel(body, verdicts, words)
    if title is None:
        title, verdicts = _title_above_article(body, verdicts, first_prose)
        if title is not None:
            index = next(i for i, p in enumerate(body) if p.text == title)
            entries.append(_metadata(Reason.TITLE, title, index, "headline above the article"))

    layout = lay_out(body, verdicts, words, extracted=doc.input_format is InputFormat.HTML,
                     authors=authors)
    if layout.author and not authors:
        authors = (layout.author,)
        entries.append(_metadata(Reason.BYLINE, layout.author, None, "name over the author box"))

    keep: list[Paragraph] = []
    for index, (paragraph, decision) in enumerate(zip(body, layout.decisions, strict=True)):
        if decision is None:
            keep.append(paragraph)
            continue
        entries.append(AuditEntry(NAME, Action.REMOVED, decision.reason, text=paragraph.text,
                                  paragraph=index, detail=decision.detail))
    return doc.with_changes(entries, title=title, authors=authors, date=date, body=tuple(keep))


def _cookie_panel(body: Sequence[Paragraph], verdicts: list[LineVerdict | None],
                  words: Lexicon) -> list[LineVerdict | None]:
    """A cookie consent panel saved with the page: beside its notices (two or more lines
    a rule names as legal text about cookies), a line that speaks of cookies (a paragraph
    too long for a notice, the table of cookies printed as one line) or a short label of
    the panel ("Cookie choices", "Manage consent") is part of it."""
    cookie, context = words.cookie
    notices = {index for index, verdict in enumerate(verdicts)
               if verdict is not None and verdict.reason is Reason.LEGAL_FOOTER
               and cookie.search(body[index].text)}
    if len(notices) < 2:
        return verdicts
    updated = list(verdicts)
    for index, verdict in enumerate(verdicts):
        if verdict is not None or not ({index - 1, index + 1} & notices):
            continue
        text = body[index].text
        if cookie.search(text) or (word_count(text) <= _PANEL_LABEL_WORDS
                                   and context.search(text)):
            updated[index] = LineVerdict(Reason.LEGAL_FOOTER, "in a cookie consent panel")
    return updated


#: A label of a consent panel ("Manage consent", "Cookie choices") is a few words.
_PANEL_LABEL_WORDS = 4


def _captions_above_credits(body: Sequence[Paragraph], words: Lexicon) -> set[int]:
    """Above the article, a sentence right above a photo credit ("Photo: Jane Roe",
    "Foto: ...") is the picture's caption, which scraped text puts at the top of the page
    (a headline or a dateline above a credit does not end a sentence). Inside the article a
    paragraph before a credit is article text: on trafilatura-eval, taking those lost four
    paragraphs of one page."""
    found = set()
    for index in range(len(body) - 1):
        text = body[index].text
        if (body[index].kind is Kind.PARAGRAPH and word_count(text) <= _CAPTION_WORDS
                and ends_sentence(text) and words.credit_line.search(body[index + 1].text)
                and not words.caption.search(text)):
            found.add(index)
        elif is_prose(text):
            break  # in the article, a paragraph before a credit is the article's
    return found


#: A caption is a sentence or two; a longer line above a credit is article text.
_CAPTION_WORDS = 40


def _name_under_title(body: Sequence[Paragraph], index: int,
                      words: Lexicon) -> tuple[str, ...]:
    """A byline that is only a name, on its own line under a headline-like line and over
    the publication line or the article's first paragraph."""
    if index == 0 or index + 1 >= len(body) or not title_like(body[index - 1].text):
        return ()
    following = body[index + 1].text
    if not (parse_dateline(following, words) or parse_publication_line(following, words)
            or is_prose(following)):
        return ()
    return parse_name_line(body[index].text, words)


def _title_above_article(body: Sequence[Paragraph], verdicts: list[LineVerdict | None],
                         first_prose: int | None) -> tuple[str | None, list[LineVerdict | None]]:
    """The headline-like line nearest above the article, when scraped text has one.

    Site names and section labels come first; the headline sits just above the byline, the
    dateline or the first paragraph, so the last headline-like line (three words or more) wins.
    """
    if first_prose is None:
        return None, verdicts
    for index in reversed(range(min(first_prose, HEAD_LINES))):
        text = body[index].text
        if verdicts[index] is None and body[index].kind is not Kind.LIST_ITEM \
                and title_like(text):
            updated = list(verdicts)
            updated[index] = LineVerdict(Reason.TITLE, "moved to the title")
            for other in range(index + 1, len(body)):
                if updated[other] is None and fold(body[other].text) == fold(text):
                    updated[other] = LineVerdict(Reason.REPEATED_TITLE, "same as the title")
            return text, updated
    return None, verdicts


def _metadata(reason: Reason, value: str, index: int | None, source: str) -> AuditEntry:
    return AuditEntry(NAME, Action.METADATA, reason, text=value, paragraph=index,
                      detail=source)
