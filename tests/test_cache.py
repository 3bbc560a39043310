"""The cache of read notes: a rerun takes unchanged notes from it, any change to a note
(or to what the vault repeats) reads the note again, and the output is always the same
as without it. Each test has its own ``HATCH_CACHE_DIR`` (see ``conftest``)."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import sqlite3
import sys
from array import array
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.vault.cache import open_cache
from hatch_cli.vault.cache_entries import Reading
from hatch_cli.vault.rerun import read_vault
from hatch_cli.vault.walk import walk
from tests.conftest import write_note

TEMPLATE = "## Weekly review\n\nStatus: evergreen note, reviewed on Sunday.\n\n"
TOPICS = {
    "kayak.md": "# Sea kayaking\n\nA sea kayak edges on its chine; brace with the paddle blade.",
    "paddle.md": "# Paddle strokes\n\nA sweep stroke turns the sea kayak; a brace stops a capsize.",
    "bread.md": "# Rye bread\n\nRye dough is sticky: proof the rye loaf in a banneton overnight.",
    "levain.md": "# Levain\n\nA rye levain ferments overnight before the loaf is baked.",
}


def make_vault(root: Path, *, template_in: int = 0) -> Path:
    """Four notes on two topics; the first ``template_in`` of them share a template."""
    for position, (name, text) in enumerate(sorted(TOPICS.items())):
        write_note(root, name, (TEMPLATE if position < template_in else "") + text + "\n")
    return root


def run(invoke: Any, *args: str) -> str:
    """stdout of a hatch command that must succeed, saying nothing on stderr (``ideas``
    always reports what it writes there)."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    if args[0] != "ideas":
        assert result.stderr == ""
    return str(result.stdout)


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["HATCH_CACHE_DIR"]).glob("notes-*.sqlite3"))


def entries() -> list[tuple[bytes, bytes, int]]:
    (path,) = cache_files()
    with sqlite3.connect(path) as connection:
        return list(connection.execute("SELECT key, value, used FROM entries"))


def test_a_rerun_gives_the_same_output_as_no_cache(invoke: Any, tmp_path: Path) -> None:
    vault = str(make_vault(tmp_path / "vault", template_in=3))
    for command in (["pairs", vault, "--format", "json", "--limit", "0"],
                    ["keywords", vault, "--format", "json"]):  # fmt: skip
        fresh = run(invoke, *command, "--no-cache")
        assert run(invoke, *command) == fresh  # cold: fills the cache
        assert run(invoke, *command) == fresh  # warm: reads it
    assert len(cache_files()) == 1
    # Per note, its line units (pass 1), its reading (pass 2), how it writes its terms
    # (``keywords``) and what it tells of its pairs (``pairs --limit 0``).
    assert len(entries()) == 4 * len(TOPICS)


def test_a_rerun_takes_unchanged_notes_from_the_cache(invoke: Any, tmp_path: Path) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    run(invoke, "keywords", vault, "--format", "json")
    # Mark every cached reading, as a way to see which notes a rerun took from the cache.
    (path,) = cache_files()
    with sqlite3.connect(path) as connection:
        for key, value, _ in entries():
            reading = Reading.decode(value)
            if reading is not None and reading.title:
                marked = Reading(**{**reading.__dict__, "title": "from the cache"})
                connection.execute(
                    "UPDATE entries SET value = ? WHERE key = ?", (marked.encode(), key)
                )
    write_note(tmp_path / "vault", "levain.md", TOPICS["levain.md"].replace("rye", "spelt"))
    (tmp_path / "vault" / "moved").mkdir()
    (tmp_path / "vault" / "paddle.md").rename(tmp_path / "vault" / "moved" / "paddle.md")
    notes = json.loads(run(invoke, "keywords", vault, "--format", "json"))["notes"]
    titles = {note["path"]: note["title"] for note in notes}
    assert titles == {
        "bread.md": "from the cache",
        "kayak.md": "from the cache",
        "levain.md": "Levain",  # changed: read again
        "moved/paddle.md": "from the cache",  # moved to another folder, same name
    }
    levain = next(note for note in notes if note["path"] == "levain.md")
    # Read again: it no longer shares "rye" with bread.md ("spelt" is in no other note).
    assert {"loaf", "overnight"} <= {keyword["text"] for keyword in levain["keywords"]}
    assert not {"rye", "spelt"} & {keyword["text"] for keyword in levain["keywords"]}


