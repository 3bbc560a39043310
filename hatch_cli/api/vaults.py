"""``hatch pairs`` and ``hatch keywords`` as functions, and the vault they read: walked,
read (from the cache when a note has not changed), its bad notes skipped or raised."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypedDict, Unpack

from hatch_cli.api.common import (
    Errors,
    Notify,
    cache_of,
    enough,
    language_code,
    say_warnings,
    suggest_analysers,
)
from hatch_cli.errors import NoteError
from hatch_cli.notes import Warn

if TYPE_CHECKING:
    from hatch_cli.ranking import Ranking
    from hatch_cli.reports import KeywordsReport, NotePair, PairColumns, PairsReport
    from hatch_cli.vault import Progress, Vault


class VaultOptions(TypedDict, total=False):
    """How ``open_vault`` (and every function that reads a vault) reads one.

    ``globs``/``excludes``: keep only / leave out notes whose path or name matches;
    ``strict``: raise on the first bad note instead of skipping it; ``errors``: bytes that
    are not UTF-8; ``lang``: every note's language (ISO 639-1); ``use_cache``: the cache of
    read notes (``cache``); ``include_hatched``: keep the notes hatch wrote (left out by
    default: they pair best with their own sources); ``progress``: called with (done,
    total) while reading; ``warn``: called with each note read with undecodable bytes
    replaced (``errors="replace"``); ``notify``: called with a notice for the user.
    """

    globs: Sequence[str]
    excludes: Sequence[str]
    strict: bool
    errors: Errors
    lang: str | None
    use_cache: bool
    include_hatched: bool
    progress: Progress | None
    warn: Warn | None
    notify: Notify | None


def open_vault(paths: Sequence[str], **options: Unpack[VaultOptions]) -> tuple[Vault, int]:
    """Walk ``paths`` and read every note found (the bad ones skipped, or with ``strict``
    the first one raised); the vault and how many of ``paths`` were folders."""
    # The vault's reader and pipelines load only for the commands that read one.
    from hatch_cli.timings import phase
    from hatch_cli.vault import read_vault
    from hatch_cli.vault import walk_notes as walk

    lang = options.get("lang")
    strict = options.get("strict", False)
    with phase("walk"):
        found = walk(paths, globs=options.get("globs", ()), excludes=options.get("excludes", ()))
    if strict and found.skipped:
        raise NoteError(found.skipped[0].reason, found.skipped[0].path)
    with phase("read"):
        vault = read_vault(
            found.files,
            errors=options.get("errors", "strict"),
            lang=language_code(lang) if lang is not None else None,
            progress=options.get("progress"),
            cache=cache_of(options.get("use_cache", True), options.get("notify")),
            include_hatched=options.get("include_hatched", False),
        )
    vault.skipped[:0] = found.skipped
    if strict and vault.skipped:
        raise NoteError(vault.skipped[0].reason, vault.skipped[0].path)
    say_warnings(vault, options.get("warn"))
    suggest_analysers(vault.langs, options.get("notify"))
    return vault, found.folders


def rank_pairs(
    paths: Sequence[str],
    *,
    limit: int = 10,
    min_score: float = 0.0,
    for_note: str | None = None,
    unlinked: bool = False,
    embed: bool | str = False,
    embed_weight: float | None = None,
    **options: Unpack[VaultOptions],
) -> PairsReport:
    """The best pairs of notes among ``paths`` (files and folders): ``limit`` of them (0:
    all) scoring above ``min_score``; with ``for_note``, that note's best partners; with
    ``unlinked``, only pairs whose notes don't link to each other yet. With ``embed`` (a
    model name, or True for the default one), by words and meaning (``embed_weight`` on
    meaning). ``options``: how the vault is read (``VaultOptions``). Fewer than two
    readable notes is ``TooFewNotes`` (a ``NothingToCombine``)."""
    from hatch_cli.reports import PairsReport

    if not limit:
        stream = stream_pairs(
            paths, min_score=min_score, for_note=for_note, unlinked=unlinked, embed=embed,
            embed_weight=embed_weight, **options,
        )  # fmt: skip
        return dataclasses.replace(stream.report, pairs=tuple(stream.pairs))
    vault, ranking, row = _ranking(paths, for_note, embed, embed_weight, options)
    pairs = ranking.pairs(limit=limit, min_score=min_score, row=row, unlinked=unlinked) \
        if ranking is not None else []  # fmt: skip
    enough(len(vault.paths), vault.skipped, 2, "pairs", paths)
    return PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped), pairs=tuple(pairs))


@dataclasses.dataclass(frozen=True)
class PairStream:
    """Every pair of a vault, as ``stream_pairs`` makes them: the report without its pairs
    (how many notes, which were skipped), and the pairs, best first, as columns
    (``columns``: ``PairColumns``, many pairs each) or one at a time (``pairs``); take
    either, not both (they are made once)."""

    report: PairsReport
    columns: Iterator[PairColumns]
    pairs: Iterator[NotePair] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        pairs = (pair for chunk in self.columns for pair in chunk)
        object.__setattr__(self, "pairs", pairs)


def stream_pairs(
    paths: Sequence[str],
    *,
    min_score: float = 0.0,
    for_note: str | None = None,
    unlinked: bool = False,
    embed: bool | str = False,
    embed_weight: float | None = None,
    **options: Unpack[VaultOptions],
) -> PairStream:
    """Every pair of notes among ``paths`` scoring above ``min_score`` (``rank_pairs``
    with ``limit=0``, the same arguments), described all at once and handed out one at a
    time, best first, for a caller that writes them as they come: a vault of a thousand
    notes has hundreds of thousands of pairs. The vault is read before this returns (and
    too few readable notes raised); the pairs are ranked and described at the first one
    asked for."""
    from hatch_cli.reports import PairsReport

    vault, ranking, row = _ranking(paths, for_note, embed, embed_weight, options)
    enough(len(vault.paths), vault.skipped, 2, "pairs", paths)
    report = PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped))
    assert ranking is not None  # two notes at least (``enough``)
    return PairStream(report, ranking.every_pair(min_score=min_score, row=row, unlinked=unlinked))


def _ranking(
    paths: Sequence[str],
    for_note: str | None,
    embed: bool | str,
    embed_weight: float | None,
    options: VaultOptions,
) -> tuple[Vault, Ranking | None, int | None]:
    """The vault of ``paths`` read, its ranking (with embeddings if asked; None for fewer
    than two notes) and the row of ``for_note``."""
    # Loaded when called: numpy, scipy and the ranking are the vault commands' alone.
    from hatch_cli.embedding import embed_share, vault_embeddings
    from hatch_cli.ranking import Ranking, find_row

    vault, _ = open_vault(paths, **options)
    row = find_row(vault, for_note) if for_note is not None else None
    cache = cache_of(options.get("use_cache", True), options.get("notify"))
    embeddings = vault_embeddings(vault, embed, cache if embed else None, options.get("progress"))
    if len(vault.paths) < 2:
        return vault, None, row
    return vault, Ranking(vault, embeddings, embed_share(embed_weight), cache), row


def vault_keywords(
    paths: Sequence[str],
    *,
    limit: int = 10,
    **options: Unpack[VaultOptions],
) -> KeywordsReport:
    """Each note's ``limit`` strongest keywords. Given a folder, weighed against it (what
    makes each note distinctive there); given only files, each note on its own. A
    keyword's weight is its weight in the vector ``rank_pairs`` compares, whatever
    ``limit`` is. No readable note is ``TooFewNotes`` (a ``NothingToCombine``)."""
    # Loaded when called, as in rank_pairs.
    from hatch_cli.ranking import file_keywords, vault_keywords_of
    from hatch_cli.reports import KeywordsReport

    progress = options.get("progress")
    read = [0]  # one bar: reading is two passes of three over the notes, keywords the third

    def reading(done: int, total: int) -> None:
        read[0] = total
        if progress is not None:
            progress(done, total + total // 2)

    options["progress"] = reading
    vault, folders = open_vault(paths, **options)
    if folders:
        rows, total = max(1, len(vault.paths)), read[0] + read[0] // 2
        ticks = (lambda done: progress(read[0] + done * (total - read[0]) // rows, total)) \
            if progress is not None else None  # fmt: skip
        report = KeywordsReport(
            notes=tuple(vault_keywords_of(vault, limit, ticks)), skipped=tuple(vault.skipped)
        )
    else:
        entries, changed = file_keywords(vault, limit)
        report = KeywordsReport(notes=tuple(entries), skipped=(*vault.skipped, *changed))
    enough(len(report.notes), report.skipped, 1, "keywords", paths)
    return report
