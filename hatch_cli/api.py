"""hatch as a library: paths and options in, contracts out.

Every command of the CLI is one call here, and the CLI does nothing else but translate
argv into these calls and their results into output::

    from hatch_cli import combine_notes, rank_pairs

    outline = combine_notes(["notes/a.md", "notes/b.md"])       # -> Outline
    report = rank_pairs(["notes/"], limit=5)                     # -> PairsReport

Failures are ``HatchError``s (``errors``) that carry the CLI's exit code: a note that
can't be read is a ``NoteError`` naming it. A vault's unreadable notes are skipped and
listed in the report (``strict=True`` raises instead). Nothing here prints: warnings go
to the ``warn`` callback, notices to ``notify``, progress to ``progress``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from hatch_cli.errors import NoteError, NothingToCombine, UsageError
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn

if TYPE_CHECKING:
    from hatch_cli.cache import NoteCache
    from hatch_cli.core.combine import CombineOptions
    from hatch_cli.ideas import IdeasPlan
    from hatch_cli.reading import Progress
    from hatch_cli.reports import KeywordsReport, NotePair, PairsReport, SkippedNote
    from hatch_cli.vault import Vault

#: What ``errors`` accepts: fail on bytes that are not UTF-8, or read them as U+FFFD.
Errors = Literal["strict", "replace"]
#: Called with a one-line notice for the user (a better analyser to install, say).
Notify = Callable[[str], None]


def resolve_date(
    option: str | dt.date | None = None, environ: Mapping[str, str] | None = None
) -> dt.date:
    """The date an outline is hatched on: ``option``, else ``SOURCE_DATE_EPOCH`` (UTC),
    else today. Pinning it makes the output byte-identical from one run to the next."""
    if isinstance(option, dt.date):
        return option
    if option:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise UsageError(f"--date {option!r} is not a date like 2024-05-31") from None
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.date.today()


def language_code(lang: str) -> str:
    """The ISO 639-1 code ``lang`` names (``ja-JP`` -> ``ja``), or a usage error."""
    code = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise UsageError(f"--lang {lang!r} is not a language code like en, de or ja")
    return code


# --------------------------------------------------------------------------- combine


def combine_notes(
    paths: Sequence[str],
    *,
    date: str | dt.date | None = None,
    options: CombineOptions | None = None,
    errors: Errors = "strict",
    lang: str | None = None,
    vault: str | None = None,
    use_cache: bool = True,
    min_shared: int = 0,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> Outline:
    """Read two or more notes (``-`` is stdin) and merge them into one ``Outline``.

    With ``vault``, words are weighed against that folder of notes and its template text
    is left out, as ``rank_pairs`` does, so ``relatedness`` is the pairs score.
    """
    from hatch_cli.core.combine import combine
    from hatch_cli.notes import read_note

    when = resolve_date(date)
    if len(paths) < 2:
        raise NothingToCombine(f"combine needs at least two notes, got {len(paths)}")
    if list(paths).count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    # Notes named here may be pipes (`<(…)`), read once; a vault's notes are read twice.
    notes = [read_note(path, errors=errors, warn=warn, streams=True) for path in paths]
    if lang is not None:
        code = language_code(lang)
        notes = [dataclasses.replace(note, lang=code) for note in notes]
    _suggest_analysers([note.lang for note in notes], notify)
    docfreq = None
    if vault is not None:
        from hatch_cli.reading import vault_context

        context = vault_context([vault], errors=errors, cache=_cache(use_cache, notify))
        notes = [context.prepare(note) for note in notes]
        docfreq = context.docfreq
    outline = combine(notes, date=when, docfreq=docfreq, options=options)
    if len(outline.shared_keywords) < min_shared:
        raise NothingToCombine(
            f"the notes share {len(outline.shared_keywords)} keywords, "
            f"fewer than --min-shared {min_shared}"
        )
    return outline


# --------------------------------------------------------------------------- vaults


class VaultOptions(TypedDict, total=False):
    """How ``open_vault`` (and every function that reads a vault) reads one.

    ``globs``/``excludes``: keep only / leave out notes whose path or name matches;
    ``strict``: raise on the first bad note instead of skipping it; ``errors``: bytes that
    are not UTF-8; ``lang``: every note's language (ISO 639-1); ``use_cache``: the cache of
    read notes (``cache``); ``progress``: called with (done, total) while reading;
    ``notify``: called with a notice for the user.
    """

    globs: Sequence[str]
    excludes: Sequence[str]
    strict: bool
    errors: Errors
    lang: str | None
    use_cache: bool
    progress: Progress | None
    notify: Notify | None


def open_vault(paths: Sequence[str], **options: Unpack[VaultOptions]) -> tuple[Vault, int]:
    """Walk ``paths`` and read every note found (the bad ones skipped, or with ``strict``
    the first one raised); the vault and how many of ``paths`` were folders."""
    from hatch_cli.reading import read_vault
    from hatch_cli.walk import walk

    lang = options.get("lang")
    strict = options.get("strict", False)
    found = walk(paths, globs=options.get("globs", ()), excludes=options.get("excludes", ()))
    if strict and found.skipped:
        raise NoteError(found.skipped[0].reason, found.skipped[0].path)
    vault = read_vault(
        found.files,
        errors=options.get("errors", "strict"),
        lang=language_code(lang) if lang is not None else None,
        progress=options.get("progress"),
        cache=_cache(options.get("use_cache", True), options.get("notify")),
    )
    vault.skipped[:0] = found.skipped
    if strict and vault.skipped:
        raise NoteError(vault.skipped[0].reason, vault.skipped[0].path)
    _suggest_analysers(vault.langs, options.get("notify"))
    return vault, found.folders


def rank_pairs(
    paths: Sequence[str],
    *,
    limit: int = 10,
    min_score: float = 0.0,
    for_note: str | None = None,
    unlinked: bool = False,
    **options: Unpack[VaultOptions],
) -> PairsReport:
    """The best pairs of notes among ``paths`` (files and folders): ``limit`` of them (0:
    all) scoring above ``min_score``; with ``for_note``, that note's best partners; with
    ``unlinked``, only pairs whose notes don't link to each other yet. ``options``: how
    the vault is read (``VaultOptions``)."""
    from hatch_cli.ranking import find_row, rank_vault
    from hatch_cli.reports import PairsReport

    vault, _ = open_vault(paths, **options)
    row = find_row(vault, for_note) if for_note is not None else None
    ranked = rank_vault(vault, limit=limit, min_score=min_score, row=row, unlinked=unlinked)
    pairs = [item.pair for item in ranked]
    return PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped), pairs=tuple(pairs))


def vault_keywords(
    paths: Sequence[str],
    *,
    limit: int = 10,
    **options: Unpack[VaultOptions],
) -> KeywordsReport:
    """Each note's ``limit`` strongest keywords. Given a folder, weighed against it (what
    makes each note distinctive there); given only files, each note on its own."""
    from hatch_cli.core.keywords import display_form
    from hatch_cli.core.vectors import row_vector
    from hatch_cli.models import Keyword
    from hatch_cli.ranking import vault_vectors
    from hatch_cli.reading import surfaces
    from hatch_cli.reports import KeywordsReport, NoteKeywords

    vault, folders = open_vault(paths, **options)
    if not folders:
        return _file_keywords(vault, limit)
    vectors = vault_vectors(vault, size=limit)
    entries: list[NoteKeywords] = []
    for row, path in enumerate(vault.paths):
        counts = vault.term_counts(row)
        shown = surfaces(vault, row)
        words = tuple(
            Keyword(
                text=display_form(shown[term]) if term in shown else term,
                stem=term,
                weight=weight,
                count=counts[term],
            )
            for term, weight in row_vector(vectors, row).items()
        )
        entries.append(
            NoteKeywords(path=path, title=vault.titles[row], lang=vault.langs[row], keywords=words)
        )
    return KeywordsReport(notes=tuple(entries), skipped=tuple(vault.skipped))


def _file_keywords(vault: Vault, limit: int) -> KeywordsReport:
    """Notes named one by one: no vault, so keywords as ``combine`` weighs them alone."""
    from hatch_cli.core.keywords import note_keywords
    from hatch_cli.notes import read_note
    from hatch_cli.reports import KeywordsReport, NoteKeywords

    entries: list[NoteKeywords] = []
    skipped = list(vault.skipped)
    for path, disk in zip(vault.paths, vault.disks, strict=True):
        try:
            note = read_note(disk, errors=vault.errors)
        except NoteError as err:  # changed since the vault was read: the others go on
            skipped.append(_changed(err, path))
            continue
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
    return KeywordsReport(notes=tuple(entries), skipped=tuple(skipped))


# --------------------------------------------------------------------------- ideas


def plan_ideas(
    vault_dir: str,
    outdir: str,
    *,
    count: int = 3,
    min_score: float = 0.05,
    unlinked: bool = False,
    date: str | dt.date | None = None,
    errors: Errors = "strict",
    use_cache: bool = True,
    progress: Progress | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> IdeasPlan:
    """Which of a vault's best pairs to hatch into ``outdir`` and under which names: the
    best ``count`` pairs (as ``rank_pairs`` ranks them) not hatched there yet, each with
    its outline. Notes inside ``outdir`` are left out of the pairing."""
    from hatch_cli.ideas import (
        IdeasPlan,
        PlannedIdea,
        check_folders,
        choose_pairs,
        hatched_from,
        hatched_pairs,
        idea_outline,
        list_outdir,
        plan_names,
        vault_without,
    )
    from hatch_cli.ranking import rank_vault

    when = resolve_date(date)
    check_folders(vault_dir, outdir)
    vault = vault_without(
        vault_dir, outdir, errors=errors, cache=_cache(use_cache, notify), progress=progress
    )
    if len(vault.paths) < 2:
        raise NothingToCombine(f"has {len(vault.paths)} readable notes; ideas needs two", vault_dir)
    taken = list_outdir(outdir)
    hatched = hatched_pairs(hatched_from(outdir, errors=errors, warn=warn))
    ranked = rank_vault(vault, limit=count, min_score=min_score, unlinked=unlinked)
    chosen = choose_pairs([item.pair for item in ranked], hatched, count, unlinked=unlinked)
    plan = IdeasPlan(outdir=outdir, skipped=tuple(vault.skipped), ranked=len(ranked))
    if not chosen:
        return plan
    docfreq = vault.docfreq()
    ideas: list[tuple[NotePair, Outline]] = []
    for pair in chosen:
        # Notes are told apart by their rows, never by the path they are shown as.
        rows = next(item.rows for item in ranked if item.pair is pair)
        try:
            ideas.append((pair, idea_outline(vault, docfreq, pair, when, rows=rows)))
        except NoteError as err:  # the note changed since it was read: the others go on
            plan.skipped += (_changed(err, pair.a),)
    names = plan_names([outline.title for _, outline in ideas], taken)
    plan.ideas = tuple(
        PlannedIdea(path=os.path.join(outdir, name), pair=pair, outline=outline)
        for name, (pair, outline) in zip(names, ideas, strict=True)
    )
    return plan


# --------------------------------------------------------------------------- helpers


def _changed(err: NoteError, path: str) -> SkippedNote:
    """A note that could be read a moment ago and no longer can (deleted, emptied, made a
    FIFO or unreadable meanwhile): skipped, saying why."""
    from hatch_cli.reports import SkippedNote

    return SkippedNote(path=err.path or path, reason=f"changed while hatch ran: {err.message}")


def _cache(use_cache: bool, notify: Notify | None = None) -> NoteCache | None:
    from hatch_cli.cache import open_cache

    return open_cache(notify) if use_cache else None


def _suggest_analysers(langs: Sequence[str], notify: Notify | None) -> None:
    """A notice when Japanese or Chinese notes are split without their analyser."""
    from hatch_cli.core.lexicon import UNSPACED_LANGUAGES

    wanted = sorted(set(langs) & UNSPACED_LANGUAGES)
    if not wanted or notify is None:
        return  # English and the like: never import the segmenter
    from hatch_cli.core.segment import EXTRA_OF, NAME_OF, has_analyser

    missing = [lang for lang in wanted if not has_analyser(lang)]
    if missing:
        extras = ",".join(EXTRA_OF[lang] for lang in missing)
        names = " and ".join(NAME_OF[lang] for lang in missing)
        notify(
            f"{names} notes are split into words by a simple fallback; "
            f"for better keywords: pip install 'hatch-notes[{extras}]'"
        )


__all__ = [
    "Errors",
    "Note",
    "Notify",
    "VaultOptions",
    "Warn",
    "combine_notes",
    "language_code",
    "open_vault",
    "plan_ideas",
    "rank_pairs",
    "resolve_date",
    "vault_keywords",
]
