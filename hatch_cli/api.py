"""hatch as a library: paths and options in, contracts out.

Every command of the CLI is one call here, and the CLI does nothing else but translate
argv into these calls and their results into output::

    from hatch_cli import combine_notes, rank_pairs

    outline = combine_notes(["notes/a.md", "notes/b.md"])       # -> Outline
    report = rank_pairs(["notes/"], limit=5)                     # -> PairsReport
    plan = plan_ideas("notes/", "ideas/")                         # -> IdeasPlan
    hatch_ideas(plan)                                             # -> IdeasReport, notes written

Failures are ``HatchError``s (``errors``) that carry the CLI's exit code: a note that
can't be read is a ``NoteError`` naming it; fewer readable notes than a command needs is
``NothingToCombine``. The types these functions take and return (``CombineOptions``,
``PairsReport``...) can be imported from here too, as can ``check_target`` and
``write_atomic``, the file writer of ``-o``.

``write_with_model`` has a language model write the article (``hatch combine --llm``),
through the optional ``llm`` library, imported only then::

    notes = read_notes(["notes/a.md", "notes/b.md"])
    article = write_with_model(combine_notes(notes), notes, model="gpt-4o-mini")

A vault's unreadable notes are skipped and listed in the report (``strict=True`` raises
instead). Nothing here prints: warnings go to the ``warn`` callback, notices to
``notify``, progress to ``progress``, a model's answer as it streams to ``watcher``.

Why it is long: it is the whole public surface of the library, each function with the
documentation its users read; the work itself is in the modules each one calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from hatch_cli.errors import NoteError, NothingToCombine, TooFewNotes, UsageError
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn
from hatch_cli.render import Style

if TYPE_CHECKING:
    from hatch_cli.cache import NoteCache
    from hatch_cli.core.brief import Brief
    from hatch_cli.core.combine import CombineOptions
    from hatch_cli.ideas import IdeasPlan, PlannedIdea
    from hatch_cli.llm_writer import LanguageModel, Watcher
    from hatch_cli.models import Article
    from hatch_cli.output import check_target, write_atomic
    from hatch_cli.reading import Progress
    from hatch_cli.reports import (
        HatchedIdea,
        IdeasReport,
        IdeaStatus,
        KeywordsReport,
        NotePair,
        PairsReport,
        SkippedNote,
    )
    from hatch_cli.vault import Vault

#: Pairs ``plan_ideas`` chooses from: the best this many (or 20 an idea, if more), deep
#: enough to reach other corners of a vault, and the same for small counts, so that a
#: rerun with a bigger --count keeps the ideas it chose before.
CANDIDATE_PAIRS = 100
CANDIDATES_PER_IDEA = 20
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
    from hatch_cli.core.lexicon import KNOWN_LANGUAGES

    code = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise UsageError(f"--lang {lang!r} is not a language code like en, de or ja")
    if code not in KNOWN_LANGUAGES:
        known = ", ".join(sorted(KNOWN_LANGUAGES))
        raise UsageError(f"--lang {lang!r} is not a language hatch knows; it knows {known}")
    return code


# --------------------------------------------------------------------------- combine


def read_notes(
    paths: Sequence[str],
    *,
    errors: Errors = "strict",
    lang: str | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> list[Note]:
    """Read notes one by one (``-`` is stdin, once at most), ``lang`` set on each if
    given: what ``combine_notes`` combines, read once so the same notes can also be sent
    to a model (``write_with_model``)."""
    from hatch_cli.notes import read_note

    if list(paths).count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    _refuse_repeats(paths)
    # Notes named here may be pipes (`<(…)`), read once; a vault's notes are read twice.
    notes = [read_note(path, errors=errors, warn=warn, streams=True) for path in paths]
    if lang is not None:
        code = language_code(lang)
        notes = [dataclasses.replace(note, lang=code) for note in notes]
    _suggest_analysers([note.lang for note in notes], notify)
    return notes


def combine_notes(
    paths: Sequence[str] | Sequence[Note],
    *,
    date: str | dt.date | None = None,
    options: CombineOptions | None = None,
    errors: Errors = "strict",
    lang: str | None = None,
    vault: str | None = None,
    use_cache: bool = True,
    min_shared: int = 0,
    embed: bool | str = False,
    embed_weight: float | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> Outline:
    """Read two or more notes (``-`` is stdin) and merge them into one ``Outline``; or
    merge notes already read (``read_notes``: then ``lang`` and ``warn`` were for reading
    them and are not used again; ``errors`` and ``notify`` still apply to ``vault``).

    With ``vault``, words are weighed against that folder of notes and its template text
    is left out, as ``rank_pairs`` does, so ``relatedness`` is the pairs score (with
    ``embed``, the hybrid one of words and meaning, for notes of that vault).
    """
    from hatch_cli.core.boilerplate import strip_recurring
    from hatch_cli.core.combine import combine

    when = resolve_date(date)
    if len(paths) < 2:
        raise NothingToCombine(f"combine needs at least two notes, got {len(paths)}")
    if all(isinstance(item, Note) for item in paths):
        notes = [item for item in paths if isinstance(item, Note)]
    else:
        names = [item for item in paths if isinstance(item, str)]
        if len(names) != len(paths):
            raise TypeError("combine_notes takes paths or notes, not both")
        notes = read_notes(names, errors=errors, lang=lang, warn=warn, notify=notify)
    docfreq = None
    if embed is not False and vault is None:
        raise UsageError("--embed scores notes within a vault: give --vault FOLDER too")
    if vault is not None:
        context, _ = open_vault([vault], errors=errors, use_cache=use_cache, notify=notify)
        notes = [strip_recurring(note, context.recurring) for note in notes]
        docfreq = context.docfreq()
    outline = combine(notes, date=when, docfreq=docfreq, options=options)
    if vault is not None and embed is not False:
        from hatch_cli.embedding import with_meaning

        where = [note.path for note in notes]
        outline = with_meaning(
            outline, context, where, embed, embed_weight, _cache(use_cache, notify)
        )
    if len(outline.shared_keywords) < min_shared:
        raise NothingToCombine(
            f"the notes share {len(outline.shared_keywords)} keywords, "
            f"fewer than --min-shared {min_shared}"
        )
    return outline


def write_article(outline: Outline) -> Article:
    """hatch's own article of ``outline`` (``--style article``): the same outline as a
    piece that reads top to bottom, in the notes' language (``write_with_model`` has a
    language model write it instead)."""
    from hatch_cli.core.article import write_article as article_of

    return article_of(outline)


def contract_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a JSON output (``hatch schema``): ``outline``, ``article``,
    ``pairs``, ``keywords`` or ``ideas``."""
    from hatch_cli.models import json_schema
    from hatch_cli.reports import CONTRACTS

    contract = CONTRACTS.get(name.lower())
    if contract is None:
        raise UsageError(
            f"no schema named {name!r}; choose outline, article, pairs, keywords or ideas"
        )
    return json_schema(contract)


