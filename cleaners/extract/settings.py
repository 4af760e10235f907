"""Settings of the extract stage."""

from __future__ import annotations

from copydesk.cleaners.settings import Bool, Float, Settings, setting


class ExtractSettings(Settings):
    include_tables: Bool = setting(True, "keep the text of tables in the article")
    # A precision/recall cascade (cleaners/extract/html.py `_choose`): extract with
    # trafilatura's `favor_precision`, and take its default extraction instead when the
    # precise one kept under `recall_rescue_ratio` of the default's words, or dropped
    # article-like text (prose paragraphs, or blocks inside the article's span) over
    # `dropped_content_share` of them. Measured with benchmarks/extraction.py (scrapinghub
    # macro F1 | trafilatura-eval micro F1): default 0.9637 | 0.9358; precision alone 0.9649 |
    # 0.9295; word ratio alone: 0.5 0.9699 | 0.9326, 0.95 0.9653 | 0.9358; ratio 0.5 with the
    # dropped-content test at share 0 0.9677 | 0.9350, 0.02 0.9678 | 0.9356, 0.04 0.9674 |
    # 0.9356, 0.08 0.9674 | 0.9350. Precision drops titles, standfirsts and link lists
    # (scrapinghub's truth has none of them) but also leads, in-article headings and lists
    # that trafilatura-eval asks for. `favor_precision = false` is plain default extraction;
    # ratio 0 and share 1 never rescue.
    favor_precision: Bool = setting(True, "trafilatura's precise extraction first ...")
    recall_rescue_ratio: Float = setting(
        0.5, "... its default one when the precise one kept under this share", ge=0, le=1)
    dropped_content_share: Float = setting(
        0.02, "... of its words, or dropped article-like text over this share",
        ge=0, le=1)
    # The cascade's last step: trafilatura's `favor_recall` extraction replaces the result
    # when it finds at least this many times the words of the default one (the default kept
    # a fragment, a lead or a box, and lost the article). Measured with plain trafilatura on
    # wcxb-dev (benchmarks/wcxb.py; 792 pages, mean F1 0.9369 default, 0.9357 recall alone):
    # ratio 1.05 0.9445 (48 pages switch, 39 better, 4 worse), 1.1 0.9442 (37: 32/4), 1.2
    # 0.9437 (25: 24/1), 1.5 0.9425 (14: 14/0), 2 0.9407 (7). In copydesk at 1.2: wcxb-dev
    # F1 0.940 -> 0.946, trafilatura-eval 0.936 -> 0.935, scrapinghub 0.971 both; 1.1 gave
    # trafilatura-eval 0.935 too. 0 turns it off.
    wider_extraction_ratio: Float = setting(
        1.2, "... and its recall-favouring one when that finds this many times the words",
        ge=0)
    # The article body the page declares (JSON-LD articleBody, declared.py) replaces the
    # extraction when it has at least this many times its words: the extraction kept a
    # fraction of a script-built article. wcxb-dev: 25 pages declare a body; at 2 (and at
    # 1.5 to 4) one page switches, F1 0.36 -> 0.99. 0 turns it off.
    declared_body_ratio: Float = setting(
        2.0, "take the page's JSON-LD articleBody when it has this many times the words",
        ge=0)
    # Put back the headings and list items the extraction skipped between two blocks it kept,
    # on a body without headings (skipped.py: trafilatura's last-resort pass collects
    # paragraphs and tables, no headings or lists). wcxb-dev mean F1 0.9495 -> 0.9504 (the
    # headings) -> 0.9517 (with list items and declared_body_ratio), trafilatura-eval 0.9353
    # -> 0.9355, scrapinghub 0.971 both; the variants measured are in skipped.py.
    restore_skipped: Bool = setting(
        True, "put back headings and list items the extraction skipped between two blocks "
              "it kept")
    # Remove what a browser never displays (the `hidden` attribute, <template>) before
    # extracting; with drop_styled_hidden also what the page's CSS hides, which lost article
    # text that scripts reveal on 23 of 1,171 benchmark pages (see cleaners/extract/hidden.py).
    drop_hidden: Bool = setting(True, "remove what a browser never displays (hidden, <template>)")
    drop_styled_hidden: Bool = setting(
        False, "also what the page's CSS hides (scripts often reveal it)")