def test_text_that_starts_recurring_is_dropped_from_cached_notes(
    invoke: Any, tmp_path: Path
) -> None:
    root = make_vault(tmp_path / "vault", template_in=2)  # in 2 notes: not yet a template
    command = ["keywords", str(root), "--format", "json", "--limit", "30"]
    before = json.loads(run(invoke, *command))
    assert any(keyword["text"] == "evergreen" for keyword in before["notes"][0]["keywords"])
    # A third note with the same lines makes them template text, in the cached notes too.
    write_note(root, "review.md", TEMPLATE + "# Kayak rescue\n\nA T-rescue empties a kayak.\n")
    after = run(invoke, *command)
    assert after == run(invoke, *command, "--no-cache")
    for note in json.loads(after)["notes"]:
        assert "evergreen" not in {keyword["text"] for keyword in note["keywords"]}


def test_no_cache_reads_and_writes_no_cache(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    run(invoke, "pairs", vault, "--no-cache")
    run(invoke, "ideas", vault, "-o", str(tmp_path / "ideas"), "--dry-run", "--no-cache")
    run(invoke, "combine", f"{vault}/kayak.md", f"{vault}/paddle.md", "--vault", vault,
        "--no-cache")  # fmt: skip
    monkeypatch.setenv("HATCH_NO_CACHE", "1")
    run(invoke, "keywords", vault)
    assert list(Path(os.environ["HATCH_CACHE_DIR"]).iterdir()) == []


def test_every_vault_command_fills_the_cache(invoke: Any, tmp_path: Path) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    run(invoke, "combine", f"{vault}/kayak.md", f"{vault}/paddle.md", "--vault", vault)
    assert len(entries()) == 2 * len(TOPICS)
    assert cache_files()[0].stat().st_mode & 0o777 == 0o600  # it holds note text
    run(invoke, "ideas", vault, "-o", str(tmp_path / "ideas"), "--dry-run")
    assert len(entries()) == 2 * len(TOPICS)  # the same notes, read the same way


def test_notes_are_never_touched(invoke: Any, tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault")
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.iterdir()}
    run(invoke, "pairs", str(root))
    run(invoke, "pairs", str(root))
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.iterdir()}
    assert after == before  # no note changed, and no file was added to the vault


def test_a_damaged_cache_is_passed_over(invoke: Any, tmp_path: Path) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    command = ["pairs", vault, "--format", "json"]
    fresh = run(invoke, *command, "--no-cache")
    run(invoke, *command)
    (path,) = cache_files()
    with sqlite3.connect(path) as connection:  # damaged entries
        connection.execute("UPDATE entries SET value = x'00ff'")
    assert run(invoke, *command) == fresh
    path.write_bytes(b"not a database at all" * 100)  # a damaged file...
    assert run(invoke, *command) == fresh
    assert not path.exists()  # ...is deleted, and the next run starts a new one
    assert run(invoke, *command) == fresh
    assert len(entries()) == 2 * len(TOPICS)


