"""The `copydesk` command line.

    copydesk run [--raw DIR] [--clean DIR] [--config FILE] [--full] [--wait SECONDS]
                 [--runner threads|dask] [--dask-address tcp://HOST:PORT] [--workers N]
    copydesk explain FILE [--clean DIR] [--config FILE]
    copydesk serve [--runner threads|dask] [--dask-address tcp://HOST:PORT] [--workers N]
    copydesk server status|stop
    copydesk config [--config FILE]

`run` runs the `clean-corpus` flow in this process, reporting to PREFECT_API_URL when it is
set, else to a local Prefect server that the first run starts in the background and later
runs reuse (`flows/local_server.py`), so no server needs to be set up. `serve` serves the
deployments of prefect.yaml (`clean-corpus/nightly`, `clean-corpus/on-demand`) to the
Prefect server at PREFECT_API_URL, without a work pool, until interrupted. The exit status
is 0 when the run completed (documents that failed are listed, they do not fail the run), 1
when the run itself failed, 2 for bad arguments or settings (checked before anything
starts), 130 when it was stopped by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copydesk.flows.runners import DEFAULT_WORKERS
from copydesk.flows.settings import apply_defaults

#: What `copydesk --help` says copydesk is.
DESCRIPTION = ("Clean scraped news documents: strip boilerplate, repair garbled text, detect "
               "the language, remove near-duplicates, and publish clean/ with an audit of "
               "every change.")


class UsageError(Exception):
    """Bad arguments or settings: exit 2 with this message, before anything starts."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"copydesk: {error}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    from copydesk import __version__

    parser = argparse.ArgumentParser(prog="copydesk", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    commands = parser.add_subparsers(metavar="COMMAND")

    run = _command(commands, "run", "clean a raw folder into a clean folder",
                   "Clean every file under the raw folder into the clean folder, as a Prefect "
                   "flow run in this process (no server needed). Only new files are cleaned "
                   "when the clean folder holds an earlier run and nothing else changed.")
    run.add_argument("--raw", default="raw", help="folder of raw documents (default: raw)")
    run.add_argument("--clean", default="clean", help="output folder (default: clean)")
    run.add_argument("--config", help="TOML file of settings (see `copydesk config`)")
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="when another run is writing the clean folder, wait this long for "
                          "it (default: 0, stop at once)")
    run.add_argument("--full", action="store_true",
                     help="clean every file again, even when only new files would need it")
    run.add_argument("--allow-shrink", action="store_true",
                     help="publish even when the run would unpublish more than half of the "
                          "published documents while their raw files are still there")
    run.add_argument("--no-review", action="store_true",
                     help="do not write the review pages (clean/review/)")
    add_runner_options(run)
    run.set_defaults(handler=run_command)

    explain = _command(
        commands, "explain", "show how copydesk cleans one raw file",
        "Show one raw file as copydesk cleans it: the metadata found, every removed line in "
        "its place marked with its stage, reason and rule, and the repairs and flags.")
    explain.add_argument("file", help="a raw document (.html, .htm, .txt, optionally .gz), "
                                      "a page of a WARC file as FILE.warc.gz#OFFSET (its "
                                      "source in the manifest), or a document id")
    explain.add_argument("--clean", default="clean",
                         help="a clean folder whose run included this file: its audit adds "
                              "what the corpus-wide steps did (default: clean)")
    explain.add_argument("--config", help="TOML file of settings (see `copydesk config`)")
    explain.set_defaults(handler=explain_command)

    serve = _command(
        commands, "serve", "serve the nightly and on-demand deployments",
        "Serve the deployments of prefect.yaml (clean-corpus/nightly, clean-corpus/on-demand) "
        "to the Prefect server at PREFECT_API_URL until interrupted; flow runs start in the "
        "folder this command was started in.")
    add_runner_options(serve)
    serve.add_argument("--limit", type=int, default=None, metavar="N",
                       help="flow runs at a time (default: no limit)")
    serve.set_defaults(handler=serve_command)

    server = _command(
        commands, "server", "show or stop the background Prefect server",
        "Without PREFECT_API_URL, `copydesk run` starts a local Prefect server (with its UI) "
        "in the background and later runs reuse it; it stops after 10 idle minutes. "
        "`status` shows where it is, `stop` stops it now.")
    server.add_argument("action", choices=("status", "stop"))
    server.set_defaults(handler=server_command)

    export = _command(
        commands, "export", "write the published documents in another format",
        "Write the clean documents of the published run of a clean folder to OUT. "
        "clean/documents.jsonl.gz (written with every run) already holds them as JSON "
        "lines; --format parquet writes a Parquet file (needs the `parquet` extra).")
    export.add_argument("out", help="the file to write")
    export.add_argument("--format", choices=("parquet",), default="parquet",
                        help="the format (default: parquet)")
    export.add_argument("--clean", default="clean", help="the clean folder (default: clean)")
    export.set_defaults(handler=export_command)

    config = _command(
        commands, "config", "print the settings as TOML",
        "Print every setting with its default and what it does, as a TOML file to start "
        "from; with --config, check that file and print the settings it gives.")
    config.add_argument("--config", help="TOML file of settings to check")
    config.set_defaults(handler=config_command)
    return parser


