"""The columnar engine (``vault/engine.py``) reads notes as a note alone reads: the same
terms with the same values, the same languages, the same pairs; and only the vault path
loads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.core.pairing.keywords import term_weights
from hatch_cli.core.reading.language import detect_language
from hatch_cli.core.reading.terms import analyse
from hatch_cli.errors import NoteError
from hatch_cli.notes import language_sample, note_from_bytes
from hatch_cli.vault import engine
from tests.conftest import GOLDEN, NOTES, REPO, write_note

# Every note the tests keep: English, German, French, Japanese, code, HTML, shortcodes.
ALL_NOTES = sorted([*GOLDEN.glob("*/notes/**/*.md"), *NOTES.glob("**/*.md")])

# Words written in ways a tokeniser may take apart differently: apostrophes, identifiers,
# numbers, a combining accent, Greek, Cyrillic, superscripts, underscores.
ODD = """---
title: Odd words
---

Japan's and Japan’s users' café (cafe\u0301) naïve x² ½ Ⅻ after_commit torch.zeros
ActiveRecord::Base HTTPServer iPhone utf8 0.63.1 __init__ ΟΔΟΣ οδός Москва e.g. U.S.
"""


def _notes() -> list[Any]:
    found = []
    for path in ALL_NOTES:
        try:
            found.append(note_from_bytes(path.read_bytes(), path.name))
        except NoteError:
            continue
    found.append(note_from_bytes(ODD.encode(), "odd.md"))
    return found


@pytest.mark.parametrize("limit", [None, 500])
def test_the_engine_weighs_every_term_as_a_note_alone_does(
    limit: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if limit is not None:  # what a process has read is forgotten between runs of notes
        monkeypatch.setattr(engine, "PROSE_MEMO_LIMIT", limit)
    notes = _notes()
    assert len(notes) > 40
    alone = []
    for note in notes:
        terms = analyse(note, keep_sentences=False, keep_surfaces=False)
        names, *columns = term_weights(terms)
        counts: list[Any] = [terms.counts[name] for name in names]
        values = zip(*columns, counts, strict=True)
        alone.append(dict(zip(names, values, strict=True)))
    deferred = [
        analyse(note, keep_sentences=False, keep_surfaces=False, defer_prose=True) for note in notes
    ]
    # The engine, whatever the number of notes, in runs of 20 (as a process reads them).
    together = [
        weighed
        for at in range(0, len(deferred), 20)
        for weighed in engine._in_engine(deferred[at : at + 20])
    ]
    assert len(together) == len(notes)
    for note, want, (names, text_tf, fence_tf, prior, counted) in zip(
        notes, alone, together, strict=True
    ):
        assert names == sorted(names)
        got = dict(zip(names, zip(text_tf, fence_tf, prior, counted, strict=True), strict=True))
        assert got == want, note.path


def test_few_notes_are_weighed_without_the_engine_and_alike() -> None:
    notes = _notes()[: engine.ENGINE_MIN_NOTES - 1]
    weighed = [
        engine.weigh_notes(
            [analyse(note, keep_sentences=False, keep_surfaces=False, defer_prose=True)]
        )
        for note in notes
    ]
    for note, [(names, *_)] in zip(notes, weighed, strict=True):
        names_alone, *_ = term_weights(analyse(note, keep_sentences=False, keep_surfaces=False))
        assert names == sorted(names_alone)  # by term, as the engine gives them


def test_the_engine_tells_each_language_as_a_note_alone_does() -> None:
    samples = [language_sample(note.title, note.blocks) for note in _notes()]
    samples += [
        "the cat and the dog",
        "der Hund und die Katze sind nicht hier, aber wir haben sie gesehen",
        "le chien et le chat ne sont pas là mais nous les avons vus",
        "el perro y el gato no están aquí pero los hemos visto",
        "AI AI AI product",
        "",
        "42 17",
    ] * 5
    found = engine.detect_languages(samples)
    assert found == [detect_language(sample) for sample in samples]
    assert {"en", "de", "fr", "es", "ja"} <= set(found)


def _generated_vault(folder: Path, count: int) -> Path:
    """The notes the tests keep and generated ones up to ``count``: enough for a pool."""
    import random

    for path in ALL_NOTES:
        write_note(folder, f"{path.parent.parent.name}-{path.name}", path.read_text())
    rnd = random.Random(28)
    words = [f"{a}{b}{c}" for a in "bdfgklmnprst" for b in "aeiou" for c in "lmnrstx"]
    topics = [rnd.sample(words, 30) for _ in range(20)]
    for number in range(count - len(ALL_NOTES)):
        topic = topics[number % len(topics)]
        body = " ".join(rnd.choice(topic if rnd.random() < 0.6 else words) for _ in range(120))
        title = " ".join(rnd.sample(topic, 3))
        write_note(folder, f"gen-{number:04d}.md", f"---\ntitle: {title}\n---\n\n{body}.\n")
    return folder


@pytest.mark.slow
def test_a_vault_reads_the_same_with_and_without_the_engine(tmp_path: Path) -> None:
    vault = str(_generated_vault(tmp_path / "vault", 450))
    args = ["pairs", vault, "--format", "json", "--limit", "300"]
    runs: list[Any] = []
    # Workers forked from a process that has loaded Polars count in Python (``workers``).
    for preload in ("", "import polars; "):
        script = (
            f"import sys; {preload}from hatch_cli.cli import main; "
            f"sys.argv = {['hatch', *args]!r}; main()"
        )
        env = {**os.environ, "HATCH_CACHE_DIR": str(tmp_path / f"cache{len(runs)}")}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env
        )
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
    assert len(runs[0]["pairs"]) == 300


def test_combine_never_loads_the_engine(tmp_path: Path) -> None:
    a = write_note(tmp_path, "a.md", "# Tea\n\nGreen tea is brewed cooler than black tea.\n")
    b = write_note(tmp_path, "b.md", "# Coffee\n\nCoffee is brewed hotter than green tea.\n")
    script = (
        "import sys\n"
        "from hatch_cli.cli import main\n"
        f"sys.argv = ['hatch', 'combine', {str(a)!r}, {str(b)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('polars' in sys.modules and 'LOADED' or 'clean')\n"
    )
    env = {**os.environ, "HATCH_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert done.stderr.endswith("clean"), done.stderr
    assert '"title"' in done.stdout
