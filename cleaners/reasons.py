"""The closed set of reasons copydesk gives for what it removes, repairs or flags.

Every audit entry carries one of these codes. They are part of the output contract: the
manifest counts removals and repairs by code, and `clean/audit.jsonl` names the code of
every entry. Add a code here, with what it means in `MEANINGS`, and name it in the `reasons`
of the stage that emits it (its `Stage` declaration) before that stage uses it.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What an audit entry records."""

    REMOVED = "removed"  # text taken out of the body
    REPAIRED = "repaired"  # text changed in place (before/after)
    FLAGGED = "flagged"  # text kept but marked (garble, foreign language)
    METADATA = "metadata"  # a metadata field set from the text
    STATUS = "status"  # the document's status changed (failed, filtered, duplicate)


class Reason(StrEnum):
    """Why a stage acted. Named for what the text *is*, not for the rule that found it."""

    # decode
    DECODE_FALLBACK = "decode-fallback"
    ENCODING = "encoding"
    HTTP_STATUS = "http-status"
    URL = "url"
    INPUT_ERROR = "input-error"

    # extract
    HIDDEN_TEXT = "hidden-text"
    STRAY_CONTENT = "stray-content"
    RESTORED_BLOCK = "restored-block"
    DECLARED_BODY = "declared-body"

    # repair
    MOJIBAKE = "mojibake"
    HTML_ENTITY = "html-entity"
    CONTROL_CHARACTER = "control-character"
    INVISIBLE_CHARACTER = "invisible-character"
    UNICODE_NORMALIZATION = "unicode-normalization"
    MISSING_SPACE = "missing-space"
    SPACED_COMPOUND = "spaced-compound"
    DASH_RUN = "dash-run"
    BROKEN_QUOTES = "broken-quotes"
    NAME_CASE = "name-case"
    GARBLED = "garbled"

    # boilerplate
    NAVIGATION = "navigation"
    RELATED_LINKS = "related-links"
    COMMENTS = "comments"
    NEWSLETTER = "newsletter"
    ADVERTISEMENT = "advertisement"
    LEGAL_FOOTER = "legal-footer"
    CAPTION = "caption"
    AUTHOR_BIO = "author-bio"
    REPEATED_TITLE = "repeated-title"
    TEMPLATE_LINE = "template-line"
    BYLINE = "byline"
    DATELINE = "dateline"
    TITLE = "title"

    # language
    LANGUAGE = "language"
    FOREIGN_LANGUAGE = "foreign-language"
    UNWANTED_LANGUAGE = "unwanted-language"

    # dedup
    DUPLICATE_IN_DOCUMENT = "duplicate-in-document"
    NEAR_DUPLICATE = "near-duplicate"
    DUPLICATE_DOCUMENT = "duplicate-document"

    # finalize
    EMPTY_DOCUMENT = "empty-document"

    # the pipeline, for any document
    TIMEOUT = "timeout"
    MEMORY = "memory"

    @property
    def meaning(self) -> str:
        """What a text that carries this code is, in a few words (the README lists them)."""
        return MEANINGS[self]


#: What each code means. Part of the contract: the README's table of codes is built from it.
MEANINGS: dict[Reason, str] = {
    Reason.DECODE_FALLBACK: "bytes were not valid in the chosen encoding (replaced, flagged)",
    Reason.ENCODING: "the bytes are not UTF-8: the encoding used instead, and why",
    Reason.HTTP_STATUS: "the crawler got no page (an HTTP status other than 200)",
    Reason.URL: "where the page came from: its WARC record's target, else its canonical link "
                "or og:url",
    Reason.INPUT_ERROR: "the file could not be read as a document at all",
    Reason.HIDDEN_TEXT: "in the page but not displayed by a browser (cleaners/extract/hidden.py)",
    Reason.STRAY_CONTENT: "page content after its closing </body> or </html>, moved into the "
                          "body as a browser shows it (cleaners/extract/stray.py)",
    Reason.RESTORED_BLOCK: "a heading or list item of the article the extraction skipped, put "
                           "back between the blocks around it (cleaners/extract/skipped.py)",
    Reason.DECLARED_BODY: "the article body the page declares in its JSON-LD, taken where the "
                          "extraction kept a fraction of it (cleaners/extract/declared.py)",
    Reason.MOJIBAKE: "text decoded with the wrong codec, fixed by ftfy",
    Reason.HTML_ENTITY: "&amp; &#8217; and double-escaped forms",
    Reason.CONTROL_CHARACTER: "C0/C1 controls, terminal escapes",
    Reason.INVISIBLE_CHARACTER: "zero-width, soft hyphen, bidi controls",
    Reason.UNICODE_NORMALIZATION: "NFC, width, ligatures, line breaks",
    Reason.MISSING_SPACE: '"meters.Many" -> "meters. Many"',
    Reason.SPACED_COMPOUND: '"large -scale" -> "large-scale"',
    Reason.DASH_RUN: '"–-" -> "–"',
    Reason.BROKEN_QUOTES: "doubled or wrongly oriented curly quotes",
    Reason.NAME_CASE: '"XI" -> "Xi" where the document writes "Xi"',
    Reason.GARBLED: "flagged: nonsense that has no single right repair",
    Reason.NAVIGATION: "nav menus, breadcrumbs, site and section labels",
    Reason.RELATED_LINKS: '"Related Links", "Read more", teaser headlines',
    Reason.COMMENTS: "comment prompts and counters",
    Reason.NEWSLETTER: "subscribe, share, follow, app prompts",
    Reason.ADVERTISEMENT: "ad labels",
    Reason.LEGAL_FOOTER: "copyright, legal, cookie and GDPR notices",
    Reason.CAPTION: "image captions and photo credits",
    Reason.AUTHOR_BIO: '"about the author" boxes',
    Reason.REPEATED_TITLE: "the title printed again in the body",
    Reason.TEMPLATE_LINE: "a line that recurs across the corpus (site template)",
    Reason.BYLINE: '"By Jane Doe" moved to metadata',
    Reason.DATELINE: '"LISBON, March 18 (Reuters) -" moved to metadata',
    Reason.TITLE: "the title, moved to metadata",
    Reason.LANGUAGE: "the document's language was set",
    Reason.FOREIGN_LANGUAGE: "a paragraph in another language than the document",
    Reason.UNWANTED_LANGUAGE: "the document is not in a wanted language",
    Reason.DUPLICATE_IN_DOCUMENT: "a paragraph repeated inside one document",
    Reason.NEAR_DUPLICATE: "a paragraph already published by an earlier document",
    Reason.DUPLICATE_DOCUMENT: "nothing of its own remains",
    Reason.EMPTY_DOCUMENT: "no text left to publish",
    Reason.TIMEOUT: "cleaning took longer than the time limit of a document",
    Reason.MEMORY: "cleaning needed more than the memory limit of a document",
}
