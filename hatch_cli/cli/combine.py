"""``hatch combine`` and ``hatch schema``: argv -> ``api.combine_notes`` (and
``api.write_article``, or with --llm ``api.write_with_model``) -> a renderer."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli.common import (
    emit,
    failures_as_exit_codes,
    model_watcher,
    notify,
    open_in_editor,
    print_contract,
    say,
    warn,
)
from hatch_cli.cli.options import (
    NOTE_WORDS,
    TIMEOUT,
    DateOption,
    DebugOption,
    EmbedModelOption,
    EmbedOption,
    EmbedWeightOption,
    Errors,
    ErrorsOption,
    FormatOption,
    LangOption,
    LlmOption,
    ModelOption,
    NoCacheOption,
    NoteWordsOption,
    OpenOption,
    QuietOption,
    StrictQuotesOption,
    StyleOption,
    TimeoutOption,
    check_llm_options,
    embed_choice,
    given,
)
from hatch_cli.errors import UsageError
from hatch_cli.render import Format, Style, brief_text, choose_format, text

if TYPE_CHECKING:
    from hatch_cli.api import Article, Note, Outline


def combine(
    ctx: typer.Context,
    notes: Annotated[
        list[str],
        typer.Argument(
            metavar="NOTE...",
            help="Two or more markdown notes; '-' reads one note from stdin.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = Format.auto,
    style: StyleOption = Style.outline,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (atomically) instead of stdout; '-' is stdout. Only a "
            "regular file is written: never a device, FIFO or symlink.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --output replace an existing file.")
    ] = False,
    date: DateOption = None,
    min_shared: Annotated[
        int,
        typer.Option(
            "--min-shared",
            metavar="N",
            min=0,
            help="Exit with code 4 when the notes share fewer keywords than this.",
        ),
    ] = 0,
    themes: Annotated[
        int, typer.Option("--themes", metavar="N", min=0, help="Shared themes to show.")
    ] = 5,
    advice: Annotated[
        int, typer.Option("--advice", metavar="N", min=0, help="Actionable advice items.")
    ] = 3,
    points: Annotated[
        int, typer.Option("--points", metavar="N", min=0, help="Key points per note.")
    ] = 3,
    errors: ErrorsOption = Errors.STRICT,
    lang: LangOption = None,
    vault: Annotated[
        str | None,
        typer.Option(
            "--vault",
            metavar="FOLDER",
            help="Weigh words by how common they are in this folder of notes too, and leave "
            "out its template text, as hatch pairs does: relatedness is then the pairs score.",
        ),
    ] = None,
    embed: EmbedOption = False,
    embed_model: EmbedModelOption = None,
    embed_weight: EmbedWeightOption = None,
    no_cache: NoCacheOption = False,
    llm: LlmOption = False,
    model: ModelOption = None,
    timeout: TimeoutOption = TIMEOUT,
    note_words: NoteWordsOption = NOTE_WORDS,
    strict: StrictQuotesOption = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="With --llm: print the prompt that would be sent (and its size in words on "
            "stderr); send nothing.",
        ),
    ] = False,
    open_after: OpenOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Combine notes into one merged outline: shared themes, key points, advice.

    Reads YAML, TOML or JSON frontmatter and a Markdown body from each note, finds the
    keywords the notes share and prints a merged outline. In a terminal it is shown with
    Rich; piped or redirected it is a Markdown note (with frontmatter) or --format json.

    With --llm, a language model you already use through the llm library writes the
    outline up as an article (title, intro, a section per note, how they connect, three
    pieces of advice, a conclusion); hatch checks that what it quotes is in the notes and
    adds the frontmatter itself. --llm sends the notes' text to the chosen model's
    provider (a local model keeps it on this machine); without --llm, hatch sends nothing
    anywhere.

    Examples:

      hatch combine notes/curation-as-care.md notes/taste-is-a-filter.md

      hatch combine a.md b.md --format json | jq .shared_keywords

      hatch combine a.md b.md -o idea.md --date 2024-05-31 --open

      hatch combine a.md b.md --style article

      hatch combine vault/a.md vault/b.md --vault vault/

      hatch combine a.md b.md --llm --model gpt-4o-mini -o idea.md

      hatch combine a.md b.md --llm --dry-run
    """
    with failures_as_exit_codes(debug, quiet):
        # The library loads when a command runs, not for --help or completion.
        from hatch_cli.api import (
            Article,
            CombineOptions,
            Outline,
            combine_notes,
            read_notes,
            resolve_date,
            write_article,
        )

        check_llm_options(ctx, llm, "model", "timeout", "note_words", "strict", "dry_run")
        if llm and given(ctx, "style") and style != Style.article:
            raise UsageError("--llm writes an article; leave out --style outline")
        if output == "-":  # -o - is stdout, as in most tools
            output = None
        if open_after and (output is None or dry_run):
            raise UsageError("--open opens the file hatch writes: give -o FILE (and no --dry-run)")
        when = resolve_date(date)
        if output is not None:  # before the work: a bad target fails fast
            from hatch_cli.api import check_target  # the library, when a command runs

            check_target(output, force=force, inputs=notes, hint=OVERWRITE)
        contract = Article if llm or style == Style.article else Outline
        fmt = choose_format(output_format, contract, output is None and sys.stdout.isatty())
        read = read_notes(notes, errors=errors.value, lang=lang, warn=warn, notify=notify)
        outline = combine_notes(
            read,
            date=when,
            options=CombineOptions(themes=themes, advice=advice, points=points),
            errors=errors.value,
            vault=vault,
            use_cache=not no_cache,
            min_shared=min_shared,
            embed=embed_choice(embed, embed_model),
            embed_weight=embed_weight,
            notify=notify,
        )
        if not outline.related and sys.stderr.isatty():
            how = (
                "the model is asked for an honest bridge"
                if llm
                else "the outline sets them side by side"
            )
            notify(f"these notes share no subject: {how}")
        target = Target(output, force, notes, open_after)
        if llm:
            _with_model(
                outline, read, model=model, timeout=timeout, note_words=note_words,
                strict=strict, dry_run=dry_run, fmt=fmt, target=target,
            )  # fmt: skip
            return
        target.deliver(write_article(outline) if style == Style.article else outline, fmt)


