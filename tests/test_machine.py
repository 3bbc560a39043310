"""What a hostile or unlucky machine does to a run (issue 15): special files where notes or
outputs should be, folders that change under the walk, odd names, old line endings,
another run writing into the same folder. Through the real CLI, on real files; every
test checks that the inputs are byte-identical afterwards.

Signals are in ``test_signals.py``, the cache's own hostile cases in ``test_cache.py``,
output that hatch must read back in ``test_readback.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.errors import ExitCode
from hatch_cli.notes import read_note
from tests.conftest import OTHER, markdown_events, one_line_error, other_note, untouched, write_note

# --- lone CR line endings --------------------------------------------------------------

OLD_MAC = (
    b"---\rtitle: Written on a Mac\rtags: [curation, taste]\r---\r"
    b"# A heading that is not the title\r\rCuration is care for a collection.\r\r"
    b"- Taste comes from looking.\r- A museum curator chooses.\r"
)


def test_a_lone_cr_ends_lines_in_frontmatter_and_body(invoke, tmp_path):
    note = tmp_path / "old-mac.md"
    note.write_bytes(OLD_MAC)
    bare = tmp_path / "bare.md"
    bare.write_bytes(b"# Only a heading\rCuration text\rafter it.\r")
    other = other_note(tmp_path)
    with untouched(tmp_path):
        result = invoke("combine", str(note), str(bare), other, "-f", "json")
        keywords = invoke("keywords", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    sources = json.loads(result.stdout)["sources"]
    assert [source["title"] for source in sources[:2]] == ["Written on a Mac", "Only a heading"]
    parsed = read_note(str(note))
    assert parsed.tags == ("curation", "taste")
    assert [block.kind for block in parsed.blocks] == ["heading", "paragraph", "item", "item"]
    assert "\u240d" not in json.dumps(sources, ensure_ascii=False)
    assert keywords.exit_code == 0, keywords.stderr
    titles = {item["path"]: item["title"] for item in json.loads(keywords.stdout)["notes"]}
    assert titles["old-mac.md"] == "Written on a Mac"


def test_a_utf8_error_names_its_line_with_cr_endings(invoke, tmp_path):
    note = tmp_path / "latin.md"
    note.write_bytes(b"# Title\r\rCuration\r\rCaf\xe9 taste.\r")
    result = invoke("combine", str(note), other_note(tmp_path))
    one_line_error(result, ExitCode.BAD_NOTE, "line 5")


# --- shared helpers ----------------------------------------------------------------------

TOPICS = {
    "kayak": (
        "Sea kayaking",
        "A sea kayak edges on its chine; brace with the paddle blade when the kayak tips. "
        "A sweep stroke turns the sea kayak and a low brace stops a capsize.",
    ),
    "bread": (
        "Rye bread",
        "Rye dough is sticky: proof the rye loaf in a banneton overnight. A rye levain "
        "ferments before the loaf is baked in a hot oven.",
    ),
    "chess": (
        "Chess openings",
        "The Sicilian defence answers the king pawn opening; chess players study the "
        "opening lines and the middlegame plans of the Sicilian.",
    ),
}


def topic_note(folder: Path, name: str, topic: str, extra: str = "") -> Path:
    title, body = TOPICS[topic]
    return write_note(folder, name, f"# {title} {extra}\n\n{body}\n")


def topic_vault(root: Path) -> Path:
    """Three pairs of notes on three topics: ``ideas`` hatches exactly these three."""
    for topic in TOPICS:
        topic_note(root, f"{topic}-1.md", topic, "one")
        topic_note(root, f"{topic}-2.md", topic, "two")
    return root


def hatched(out: Path) -> list[tuple[str, ...]]:
    """The ``hatched_from`` of every note in ``out``."""
    return [read_note(str(path)).hatched_from for path in sorted(out.glob("*.md"))]


def pair_set(sources: list[tuple[str, ...]]) -> list[frozenset[str]]:
    return sorted((frozenset(item) for item in sources), key=sorted)


class Hung(Exception):
    """Raised in a run that blocks (not an ``OSError``, which hatch may catch)."""


@contextlib.contextmanager
def hang_guard(seconds: int = 30) -> Iterator[None]:
    """Turn a hang (the bug some of these tests catch) into a failure, not a stuck suite."""

    def expired(signum: int, frame: Any) -> None:
        raise Hung(f"still running after {seconds} s: hatch hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def two_notes(tmp_path: Path) -> tuple[str, str]:
    a = write_note(tmp_path / "notes", "a.md", OTHER)
    b = write_note(tmp_path / "notes", "b.md", "# Taste\n\nTaste and curation in a museum.\n")
    return str(a), str(b)


# --- outputs: only regular files -------------------------------------------------------


def _socket_at(path: Path) -> socket.socket | None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError:  # the path is too long for a socket address here
        server.close()
        return None
    return server


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_output_onto_a_fifo_socket_or_device_is_refused(invoke, tmp_path, force):
    a, b = two_notes(tmp_path)
    out = tmp_path / "o"
    out.mkdir()
    fifo = out / "fifo.md"
    os.mkfifo(fifo)
    null = out / "null.md"
    os.symlink(os.devnull, null)  # never /dev/null itself: a bug would replace the device
    targets = {fifo: "is a FIFO", null: "symlink to a character device"}
    server = _socket_at(out / "s.md")
    if server is not None:
        targets[out / "s.md"] = "is a socket"
    try:
        with untouched(tmp_path / "notes"):
            for target, kind in targets.items():
                result = invoke("combine", a, b, "-o", str(target), *(["--force"] * force))
                one_line_error(result, ExitCode.OUTPUT_FAILED, kind, "only regular files")
    finally:
        if server is not None:
            server.close()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.readlink(null) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert sorted(path.name for path in out.iterdir()) == sorted(t.name for t in targets)


def test_output_onto_a_symlink_to_a_file_is_refused(invoke, tmp_path):
    a, b = two_notes(tmp_path)
    mine = tmp_path / "mine.md"
    mine.write_bytes(b"mine\n")
    link = tmp_path / "link.md"
    os.symlink(mine, link)
    result = invoke("combine", a, b, "-o", str(link), "--force")
    one_line_error(result, ExitCode.OUTPUT_FAILED, "is a symlink")
    assert link.is_symlink() and mine.read_bytes() == b"mine\n"


def test_dash_is_stdout(invoke, tmp_path, monkeypatch):
    a, b = two_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    plain = invoke("combine", a, b)
    dash = invoke("combine", a, b, "-o", "-")
    assert dash.exit_code == 0, dash.stderr
    assert dash.stdout == plain.stdout and dash.stdout.startswith("---\n")
    assert not (tmp_path / "-").exists()
    one_line_error(invoke("ideas", str(tmp_path / "notes"), "-o", "-"), ExitCode.USAGE, "folder")
    assert not (tmp_path / "-").exists()


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_combine_reads_a_pipe_it_is_given_once(invoke, tmp_path):
    """``hatch combine <(cat a.md) b.md``: a note named on the command line may be a pipe
    (a vault's notes, read twice, must be regular files)."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"# From a pipe\n\nCuration and taste in a museum collection.\n")
    os.close(write_end)
    try:
        result = invoke("combine", f"/dev/fd/{read_end}", other_note(tmp_path), "-f", "json")
    finally:
        os.close(read_end)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sources"][0]["title"] == "From a pipe"


def test_a_trailing_slash_names_a_folder(invoke, tmp_path):
    a, b = two_notes(tmp_path)
    missing = tmp_path / "newdir"
    result = invoke("combine", a, b, "-o", f"{missing}/", "--force")
    one_line_error(result, ExitCode.OUTPUT_FAILED, "folder", "does not exist")
    assert not missing.exists()
    (tmp_path / "there").mkdir()
    result = invoke("combine", a, b, "-o", f"{tmp_path / 'there'}/")
    one_line_error(result, ExitCode.OUTPUT_FAILED, "is a folder")
    assert list((tmp_path / "there").iterdir()) == []


def test_long_names_and_odd_paths_are_one_line_each(invoke, tmp_path):
    a, b = two_notes(tmp_path)
    out = tmp_path / "o"
    out.mkdir()
    longest = out / ("y" * 252 + ".md")  # 255 bytes: as long as a name may be
    result = invoke("combine", a, b, "-o", str(longest))
    assert result.exit_code == 0, result.stderr
    assert longest.read_text(encoding="utf-8").startswith("---\n")
    cases = {
        str(out / ("x" * 300 + ".md")): "too long",
        str(out / ("x" * 300) / "idea.md"): "too long",
        str(out / longest.name / "idea.md"): "is a file, not a folder",
        str(out / "missing" / "idea.md"): "folder does not exist",
    }
    for target, problem in cases.items():
        one_line_error(invoke("combine", a, b, "-o", target, "--force"), 6, problem)
    assert [path.name for path in out.iterdir()] == [longest.name]  # no temporary file left


def test_ideas_into_a_folder_that_cannot_be_listed(invoke, tmp_path, monkeypatch):
    vault = topic_vault(tmp_path / "vault")
    out = tmp_path / "ideas"
    out.mkdir()
    if os.geteuid() == 0:  # root lists anything: answer as the system would for a user
        real_listdir, real_scandir = os.listdir, os.scandir

        def denied(function: Any) -> Any:
            def call(path: Any = ".") -> Any:
                if os.fspath(path) == str(out):
                    raise PermissionError(13, "Permission denied", str(path))
                return function(path)

            return call

        monkeypatch.setattr(os, "listdir", denied(real_listdir))
        monkeypatch.setattr(os, "scandir", denied(real_scandir))
    else:
        out.chmod(0o300)  # writable and searchable, not readable
    try:
        with untouched(vault):
            result = invoke("ideas", str(vault), "-o", str(out))
    finally:
        out.chmod(0o755)
        monkeypatch.undo()
    one_line_error(result, ExitCode.OUTPUT_FAILED, "cannot be listed", "permission denied")
    assert list(out.iterdir()) == []


# --- walking ---------------------------------------------------------------------------


def test_symlinked_folders_forming_a_dag_are_walked_once_each(invoke, tmp_path, monkeypatch):
    """Two links to the next folder at every level: 2**12 paths, 13 real folders."""
    store = tmp_path / "store"
    levels = 12
    for level in range(levels + 1):
        folder = store / f"level{level}"
        topic_note(folder, f"note{level}.md", "kayak", f"level {level}")
        if level:
            for link in ("a", "b"):
                os.symlink(folder, store / f"level{level - 1}" / link)
    vault = tmp_path / "vault"
    vault.mkdir()
    os.symlink(store / "level0", vault / "top")
    scanned: list[str] = []
    real_scandir = os.scandir

    def counting(path: Any = ".") -> Any:
        if os.fspath(path).startswith(str(vault)):
            scanned.append(os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    with untouched(store):
        result = invoke("keywords", str(vault), "-f", "json")
    assert result.exit_code == 0, result.stderr
    paths = [note["path"] for note in json.loads(result.stdout)["notes"]]
    assert len(paths) == levels + 1
    # The shortest route to each note, through the first-sorted link.
    assert {"top/note0.md", "top/a/note1.md", "top/a/a/note2.md"} <= set(paths)
    assert not any("/b/" in path for path in paths)
    assert len(scanned) == levels + 2  # each real folder once, and the vault itself


def test_a_note_reached_directly_is_shown_by_that_path(invoke, tmp_path):
    vault = tmp_path / "vault"
    topic_note(vault / "b-real", "kayak.md", "kayak")
    topic_note(vault, "other.md", "kayak", "other")
    os.symlink(vault / "b-real", vault / "c-link")
    os.symlink(vault / "b-real" / "kayak.md", vault / "a-link.md")
    result = invoke("pairs", str(vault), "-f", "json")
    assert result.exit_code == 0, result.stderr
    (pair,) = json.loads(result.stdout)["pairs"]
    assert {pair["a"], pair["b"]} == {"b-real/kayak.md", "other.md"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_note_swapped_for_a_fifo_after_the_walk_is_skipped(invoke, tmp_path, monkeypatch):
    import hatch_cli.vault.rerun

    vault = topic_vault(tmp_path / "vault")
    swapped = vault / "kayak-2.md"
    real_read = hatch_cli.vault.rerun.read_vault

    def swap_then_read(*args: Any, **kwargs: Any) -> Any:
        swapped.unlink()
        os.mkfifo(swapped)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(hatch_cli.vault.rerun, "read_vault", swap_then_read)
    with hang_guard():
        result = invoke("pairs", str(vault), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["notes"] == 5
    assert data["skipped"] == [
        {"path": "kayak-2.md", "reason": "is a FIFO (named pipe), not a regular file"}
    ]
    assert result.stderr.count("\n") == 1 and "kayak-2.md: is a FIFO" in result.stderr


def _replaced(path: Path, make: Any) -> None:
    path.unlink()
    make(path)


CHANGES = {
    "vanished": (lambda path: path.unlink(), "no such file"),
    "emptied": (lambda path: path.write_bytes(b""), "empty note"),
    "fifo": (lambda path: _replaced(path, os.mkfifo), "is a FIFO"),
    "folder": (lambda path: _replaced(path, Path.mkdir), "is a folder"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_ideas_go_on_when_a_note_changes_while_hatch_runs(invoke, tmp_path, monkeypatch, change):
    import hatch_cli.ideas

    vault = topic_vault(tmp_path / "vault")
    out = tmp_path / "ideas"
    alter, cause = CHANGES[change]
    real_hatched_from = hatch_cli.ideas.hatched_from

    def alter_then_list(*args: Any, **kwargs: Any) -> Any:
        # After the vault is read and before its pairs are combined.
        alter(vault / "bread-2.md")
        return real_hatched_from(*args, **kwargs)

    monkeypatch.setattr(hatch_cli.ideas, "hatched_from", alter_then_list)
    with hang_guard():
        result = invoke("ideas", str(vault), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    assert pair_set(hatched(out)) == pair_set(
        [("chess-1.md", "chess-2.md"), ("kayak-1.md", "kayak-2.md")]
    )
    warning = next(line for line in result.stderr.splitlines() if "warning" in line)
    assert warning.startswith("hatch: warning: bread-2.md: changed while hatch ran: ")
    assert cause in warning


def test_keywords_of_files_go_on_when_one_changes_meanwhile(invoke, tmp_path, monkeypatch):
    import hatch_cli.vault.rerun

    vault = topic_vault(tmp_path / "vault")
    notes = [str(vault / "kayak-1.md"), str(vault / "bread-1.md")]
    real_read = hatch_cli.vault.rerun.read_vault

    def read_then_empty(*args: Any, **kwargs: Any) -> Any:
        found = real_read(*args, **kwargs)
        (vault / "bread-1.md").write_bytes(b"")
        return found

    monkeypatch.setattr(hatch_cli.vault.rerun, "read_vault", read_then_empty)
    result = invoke("keywords", *notes, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [note["path"] for note in data["notes"]] == [notes[0]]
    assert data["skipped"] == [
        {"path": notes[1], "reason": "changed while hatch ran: empty note: no text in its body"}
    ]


def _unsearchable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` listable but not searchable (``r--``), for root too."""
    if os.geteuid() != 0:
        folder.chmod(0o500 & ~0o100)
        return
    real_scandir = os.scandir

    class Entry:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.name, self.path, self._entry = entry.name, entry.path, entry

        def is_symlink(self) -> bool:
            return self._entry.is_symlink()

        def is_dir(self, **kwargs: Any) -> bool:
            raise PermissionError(13, "Permission denied", self.path)

        stat = is_dir

    class Listing:
        def __init__(self, path: Any) -> None:
            self._entries = [Entry(entry) for entry in real_scandir(path)]

        def __iter__(self) -> Iterator[Entry]:
            return iter(self._entries)

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == str(folder):
            return Listing(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_can_be_listed_but_not_searched(invoke, tmp_path, monkeypatch):
    vault = topic_vault(tmp_path / "vault")
    locked = vault / "locked"
    topic_note(locked, "kayak-3.md", "kayak", "three")
    _unsearchable(locked, monkeypatch)
    try:
        result = invoke("pairs", str(vault), "-f", "json")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0, result.stderr
    (skipped,) = json.loads(result.stdout)["skipped"]
    assert skipped["path"] == "locked/kayak-3.md"
    assert "permission denied" in skipped["reason"] and "not searched" in skipped["reason"]
    assert "symlink" not in result.stderr


# --- identity: notes are their real paths inside hatch ----------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names")
def test_names_shown_alike_are_never_confused(invoke, tmp_path):
    vault = topic_vault(tmp_path / "vault")
    for raw, topic in ((b"caf\xe9.md", "kayak"), (b"caf\xe8.md", "bread")):
        title, body = TOPICS[topic]
        (vault / os.fsdecode(raw)).write_bytes(f"# {title} cafe\n\n{body}\n".encode())
    out = tmp_path / "ideas"
    with untouched(vault):
        ideas = invoke("ideas", str(vault), "-o", str(out), "--count", "9")
        ambiguous = invoke("pairs", str(vault), "--for", "caf\ufffd.md")
        partners = invoke(
            "pairs", str(vault), "--for", os.fsdecode(bytes(vault) + b"/caf\xe8.md"), "-f", "json"
        )
    assert ideas.exit_code == 0, ideas.stderr
    for sources in hatched(out):  # every idea names notes that are there
        assert all((vault / source).is_file() for source in sources), sources
    assert ideas.stderr.count("caf\ufffd.md: its name has bytes that are not UTF-8") == 2
    one_line_error(ambiguous, ExitCode.USAGE, "names 2 notes")
    best = json.loads(partners.stdout)["pairs"][0]
    assert {best["a"], best["b"]} & {"bread-1.md", "bread-2.md"}


ODD_SOURCE_NAMES = [
    "tab\there.md",
    "two  spaces.md",
    "no\u00a0break.md",
    " leading and trailing .md",
    "#hash, comma.md",
    "ideographic\u3000space.md",
]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names")
def test_hatched_from_reads_back_exactly_so_a_rerun_writes_nothing(invoke, tmp_path):
    vault = tmp_path / "vault"
    topics = list(TOPICS)
    for number, name in enumerate(ODD_SOURCE_NAMES):
        topic = topics[number // 2]
        topic_note(vault, name, topic, str(number))
    out = tmp_path / "ideas"
    first = invoke("ideas", str(vault), "-o", str(out))
    assert first.exit_code == 0, first.stderr
    assert len(first.stdout.splitlines()) == 3
    assert sorted(name for sources in hatched(out) for name in sources) == sorted(ODD_SOURCE_NAMES)
    again = invoke("ideas", str(vault), "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "" and "nothing new" in again.stderr


# --- two ideas runs on one OUTDIR ------------------------------------------------------


@pytest.mark.parametrize("when", ["after-planning", "after-reading-outdir"])
def test_two_ideas_runs_write_each_idea_once(invoke, tmp_path, monkeypatch, when):
    import hatch_cli.api
    import hatch_cli.ideas

    vault = topic_vault(tmp_path / "vault")
    out = tmp_path / "ideas"
    seam = (
        (hatch_cli.api, "plan_ideas")
        if when == "after-planning"
        else (hatch_cli.ideas, "hatched_from")
    )
    real = getattr(*seam)
    other: list[Any] = []

    def and_meanwhile(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if not other:  # the other run, start to end, at this point of this one
            monkeypatch.setattr(*seam, real)
            other.append(invoke("ideas", str(vault), "-o", str(out)))
        return found

    monkeypatch.setattr(*seam, and_meanwhile)
    with untouched(vault):
        result = invoke("ideas", str(vault), "-o", str(out))
    assert other[0].exit_code == 0, other[0].stderr
    assert len(other[0].stdout.splitlines()) == 3
    assert result.exit_code == 0, result.stderr
    assert "--force" not in result.stderr
    assert result.stdout == ""  # everything was hatched by the other run
    assert len(hatched(out)) == 3
    assert len(set(pair_set(hatched(out)))) == 3


# --- output hatch reads back, inert in Markdown renderers -------------------------------


def test_titles_yaml_forbids_or_html_read_back_and_stay_inert(invoke, tmp_path):
    vault = tmp_path / "vault"
    _, body = TOPICS["kayak"]
    for name, title in (
        ("a.md", "Kayak \\uFFFE <img src=x onerror=alert(1)>"),
        ("b.md", "Kayak \\uFFFF [[x|y]] ]] #tag $x$ ==hi== %%c%% 1. &amp; \\u2028end"),
    ):
        write_note(vault, name, f'---\ntitle: "{title}"\n---\n{body}\n')
    out = tmp_path / "ideas"
    with untouched(vault):
        first = invoke("ideas", str(vault), "-o", str(out), "--links", "wiki")
        again = invoke("ideas", str(vault), "-o", str(out), "--links", "wiki")
    assert first.exit_code == 0, first.stderr
    (path,) = first.stdout.splitlines()
    note = read_note(path)
    assert "\ufffe" in note.title and "\uffff" in note.title
    assert note.hatched_from == ("a.md", "b.md")
    text = Path(path).read_text(encoding="utf-8")
    assert "\ufffe" not in text.split("\n---\n", 1)[0]  # escaped in the frontmatter
    for name, _ in markdown_events(text.split("\n---\n", 1)[1]):
        assert name not in {"HtmlBlock", "Html", "InlineHtml", "Link", "Image", "Code"}
    assert "[[a]]" in text and "[[b]]" in text  # aliases that are not inert are left out
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "" and "nothing new" in again.stderr
