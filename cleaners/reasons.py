"""The closed set of reasons copydesk gives for what it removes, repairs or flags.

Every audit entry carries one of these codes. They are part of the output contract: the
manifest counts removals and repairs by code, and `clean/audit.jsonl` names the code of
every entry. Add a code here, with a comment saying what it means, before a stage uses it.
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
    DECODE_FALLBACK = "decode-fallback"  # bytes were not valid in the chosen encoding
    INPUT_ERROR = "input-error"  # the file could not be read as a document at all

    # extract
    HTML_CHROME = "html-chrome"  # page furniture that the HTML extractor left out
    HIDDEN_TEXT = "hidden-text"  # in the page but not displayed by a browser (cleaners/hidden.py)
    EMPTY_LINE = "empty-line"  # whitespace-only line dropped while splitting paragraphs

    # repair
    MOJIBAKE = "mojibake"  # text decoded with the wrong codec, fixed by ftfy
    HTML_ENTITY = "html-entity"  # &amp; &#8217; and double-escaped forms
    CONTROL_CHARACTER = "control-character"  # C0/C1 controls, terminal escapes
    INVISIBLE_CHARACTER = "invisible-character"  # zero-width, soft hyphen, bidi controls
    UNICODE_NORMALIZATION = "unicode-normalization"  # NFC, width, ligatures, line breaks
    MISSING_SPACE = "missing-space"  # "meters.Many" -> "meters. Many"
    SPACED_COMPOUND = "spaced-compound"  # "large -scale" -> "large-scale"
    DASH_RUN = "dash-run"  # "–-" -> "–"
    BROKEN_QUOTES = "broken-quotes"  # doubled or wrongly oriented curly quotes
    NAME_CASE = "name-case"  # "XI" -> "Xi" where the document writes "Xi"
    GARBLED = "garbled"  # flagged: nonsense that has no single right repair

    # boilerplate
    NAVIGATION = "navigation"  # nav menus, breadcrumbs, site and section labels
    RELATED_LINKS = "related-links"  # "Related Links", "Read more", teaser headlines
    COMMENTS = "comments"  # comment prompts and counters
    NEWSLETTER = "newsletter"  # subscribe, share, follow, app prompts
    ADVERTISEMENT = "advertisement"  # ad labels
    LEGAL_FOOTER = "legal-footer"  # copyright, legal, cookie and GDPR notices
    CAPTION = "caption"  # image captions and photo credits
    AUTHOR_BIO = "author-bio"  # "about the author" boxes
    REPEATED_TITLE = "repeated-title"  # the title printed again in the body
    TEMPLATE_LINE = "template-line"  # a line that recurs across the corpus (site template)
    BYLINE = "byline"  # "By Jane Doe" moved to metadata
    DATELINE = "dateline"  # "LISBON, March 18 (Reuters) -" moved to metadata
    TITLE = "title"  # the title, moved to metadata

    # language
    LANGUAGE = "language"  # the document's language was set
    FOREIGN_LANGUAGE = "foreign-language"  # a paragraph in another language than the document
    UNWANTED_LANGUAGE = "unwanted-language"  # the document is not in a wanted language

    # dedup
    DUPLICATE_IN_DOCUMENT = "duplicate-in-document"  # a paragraph repeated inside one document
    NEAR_DUPLICATE = "near-duplicate"  # a paragraph already published by an earlier document
    DUPLICATE_DOCUMENT = "duplicate-document"  # nothing of its own remains

    # finalize
    EMPTY_DOCUMENT = "empty-document"  # no text left to publish
