"""Commands that read a whole folder of notes: ``hatch pairs`` and ``hatch keywords``.

They register on the same Typer ``app`` as ``combine``; see ``cli.py`` for the shared
error handling (``one_door_out``) and output helpers. The flow is the same as combine's:
walk and read (``vault``), rank (``core.rank``), render (``render.pairs``), print.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hatch_cli.cli import (
    DebugOption,
    LangOption,
    NoCacheOption,
    app,
    emit,
    language_code,
    one_door_out,
    warn,
)
from hatch_cli.errors import NoteError, UsageError
from hatch_cli.render import ListFormat, choose_format

if TYPE_CHECKING:
    from hatch_cli.reports import KeywordsReport, NotePair, PairsReport, SkippedNote
    from hatch_cli.vault import Progress, Vault

# Show a progress bar (on stderr, in a terminal) only for vaults that take a while.
PROGRESS_MIN_NOTES = 1000

PathsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...",
        help="Notes and/or folders (walked recursively for *.md and *.markdown).",
        show_default=False,
    ),
]
ListFormatOption = Annotated[
    ListFormat,
    typer.Option(
        "--format",
        "-f",
        help="auto: Rich in a terminal, Markdown in a pipe. Or rich, markdown, json, jsonl.",
        case_sensitive=False,
    ),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option("--glob", help="Only notes whose path or name matches (repeatable)."),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Leave out notes whose path or name matches (repeatable)."),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Fail (exit 3) on the first bad note instead of skipping it."),
]
ErrorsOption = Annotated[
    str,
    typer.Option("--errors", help="Bytes that are not UTF-8: strict (skip the note) or replace."),
]


@app.command()
def pairs(
    paths: PathsArgument,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, help="Pairs to list; 0 lists every pair above --min-score."
        ),
    ] = 10,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0.0, max=1.0, help="Only pairs scoring above this (0 to 1)."
        ),
    ] = 0.0,
    for_note: Annotated[
        str | None,
        typer.Option("--for", metavar="NOTE", help="Only the best partners of this note."),
    ] = None,
    unlinked: Annotated[
        bool,
        typer.Option("--unlinked", help="Only pairs whose notes don't link to each other yet."),
    ] = False,
    glob: GlobOption = None,
    exclude: ExcludeOption = None,
    output_format: ListFormatOption = ListFormat.auto,
    strict: StrictOption = False,
    errors: ErrorsOption = "strict",
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Find which notes of a vault are worth combining: the best-scoring pairs.

    Each note becomes a vector of its strongest keywords, weighed against the whole vault:
    words and template lines that recur across it (headings like "## Summary",
    boilerplate, Dataview fields) count for little, so notes pair on what they are about.
    A pair's score is the relatedness `hatch combine A B --vault FOLDER` reports (0 to 1);
    "shared" lists the keywords behind it, and "linked" says whether one note already
    links to the other ([[wikilink]] or Markdown link). Bad notes are skipped with a
    warning on stderr (exit 0) unless --strict.

    Examples:

      hatch pairs notes/

      hatch pairs ~/vault --unlinked --limit 20

      hatch pairs ~/vault --for ideas/taste.md --limit 5

      hatch pairs ~/vault --format json --limit 0 --min-score 0.3 | jq '.pairs[0]'
    """
    with one_door_out(debug):
        report = _pairs(
            paths, limit, min_score, for_note, unlinked, glob or [], exclude or [], strict, errors,
            lang, use_cache=not no_cache,
        )  # fmt: skip
        fmt = choose_format(output_format.value, sys.stdout.isatty())
        _print_report(report, fmt, "pairs")


