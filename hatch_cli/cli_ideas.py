"""``hatch ideas``: hatch the best pairs of a vault into new notes, one article per pair.

It registers on the same Typer ``app`` as ``combine`` and reuses what ``hatch pairs``
does to find the pairs (``vault.walk``/``read_vault``, ``core.rank``), so a pair's score is
the one ``hatch pairs`` prints. Each chosen pair is read again with the same reader,
stripped of the vault's template text and combined with the vault's ``DocFreq``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli import DebugOption, NoCacheOption, Style, app, one_door_out, resolve_date
from hatch_cli.errors import NoteError, NothingToCombine, OutputFailed, UsageError

if TYPE_CHECKING:
    import datetime as dt

    from hatch_cli.core.keywords import DocFreq
    from hatch_cli.models import Outline
    from hatch_cli.reports import NotePair
    from hatch_cli.vault import Vault


class Links(StrEnum):
    """What ``--links`` accepts."""

    none = "none"
    wiki = "wiki"


@app.command()
def ideas(
    vault: Annotated[
        str,
        typer.Argument(metavar="VAULT", help="The folder of notes to pair.", show_default=False),
    ],
    outdir: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="OUTDIR",
            help="Folder to write the new notes into (created if missing).",
            show_default=False,
        ),
    ],
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="How many new notes to write, at most.")
    ] = 3,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Skip pairs scoring this or less (the score of hatch pairs, 0 to 1).",
        ),
    ] = 0.05,
    links: Annotated[
        Links,
        typer.Option(
            "--links",
            help="wiki: name the sources as [[wikilinks]] in the byline (Obsidian). "
            "none: plain titles.",
            case_sensitive=False,
        ),
    ] = Links.none,
    style: Annotated[
        Style,
        typer.Option(
            "--style",
            help="article (default) or outline, as in hatch combine.",
            case_sensitive=False,
        ),
    ] = Style.article,
    unlinked: Annotated[
        bool,
        typer.Option("--unlinked", help="Only pairs whose notes don't link to each other yet."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date of the new notes, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else today.",
        ),
    ] = None,
    errors: Annotated[
        str,
        typer.Option(
            "--errors", help="Bytes that are not UTF-8: strict (skip the note) or replace."
        ),
    ] = "strict",
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Hatch the best pairs of a vault into new notes, one readable article per pair.

    Ranks the vault's pairs exactly as `hatch pairs` does and writes the best --count of
    them into OUTDIR, each as a note with frontmatter (title, date, tags from the shared
    keywords, hatched_from with the sources' paths relative to VAULT). Pairs scoring
    --min-score or less are skipped, and so are pairs already hatched into OUTDIR (found
    from the hatched_from of the notes there), so a rerun adds only new ideas. File names
    come from the titles; an existing file is never overwritten (a -2, -3... suffix is
    added instead). OUTDIR inside VAULT is left out of the pairing. The paths written go
    to stdout, one a line; messages go to stderr.

    Examples:

      hatch ideas notes/ -o /tmp/ideas

      hatch ideas ~/vault -o ~/vault/Ideas --links wiki --count 5

      hatch ideas ~/vault -o ~/vault/Ideas --dry-run
    """
    with one_door_out(debug):
        _ideas(
            vault, outdir, count, min_score, links, style, unlinked, dry_run, date, errors,
            use_cache=not no_cache,
        )  # fmt: skip


def _ideas(
    vault_dir: str,
    outdir: str,
    count: int,
    min_score: float,
    links: Links,
    style: Style,
    unlinked: bool,
    dry_run: bool,
    date: str | None,
    errors: str,
    use_cache: bool = True,
) -> None:
    from hatch_cli.ideas import choose_pairs, hatched_pairs, plan_names, write_idea

    if errors not in ("strict", "replace"):
        raise UsageError(f"--errors {errors!r}: use strict or replace")
    when = resolve_date(date, os.environ)
    _check_folders(vault_dir, outdir)
    vault = _read_vault(vault_dir, outdir, errors, use_cache)
    if len(vault.paths) < 2:
        raise NothingToCombine(f"has {len(vault.paths)} readable notes; ideas needs two", vault_dir)
    hatched = hatched_pairs(_hatched_from(outdir, errors))
    ranked = _ranked_pairs(vault, min_score, count, unlinked)
    chosen = choose_pairs(ranked, hatched, count, unlinked=unlinked)
    if not chosen:
        why = (
            f"the {min(count, len(ranked))} best pairs are already hatched there"
            if ranked
            else f"no pair scores above --min-score {min_score}"
        )
        print(f"hatch: nothing new to hatch into {outdir}: {why}", file=sys.stderr)
        return
    docfreq = vault.docfreq()
    outlines = [_outline(vault, docfreq, pair, when, errors) for pair in chosen]
    taken = os.listdir(outdir) if os.path.isdir(outdir) else []
    names = plan_names([outline.title for outline in outlines], taken)
    texts = [_render(outline, style, links) for outline in outlines]
    if dry_run:
        for name, pair in zip(names, chosen, strict=True):
            path = os.path.join(outdir, name)
            print(f"hatch: would write {path} ({_about(pair)})", file=sys.stderr)
            print(path)
        print(f"hatch: dry run: {len(names)} notes, nothing written", file=sys.stderr)
        return
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as err:
        raise OutputFailed(err.strerror or "cannot be created", outdir) from None
    for name, pair, text in zip(names, chosen, texts, strict=True):
        path = write_idea(outdir, name, text)
        print(f"hatch: wrote {path} ({_about(pair)})", file=sys.stderr)
        print(path, flush=True)