# --------------------------------------------------------------------------- --llm


def choose_model(name: str | None = None) -> LanguageModel:
    """A language model through the ``llm`` library, by model id or alias (``llm models``
    lists them); None: ``llm``'s default model (``llm models default``). Raises
    ``ModelUnavailable`` when ``llm`` is not installed or knows no such model."""
    from hatch_cli.llm_writer import choose_model as choose

    return choose(name)


def dry_run_model(name: str | None = None) -> LanguageModel:
    """The model a dry run names (``--llm --dry-run``): ``choose_model``'s, or without the
    ``llm`` library a stand-in by that name that answers in Markdown. Sends nothing."""
    from hatch_cli.llm_writer import dry_run_model as stand_in

    return stand_in(name)


def model_brief(
    outline: Outline,
    notes: Sequence[Note],
    *,
    model: LanguageModel | None = None,
    note_words: int | None = None,
) -> Brief:
    """What ``write_with_model`` would send for ``outline`` (``hatch combine --llm
    --dry-run``): the prompts, the JSON schema of the answer if ``model`` takes one
    (without a model: Markdown), the notes that were trimmed. Sends nothing."""
    from hatch_cli.core.brief import NOTE_WORDS, make_brief

    return make_brief(
        outline,
        notes,
        json_answer=model is not None and model.json_answer,
        note_words=NOTE_WORDS if note_words is None else note_words,
    )