@app.command()
def keywords(
    paths: PathsArgument,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Keywords per note.")] = 10,
    glob: GlobOption = None,
    exclude: ExcludeOption = None,
    output_format: ListFormatOption = ListFormat.auto,
    strict: StrictOption = False,
    errors: ErrorsOption = "strict",
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Show each note's keywords and their weights, strongest first.

    A keyword is a word (by its Snowball stem) or a 2-3 word phrase. Its weight is how much
    it characterises the note: its count (more in the title, tags and headings) times how
    rare the word is in the language. When a folder is given, the whole folder is the
    vault: words and lines that recur across it weigh less, so what you see is what makes
    each note distinctive there (the same vectors `hatch pairs` compares).

    Examples:

      hatch keywords notes/taste-is-a-filter.md

      hatch keywords ~/vault --limit 5 --format jsonl
    """
    with one_door_out(debug):
        report = _keywords(
            paths, limit, glob or [], exclude or [], strict, errors, lang, use_cache=not no_cache
        )
        fmt = choose_format(output_format.value, sys.stdout.isatty())
        _print_report(report, fmt, "keywords")


# --------------------------------------------------------------------------- helpers


def _check_errors(errors: str) -> None:
    if errors not in ("strict", "replace"):
        raise UsageError(f"--errors {errors!r}: use strict or replace")


def _load(
    paths: Sequence[str],
    globs: Sequence[str],
    excludes: Sequence[str],
    strict: bool,
    errors: str,
    lang: str | None = None,
    use_cache: bool = True,
) -> tuple[Vault, int]:
    """Walk and read; warn about (or, with --strict, fail on) every bad note."""
    from hatch_cli.cache import open_cache
    from hatch_cli.vault import read_vault, walk

    _check_errors(errors)
    code = language_code(lang) if lang is not None else None
    found = walk(paths, globs=globs, excludes=excludes)
    if strict and found.skipped:
        raise NoteError(found.skipped[0].reason, found.skipped[0].path)
    with _progress(len(found.files)) as progress:
        cache = open_cache() if use_cache else None
        vault = read_vault(found.files, errors=errors, lang=code, progress=progress, cache=cache)
    vault.skipped[:0] = found.skipped
    warn_skipped(vault.skipped, strict)
    return vault, found.folders


def warn_skipped(skipped: Sequence[SkippedNote], strict: bool) -> None:
    if strict and skipped:
        raise NoteError(skipped[0].reason, skipped[0].path)
    for item in skipped:
        warn(item.path, f"{item.reason} (skipped)")


@contextmanager
def _progress(total: int) -> Iterator[Progress | None]:
    """A transient Rich progress bar on stderr, only in a terminal and for large vaults."""
    if total < PROGRESS_MIN_NOTES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading notes", total=2 * total)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        yield update


def vault_arrays(vault: Vault) -> tuple[Any, Any, Any]:
    """Each note's entries (``indptr``), their terms, and their weights in the vault."""
    import numpy as np

    from hatch_cli.core.keywords import vault_weights

    indptr = np.frombuffer(vault.indptr, dtype=np.int64)
    terms = np.frombuffer(vault.terms, dtype=np.int32)
    weight = vault_weights(
        indptr,
        terms,
        np.frombuffer(vault.text_tf, dtype=np.float64),
        np.frombuffer(vault.fence_tf, dtype=np.float64),
        np.frombuffer(vault.info, dtype=np.float64),
        len(vault.vocab),
    )
    return indptr, terms, weight


def _pairs(
    paths: Sequence[str],
    limit: int,
    min_score: float,
    for_note: str | None,
    unlinked: bool,
    globs: Sequence[str],
    excludes: Sequence[str],
    strict: bool,
    errors: str,
    lang: str | None = None,
    use_cache: bool = True,
) -> PairsReport:
    from hatch_cli.core import rank
    from hatch_cli.reports import PairsReport
    from hatch_cli.vault import default_workers

    vault, _ = _load(paths, globs, excludes, strict, errors, lang, use_cache)
    row = _find_row(vault, for_note) if for_note is not None else None
    if len(vault.paths) < 2:
        return PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped))
    vectors = rank.build_vectors(*vault_arrays(vault), vault.vocab)
    linked = rank.linked_pairs(vault.paths, vault.titles, vault.links)
    # The best N unlinked pairs are among the best N + (linked pairs) pairs.
    wanted = limit + len(linked) if unlinked and limit else limit
    if row is not None:
        found = rank.partners(vectors, row, limit=wanted, min_score=min_score)
    else:
        found = rank.best_pairs(
            vectors, limit=wanted, min_score=min_score, workers=default_workers(len(vault.paths))
        )
    if unlinked:
        found = [item for item in found if (item.a, item.b) not in linked]
        if limit:
            found = found[:limit]
    cache: dict[int, tuple[dict[str, float], dict[str, str]]] = {}
    made = [note_pair(vault, vectors, item, (item.a, item.b) in linked, cache) for item in found]
    return PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped), pairs=tuple(made))


def _find_row(vault: Vault, wanted: str) -> int:
    """The row of the ``--for`` note: by shown path, or by being the same file on disk."""
    if wanted in vault.paths:
        return vault.paths.index(wanted)
    try:
        target = os.stat(wanted)
    except OSError:
        target = None
    if target is not None:
        for row, disk in enumerate(vault.disks):
            try:
                if os.path.samestat(os.stat(disk), target):
                    return row
            except OSError:
                continue
    skipped = {item.path for item in vault.skipped}
    if wanted in skipped:
        raise NoteError("was skipped (see the warning above), so it has no partners", wanted)
    raise UsageError(f"--for {wanted!r} is not one of the notes read")


