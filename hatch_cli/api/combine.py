"""``hatch combine`` and ``hatch schema`` as functions: notes read, merged into an
``Outline``, written as hatch's own ``Article``; the JSON Schema of every output."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hatch_cli.api.common import (
    Errors,
    Notify,
    cache_of,
    language_code,
    refuse_repeats,
    resolve_date,
    suggest_analysers,
)
from hatch_cli.errors import NothingToCombine, UsageError
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn

if TYPE_CHECKING:
    from hatch_cli.core.writing.combine import CombineOptions
    from hatch_cli.models import Article


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
    refuse_repeats(paths)
    # Notes named here may be pipes (`<(…)`), read once; a vault's notes are read twice.
    notes = [read_note(path, errors=errors, warn=warn, streams=True) for path in paths]
    if lang is not None:
        code = language_code(lang)
        notes = [dataclasses.replace(note, lang=code) for note in notes]
    suggest_analysers([note.lang for note in notes], notify)
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
    # Each pipeline loads when it is called, so that a command pays only for its own.
    from hatch_cli.core.writing.combine import combine

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
        from hatch_cli.api.vaults import open_vault  # only --vault reads a vault

        context, _ = open_vault([vault], errors=errors, use_cache=use_cache, notify=notify)
        notes = [context.as_read(note, to_quote=True) for note in notes]
        docfreq = context.docfreq()
    outline = combine(notes, date=when, docfreq=docfreq, options=options)
    if vault is not None and embed is not False:
        from hatch_cli.embedding import with_hybrid_relatedness  # numpy and a model: only --embed

        where = [note.path for note in notes]
        outline = with_hybrid_relatedness(
            outline, context, where, embed, embed_weight, cache_of(use_cache, notify)
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
    from hatch_cli.core.writing.article import write_article as article_of  # only --style article

    return article_of(outline)


def contract_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a JSON output (``hatch schema``): ``outline``, ``article``,
    ``pairs``, ``keywords`` or ``ideas``."""
    from hatch_cli.models import json_schema  # pydantic: only hatch schema
    from hatch_cli.reports import CONTRACTS

    contract = CONTRACTS.get(name.lower())
    if contract is None:
        raise UsageError(
            f"no schema named {name!r}; choose outline, article, pairs, keywords or ideas"
        )
    return json_schema(contract)
