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

The functions live in one module a command family, and are all importable from here:
``combine`` (``read_notes``, ``combine_notes``, ``write_article``, ``contract_schema``),
``model`` (``--llm``: ``choose_model``, ``dry_run_model``, ``model_brief``,
``write_with_model``), ``vaults`` (``open_vault``, ``rank_pairs``, ``stream_pairs``,
``vault_keywords``),
``ideas`` (``plan_ideas``, ``hatch_ideas``), and what they share, ``common``. Each
imports the pipeline it runs only when called, so that ``import hatch_cli.api`` stays as
cheap as the CLI needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from hatch_cli.api.combine import combine_notes, contract_schema, read_notes, write_article
from hatch_cli.api.common import Errors, Notify, language_code, resolve_date
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn
from hatch_cli.render import Style

if TYPE_CHECKING:
    from hatch_cli.api.ideas import hatch_ideas, plan_ideas
    from hatch_cli.api.model import choose_model, dry_run_model, model_brief, write_with_model
    from hatch_cli.api.vaults import (
        PairStream,
        VaultOptions,
        open_vault,
        rank_pairs,
        stream_pairs,
        vault_keywords,
    )
    from hatch_cli.core.llm.brief import Brief
    from hatch_cli.core.writing.combine import CombineOptions
    from hatch_cli.ideas import IdeasPlan, PlannedIdea
    from hatch_cli.llm_writer import LanguageModel, Watcher
    from hatch_cli.models import Article
    from hatch_cli.output import check_target, write_atomic
    from hatch_cli.reports import (
        HatchedIdea,
        IdeasReport,
        KeywordsReport,
        NotePair,
        PairsReport,
        SkippedNote,
    )
    from hatch_cli.vault import Progress, Vault


#: The names ``api`` hands on from the modules that define them, imported on first use
#: (so that ``import hatch_cli.api`` stays cheap): the functions of the command families
#: ``hatch combine`` does not run (``ideas``, ``model``, ``vaults``), the types its
#: functions take and return, and the file writer behind ``-o``.
_HANDED_ON = {
    "hatch_ideas": "hatch_cli.api.ideas",
    "plan_ideas": "hatch_cli.api.ideas",
    "choose_model": "hatch_cli.api.model",
    "dry_run_model": "hatch_cli.api.model",
    "model_brief": "hatch_cli.api.model",
    "write_with_model": "hatch_cli.api.model",
    "PairStream": "hatch_cli.api.vaults",
    "VaultOptions": "hatch_cli.api.vaults",
    "open_vault": "hatch_cli.api.vaults",
    "rank_pairs": "hatch_cli.api.vaults",
    "stream_pairs": "hatch_cli.api.vaults",
    "vault_keywords": "hatch_cli.api.vaults",
    "Article": "hatch_cli.models",
    "Brief": "hatch_cli.core.llm.brief",
    "CombineOptions": "hatch_cli.core.writing.combine",
    "HatchedIdea": "hatch_cli.reports",
    "IdeasPlan": "hatch_cli.ideas",
    "IdeasReport": "hatch_cli.reports",
    "KeywordsReport": "hatch_cli.reports",
    "LanguageModel": "hatch_cli.llm_writer",
    "NotePair": "hatch_cli.reports",
    "PairsReport": "hatch_cli.reports",
    "PlannedIdea": "hatch_cli.ideas",
    "Progress": "hatch_cli.vault",
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
    "PairStream",
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
    "stream_pairs",
    "vault_keywords",
    "write_article",
    "write_atomic",
    "write_with_model",
]