def write_with_model(
    outline: Outline,
    notes: Sequence[Note],
    *,
    model: LanguageModel | str | None = None,
    note_words: int | None = None,
    timeout: float | None = None,
    strict: bool = False,
    watcher: Watcher | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> Article:
    """The article of ``outline`` written by a language model, checked.

    ``notes`` are the notes the outline combines (``read_notes``; their text, trimmed to
    ``note_words`` words, is sent to ``model``: a ``choose_model`` result, a model name,
    or None for ``llm``'s default). An answer of the wrong shape (empty, a part missing,
    not one section per note, not exactly three pieces of advice) is asked for once more,
    saying what was wrong; a second wrong answer (or one too big to read) is ``BadReply``.
    Passages the article quotes, and links it gives, that are in none of the notes are
    listed in ``unverified_quotes`` and passed to ``warn`` (``strict``:
    ``UnverifiedQuotes`` instead). The title, date, tags, sources and
    reading time are hatch's. ``watcher`` sees the answer as it streams; ``notify`` hears
    which notes were trimmed. Failures of the model are ``ModelUnavailable`` or
    ``ModelFailed``, each with one line to show.
    """
    from hatch_cli.llm_writer import LanguageModel, write_article

    chosen = model if isinstance(model, LanguageModel) else choose_model(model)
    return write_article(
        chosen, outline, notes, note_words=note_words, timeout=timeout, strict=strict,
        watcher=watcher, warn=warn, notify=notify,
    )  # fmt: skip


# --------------------------------------------------------------------------- vaults


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
    from hatch_cli.reading import read_vault
    from hatch_cli.timings import phase
    from hatch_cli.walk import walk

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
            cache=_cache(options.get("use_cache", True), options.get("notify")),
            include_hatched=options.get("include_hatched", False),
        )
    vault.skipped[:0] = found.skipped
    if strict and vault.skipped:
        raise NoteError(vault.skipped[0].reason, vault.skipped[0].path)
    _say_warnings(vault, options.get("warn"))
    _suggest_analysers(vault.langs, options.get("notify"))
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
    from hatch_cli.embedding import embed_share, vault_embeddings
    from hatch_cli.ranking import find_row, vault_pairs
    from hatch_cli.reports import PairsReport

    vault, _ = open_vault(paths, **options)
    row = find_row(vault, for_note) if for_note is not None else None
    cache = _cache(options.get("use_cache", True), options.get("notify"))
    embeddings = vault_embeddings(vault, embed, cache if embed else None, options.get("progress"))
    pairs = vault_pairs(
        vault, limit=limit, min_score=min_score, row=row, unlinked=unlinked,
        embeddings=embeddings, weight=embed_share(embed_weight), cache=cache,
    )  # fmt: skip
    _enough(len(vault.paths), vault.skipped, 2, "pairs", paths)
    return PairsReport(notes=len(vault.paths), skipped=tuple(vault.skipped), pairs=tuple(pairs))


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
    from hatch_cli.ranking import file_keywords, vault_keywords_of
    from hatch_cli.reports import KeywordsReport

    vault, folders = open_vault(paths, **options)
    if folders:
        report = KeywordsReport(
            notes=tuple(vault_keywords_of(vault, limit)), skipped=tuple(vault.skipped)
        )
    else:
        entries, changed = file_keywords(vault, limit)
        report = KeywordsReport(notes=tuple(entries), skipped=(*vault.skipped, *changed))
    _enough(len(report.notes), report.skipped, 1, "keywords", paths)
    return report


# --------------------------------------------------------------------------- ideas