def _check_folders(vault_dir: str, outdir: str) -> None:
    if not os.path.exists(vault_dir):
        raise NoteError("no such folder", vault_dir)
    if not os.path.isdir(vault_dir):
        raise UsageError("is not a folder; hatch ideas pairs the notes of a folder", vault_dir)
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise OutputFailed("is not a folder; -o names the folder for the new notes", outdir)


def _inside(path: str, folder: str) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _read_vault(vault_dir: str, outdir: str, errors: str, use_cache: bool) -> Vault:
    """The vault as ``hatch pairs`` reads it, without the notes inside OUTDIR."""
    from hatch_cli.cache import open_cache
    from hatch_cli.cli_vault import warn_skipped
    from hatch_cli.vault import read_vault, walk

    found = walk([vault_dir])
    files = [item for item in found.files if not _inside(item.disk, outdir)]
    vault = read_vault(files, errors=errors, cache=open_cache() if use_cache else None)
    vault.skipped[:0] = [
        item for item in found.skipped if not _inside(os.path.join(vault_dir, item.path), outdir)
    ]
    warn_skipped(vault.skipped, strict=False)
    return vault


def _hatched_from(outdir: str, errors: str) -> list[tuple[str, ...]]:
    """The ``hatched_from`` of every note already in OUTDIR."""
    if not os.path.isdir(outdir):
        return []
    from hatch_cli.notes import read_note
    from hatch_cli.vault import walk

    found: list[tuple[str, ...]] = []
    for item in walk([outdir]).files:
        try:
            note = read_note(item.disk, errors=errors)
        except NoteError as err:
            print(f"hatch: warning: {err.path}: {err.message} (not checked)", file=sys.stderr)
            continue
        if note.hatched_from:
            found.append(note.hatched_from)
    return found


def _ranked_pairs(vault: Vault, min_score: float, limit: int, unlinked: bool) -> list[NotePair]:
    """The best ``limit`` pairs (and the linked ones among them with --unlinked), ranked
    and scored as ``hatch pairs`` does."""
    from hatch_cli.cli_vault import note_pair, vault_arrays
    from hatch_cli.core import rank
    from hatch_cli.vault import default_workers

    vectors = rank.build_vectors(*vault_arrays(vault), vault.vocab)
    linked = rank.linked_pairs(vault.paths, vault.titles, vault.links)
    wanted = limit + len(linked) if unlinked else limit
    found = rank.best_pairs(
        vectors, limit=wanted, min_score=min_score, workers=default_workers(len(vault.paths))
    )
    cache: dict[int, tuple[dict[str, float], dict[str, str]]] = {}
    return [note_pair(vault, vectors, item, (item.a, item.b) in linked, cache) for item in found]


def _outline(vault: Vault, docfreq: DocFreq, pair: NotePair, when: dt.date, errors: str) -> Outline:
    """Combine one pair as ``combine`` would inside this vault, with the pair's score."""
    from hatch_cli.core.combine import combine
    from hatch_cli.core.rank import strip_recurring
    from hatch_cli.vault import read_one

    notes = [
        strip_recurring(
            read_one(vault.disks[vault.paths.index(shown)], shown, errors=errors), vault.recurring
        )
        for shown in (pair.a, pair.b)
    ]
    outline = combine(notes, date=when, docfreq=docfreq)
    # The note reports the score it was chosen by, the one hatch pairs prints.
    return dataclasses.replace(outline, relatedness=pair.score)


def _render(outline: Outline, style: Style, links: Links) -> str:
    if style == Style.outline:
        from hatch_cli.render.to_markdown import to_markdown

        return to_markdown(outline)
    from hatch_cli.render.to_article import to_article

    return to_article(outline, wikilinks=links == Links.wiki)


def _about(pair: NotePair) -> str:
    return f"{pair.a} + {pair.b}, score {pair.score:.4f}"
