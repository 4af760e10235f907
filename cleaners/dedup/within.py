"""Repeats inside one document: a pasted paragraph, a pasted block, a stutter.

Scraped pages print a paragraph twice when a template shows the article twice or an editor
pasted it again, and print a title or a table header twice in a row. Such repeats go; short
repeats that are the page's structure (a label per section, a table cell, the same question
put to each guest) stay.
"""

from __future__ import annotations

import re

from copydesk.cleaners.dedup.settings import DedupSettings
from copydesk.cleaners.document import AuditEntry, Document, Paragraph
from copydesk.cleaners.reasons import Action, Reason
from copydesk.cleaners.text import ends_question, ends_sentence, word_count

NAME = "dedup"

_PUNCTUATION = re.compile(r"[\W_]+")
_LETTER = re.compile(r"[^\W\d_]")


def drop_repeats_within(doc: Document, config: DedupSettings) -> Document:
    """Remove what a document prints twice: a pasted paragraph, a pasted block, a stutter.

    A repeat is compared with its earlier copy after case, punctuation and spacing are
    folded, digits kept ("Meal 2" is not "Meal 3"). It goes when

    * it is a paragraph of running prose (`_running_prose`): an article says one of those
      once, so a second copy is a paste or a template printing the article twice;
    * it belongs to a *pasted block*, a run of consecutive repeats that copies a run of
      earlier paragraphs in the same order and holds such a paragraph: its short lines
      (a dateline, a heading, a link) are part of the copy;
    * it *stutters*: the run repeats the paragraphs right before it ("Title" "Title", a
      table header or a list printed twice in a row).

    Any other short repeat is the page's structure and stays: a label or subheading per
    section ("Meal 2", "See it now:"), the same spec in two product lists, a table cell,
    a source credit, an interview question put to each guest, a line of digits.
    """
    if not config.within_document:
        return doc
    body = doc.body
    origin = _earlier_copies(body)
    drop = [False] * len(body)
    index = 0
    while index < len(body):
        if origin[index] is None:
            index += 1
            continue
        end = _copied_run_end(origin, index)
        run = range(index, end + 1)
        prose = [_running_prose(body[i].text, config.repeat_min_words) for i in run]
        pasted_block = end > index and any(prose)
        stutter = origin[end] == index - 1 and any(_has_letters(body[i].text) for i in run)
        for offset, i in enumerate(run):
            drop[i] = prose[offset] or pasted_block or stutter
        index = end + 1
    entries = [AuditEntry(NAME, Action.REMOVED, Reason.DUPLICATE_IN_DOCUMENT,
                          text=paragraph.text, paragraph=i,
                          detail=f"repeats paragraph {origin[i]}")
               for i, paragraph in enumerate(body) if drop[i]]
    if not entries:
        return doc
    return doc.with_changes(entries, body=tuple(p for i, p in enumerate(body) if not drop[i]))


def _earlier_copies(body: tuple[Paragraph, ...]) -> list[int | None]:
    """For each paragraph, the index of its latest earlier copy, or None."""
    last: dict[str, int] = {}
    origin: list[int | None] = []
    for index, paragraph in enumerate(body):
        key = repeat_key(paragraph.text)
        origin.append(last.get(key) if key else None)
        if key:
            last[key] = index
    return origin


def _copied_run_end(origin: list[int | None], start: int) -> int:
    """The last paragraph of the run from `start` that copies consecutive earlier ones."""
    end = start
    while end + 1 < len(origin):
        current, following = origin[end], origin[end + 1]
        if current is None or following != current + 1 or following >= start:
            break
        end += 1
    return end


def repeat_key(text: str) -> str:
    """The form two paragraphs of one document are compared in: folded case, punctuation
    and spacing, digits kept; a line of punctuation alone ("%" in a table) as it is.

    >>> repeat_key("Meal 2:") == repeat_key("meal  2"), repeat_key("Meal 2") == repeat_key("Meal 3")
    (True, False)
    """
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split()) or text.strip()


def _running_prose(text: str, min_words: int) -> bool:
    """A full paragraph: at least `min_words` words ending a sentence, and not a question
    (a question is a prompt; an interview puts the same one to each guest)."""
    text = text.rstrip()
    return word_count(text) >= min_words and ends_sentence(text) and not ends_question(text)


def _has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))