def test_an_unusable_cache_folder_is_passed_over(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv("HATCH_CACHE_DIR", str(blocker / "cache"))
    fresh = run(invoke, "pairs", vault, "--format", "json", "--no-cache")
    assert run(invoke, "pairs", vault, "--format", "json") == fresh


def test_entries_unused_for_a_month_are_dropped(invoke: Any, tmp_path: Path) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    run(invoke, "pairs", vault)
    (path,) = cache_files()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET used = 0")  # all last used in 1970
        connection.execute("INSERT INTO entries VALUES (x'01', x'02', 0)")  # a deleted note's
        connection.execute("UPDATE pruned SET day = 0")  # and last pruned then
        connection.execute("DELETE FROM vault_parts")  # so that the rerun looks notes up one by one
    run(invoke, "pairs", vault)
    today = {used for _, _, used in entries()}
    assert len(entries()) == 2 * len(TOPICS)  # the old note's entry is gone...
    assert len(today) == 1 and today != {0}  # ...and the notes read again are marked used
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO entries VALUES (x'03', x'04', 0)")
    run(invoke, "pairs", vault)
    assert len(entries()) == 2 * len(TOPICS) + 1  # pruned once a day: not again today


@pytest.mark.slow
def test_reading_workers_use_the_cache(tmp_path: Path) -> None:
    """The process pool of a large vault reads and fills the cache as one process does."""
    root = make_vault(tmp_path / "vault", template_in=3)
    for number in range(40):
        write_note(root, f"more/{number}.md", f"# Note {number}\n\nKayak {number} and rye.\n")
    files = walk([str(root)]).files
    plain = read_vault(files, workers=1)
    cache = open_cache()
    assert cache is not None
    for _ in range(2):  # cold, then warm
        cached = read_vault(files, workers=2, cache=cache)
        assert cached.paths == plain.paths and cached.vocab == plain.vocab
        assert (cached.indptr, cached.terms, cached.columns) == (
            plain.indptr, plain.terms, plain.columns,
        )  # fmt: skip
        assert cached.titles == plain.titles and cached.recurring == plain.recurring
    assert len(entries()) == 2 * len(files)


def test_options_that_change_reading_are_part_of_the_key(invoke: Any, tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault")
    (root / "latin1.md").write_bytes(b"# Caf\xe9 notes\n\nA kayak caf\xe9 by the rye bakery.\n")
    vault = str(root)
    strict = json.loads(invoke("keywords", vault, "--format", "json").stdout)
    assert [item["path"] for item in strict["skipped"]] == ["latin1.md"]
    replace = ["--errors", "replace"]
    warning = "hatch: warning: latin1.md: not valid UTF-8 (byte 5, line 1); undecodable bytes"
    for options in (replace, [*replace, "--lang", "de"], replace):
        command = ["keywords", vault, "--format", "json", *options]
        cached, fresh = invoke(*command), invoke(*command, "--no-cache")
        assert cached.stdout == fresh.stdout
        assert cached.stderr == fresh.stderr and cached.stderr.startswith(warning)
    replaced = json.loads(invoke("keywords", vault, "--format", "json", *replace).stdout)
    assert "latin1.md" in {note["path"] for note in replaced["notes"]}


@pytest.mark.slow
def test_hatch_processes_share_one_cache(tmp_path: Path) -> None:
    """Runs at the same time (a shell loop with ``xargs -P``) fill and read one cache file
    without an error or a different answer."""
    import subprocess
    import sys

    root = make_vault(tmp_path / "vault", template_in=3)
    for number in range(60):
        write_note(root, f"more/{number}.md", f"# Note {number}\n\nKayak {number} and rye.\n")
    command = [sys.executable, "-m", "hatch_cli", "pairs", str(root), "--format", "json"]
    fresh = subprocess.run([*command, "--no-cache"], capture_output=True, check=True).stdout
    for _ in range(2):  # cold, then warm
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        for process in runs:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert (out, err) == (fresh, b"")
    assert len(entries()) == 2 * (len(TOPICS) + 60)


# --- a hostile or shared cache folder (issue 15) ----------------------------------------


def cache_path() -> Path:
    cache = open_cache()
    assert cache is not None
    return Path(cache.path)


def notices(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("hatch: note: ")]


def other_database(path: Path) -> bytes:
    """Another program's SQLite file (readable by all, as such files often are)."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE theirs (x)")
    connection.close()
    path.chmod(0o644)
    return path.read_bytes()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_symlink_in_the_cache_is_never_followed(invoke: Any, tmp_path: Path, suffix: str) -> None:
    root = make_vault(tmp_path / "vault")
    command = ["pairs", str(root), "--format", "json"]
    database = cache_path()
    if suffix:  # a real cache, with a planted companion file
        run(invoke, *command)
    theirs = tmp_path / "theirs.sqlite3"
    before = other_database(theirs)
    missing = tmp_path / "missing.sqlite3"
    for number, target in enumerate((theirs, missing)):
        link = Path(str(database) + suffix)
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        # A changed note: a run that used the cache would write to it.
        write_note(root, "kayak.md", TOPICS["kayak.md"] + f" Trip {number}.\n")
        fresh = run(invoke, *command, "--no-cache")
        result = invoke(*command)
        assert theirs.read_bytes() == before
        assert theirs.stat().st_mode & 0o777 == 0o644
        assert not missing.exists()
        assert link.is_symlink()
        assert result.exit_code == 0, result.stderr
        assert result.stdout == fresh
        assert len(notices(result.stderr)) == 1, result.stderr
        assert "not a regular file" in result.stderr


@pytest.mark.parametrize("who", ["writable-by-others", "another-user"])
def test_a_cache_folder_that_is_not_yours_alone_is_not_used(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    vault = str(make_vault(tmp_path / "vault"))
    shared = tmp_path / "shared"
    shared.mkdir()
    if who == "writable-by-others":
        shared.chmod(0o1777)  # like /tmp
    elif os.geteuid() == 0:
        os.chown(shared, 65534, 65534)
    else:
        pytest.skip("only root can give a folder to another user")
    monkeypatch.setenv("HATCH_CACHE_DIR", str(shared))
    commands = [
        ["pairs", vault, "--format", "json"],
        ["keywords", vault, "--format", "json"],
        ["ideas", vault, "-o", str(tmp_path / "ideas"), "--dry-run"],
        ["combine", f"{vault}/kayak.md", f"{vault}/paddle.md", "--vault", vault, "-f", "json"],
    ]
    for command in commands:
        fresh = invoke(*command, "--no-cache")
        result = invoke(*command)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == fresh.stdout
        (notice,) = notices(result.stderr)
        assert str(shared) in notice and "not used" in notice
        assert result.stderr.replace(notice + "\n", "") == fresh.stderr
    assert list(shared.iterdir()) == []


def _reading_variants(fields: list[Any]) -> dict[str, list[Any]]:
    """The fields of a cached reading, each variant wrong in one way ``encode`` never is."""

    def but(index: int, value: Any) -> list[Any]:
        changed = list(fields)
        changed[index] = value
        return changed

    bad_prior = array("d", [float("nan")] * (len(fields[7]) // 8)).tobytes()
    return {
        "title-int": but(3, 123),
        "lang-none": but(4, None),
        "skipped-int": but(2, 0),
        "links-int": but(5, ("x", 5)),
        "terms-list": but(6, list(fields[6])),
        "terms-int": but(6, tuple(range(len(fields[6])))),
        "prior-nan": but(7, bad_prior),
        "prior-short": but(7, fields[7][:-8]),
        "counts-odd": but(8, fields[8] + b"\x01"),
        "units-str": but(0, "units"),
        "hits-not-units": but(1, (12345).to_bytes(8, "little")),
        "fewer-fields": fields[:8],
    }


UNIT_VARIANTS = {
    "unsorted": lambda value: value[8:16] + value[:8] + value[16:] if len(value) >= 16 else None,
    "odd-length": lambda value: value + b"\x00",
    "text": lambda value: value.hex(),
}


@pytest.mark.slow  # 45 runs of the CLI
def test_cache_entries_of_the_wrong_types_are_misses(invoke: Any, tmp_path: Path) -> None:
    import marshal

    root = make_vault(tmp_path / "vault", template_in=3)
    vault = str(root)
    commands = [
        ["pairs", vault, "--format", "json", "--limit", "0"],
        ["keywords", vault, "--format", "json"],
        ["ideas", vault, "-o", str(tmp_path / "ideas"), "--dry-run", "--count", "9"],
    ]
    fresh = [invoke(*command, "--no-cache") for command in commands]
    run(invoke, *commands[0])
    good = entries()
    readings = {key: list(marshal.loads(value)) for key, value, _ in good
                if Reading.decode(value) is not None}  # fmt: skip
    units = {key: value for key, value, _ in good if key not in readings}
    assert readings and units
    variants: dict[str, dict[bytes, Any]] = {}
    for key, fields in readings.items():
        for name, changed in _reading_variants(fields).items():
            variants.setdefault(name, {})[key] = marshal.dumps(tuple(changed))
    for name, change in UNIT_VARIANTS.items():
        variants[name] = {key: change(value) for key, value in units.items()}
    (path,) = cache_files()
    for name, planted in variants.items():
        with sqlite3.connect(path) as connection:
            connection.executemany(
                "UPDATE entries SET value = ? WHERE key = ?",
                [(value, key) for key, value in planted.items() if value is not None],
            )
        connection.close()
        for command, expected in zip(commands, fresh, strict=True):
            result = invoke(*command)
            assert result.exit_code == 0, (name, result.stderr)
            assert (result.stdout, result.stderr) == (expected.stdout, expected.stderr), name
        with sqlite3.connect(path) as connection:  # the good entries again, for the next one
            connection.executemany(
                "UPDATE entries SET value = ? WHERE key = ?", [(v, k) for k, v, _ in good]
            )
        connection.close()


WORDS = {
    "sea": "kayak paddle brace chine capsize swell tide harbour skeg hatch",
    "bread": "rye levain dough proof banneton crumb crust starter flour oven",
    "garden": "compost mulch seedling prune trellis tomato basil aphid soil bed",
}


def many_notes(root: Path, count: int) -> Path:
    """``count`` notes, each on one of three topics, eight of its words in varying order."""
    topics = sorted(WORDS)
    for number in range(count):
        words = WORDS[topics[number % 3]].split()
        picked = [words[(number * step) % len(words)] for step in (1, 3, 7, 9, 11, 13, 17, 19)]
        write_note(root, f"n{number:03d}.md", f"# Note {number}\n\n{' '.join(picked)}.\n")
    return root


def same_vault(one: Any, other: Any) -> None:
    assert (one.paths, one.disks, one.titles, one.langs, one.links) == (
        other.paths, other.disks, other.titles, other.langs, other.links,
    )  # fmt: skip
    assert (one.vocab, one.indptr, one.terms, one.columns) == (
        other.vocab, other.indptr, other.terms, other.columns,
    )  # fmt: skip
    assert (one.skipped, one.hatched, one.recurring) == (
        other.skipped,
        other.hatched,
        other.recurring,
    )
    assert one.fingerprints == other.fingerprints


def test_a_rerun_reads_only_the_notes_that_changed(tmp_path: Path, monkeypatch: Any) -> None:
    """The vault's snapshot gives every unchanged note; only the edited and added notes
    are read, and the vault is the one a read without the cache gives."""
    import hatch_cli.vault.read as reading
    import hatch_cli.vault.rerun as rerun

    monkeypatch.setattr(reading, "RACY_NS", 0)  # trust the files' times although just written
    root = many_notes(tmp_path / "vault", 30)
    cache = open_cache()
    assert cache is not None
    read_vault(walk([str(root)]).files, workers=1, cache=cache)
    write_note(root, "n004.md", "# Changed\n\nrye rye kayak compost.\n")
    write_note(root, "new.md", "# New\n\nlevain crumb crust.\n")
    (root / "n009.md").unlink()
    read: list[str] = []
    hashed: list[str] = []
    real_read, real_hash = reading.notes_chunk, reading.keys_chunk

    def spy_read(job: Any) -> Any:
        read.extend(os.path.basename(disk) for disk in job[0])
        return real_read(job)

    def spy_hash(job: Any) -> Any:
        hashed.extend(os.path.basename(disk) for disk in job[0])
        return real_hash(job)

    monkeypatch.setattr(rerun, "notes_chunk", spy_read)
    monkeypatch.setattr(rerun, "keys_chunk", spy_hash)
    files = walk([str(root)]).files
    again = read_vault(files, workers=1, cache=cache)
    assert sorted(read) == ["n004.md", "new.md"]
    assert sorted(hashed) == ["n004.md", "new.md"]  # the others' times and sizes vouch
    same_vault(again, read_vault(files, workers=1))


@pytest.mark.parametrize("rewrite", [True, False])
@pytest.mark.parametrize("limit", ["5", pytest.param("0", marks=pytest.mark.slow)])
def test_reruns_after_edits_give_the_output_of_no_cache(
    invoke: Any, tmp_path: Path, monkeypatch: Any, limit: str, rewrite: bool
) -> None:
    """Each change (edit, add, delete, rename, a template that comes and goes, a note
    that can't be read, a note hatch wrote) is followed by a rerun from the last one's
    snapshot and ranking: the output is always what no cache gives, whether each rerun
    stores a new snapshot (as in a small vault) or keeps the first (as in a large one,
    which reads the changed notes again on every rerun until they are many)."""
    import hatch_cli.vault.rerun as rerun

    if not rewrite:
        monkeypatch.setattr(rerun, "REWRITE_ALWAYS_BELOW", 0)
        monkeypatch.setattr(rerun, "REWRITE_SHARE", 2.0)
    root = many_notes(tmp_path / "vault", 40)
    command = ["pairs", str(root), "--format", "json", "--limit", limit]

    def check() -> None:
        fresh = invoke(*command, "--no-cache")
        assert fresh.exit_code == 0 and json.loads(fresh.stdout)["pairs"]
        cached = invoke(*command)
        assert (cached.exit_code, cached.stdout, cached.stderr) == (
            0, fresh.stdout, fresh.stderr,
        )  # fmt: skip

    footer = "\n\nReviewed with the weekly checklist of the garden club.\n"
    changes = [
        lambda: None,
        lambda: write_note(root, "n001.md", "# Rye\n\nrye levain dough proof crumb.\n"),
        # The same size, at once: its times may not have moved, its bytes did.
        lambda: write_note(root, "n001.md", "# Rye\n\nrye levain dough proof CRUMB.\n"),
        lambda: write_note(root, "added.md", "# Added\n\nkayak paddle brace tide.\n"),
        lambda: (root / "n002.md").unlink(),
        lambda: (root / "n003.md").rename(root / "renamed.md"),
        lambda: [
            write_note(root, f"n0{n}.md", (root / f"n0{n}.md").read_text() + footer)
            for n in (10, 11, 12)
        ],
        lambda: write_note(root, "n011.md", (root / "n011.md").read_text().replace(footer, "")),
        lambda: write_note(root, "n020.md", "---\ntitle: [unclosed\n---\nbody\n"),
        lambda: write_note(root, "n021.md", "---\nhatched_from: [a.md, b.md]\n---\nrye kayak\n"),
        lambda: write_note(root, "n020.md", "# Fixed\n\ncompost mulch\n"),
    ]
    for change in changes:
        change()
        check()


def test_files_too_new_to_trust_are_hashed_until_a_snapshot_knows_them(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Notes written just before a run can't be known by their times (a change in the same
    clock tick would look the same), so the next run hashes them; once their times can be
    trusted it stores a snapshot that knows them, and the run after hashes none."""
    import hatch_cli.vault.read as reading
    import hatch_cli.vault.rerun as rerun

    root = many_notes(tmp_path / "vault", 12)
    files = walk([str(root)]).files
    cache = open_cache()
    assert cache is not None
    expected = read_vault(files, workers=1)
    read_vault(files, workers=1, cache=cache)  # just written: no stat trusted
    hashed: list[str] = []
    real_hash = reading.keys_chunk

    def spy_hash(job: Any) -> Any:
        hashed.extend(job[0])
        return real_hash(job)

    monkeypatch.setattr(rerun, "keys_chunk", spy_hash)
    monkeypatch.setattr(reading, "RACY_NS", 0)  # as if they had been written long ago
    same_vault(read_vault(files, workers=1, cache=cache), expected)
    assert len(hashed) == len(files)
    hashed.clear()
    same_vault(read_vault(files, workers=1, cache=cache), expected)
    assert hashed == []


def test_a_snapshot_in_several_parts_round_trips_and_a_missing_part_is_none(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A snapshot larger than a part is stored as several rows and read back whole; with
    any of its parts gone there is no snapshot (the notes are read again)."""
    import hatch_cli.vault.cache as cache_module
    import hatch_cli.vault.read as reading
    import hatch_cli.vault.rerun as rerun
    from hatch_cli.vault.snapshot import snapshot_name

    monkeypatch.setattr(cache_module, "PART_BYTES", 1000)
    monkeypatch.setattr(reading, "RACY_NS", 0)
    root = many_notes(tmp_path / "vault", 30)
    cache = open_cache()
    assert cache is not None
    files = walk([str(root)]).files
    first = read_vault(files, workers=1, cache=cache)
    name = snapshot_name(cache, files, "strict", None, False)
    with sqlite3.connect(cache.path) as connection:
        parts = [
            (part, count, len(value))
            for part, count, value in connection.execute(
                "SELECT part, parts, value FROM vault_parts WHERE name = ? ORDER BY part", (name,)
            )
        ]
    assert len(parts) > 3
    assert [part for part, _, _ in parts] == list(range(len(parts)))
    assert {count for _, count, _ in parts} == {len(parts)}
    assert all(size == 1000 for _, _, size in parts[:-1]) and 0 < parts[-1][2] <= 1000
    reader = cache.reader()
    value = reader.vault(name)
    reader.close()
    assert value is not None and len(value) == sum(size for _, _, size in parts)
    found = rerun._load_snapshot(cache, name, "strict", None)
    assert found is not None
    assert (found.vault.titles, found.vault.vocab) == (first.titles, first.vocab)
    assert (found.vault.terms, found.vault.columns) == (first.terms, first.columns)
    assert sorted(found.keys) == sorted(first.keys)
    same_vault(read_vault(files, workers=1, cache=cache), first)  # through the snapshot
    with sqlite3.connect(cache.path) as connection:
        connection.execute("DELETE FROM vault_parts WHERE name = ? AND part = 1", (name,))
    reader = cache.reader()
    assert reader.vault(name) is None
    reader.close()
    assert rerun._load_snapshot(cache, name, "strict", None) is None
    same_vault(read_vault(files, workers=1, cache=cache), first)


def test_a_note_titled_by_its_name_reads_the_same_wherever_the_vault_is(
    invoke: Any, tmp_path: Path
) -> None:
    """A note with no title nor heading is titled by its file's name, never by its folders
    (" .md", whose name has no words but its suffix, used to take the whole path): so a
    vault copied elsewhere, or the note moved, reads as it does without the cache."""
    root = make_vault(tmp_path / "vault")
    write_note(root, "sea/ .md", "A sea kayak braces on its chine; the paddle sweeps.\n")
    commands = [["pairs", "--format", "json", "--limit", "0"], ["keywords", "--format", "json"]]

    def check(vault: Path) -> None:
        for command in commands:
            fresh = run(invoke, command[0], str(vault), *command[1:], "--no-cache")
            assert run(invoke, command[0], str(vault), *command[1:]) == fresh
        notes = json.loads(run(invoke, "keywords", str(vault), "--format", "json"))["notes"]
        assert [note["title"] for note in notes if note["path"].endswith(" .md")] == [".md"]

    check(root)
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(root, copy)
    check(copy)  # the same notes, met first from the cache
    (copy / "moved").mkdir()
    (copy / "sea" / " .md").rename(copy / "moved" / " .md")
    check(copy)


@pytest.mark.parametrize("held", [True, False])
@pytest.mark.parametrize("first_run", [True, False])
def test_a_note_edited_while_a_run_reads_it_reads_as_it_was_or_as_it_is(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_run: bool, held: bool
) -> None:
    """Each file is read once a run: a note edited between the template-line pass and the
    reading of its text reads as it was (both passes from the one read), and the snapshot
    that run stores holds no mix of the two, so the runs after it give what no cache
    gives. (Each file used to be read once a pass: the run read the note's template lines
    of one version and its text of the other, and stored the new text's key with the old
    lines.) Bytes past ``HOLD_BYTES_PER_NOTE`` (``held`` False) are read again instead,
    and used only if unchanged: else the note is skipped with a warning in a first read,
    and a rerun reads every note afresh (the note as it is now)."""
    import hatch_cli.vault.read as reading
    import hatch_cli.vault.rerun as rerun

    if not held:
        monkeypatch.setattr(reading, "HOLD_BYTES_PER_NOTE", 0)
    root = make_vault(tmp_path / "vault", template_in=2)  # in 2 notes: not yet a template
    command = ["pairs", str(root), "--format", "json", "--limit", "0"]
    edited = root / "levain.md"
    if not first_run:
        run(invoke, *command)  # the snapshot a rerun starts from
        write_note(root, "levain.md", TOPICS["levain.md"].replace("rye", "spelt") + "\n")
    before = run(invoke, *command, "--no-cache")
    real = rerun.recurring_of

    def edit_then_count(units: Any) -> frozenset[int]:
        # Between the passes: the template, in a third note now, becomes template text.
        if TEMPLATE not in edited.read_text():
            write_note(root, "levain.md", TEMPLATE + edited.read_text())
        return real(units)

    monkeypatch.setattr(rerun, "recurring_of", edit_then_count)
    during = invoke(*command)
    monkeypatch.setattr(rerun, "recurring_of", real)
    after = run(invoke, *command, "--no-cache")
    assert after != before  # the template is left out now
    assert during.exit_code == 0
    if held:
        assert (during.stdout, during.stderr) == (before, "")  # the note as it was read
    elif first_run:
        skipped = [{"path": "levain.md", "reason": reading.CHANGED}]
        assert json.loads(during.stdout)["skipped"] == skipped
        assert during.stderr == f"hatch: warning: levain.md: {reading.CHANGED} (skipped)\n"
    else:
        assert (during.stdout, during.stderr) == (after, "")  # the note as it is now
    assert run(invoke, *command) == after
    assert run(invoke, *command) == after


def no_room(folder: str, mib: int = 64) -> str:
    """The notice of a cache that stops writing for lack of room."""
    return (
        f"hatch: note: the cache in {folder} is not written: its disk has less than {mib} "
        "MiB free (the output is the same; make room, or set HATCH_CACHE_DIR to a folder "
        "on another disk)"
    )


def test_the_write_ahead_log_is_cut_back_after_a_large_write(tmp_path: Path) -> None:
    """A stored vault goes through the log whole (one transaction); once checkpointed, the
    next write cuts the log back to ``WAL_LIMIT`` rather than keeping its size for good."""
    import hatch_cli.vault.cache as cache_module

    cache = cache_module.NoteCache(path=str(tmp_path / "cache" / "notes.sqlite3"), build=b"b")
    writer = cache.writer()
    writer.put_vault(b"vault", [bytes(24 << 20)])
    writer.add([(b"key", b"value")], [])
    wal = Path(cache.path + "-wal")
    assert wal.stat().st_size <= cache_module.WAL_LIMIT
    writer.close()
    assert not wal.exists()
    reader = cache.reader()
    assert reader.vault(b"vault") == bytearray(24 << 20) and reader.get(b"key") == b"value"
    reader.close()


def test_a_disk_with_no_room_gets_no_cache_and_one_notice(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache writes nothing that would leave its disk with less than ``FREE_RESERVE``
    free (room for the output); one notice says so, and the output is the same."""
    import hatch_cli.vault.cache as cache_module

    vault = str(make_vault(tmp_path / "vault", template_in=3))
    command = ["pairs", vault, "--format", "json", "--limit", "0"]
    fresh = run(invoke, *command, "--no-cache")
    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil, "disk_usage", lambda path: real(path)._replace(free=cache_module.FREE_RESERVE - 1)
    )
    for _ in range(2):
        result = invoke(*command)
        assert (result.exit_code, result.stdout) == (0, fresh)
        assert result.stderr.splitlines() == [no_room(os.environ["HATCH_CACHE_DIR"])]
    assert cache_files() == []


def test_a_write_that_finds_the_disk_full_gives_up_with_one_notice(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's "database or disk is full" (here from a page limit, as a disk filled by
    another program gives it) ends the run's writing to the cache with one notice, and
    gives back the log of the write it rolled back; the output is the same."""
    import sqlite3

    vault = str(many_notes(tmp_path / "vault", 60))
    command = ["pairs", vault, "--format", "json", "--limit", "0"]
    fresh = run(invoke, *command, "--no-cache")
    real = sqlite3.connect

    def small(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real(*args, **kwargs)
        connection.execute("PRAGMA max_page_count = 8")
        return connection

    monkeypatch.setattr(sqlite3, "connect", small)
    result = invoke(*command)
    assert (result.exit_code, result.stdout) == (0, fresh)
    assert result.stderr.splitlines() == [no_room(os.environ["HATCH_CACHE_DIR"])]
    (path,) = cache_files()
    assert not Path(f"{path}-wal").exists()


SMALL_DISK = """
import json, os, shutil, sys
import hatch_cli.vault.cache as cache
cache.FREE_RESERVE = 1 << 20
fs, vault, report = sys.argv[1:4]
os.environ["HATCH_CACHE_DIR"] = os.path.join(fs, "cache")
sys.argv = ["hatch", "ideas", vault, "-o", os.path.join(fs, "ideas"), "-n", "2"]
from hatch_cli.cli import main
try:
    main()
except SystemExit as end:
    code = end.code
folder = os.path.join(fs, "ideas")
ideas = {name: open(os.path.join(folder, name)).read() for name in os.listdir(folder)}
kept = {name: os.path.getsize(os.path.join(fs, "cache", name))
        for name in os.listdir(os.path.join(fs, "cache"))}
free = shutil.disk_usage(fs).free
with open(report, "w") as out:
    json.dump({"exit": code, "ideas": ideas, "cache": kept, "free": free}, out)
"""


@pytest.mark.slow
def test_a_nearly_full_disk_keeps_room_for_the_output(tmp_path: Path) -> None:
    """On a real small file system (tmpfs, mounted in a user namespace; skipped where that
    is not allowed) with 2 MiB free, ``ideas`` writes its notes and says once that the
    cache was not written; the cache left ``FREE_RESERVE`` (1 MiB here) free for them,
    and no log behind."""
    import subprocess

    fs, vault, report = tmp_path / "fs", tmp_path / "vault", tmp_path / "report.json"
    fs.mkdir()
    words = sorted({word for text in WORDS.values() for word in text.split()})
    for number in range(300):
        shuffled = " ".join(sorted(words, key=lambda word: hash((word, number))))
        write_note(vault, f"n{number:03d}.md", f"# Note {number}\n\n{shuffled * 6}.\n")
    script = (
        f'mount -t tmpfs -o size=8m none "{fs}" || exit 97\n'
        f'touch "{report}.mounted"\n'
        f'mkdir "{fs}/cache" && dd if=/dev/zero of="{fs}/filler" bs=1M count=6 2>/dev/null\n'
        f'exec "{sys.executable}" -c "$0" "{fs}" "{vault}" "{report}"\n'
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    try:
        done = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, SMALL_DISK],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
    except FileNotFoundError:
        pytest.skip("no unshare here")
    if not Path(f"{report}.mounted").exists():
        pytest.skip(f"no tmpfs in a user namespace here: {done.stderr.strip()}")
    assert report.exists(), done.stderr
    found = json.loads(report.read_text())
    elsewhere = tmp_path / "elsewhere"
    subprocess.run(
        [sys.executable, "-m", "hatch_cli", "ideas", str(vault), "-o", str(elsewhere), "-n",
         "2", "--no-cache"],
        capture_output=True, env=env, check=True,
    )  # fmt: skip
    assert found["exit"] == 0, done.stderr
    assert found["ideas"] == {path.name: path.read_text() for path in elsewhere.iterdir()}
    notices = [line for line in done.stderr.splitlines() if line.startswith("hatch: note:")]
    assert notices == [no_room(f"{fs}/cache", mib=1)]
    assert [name for name in found["cache"] if name.endswith("-wal")] == []
    # What the notes took (in pages) came from the reserve; the cache took none of it.
    written = sum(-(-len(text.encode()) // 4096) * 4096 for text in found["ideas"].values())
    assert found["free"] + written >= 1 << 20


def test_term_forms_round_trip_and_anything_else_is_a_miss() -> None:
    from hatch_cli.vault import TermForms

    forms = TermForms({"git": "Git", "pre_commit": "pre_commit"}, frozenset({"pre_commit"}))
    again = TermForms.decode(forms.encode())
    assert again == forms and again.display("git") == "Git" and again.is_code("pre_commit")
    assert again.display("rye") == "rye" and not again.is_code("git")
    damaged = [b"", b"\x00garbage", forms.encode()[:-3], b"N", marshal.dumps((1, 2))]
    damaged += [marshal.dumps(((("git", 1),), ())), marshal.dumps(((), ("a", b"b")))]
    for value in damaged:
        assert TermForms.decode(value) is None, value