def _command(commands: Any, name: str, summary: str, description: str
             ) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, help=summary,
                                                          description=description)
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


def task_runner(args: argparse.Namespace) -> Any:
    from copydesk.flows.runners import make_task_runner

    try:
        return make_task_runner(args.runner, args.dask_address, args.workers)
    except (ValueError, RuntimeError) as error:
        raise UsageError(str(error)) from None


def load_config(path: str | None) -> dict[str, Any]:
    """The tables of a config file, checked: a bad file or setting is a `UsageError`."""
    if not path:
        return {}
    import tomllib

    from copydesk.cleaners.config import Config

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"bad config {path}: cannot read it: {error.strerror or error}"
                         ) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"bad config {path}: not valid TOML: {error}") from None
    try:
        Config.from_mapping(data)
    except ValueError as error:
        raise UsageError(f"bad config {path}: {error}") from None
    return data


def run_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if not Path(args.raw).is_dir():
        raise UsageError(f"raw folder not found: {args.raw}")
    if Path(args.clean).exists() and not Path(args.clean).is_dir():
        raise UsageError(f"the clean folder {args.clean} is a file, not a folder")
    if args.runner == "threads" and not args.dask_address:
        start_document_workers(config)
    apply_defaults()
    runner = task_runner(args)
    from copydesk.cleaners.run.isolation import Isolation

    stop = StopOnSignal()
    try:
        with prefect_api() as where:
            from copydesk.flows.clean_corpus import clean_corpus_flow

            flow = clean_corpus_flow.with_options(task_runner=runner)
            state = flow(raw_dir=args.raw, clean_dir=args.clean, config=config,
                         lock_wait_seconds=args.wait, full=args.full,
                         allow_shrink=args.allow_shrink, review=not args.no_review,
                         return_state=True)
    except KeyboardInterrupt:
        print(f"copydesk: stopped ({stop.why}); nothing was published by this run",
              file=sys.stderr)
        return 130
    finally:
        Isolation.stop_all()
        stop.restore()
    if not state.is_completed():
        print(f"copydesk: the run failed: {state.message}", file=sys.stderr)
        return 1
    print_summary(state.result(), args.clean)
    if where:
        print(f"  the run is in the Prefect UI at {where}")
    return 0


def start_document_workers(config: dict[str, Any]) -> None:
    """Start this process's pool of document workers now, in a thread, while Prefect is
    imported and the flow run is created: its fork server loads copydesk and the word lists
    in a process of its own, so on two cores that time overlaps instead of adding up. The
    run's first batch finds the pool (or, should it not start, the same error)."""

    def start() -> None:
        from copydesk.cleaners.config import Config
        from copydesk.cleaners.run.corpus import limits_of
        from copydesk.cleaners.run.isolation import Isolation, IsolationUnavailable, can_isolate

        settings = Config.from_mapping(config)
        if settings.run.isolate and can_isolate():
            with contextlib.suppress(IsolationUnavailable):
                Isolation.shared(limits_of(settings))

    threading.Thread(target=start, name="copydesk-workers", daemon=True).start()