#: How an existing --output file may be replaced.
OVERWRITE = "pass --force to overwrite it"


@dataclass(frozen=True)
class Target:
    """Where ``combine`` puts its result: stdout, or the ``-o`` file (then opened, with
    ``--open``)."""

    output: str | None
    force: bool
    inputs: list[str]
    open_after: bool

    def deliver(self, piece: Outline | Article, fmt: Format) -> None:
        """A Rich view in a terminal, else the text: on stdout or written atomically."""
        if self.output is None:
            print_contract(piece, fmt)
            return
        from hatch_cli.api import write_atomic  # the library, when a command runs

        write_atomic(
            self.output, text(piece, fmt), force=self.force, inputs=self.inputs, hint=OVERWRITE
        )
        say(f"wrote {self.output}")
        if self.open_after:
            open_in_editor(self.output)


def _with_model(
    outline: Outline,
    notes: list[Note],
    *,
    model: str | None,
    timeout: float,
    note_words: int,
    strict: bool,
    dry_run: bool,
    fmt: Format,
    target: Target,
) -> None:
    """``combine --llm``: the article a model writes, or with --dry-run what it is sent."""
    # the library, when a command runs.
    from hatch_cli.api import choose_model, dry_run_model, model_brief, write_with_model

    chosen = dry_run_model(model) if dry_run else choose_model(model)
    if dry_run:
        brief = model_brief(outline, notes, model=chosen, note_words=note_words)
        for cut in brief.trimmed:
            words = f"the first {cut.words_sent} of its {cut.words} words"
            notify(f"{cut.path}: the model would get {words}")
        emit(brief_text(brief))
        form = "JSON by schema" if brief.schema is not None else "Markdown"
        say(
            f"dry run: a prompt of {brief.words:,} words for {chosen.model_id} "
            f"(answer as {form}); nothing sent"
        )
        return
    with model_watcher() as watcher:
        article = write_with_model(
            outline, notes, model=chosen, note_words=note_words, timeout=timeout,
            strict=strict, watcher=watcher, warn=warn, notify=notify,
        )  # fmt: skip
    target.deliver(article, fmt)


def schema(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="Which contract: outline, article, pairs, keywords or ideas.",
        ),
    ] = "outline",
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema of hatch's JSON output (the Outline by default).

    Each JSON output carries its contract's name and version ("schema"); a field added
    keeps the version, a field changed or removed bumps it.

    Examples:

      hatch schema > outline.schema.json

      hatch schema pairs | jq '.properties.pairs'

      hatch schema article
    """
    with failures_as_exit_codes(debug):
        import json  # only hatch schema

        from hatch_cli.api import contract_schema

        emit(json.dumps(contract_schema(name), indent=2, sort_keys=True) + "\n")
