"""The `copydesk` command line.

    copydesk run [--raw DIR] [--clean DIR] [--config FILE]

`run` runs the `clean-corpus` flow in this process: Prefect starts a temporary local API
for it, so no server needs to be running. The exit status is 0 when the run completed
(documents that failed are listed, they do not fail the run), 1 when the run itself
failed, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from flows.settings import apply_defaults


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    return int(args.handler(args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copydesk", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(metavar="COMMAND")

    run = commands.add_parser("run", help="clean a raw folder into a clean folder")
    run.add_argument("--raw", default="raw", help="folder of raw documents (default: raw)")
    run.add_argument("--clean", default="clean", help="output folder (default: clean)")
    run.add_argument("--config", help="TOML file of settings (see the README)")
    run.set_defaults(handler=run_command)
    return parser


def load_config(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    import tomllib

    from cleaners.config import Config

    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    Config.from_mapping(data)  # fail here, before any flow starts, on a bad file
    return data


def run_command(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except (OSError, ValueError) as error:
        print(f"copydesk: bad config: {error}", file=sys.stderr)
        return 2
    if not Path(args.raw).is_dir():
        print(f"copydesk: raw folder not found: {args.raw}", file=sys.stderr)
        return 2

    apply_defaults()
    from flows.clean_corpus import clean_corpus_flow

    state = clean_corpus_flow(raw_dir=args.raw, clean_dir=args.clean, config=config,
                              return_state=True)
    if not state.is_completed():
        print(f"copydesk: the run failed: {state.message}", file=sys.stderr)
        return 1
    summary = state.result()
    print_summary(summary, args.clean)
    return 0


def print_summary(summary: dict[str, Any], clean_dir: str) -> None:
    statuses = ", ".join(f"{count} {status}" for status, count in summary["statuses"].items())
    print(f"\ncopydesk: {summary['documents']} documents in {summary['seconds']:.1f} s: "
          f"{statuses}")
    print(f"  written to {clean_dir}/ ({summary['files']['written']} texts written, "
          f"{summary['files']['removed']} removed)")
    for name in ("removed", "repaired", "flagged"):
        if summary[name]:
            details = ", ".join(f"{reason} {n}" for reason, n in summary[name].items())
            print(f"  {name}: {details}")
    for failure in summary["failed"]:
        print(f"  failed: {failure['source']}: {failure['error']}")


if __name__ == "__main__":
    sys.exit(main())
