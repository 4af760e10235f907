"""Take the README's screenshot of a review page (docs/review.png) in the headless Chromium
the tests use (`tests/browser.py`):

    .venv/bin/python tests/screenshot_review.py [OUT.png]

It cleans the sample raw/ into a temporary folder (`run_corpus`, no Prefect), writes the
review there and photographs the page of one sample document: removed lines, repairs and a
flagged paragraph.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser import chromium, console_errors
from helpers import ROOT, SAMPLE_RAW

from copydesk.cleaners.io.clean_folder import read_manifest
from copydesk.cleaners.io.review import write_review
from copydesk.cleaners.run.corpus import run_corpus

SOURCE = "text/kessa-river-dam-eastern-dispatch.txt"
WINDOW = (1200, 1500)


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="copydesk-review-") as folder:
        clean = Path(folder) / "clean"
        run_corpus(SAMPLE_RAW, clean)
        write_review(clean)
        [record] = [r for r in read_manifest(clean) if r["source"] == SOURCE]
        with chromium(window=WINDOW) as driver:
            driver.get((clean / "review" / "docs" / f"{record['id']}.html").as_uri())
            errors = console_errors(driver)
            if errors:
                raise SystemExit(f"the page logged errors: {errors}")
            out.write_bytes(driver.get_screenshot_as_png())
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "review.png")