def plan_ideas(
    vault_dir: str,
    outdir: str,
    *,
    count: int = 3,
    min_score: float = 0.05,
    unlinked: bool = False,
    per_note: int | None = 1,
    include_hatched: bool = False,
    include_duplicates: bool = False,
    embed: bool | str = False,
    embed_weight: float | None = None,
    date: str | dt.date | None = None,
    errors: Errors = "strict",
    use_cache: bool = True,
    progress: Progress | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> IdeasPlan:
    """Which of a vault's pairs to hatch into ``outdir`` and under which names: ``count``
    pairs ranked as ``rank_pairs`` ranks them, each good and from different corners of the
    vault (``ideas.choose_pairs``; no note in more than ``per_note`` of them, None: no
    limit), less those hatched there already, each with its outline. Pairs of
    near-duplicates come last unless ``include_duplicates``. Notes inside ``outdir`` are
    left out of the pairing."""
    from hatch_cli.embedding import embed_share, vault_embeddings
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
    from hatch_cli.ranking import Ranking
    from hatch_cli.reports import changed_note

    when = resolve_date(date)
    check_folders(vault_dir, outdir)
    vault = vault_without(
        vault_dir,
        outdir,
        errors=errors,
        cache=_cache(use_cache, notify),
        progress=progress,
        include_hatched=include_hatched,
    )
    _say_warnings(vault, warn)
    if len(vault.paths) < 2:
        raise NothingToCombine(f"has {len(vault.paths)} readable notes; ideas needs two", vault_dir)
    taken = list_outdir(outdir)
    hatched = hatched_pairs(hatched_from(outdir, errors=errors, warn=warn))
    embeddings = vault_embeddings(
        vault, embed, _cache(use_cache, notify) if embed else None, progress
    )
    ranking = Ranking(vault, embeddings, embed_share(embed_weight))
    # Candidates from well below the top, so that other corners of the vault can be found.
    ranked = ranking.pairs(
        limit=max(CANDIDATE_PAIRS, count * CANDIDATES_PER_IDEA),
        min_score=min_score,
        unlinked=unlinked,
        describe=False,
    )
    chosen = choose_pairs(
        ranked, hatched, count, unlinked=unlinked, per_note=per_note,
        similarity=ranking.similarity,
        duplicate=None if include_duplicates else ranking.duplicate,
    )  # fmt: skip
    plan = IdeasPlan(outdir=outdir, skipped=tuple(vault.skipped), ranked=len(ranked))
    if not chosen:
        return plan
    chosen = [ranking.describe(pair) for pair in chosen]
    docfreq = vault.docfreq()
    combined: list[tuple[NotePair, tuple[Outline, tuple[Note, ...]]]] = []
    for pair in chosen:
        rows = (ranking.rows[pair.a], ranking.rows[pair.b])
        try:
            combined.append((pair, idea_outline(vault, docfreq, pair, when, rows=rows)))
        except NoteError as err:  # the note changed since it was read: the others go on
            plan.skipped += (changed_note(err, pair.a),)
    names = plan_names([outline.title for _, (outline, _) in combined], taken)
    plan.ideas = tuple(
        PlannedIdea(path=os.path.join(outdir, name), pair=pair, outline=outline, notes=notes)
        for name, (pair, (outline, notes)) in zip(names, combined, strict=True)
    )
    return plan


def hatch_ideas(
    plan: IdeasPlan,
    *,
    style: Style = Style.article,
    wikilinks: bool = False,
    dry_run: bool = False,
    model: LanguageModel | None = None,
    note_words: int | None = None,
    timeout: float | None = None,
    strict: bool = False,
    watcher: Watcher | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
    status: Notify | None = None,
    each: Callable[[HatchedIdea, Brief | None], None] | None = None,
) -> IdeasReport:
    """Carry out a ``plan_ideas`` plan: each idea written into the plan's folder (made if
    missing) as a note, never over a file (``ideas.write_idea``); the report of them.

    A note is hatch's article of its outline (``style`` outline: the outline itself), or
    with ``model`` the article that model writes (``write_with_model``), each written as
    soon as its article is done, so a run that stops keeps what it finished (``status``
    hears which one the model is writing). ``wikilinks``: the sources as [[wikilinks]].
    ``dry_run`` writes and sends nothing (with a model, each prompt is made, to tell its
    size). ``each`` hears of every note as it is written or planned, with the prompt a
    dry run would send. A pair another run hatched into the folder meanwhile is
    reported, not written again.
    """
    from hatch_cli.ideas import make_folder, write_idea
    from hatch_cli.render import Format, text
    from hatch_cli.reports import HatchedIdea, IdeasReport

    done: list[HatchedIdea] = []

    def hatched(idea: PlannedIdea, path: str | None, title: str, brief: Brief | None) -> None:
        state: IdeaStatus = "planned" if dry_run else "written" if path else "hatched meanwhile"
        done.append(HatchedIdea(path=path or idea.path, title=title, status=state, pair=idea.pair))
        if each is not None:
            each(done[-1], brief)

    if dry_run:
        for idea in plan.ideas:
            brief = None
            if model is not None:
                brief = model_brief(idea.outline, idea.notes, model=model, note_words=note_words)
            hatched(idea, None, idea.outline.title, brief)
    elif model is None:
        outlines = [idea.outline for idea in plan.ideas]
        pieces = outlines if style == Style.outline else [write_article(o) for o in outlines]
        texts = [text(piece, Format.markdown, wikilinks=wikilinks) for piece in pieces]
        if texts:
            make_folder(plan.outdir)
        for idea, note in zip(plan.ideas, texts, strict=True):
            hatched(idea, write_idea(idea, note), idea.outline.title, None)
    elif plan.ideas:
        make_folder(plan.outdir)
        for number, idea in enumerate(plan.ideas, 1):
            if status is not None:
                status(f"[{number}/{len(plan.ideas)}] {model.model_id} is writing {idea.path}")
            article = write_with_model(
                idea.outline, idea.notes, model=model, note_words=note_words, timeout=timeout,
                strict=strict, watcher=watcher, warn=warn, notify=notify,
            )  # fmt: skip
            note = text(article, Format.markdown, wikilinks=wikilinks)
            hatched(idea, write_idea(idea, note), article.title, None)
    return IdeasReport(outdir=plan.outdir, dry_run=dry_run, ideas=tuple(done), skipped=plan.skipped)


# --------------------------------------------------------------------------- helpers


def _enough(
    readable: int, skipped: Sequence[SkippedNote], needed: int, command: str, paths: Sequence[str]
) -> None:
    """``TooFewNotes`` when ``paths`` hold fewer readable notes than ``command`` needs: an
    empty list would look like a result."""
    if readable >= needed:
        return
    found = readable + len(skipped)
    if not found:
        problem = "no notes found (*.md, *.markdown)"
    elif readable == found:
        problem = f"only {found} note found"
    else:
        problem = f"{found} notes found, {readable} readable"
    wanted = "two" if needed == 2 else "one"
    where = paths[0] if len(paths) == 1 else None
    raise TooFewNotes(f"{problem}; {command} needs at least {wanted}", where, tuple(skipped))


def _refuse_repeats(paths: Sequence[str]) -> None:
    """A usage error when one note is named twice (by any path): combined with itself it
    would only score 1.0 and quote itself."""
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        if path == "-":
            continue
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue  # read_note says what is wrong with it
        key = (info.st_dev, info.st_ino)
        if key in seen:
            first = seen[key]
            same = "is given twice" if first == path else f"is the same note as {first!r}"
            raise UsageError(f"{path!r} {same}; combine needs two or more different notes")
        seen[key] = path


def _say_warnings(vault: Vault, warn: Warn | None) -> None:
    """Each note of the vault read with a problem worked around, to ``warn``."""
    if warn is not None:
        for path, problem in vault.warnings:
            warn(path, problem)


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


#: The names ``api`` hands on from the modules that define them, imported on first use
#: (so that ``import hatch_cli.api`` stays cheap): the types its functions take and
#: return, and the file writer behind ``-o``.
_HANDED_ON = {
    "Article": "hatch_cli.models",
    "Brief": "hatch_cli.core.brief",
    "CombineOptions": "hatch_cli.core.combine",
    "HatchedIdea": "hatch_cli.reports",
    "IdeasPlan": "hatch_cli.ideas",
    "IdeasReport": "hatch_cli.reports",
    "KeywordsReport": "hatch_cli.reports",
    "LanguageModel": "hatch_cli.llm_writer",
    "NotePair": "hatch_cli.reports",
    "PairsReport": "hatch_cli.reports",
    "PlannedIdea": "hatch_cli.ideas",
    "Progress": "hatch_cli.reading",
    "SkippedNote": "hatch_cli.reports",
    "Vault": "hatch_cli.vault",
    "Watcher": "hatch_cli.llm_writer",
    "check_target": "hatch_cli.output",
    "write_atomic": "hatch_cli.output",
}


def __getattr__(name: str) -> Any:
    if name in _HANDED_ON:
        return getattr(importlib.import_module(_HANDED_ON[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Article",
    "Brief",
    "CombineOptions",
    "Errors",
    "HatchedIdea",
    "IdeasPlan",
    "IdeasReport",
    "KeywordsReport",
    "LanguageModel",
    "Note",
    "NotePair",
    "Notify",
    "Outline",
    "PairsReport",
    "PlannedIdea",
    "Progress",
    "SkippedNote",
    "Style",
    "Vault",
    "VaultOptions",
    "Warn",
    "Watcher",
    "check_target",
    "choose_model",
    "combine_notes",
    "contract_schema",
    "dry_run_model",
    "hatch_ideas",
    "language_code",
    "model_brief",
    "open_vault",
    "plan_ideas",
    "rank_pairs",
    "read_notes",
    "resolve_date",
    "vault_keywords",
    "write_article",
    "write_atomic",
    "write_with_model",
]
