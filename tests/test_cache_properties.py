"""A cached run prints what ``--no-cache`` prints, after any sequence of changes to a vault.

Each example makes a small vault, then changes it the ways people and sync tools do: an
edit, a same-size rewrite with its modification time put back, a ``touch -r``, a rename,
a move to another folder, a copy of the whole vault elsewhere (the runs go on there), a
deletion, a new note, template lines that come and go in several notes, and an edit made
while a run reads the vault (between its template-line pass and its reading). After each
change ``pairs``, ``keywords``, ``ideas`` and ``combine --vault`` run with the cache and
without it, and must print the same bytes.

Notes without a title or heading, some named `` .md`` (a name with no words but its
suffix), are titled by their names; whether files' times are trusted at once or only
after the 2 s ``read.RACY_NS`` is drawn too. The default profile runs 20 examples
(under a minute), in which the two cache bugs this was written for (a title taken from
the path; a note read by each pass, changed in between) were each found within the
first ten; ``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_note

pytestmark = pytest.mark.slow

# Template lines: a unit in 3 notes or more is template text (core.reading.boilerplate).
TEMPLATES = (
    "## Weekly review\n\nStatus: evergreen note, reviewed on Sunday.\n",
    "Filed under: inbox, to sort on Friday.\n",
)
WORDS = {
    "sea": "kayak paddle brace chine capsize swell tide harbour",
    "bread": "rye levain dough proof banneton crumb crust starter",
    "garden": "compost mulch seedling prune trellis tomato basil aphid",
}
# Notes in the vault's folder and in a subfolder; " .md" and "  .md" have no words in
# their names but the suffix.
NAMES = ["a.md", "b.md", " .md", "  .md", "sub/c.md", "sub/ .md", "sub/d e.md"]


@st.composite
def note_texts(draw: st.DrawFn) -> str:
    words = WORDS[draw(st.sampled_from(sorted(WORDS)))].split()
    body = " ".join(draw(st.lists(st.sampled_from(words), min_size=3, max_size=8))) + ".\n"
    title = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=2)))
    # Half the notes have no title: they are titled by their names.
    head = draw(st.sampled_from(["", "", f"# {title}\n\n", f"---\ntitle: {title}\n---\n"]))
    lines = "".join(template + "\n" for template in TEMPLATES if draw(st.booleans()))
    return head + lines + body


NOTE = note_texts()
NAME = st.sampled_from(NAMES)
WHICH = st.integers(min_value=0, max_value=7)  # a note, counted round the notes there are
# The changes that moved what a cache hit gave (a note's folder, the template text of a
# note as a run read it) are drawn more often than the others.
KINDS = [
    "write", "same size", "touch -r", "rename", "delete", "move", "move", "copy vault",
    "copy vault", "template", "template", *["edit during a run"] * 5,
]  # fmt: skip


@st.composite
def changes(draw: st.DrawFn) -> tuple[Any, ...]:
    """A change: its kind, the note it changes (a name for "write", else a number counted
    round the notes there are) and what else it needs."""
    kind = draw(st.sampled_from(KINDS))
    if kind == "write":
        return (kind, draw(NAME), draw(NOTE))
    if kind in ("touch -r", "rename", "edit during a run"):
        other = {"touch -r": WHICH, "rename": NAME, "edit during a run": NOTE}[kind]
        return (kind, draw(WHICH), draw(other))
    return (kind, draw(WHICH))


class Vault:
    """A vault on disk, the folder the runs read (a copy moves it), and the runs."""

    def __init__(self, base: Path, invoke: Callable[..., Any]) -> None:
        self.base, self.invoke = base, invoke
        self.root = base / "vault"
        self.copies = 0

    def notes(self) -> list[Path]:
        return sorted(path for path in self.root.rglob("*.md") if path.is_file())

    def pick(self, which: int) -> Path | None:
        notes = self.notes()
        return notes[which % len(notes)] if notes else None

    def commands(self) -> list[list[str]]:
        root = str(self.root)
        commands = [
            ["pairs", root, "--format", "json", "--limit", "0"],
            ["keywords", root, "--format", "json"],
            ["ideas", root, "-o", str(self.base / "ideas"), "--dry-run", "--format", "json",
             "--count", "5", "--min-score", "0"],
        ]  # fmt: skip
        notes = self.notes()
        if len(notes) >= 2:
            pair = [str(path) for path in notes[:2]]
            commands.append(["combine", *pair, "--vault", root, "--format", "json"])
        return commands

    def check(self, change: tuple[Any, ...]) -> None:
        for command in self.commands():
            fresh = self.invoke(*command, "--no-cache")
            cached = self.invoke(*command)
            assert (cached.exit_code, cached.stdout, cached.stderr) == (
                fresh.exit_code, fresh.stdout, fresh.stderr,
            ), (change, command)  # fmt: skip

    def apply(self, change: tuple[Any, ...]) -> None:
        kind = change[0]
        note = self.pick(change[1]) if kind != "write" else None
        if kind == "write":
            write_note(self.root, change[1], change[2])
        elif kind == "copy vault":
            self.copies += 1
            copy = self.base / f"elsewhere-{self.copies}" / "vault"
            shutil.copytree(self.root, copy)
            self.root = copy
        elif note is None:
            return
        elif kind == "same size":  # other bytes, the same size and modification time
            before = note.stat()
            note.write_text(codecs.encode(note.read_text(), "rot13"))
            os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
        elif kind == "touch -r":
            other = self.pick(change[2])
            assert other is not None
            times = other.stat()
            os.utime(note, ns=(times.st_atime_ns, times.st_mtime_ns))
        elif kind == "rename":
            os.replace(note, note.parent / os.path.basename(change[2]))
        elif kind == "move":  # between the vault's folder and its subfolder
            folder = self.root if note.parent != self.root else self.root / "sub"
            folder.mkdir(exist_ok=True)
            os.replace(note, folder / note.name)
        elif kind == "delete":
            note.unlink()
        elif kind == "template":
            self.toggle_templates(note)
        else:  # "edit during a run"
            note.write_text(change[2])
            self.run_with_edit(note)

    @staticmethod
    def toggle_templates(note: Path) -> None:
        """Each template's lines taken out of ``note`` if they are in it, else put in."""
        text = note.read_text()
        for template in TEMPLATES:
            text = text.replace(template, "") if template in text else template + text
        note.write_text(text)

    def run_with_edit(self, note: Path) -> None:
        """A cached run during which ``note`` changes (its template lines come or go, so
        the vault's template text may change with it), between the read of the notes
        and their parse. What it prints is not compared: a run shows the words of the
        notes it lists as they are when it writes them."""
        import hatch_cli.vault.rerun as rerun

        real = rerun.recurring_of
        edits: list[Path] = []

        def edit_then_count(units: Any) -> frozenset[int]:
            if not edits:
                edits.append(note)
                self.toggle_templates(note)
            return real(units)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(rerun, "recurring_of", edit_then_count)
            self.invoke("pairs", str(self.root), "--format", "json", "--limit", "0")
        if not edits:  # too few notes to read: the edit is made after the run
            self.toggle_templates(note)


# A third of the profile's examples: eight runs follow each change of each example.
EXAMPLES = max(10, (settings.default.max_examples if settings.default else 60) // 3)


@settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.dictionaries(NAME, NOTE, min_size=3, max_size=5),
    changes=st.lists(changes(), min_size=3, max_size=10),
    trust_times=st.booleans(),
)
def test_cached_output_is_no_cache_output_after_any_changes(
    invoke: Callable[..., Any],
    start: dict[str, str],
    changes: list[tuple[Any, ...]],
    trust_times: bool,
) -> None:
    import hatch_cli.vault.read as reading

    with tempfile.TemporaryDirectory() as base, pytest.MonkeyPatch.context() as patch:
        patch.setenv("HATCH_CACHE_DIR", os.path.join(base, "cache"))  # a fresh one
        if trust_times:  # as if every file had been written more than 2 s ago
            patch.setattr(reading, "RACY_NS", 0)
        vault = Vault(Path(base), invoke)
        for name, text in start.items():
            write_note(vault.root, name, text)
        vault.check(("start",))
        for change in changes:
            vault.apply(change)
            vault.check(change)
