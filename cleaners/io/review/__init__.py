"""The review of a run: static pages that show what the cleaners removed, page by page.

`write_review(clean_dir)` reads a published clean folder through the contract (manifest,
audit, texts) and writes, by default into `clean_dir/review/`:

    index.html            every document: status, counts per reason, language, site,
                          duplicate-of; sortable and filterable; charts of the removals
    data/index-NNNN.js    the index rows, 1,000 a file, loaded by index.html as scripts
    docs/<id>.html        one page per document: its lines as extraction left them, removed
                          ones struck through in the colour of their reason, repairs
                          before/after, flags, links to the documents that own near-duplicates
    assets/               review.css, review.js, reasons.css (a colour per reason code)

Plain HTML, CSS and JavaScript, no network and no server: the pages work opened from
`file://`. A document page is the same replay of the audit as `copydesk explain`
(`cleaners/explain.py`). No Prefect here; the flow calls this after publishing.
"""

from __future__ import annotations

from copydesk.cleaners.io.review.write import write_review

__all__ = ["write_review"]
