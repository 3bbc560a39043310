"""``hatch ideas`` as functions: a plan of which pairs to hatch under which names, and
the plan carried out (each idea rendered and written, the report of them)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from hatch_cli.api.combine import write_article
from hatch_cli.api.common import Errors, Notify, cache_of, resolve_date, say_warnings
from hatch_cli.api.model import model_brief, write_with_model
from hatch_cli.errors import NoteError, NothingToCombine
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn
from hatch_cli.render import Style

if TYPE_CHECKING:
    from hatch_cli.core.llm.brief import Brief
    from hatch_cli.ideas import IdeasPlan, PlannedIdea
    from hatch_cli.llm_writer import LanguageModel, Watcher
    from hatch_cli.reports import HatchedIdea, IdeasReport, IdeaStatus, NotePair
    from hatch_cli.vault import Progress

#: Pairs ``plan_ideas`` chooses from: the best this many (or 20 an idea, if more), deep
#: enough to reach other corners of a vault, and the same for small counts, so that a
#: rerun with a bigger --count keeps the ideas it chose before.
CANDIDATE_PAIRS = 100
CANDIDATES_PER_IDEA = 20


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
    # Loaded when called: the ranking and numpy are this command's, not combine's.
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
        cache=cache_of(use_cache, notify),
        progress=progress,
        include_hatched=include_hatched,
    )
    say_warnings(vault, warn)
    if len(vault.paths) < 2:
        raise NothingToCombine(f"has {len(vault.paths)} readable notes; ideas needs two", vault_dir)
    taken = list_outdir(outdir)
    hatched = hatched_pairs(hatched_from(outdir, errors=errors, warn=warn))
    embeddings = vault_embeddings(
        vault, embed, cache_of(use_cache, notify) if embed else None, progress
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
    # Loaded when called, as in plan_ideas.
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
