"""The `copydesk` command line.

    copydesk run [--raw DIR] [--clean DIR] [--config FILE] [--wait SECONDS]
                 [--runner threads|dask] [--dask-address tcp://HOST:PORT] [--workers N]
    copydesk serve [--runner threads|dask] [--dask-address tcp://HOST:PORT] [--workers N]

`run` runs the `clean-corpus` flow in this process: Prefect starts a temporary local API
for it, so no server needs to be running. `serve` serves the deployments of prefect.yaml
(`clean-corpus/nightly`, `clean-corpus/on-demand`) to the Prefect server at
PREFECT_API_URL, without a work pool, until interrupted. The exit status is 0 when the run completed
(documents that failed are listed, they do not fail the run), 1 when the run itself
failed, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from flows.runners import DEFAULT_WORKERS
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
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="when another run is writing the clean folder, wait this long for "
                          "it (default: 0, stop at once)")
    run.add_argument("--full", action="store_true",
                     help="clean every file again, even when only new files would need it")
    add_runner_options(run)
    run.set_defaults(handler=run_command)

    explain = commands.add_parser(
        "explain", help="show one raw file as copydesk cleans it: every removed line marked "
                        "with its reason, and the metadata found")
    explain.add_argument("file", help="a raw document (.html, .htm, .txt, optionally .gz)")
    explain.add_argument("--clean", default="clean",
                         help="a clean folder whose run included this file: its audit adds "
                              "what the corpus-wide steps did (default: clean)")
    explain.add_argument("--config", help="TOML file of settings (see the README)")
    explain.set_defaults(handler=explain_command)

    serve = commands.add_parser("serve", help="serve the nightly and on-demand deployments "
                                              "to the Prefect server at PREFECT_API_URL")
    add_runner_options(serve)
    serve.add_argument("--limit", type=int, default=None, metavar="N",
                       help="flow runs at a time (default: no limit)")
    serve.set_defaults(handler=serve_command)
    return parser


def add_runner_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runner", choices=("threads", "dask"), default="threads",
                        help="where the batches run: a thread pool (default) or Dask")
    parser.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                        help="the scheduler of an existing Dask cluster (implies --runner dask);"
                             " without it, --runner dask starts a local cluster")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help=f"threads (default: {DEFAULT_WORKERS['threads']}; the cleaning "
                             f"holds the GIL), or local Dask worker processes (default: "
                             f"{DEFAULT_WORKERS['dask']})")


def runner_name(args: argparse.Namespace) -> str:
    return "dask" if args.dask_address else str(args.runner)


def task_runner(args: argparse.Namespace) -> Any:
    from flows.runners import make_task_runner

    return make_task_runner(args.runner, args.dask_address, args.workers)


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
    try:
        runner = task_runner(args)
    except (ValueError, RuntimeError) as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return 2
    from flows.clean_corpus import clean_corpus_flow
    from flows.runners import api_for_workers

    flow = clean_corpus_flow.with_options(task_runner=runner)
    with api_for_workers() if runner_name(args) == "dask" else contextlib.nullcontext():
        state = flow(raw_dir=args.raw, clean_dir=args.clean, config=config,
                     lock_wait_seconds=args.wait, full=args.full, return_state=True)
    if not state.is_completed():
        print(f"copydesk: the run failed: {state.message}", file=sys.stderr)
        return 1
    summary = state.result()
    print_summary(summary, args.clean)
    return 0


def explain_command(args: argparse.Namespace) -> int:
    """Explain a file without Prefect: the per-document stages run here; when the clean
    folder published this very file (same SHA-256), its audit is what is shown, since it
    also holds the corpus-wide steps (template lines, near-duplicates)."""
    from cleaners.config import Config
    from cleaners.decode import RawFile
    from cleaners.explain import explain
    from cleaners.ids import document_id
    from cleaners.stages import clean_document

    try:
        config = Config.from_mapping(load_config(args.config))
        data = Path(args.file).read_bytes()
    except (OSError, ValueError) as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return 2
    source = Path(args.file).name
    doc = clean_document(RawFile(document_id(source), source, data), config)
    published = published_audit(Path(args.clean), doc.raw_sha256)
    print(explain(published(doc) if published else doc), end="")
    if published is None:
        print("\n(corpus-wide steps not shown: this file is not in the manifest of "
              f"{args.clean}/; template lines and near-duplicates depend on the corpus)")
    return 0


def published_audit(clean: Path, sha256: str | None) -> Any:
    """A function that gives a document the status and audit its clean-folder run recorded,
    or None when that folder did not publish a file with these bytes."""
    import dataclasses
    import json

    from cleaners.document import AuditEntry, Status

    try:
        records = [json.loads(line) for line in
                   (clean / "manifest.jsonl").read_text("utf-8").splitlines()]
        record = next(r for r in records if sha256 and r["raw_sha256"] == sha256)
        audit = [json.loads(line) for line in (clean / "audit.jsonl").read_text("utf-8")
                 .splitlines()]
    except (OSError, ValueError, StopIteration):
        return None
    entries = tuple(AuditEntry.from_json(r) for r in audit if r["id"] == record["id"])

    def apply(doc: Any) -> Any:
        return dataclasses.replace(doc, audit=entries, status=Status(record["status"]),
                                   duplicate_of=record["duplicate_of"])
    return apply


def serve_command(args: argparse.Namespace) -> int:
    apply_defaults()
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        print("copydesk: serve needs a Prefect server. Start one (prefect server start) and "
              "set PREFECT_API_URL, e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api",
              file=sys.stderr)
        return 2
    try:
        runner = task_runner(args)
    except (ValueError, RuntimeError) as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return 2
    from flows.serve import serve

    serve(runner, limit=args.limit)
    return 0


def print_summary(summary: dict[str, Any], clean_dir: str) -> None:
    statuses = ", ".join(f"{count} {status}" for status, count in summary["statuses"].items())
    print(f"\ncopydesk: {summary['documents']} documents in {summary['seconds']:.1f} s: "
          f"{statuses}")
    print(f"  {summary['mode']} run ({summary['mode_reason']}): {summary['cleaned']} cleaned")
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
