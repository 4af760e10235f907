"""Hostile input through the real `copydesk run` (issue 14): every raw entry is accounted for,
nothing outside the raw folder is read, one page cannot hang the run, memory stays bounded,
files follow the umask, and a fault (a bad setting, input that would unpublish the corpus)
leaves the published run exactly as it was.

The hostile folder is written by `tests/hostile/generate.py`; see there for every kind.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import time
from pathlib import Path

import pytest
from hostile.generate import Prose, generate
from runs import Watch, check_published, leftovers, start_run

from copydesk.cleaners.ids import safe_source
from copydesk.cleaners.io.decode import DecodeSettings, bytes_to_text
from copydesk.flows.cli import main

pytestmark = pytest.mark.integration

TIMEOUT = 5.0  # [run] document_timeout of these runs
#: The run itself (run.json's `seconds`: from finding the files to publishing) may take this
#: long. Everything but the page of 1,000,000 <p> cleans in about 3 s here; that page takes
#: 25 s to 20 minutes when nothing stops it, and TIMEOUT when its limit works.
RUN_SECONDS = 30.0
#: The whole command, with the start of Prefect's temporary server (13-23 s on 2 cores).
COMMAND_SECONDS = 150.0
#: Resident memory: the sum over the command's process group (the command, Prefect's
#: temporary server, the fork server and the document workers, whose pages are shared and
#: counted in each), and any one process of it but the document workers: the command holds
#: no document whole. A document worker may not exceed its address-space limit ([run]
#: document_memory, 2 GB by default): the worker on the page of 1,000,000 <p> reaches 1.7
#: GB before its 5 s run out (it grows by the time it is given; cleaned without limits,
#: the page takes 3 GB).
GROUP_RSS = 3_500_000_000
PROCESS_RSS = 1_500_000_000
WORKER_RSS = 2_000_000_000


def write_config(folder: Path, text: str = "") -> Path:
    path = folder / "copydesk.toml"
    path.write_text(f"[run]\ndocument_timeout = {TIMEOUT}\n{text}", encoding="utf-8")
    return path


def raw_entries(raw: Path) -> set[str]:
    """What the manifest must list, found here without copydesk: every entry of the raw
    folder but folders (their files are listed) and hidden names; a link is an entry of its
    own whatever it leads to (a folder, itself, nowhere)."""
    found = set()
    for folder, dirs, files in os.walk(raw):  # links to folders are in `dirs`, not entered
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if not name.startswith("."):
                found.add(safe_source(os.path.relpath(os.path.join(folder, name), raw)))
    return found


def published_bytes(clean: Path) -> dict[str, bytes]:
    """Every file under the clean folder (every generation, the state, the review pages),
    gzip files decompressed, by path."""
    out = {}
    for path in clean.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            out[path.relative_to(clean).as_posix()] = (gzip.decompress(data)
                                                       if path.suffix == ".gz" else data)
    return out


def audit_reasons(clean: Path) -> dict[str, set[str]]:
    """The reason codes of each document's audit entries, by id."""
    out: dict[str, set[str]] = {}
    for line in (clean / "audit.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        out.setdefault(entry["id"], set()).add(str(entry["reason"]))
    return out


def manifest(clean: Path) -> dict[str, dict]:
    return {record["source"]: record for record in
            map(json.loads, (clean / "manifest.jsonl").read_text("utf-8").splitlines())}


def test_a_hostile_raw_folder_is_accounted_for_and_nothing_escapes(tmp_path: Path) -> None:
    hostile = generate(tmp_path / "raw", tmp_path / "outside")
    clean = tmp_path / "clean"
    started = time.monotonic()
    run = start_run(["--raw", hostile.raw, "--clean", clean, "--config",
                     write_config(tmp_path)], cwd=tmp_path, api_url=None, umask=0o027)
    watch = Watch(run.process.pid)
    code = run.wait(timeout=COMMAND_SECONDS + 60)
    elapsed = time.monotonic() - started
    watch.stop()
    assert code == 0, run.output[-3000:]
    info = check_published(clean)
    assert info is not None

    # Every entry accounted for: one record each (a WARC file: one per record), as expected.
    records = manifest(clean)
    by_entry: dict[str, list[dict]] = {}
    for source, record in records.items():
        entry, _, offset = source.rpartition("#")
        warc = offset.isdigit() and entry in hostile.expected and hostile.expected[entry].warc
        by_entry.setdefault(entry if warc else source, []).append(record)
    assert set(by_entry) == raw_entries(hostile.raw) == set(hostile.expected)
    audits = audit_reasons(clean)
    wrong = [f"{expect.source}: {record['status']} ({record['reason']}: {record['error']}), "
             f"expected {'/'.join(sorted(expect.statuses))} ({expect.kind})"
             for expect in hostile.expected.values() for record in by_entry[expect.source]
             if record["status"] not in expect.statuses
             or (expect.error is not None and record["status"] == "failed"
                 and expect.error not in (record["error"] or ""))
             or (expect.error is not None and not expect.warc
                 and expect.error not in (record["error"] or ""))
             or (expect.reason is not None and expect.reason != record["reason"])
             or (expect.audit is not None and expect.audit not in audits[record["id"]])
             or (expect.text is not None and expect.text not in
                 (clean / record["path"]).read_text("utf-8"))]
    assert not wrong, "\n".join(wrong)
    cut = [record["status"] for record in by_entry["cut.warc.gz"]]
    assert "failed" in cut and len(cut) == 2, "the whole record read, the cut one failed"
    pair = {records["plain.txt"]["status"], records["link-inside.txt"]["status"]}
    assert pair == {"clean", "duplicate"}, "a link inside raw/ is read: its target's copy"

    # Nothing from outside raw/, and nothing a browser never displays, is published.
    everything = published_bytes(clean)
    assert not [name for name, data in everything.items() if hostile.marker.encode() in data]
    texts = {name: data for name, data in everything.items()
             if name.startswith(".generations/") and ("/documents/" in name
                                                       or name.endswith("documents.jsonl.gz"))}
    for hidden in hostile.hidden_markers:
        assert not [name for name, data in texts.items() if hidden.encode() in data], hidden

    # Limits: no hang, bounded memory.
    print(f"run {info['seconds']:.1f} s, command {elapsed:.1f} s; peak RSS of the group "
          f"{watch.peak_sum / 1e9:.2f} GB, of one document worker "
          f"{watch.peak_worker / 1e9:.2f} GB, of one other process "
          f"{watch.peak_other / 1e9:.2f} GB ({watch.peak_other_cmdline[:60]})")
    assert info["seconds"] < RUN_SECONDS, info["seconds"]
    assert elapsed < COMMAND_SECONDS, elapsed
    assert watch.samples > 10
    assert watch.peak_sum < GROUP_RSS, watch.peak_sum
    assert 0 < watch.peak_worker < WORKER_RSS, watch.peak_worker
    assert watch.peak_other < PROCESS_RSS, (watch.peak_other, watch.peak_other_cmdline)

    # Files follow the umask (027: rw-r----- files, rwxr-x--- folders).
    modes = {path.relative_to(clean).as_posix(): stat.S_IMODE(path.lstat().st_mode)
             for path in [clean, *clean.rglob("*")] if not path.is_symlink()}
    wrong_modes = {name: oct(mode) for name, mode in modes.items()
                   if mode != (0o750 if (clean / name).is_dir() else 0o640)}
    assert not wrong_modes, wrong_modes

    # Nothing left running, nothing left over in clean/.
    assert not leftovers(tmp_path, run.process.pid)
    assert sorted(p.name for p in clean.iterdir() if p.name.startswith(".")) == [".generations"]


def test_raw_entries_are_counted_without_copydesk(tmp_path: Path) -> None:
    """The walk the hostile test counts entries with: links are entries, folders are not."""
    (tmp_path / "d.txt").mkdir()
    (tmp_path / "d.txt" / "a.txt").write_text("a")
    os.symlink("d.txt", tmp_path / "to-d")
    os.symlink("loop", tmp_path / "loop")
    (tmp_path / ".h").mkdir()
    (tmp_path / ".h" / "x.txt").write_text("x")
    assert raw_entries(tmp_path) == {"d.txt/a.txt", "to-d", "loop"}


# --- faults leave the published run as it was --------------------------------------------------

def snapshot(clean: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every entry of a clean folder, links not followed: its kind, its bytes or where it
    leads, and the modification time of a file or link (a folder's changes whenever a run
    makes and removes its work files in it)."""
    out: dict[str, tuple[str, bytes | str, int]] = {}
    for path in sorted(clean.rglob("*")):
        name, info = path.relative_to(clean).as_posix(), path.lstat()
        if path.is_symlink():
            out[name] = ("link", os.readlink(path), info.st_mtime_ns)
        elif path.is_dir():
            out[name] = ("folder", "", 0)
        else:
            out[name] = ("file", path.read_bytes(), info.st_mtime_ns)
    return out


def write_articles(raw: Path, count: int, seed: int) -> None:
    prose = Prose(seed)
    raw.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (raw / f"story-{number}.txt").write_text(prose.article(), encoding="utf-8")


#: Settings refused before anything starts (the first three wiped the corpus, issue 14).
REFUSED = [("[run]\nbatch_size = -1", "[run] batch_size = -1"),
           ('[boilerplate]\nlanguages = ["xx"]', "[boilerplate] languages"),
           ("[decode]\nmax_bytes = -1", "[decode] max_bytes = -1"),
           ('[language]\nwanted = ["xx"]', "[language] wanted"),
           ("[run]\ndocument_timeout = 0", "[run] document_timeout = 0"),
           ("[run]\ndocument_memory = 1000", "[run] document_memory = 1000")]


def test_faults_leave_the_published_run_as_it_was(tmp_path: Path, prefect_api: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    write_articles(raw, 6, seed=1)
    first = start_run(["--raw", raw, "--clean", clean], cwd=tmp_path, api_url=prefect_api)
    assert first.wait(timeout=300) == 0, first.output[-3000:]
    check_published(clean)
    published = snapshot(clean)
    assert any(name.startswith(".generations/") for name in published)

    # Bad settings and folders: exit 2 at once, with the key; clean/ untouched (the command
    # line's own code, in this process: test_batch_size_minus_one_... runs one as a command).
    for text, named in REFUSED:
        config = tmp_path / "bad.toml"
        config.write_text(text + "\n", encoding="utf-8")
        assert main(["run", "--raw", str(raw), "--clean", str(clean), "--config", str(config),
                     "--full"]) == 2, text
        err = capsys.readouterr().err
        assert named in err and err.count("\n") == 1, err
        assert snapshot(clean) == published, text
    (tmp_path / "a-file").write_text("not a folder")
    for args, message in [(["--raw", raw, "--clean", tmp_path / "a-file"], "is a file"),
                          (["--raw", tmp_path / "a-file", "--clean", clean], "raw folder")]:
        assert main(["run", *map(str, args)]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err

    # Input or a setting that would fail every published document: refused by the safety
    # catch (exit 1, the reason and --allow-shrink named), nothing written.
    home = tmp_path / ".prefect"
    every_fails = write_config(tmp_path, "[decode]\nmax_bytes = 10\n")
    run = start_run(["--raw", raw, "--clean", clean, "--config", every_fails], cwd=tmp_path,
                    api_url=prefect_api)
    assert run.wait(timeout=300) == 1, run.output[-3000:]
    assert "would unpublish 6 of the 6" in run.output and "--allow-shrink" in run.output
    assert snapshot(clean) == published
    for story in raw.iterdir():
        story.write_bytes(b"\x00\x01binary\x00" * 10)  # the raw files, ruined
    run = start_run(["--raw", raw, "--clean", clean], cwd=tmp_path, api_url=prefect_api)
    assert run.wait(timeout=300) == 1, run.output[-3000:]
    assert "would unpublish 6 of the 6" in run.output
    assert snapshot(clean) == published
    # Failed runs leave no pickled results in Prefect's storage.
    assert not [p for p in home.rglob("*") if p.is_file() and "storage" in p.parts]

    # The catch is what refused them: with --allow-shrink the same run publishes.
    run = start_run(["--raw", raw, "--clean", clean, "--allow-shrink"], cwd=tmp_path,
                    api_url=prefect_api)
    assert run.wait(timeout=300) == 0, run.output[-3000:]
    info = check_published(clean)
    assert info is not None and info["statuses"] == {"failed": 6}
    assert not leftovers(tmp_path)


# --- the three reproductions of issue 14 ----------------------------------------------------------

@pytest.fixture(scope="module")
def reproduction(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """One run over three ordinary documents, a link to a secret outside raw/ (`x.txt`,
    as `ln -s /etc/shadow raw/x.txt`) and the page of 1,000,000 <p>."""
    folder = tmp_path_factory.mktemp("reproduction")
    raw, clean = folder / "raw", folder / "clean"
    write_articles(raw, 3, seed=2)
    secret = folder / "shadow"
    secret.write_text("root:CD-SHADOW-0d1e2f:19000:0:99999:7:::\n", encoding="utf-8")
    os.symlink(secret, raw / "x.txt")
    (raw / "million-p.html").write_bytes(b"<html><body>" + b"<p>a</p>" * 1_000_000
                                         + b"</body></html>")
    run = start_run(["--raw", raw, "--clean", clean, "--config", write_config(folder)],
                    cwd=folder, api_url=prefect_api)
    code = run.wait(timeout=300)
    assert code == 0, run.output[-3000:]
    info = check_published(clean)
    return {"clean": clean, "raw": raw, "info": info, "records": manifest(clean),
            "folder": folder}


def test_a_link_to_a_file_outside_raw_is_failed_and_not_published(reproduction: dict) -> None:
    record = reproduction["records"]["x.txt"]
    assert record["status"] == "failed" and record["path"] is None
    assert "outside the raw folder" in record["error"]
    assert record["raw_sha256"] is None, "not even read"
    assert not [name for name, data in published_bytes(reproduction["clean"]).items()
                if b"CD-SHADOW-0d1e2f" in data]


def test_the_million_p_page_fails_alone_within_the_document_limit(reproduction: dict) -> None:
    records = reproduction["records"]
    page = records["million-p.html"]
    assert page["status"] == "failed" and page["reason"] == "timeout", page
    assert [records[f"story-{n}.txt"]["status"] for n in range(3)] == ["clean"] * 3
    print(f"\nmillion-p page: {page['status']} ({page['reason']}); the stories "
          f"{[records[f'story-{n}.txt']['status'] for n in range(3)]}; the run took "
          f"{reproduction['info']['seconds']:.1f} s with document_timeout = {TIMEOUT:g} s")
    # About the document limit: the page runs alongside the others and is stopped at it.
    assert reproduction["info"]["seconds"] < TIMEOUT + 15, reproduction["info"]["seconds"]


def test_batch_size_minus_one_is_refused_and_clean_untouched(reproduction: dict,
                                                             prefect_api: str) -> None:
    clean, folder = reproduction["clean"], reproduction["folder"]
    before = snapshot(clean)
    config = folder / "negative.toml"
    config.write_text("[run]\nbatch_size = -1\n", encoding="utf-8")
    run = start_run(["--raw", reproduction["raw"], "--clean", clean, "--config", config,
                     "--full"], cwd=folder, api_url=prefect_api)
    assert run.wait(timeout=60) == 2
    assert "[run] batch_size = -1" in run.output and "greater than or equal to 1" in run.output
    assert snapshot(clean) == before


# --- found by the hostile folder, not fixed here ------------------------------------------------

@pytest.mark.xfail(strict=True, reason="decode: charset-normalizer takes Latin-1 text for "
                   "cp1250 ('Ærøskøbing' becomes 'Ćrřskřbing'); the decode rework decides")
def test_latin1_letters_outside_cp1250_survive() -> None:
    text = Prose(3).article().replace("\n\n", "\n\nZoé Müller, Ærøskøbing, façade: ", 1)
    decoded, _, _ = bytes_to_text(text.encode("latin-1"), DecodeSettings())
    assert "Ærøskøbing" in decoded