def note_pair(
    vault: Vault,
    vectors: Any,
    item: Any,
    linked: bool,
    cache: dict[int, tuple[dict[str, float], dict[str, str]]],
) -> NotePair:
    from hatch_cli.core import rank
    from hatch_cli.reports import NotePair

    for row in (item.a, item.b):
        if row not in cache:
            cache[row] = (rank.row_vector(vectors, row), vault.display_forms(row))
    (vector, shown), (other_vector, other) = cache[item.a], cache[item.b]
    shared = rank.pair_shared(
        vector,
        other_vector,
        lambda term: shown.get(term) or other.get(term) or term,
        (vault.langs[item.a], vault.langs[item.b]),
    )
    return NotePair(
        a=vault.paths[item.a],
        b=vault.paths[item.b],
        score=round(item.score, 4),
        shared=tuple(shared),
        linked=linked,
    )


def _keywords(
    paths: Sequence[str],
    limit: int,
    globs: Sequence[str],
    excludes: Sequence[str],
    strict: bool,
    errors: str,
    lang: str | None = None,
    use_cache: bool = True,
) -> KeywordsReport:
    from hatch_cli.models import Keyword
    from hatch_cli.reports import KeywordsReport, NoteKeywords

    vault, folders = _load(paths, globs, excludes, strict, errors, lang, use_cache)
    if not folders:
        return _file_keywords(vault, limit, errors)
    from hatch_cli.core import rank
    from hatch_cli.core.pairing import VECTOR_SIZE

    # The weights of the vectors pairs compares, whatever --limit is: a longer list goes on
    # past their last term at the same scale.
    vectors = rank.build_vectors(*vault_arrays(vault), vault.vocab, size=max(limit, VECTOR_SIZE))
    entries: list[NoteKeywords] = []
    for row, path in enumerate(vault.paths):
        counts = {
            vault.vocab[term]: count
            for term, count in zip(
                vault.terms[vault.indptr[row] : vault.indptr[row + 1]],
                vault.counts[vault.indptr[row] : vault.indptr[row + 1]],
                strict=True,
            )
        }
        shown = vault.display_forms(row)
        vector = rank.row_vector(vectors, row)
        scale = 1.0
        if limit > VECTOR_SIZE:
            head = list(vector.values())[:VECTOR_SIZE]
            scale = 1.0 / (math.sqrt(sum(weight * weight for weight in head)) or 1.0)
        words = tuple(
            Keyword(
                text=shown.get(term, term),
                stem=term,
                weight=round(weight * scale, 4),
                count=counts[term],
            )
            for term, weight in list(vector.items())[:limit]
        )
        entries.append(
            NoteKeywords(path=path, title=vault.titles[row], lang=vault.langs[row], keywords=words)
        )
    return KeywordsReport(notes=tuple(entries), skipped=tuple(vault.skipped))


def _file_keywords(vault: Vault, limit: int, errors: str) -> KeywordsReport:
    """Notes named one by one: no vault, so keywords as ``combine`` weighs them alone."""
    from hatch_cli.core.keywords import note_keywords
    from hatch_cli.notes import read_note
    from hatch_cli.reports import KeywordsReport, NoteKeywords

    entries: list[NoteKeywords] = []
    for path, disk in zip(vault.paths, vault.disks, strict=True):
        note = read_note(disk, errors=errors)
        if vault.lang is not None:
            note = dataclasses.replace(note, lang=vault.lang)
        entries.append(
            NoteKeywords(
                path=path,
                title=note.title,
                lang=note.lang,
                keywords=tuple(note_keywords(note, None, limit=limit)),
            )
        )
    return KeywordsReport(notes=tuple(entries), skipped=tuple(vault.skipped))


def _print_report(report: PairsReport | KeywordsReport, fmt: str, kind: str) -> None:
    from hatch_cli.render import pairs as render

    if fmt == "json":
        from hatch_cli.render.to_json import to_json

        emit(to_json(report))
        return
    if kind == "pairs":
        from hatch_cli.reports import PairsReport

        assert isinstance(report, PairsReport)
        if fmt == "jsonl":
            emit(render.pairs_jsonl(report))
        elif fmt == "rich":
            _rich(render.pairs_renderable(report))
        else:
            emit(render.pairs_markdown(report))
        return
    from hatch_cli.reports import KeywordsReport

    assert isinstance(report, KeywordsReport)
    if fmt == "jsonl":
        emit(render.keywords_jsonl(report))
    elif fmt == "rich":
        _rich(render.keywords_renderable(report))
    else:
        emit(render.keywords_markdown(report))


def _rich(renderable: object) -> None:
    from rich.console import Console

    Console(highlight=False, soft_wrap=False).print(renderable)