class StopOnSignal:
    """SIGTERM stops a run the way Ctrl-C does: the run ends where it is, nothing partial is
    published, the lock is released and every process the run started is stopped."""

    def __init__(self) -> None:
        self.why = "interrupted"
        self._previous = {sig: signal.signal(sig, self._stop)
                          for sig in (signal.SIGTERM, signal.SIGINT)}

    def _stop(self, signum: int, frame: Any) -> None:
        self.why = signal.Signals(signum).name
        raise KeyboardInterrupt

    def restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def prefect_api() -> Iterator[str | None]:
    """The Prefect API this run reports to: the configured one (PREFECT_API_URL), or the
    background local server (started if needed; `COPYDESK_SERVER=temporary` for Prefect's
    temporary server per run instead). Yields the UI's address when it is the local one."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from copydesk.flows import local_server

    if get_current_settings().api.url:
        yield None
        return
    if os.environ.get("COPYDESK_SERVER", "background") == "temporary":
        with temporary_settings(updates={PREFECT_API_URL: local_server.start_temporary()}):
            yield None
        return
    home = local_server.home()
    with local_server.lease(home):
        url = local_server.ensure(home)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url.removesuffix("/api")


def explain_command(args: argparse.Namespace) -> int:
    """Explain a file without Prefect. When the clean folder published this very file (same
    SHA-256), the document is the one it published (its text, and its audit, which holds the
    corpus-wide steps too: template lines, near-duplicates); otherwise the per-document
    stages run here. A document id explains what the clean folder published under it."""
    from copydesk.cleaners.config import Config
    from copydesk.cleaners.explain import explain
    from copydesk.cleaners.pipeline import clean_document

    config = Config.from_mapping(load_config(args.config))
    raw = _raw_for_explain(args.file, config.decode.max_bytes)
    if raw is None:
        published = published_version(Path(args.clean), doc_id=args.file)
        if published is None:
            raise UsageError(f"cannot read {args.file}: no such file, and no document of "
                             f"{args.clean}/ has this id")
        print(explain(published), end="")
        return 0
    doc = clean_document(raw, config)
    published = published_version(Path(args.clean), doc.raw_sha256)
    print(explain(published or doc), end="")
    if published is None:
        print("\n(corpus-wide steps not shown: this file is not in the manifest of "
              f"{args.clean}/; template lines and near-duplicates depend on the corpus)")
    return 0


def _raw_for_explain(name: str, max_bytes: int) -> Any:
    """The raw document `name` stands for: a file, or a page of a WARC file named as its
    manifest source names it (`crawl.warc.gz#1448`); None when there is no such file."""
    from copydesk.cleaners.ids import document_id
    from copydesk.cleaners.io import warc
    from copydesk.cleaners.io.files import RawFile

    path, _, offset = name.rpartition("#")
    if path and offset.isdigit() and warc.is_warc(path) and Path(path).is_file():
        record = next((r for r in warc.scan(path, max_bytes) if r.offset == int(offset)), None)
        if record is None or not record.document:
            raise UsageError(f"{path} has no page that starts at byte {offset}")
        if record.problem:
            raise UsageError(record.problem)
        try:
            payload = warc.read_record(path, record.offset, record.length, max_bytes)
        except warc.RecordError as error:
            raise UsageError(str(error)) from None
        source = f"{Path(path).name}#{offset}"
        return RawFile(document_id(source), source, payload.data, payload.url,
                       payload.fetched, payload.charset, payload.media_type,
                       payload.http_status)
    file = Path(name)
    if not file.is_file():
        if file.exists():
            raise UsageError(f"cannot read {name}: not a regular file")
        return None
    if warc.is_warc(name):
        pages = [f"{name}#{r.offset}" for r in warc.scan(name, max_bytes) if r.document]
        listed = "\n  ".join(pages[:20]) + ("\n  ..." if len(pages) > 20 else "")
        raise UsageError(f"{name} is a WARC file of {len(pages)} pages: name one as "
                         f"FILE#OFFSET:\n  {listed}")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
    return RawFile(document_id(file.name), file.name, data)


def published_version(clean: Path, sha256: str | None = None, doc_id: str | None = None,
                      ) -> Any:
    """The document as the clean folder published it, when it published a file with these
    bytes (or this id), else None."""
    from copydesk.cleaners.io.clean_folder import iter_audit, iter_records, published_folder
    from copydesk.cleaners.io.review.published import published_document

    folder = published_folder(clean)
    record = next((r for r in iter_records(folder)
                   if (sha256 and r["raw_sha256"] == sha256) or r["id"] == doc_id), None)
    if record is None:
        return None
    lines = next((lines for audited, lines in iter_audit(folder) if audited == record["id"]),
                 [])
    text = (folder / record["path"]).read_text("utf-8") if record.get("path") else None
    return published_document(record, lines, text)


def serve_command(args: argparse.Namespace) -> int:
    apply_defaults()
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        raise UsageError("serve needs a Prefect server. Start one (prefect server start) and "
                         "set PREFECT_API_URL, e.g. export "
                         "PREFECT_API_URL=http://127.0.0.1:4200/api")
    runner = task_runner(args)
    from copydesk.flows.serve import serve

    serve(runner, limit=args.limit)
    return 0


def server_command(args: argparse.Namespace) -> int:
    apply_defaults()
    from copydesk.flows import local_server

    home = local_server.home()
    if args.action == "stop":
        print("stopped" if local_server.stop(home) else "no background server was running")
        return 0
    state = local_server.running(home)
    print(f"running at {state['ui_url']} (pid {state['pid']})" if state else "not running")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from copydesk.cleaners.io.clean_folder import MANIFEST, published_folder
    from copydesk.cleaners.io.export import to_parquet

    if not (published_folder(args.clean) / MANIFEST).is_file():
        raise UsageError(f"{args.clean} holds no published run")
    try:
        rows = to_parquet(args.clean, args.out)
    except RuntimeError as error:
        raise UsageError(str(error)) from None
    print(f"{rows} documents written to {args.out}")
    return 0


def config_command(args: argparse.Namespace) -> int:
    from copydesk.cleaners.config import Config, defaults_toml, to_toml

    if not args.config:
        print(defaults_toml(), end="")
        return 0
    print(to_toml(Config.from_mapping(load_config(args.config))), end="")
    return 0


def print_summary(summary: dict[str, Any], clean_dir: str) -> None:
    statuses = ", ".join(f"{count} {status}" for status, count in summary["statuses"].items())
    print(f"\ncopydesk: {summary['documents']} documents in {summary['seconds']:.1f} s: "
          f"{statuses}")
    print(f"  {summary['mode']} run ({summary['mode_reason']}): {summary['cleaned']} cleaned")
    feed = summary["feed"]
    print(f"  published to {clean_dir}/ as run {summary['generation']} "
          f"({summary['texts']['written']} texts written, {summary['texts']['linked']} "
          f"unchanged; {feed['new']} changes, feed seq {feed['first_seq']}-{feed['last_seq']})")
    for warning in summary.get("warnings", []):
        print(f"  warning: {warning}")
    for name in ("removed", "repaired", "flagged"):
        if summary[name]:
            details = ", ".join(f"{reason} {n}" for reason, n in summary[name].items())
            print(f"  {name}: {details}")
    for failure in summary["failed"]:
        print(f"  failed: {failure['source']}: {failure['error']}")


if __name__ == "__main__":
    sys.exit(main())
