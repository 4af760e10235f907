"""Write the expected output the regression test compares against (run it after an intended
change of output, and commit the result with the change that explains it):

    .venv/bin/python tests/expected/update.py

- `sample/`: the clean/ folder of the sample raw/ (our own documents), every file but run.json
  and the private state;
- `<set>.sha256`: the SHA-256 of every such file for the evaluation sets in ../shared (the
  seeds, the scrapinghub pages), so that their text is not copied into the project.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

from copydesk.cleaners.io.clean_folder import published_folder
from copydesk.cleaners.run.corpus import run_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"
#: Evaluation sets whose output is pinned by hashes: name -> folder of raw files.
SETS = {"seeds": SHARED / "seeds",
        "scrapinghub": SHARED / "benchmarks" / "article-extraction" / "scrapinghub" / "html"}
SKIP = ("run.json",)
#: Folders the pin leaves out: the review pages are a view of the rest, tested on their own.
SKIP_FOLDERS = ("review",)


def published_files(clean: Path) -> dict[str, bytes]:
    """Every file of the published run of a clean folder that the contract pins (not
    run.json, not the private .state/)."""
    folder = published_folder(clean)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in SKIP
            and not path.relative_to(folder).parts[0].startswith(".")
            and path.relative_to(folder).parts[0] not in SKIP_FOLDERS}


def clean_folder(raw: Path, into: Path) -> dict[str, bytes]:
    run_corpus(raw, into)
    return published_files(into)


def hashes(files: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(files.items()))


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        files = clean_folder(ROOT / "raw", Path(work) / "sample")
        shutil.rmtree(HERE / "sample", ignore_errors=True)
        for name, data in files.items():
            (HERE / "sample" / name).parent.mkdir(parents=True, exist_ok=True)
            (HERE / "sample" / name).write_bytes(data)
        for name, raw in SETS.items():
            if not raw.is_dir():
                print(f"{raw} is absent: {name}.sha256 left as it is", file=sys.stderr)
                continue
            (HERE / f"{name}.sha256").write_text(
                hashes(clean_folder(raw, Path(work) / name)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
