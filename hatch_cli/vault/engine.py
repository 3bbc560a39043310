"""The per-word work of reading many notes at once, in a columnar engine (Polars).

A worker parses its notes one by one (pulldown-cmark's events walked once a note, and
``terms.analyse`` reading inline code, link targets and code blocks), but leaves each
field's prose uncounted (``analyse(defer_prose=True)``). Here the prose of every note of
the run is one column: tokenised and counted per (note, field, token) in the engine; the
distinct tokens (not every occurrence) are read once in Python (``terms.token_terms``:
stems, stopwords, identifiers, the same memo as a note read alone), joined back, and each
note's terms weighed as ``keywords.term_weights`` weighs them: the prior of each distinct
(language, term) and the logarithm of each distinct count are found once, and joined.

The result is the same as ``term_weights(analyse(note))`` note by note, value for value
(``tests/test_engine.py``), but in another order: a note's terms come by term (as
``_one_note`` gives them too, so a vault's vocabulary is the same either way); nothing
downstream depends on that order (the vectors order ties by term). Polars is imported
here only, and only in the pool's workers (``workers.engine_allowed``: a process that
forks must not have loaded it), so never by ``hatch combine``, nor by a rerun or a small
vault read in the main process; those, and a run of a few notes (``ENGINE_MIN_NOTES``),
count in Python, with the same result.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hatch_cli.core.pairing.keywords import informativeness, term_weights
from hatch_cli.core.reading.language import (
    DEFAULT,
    LATIN_LANGUAGES,
    SAMPLE_CHARS,
    SAMPLE_WORDS,
    by_hits,
    detect_language,
    stopword_index,
)
from hatch_cli.core.reading.terms import (
    FIELD_BOOST,
    FIELDS,
    PROSE_MEMO_LIMIT,
    count_prose,
    token_terms,
)
from hatch_cli.core.reading.tokens import PROSE_TOKEN
from hatch_cli.vault.workers import engine_allowed

if TYPE_CHECKING:
    from hatch_cli.core.reading.terms import NoteTerms

#: Below this many notes to count, Python counts them (importing Polars costs more).
ENGINE_MIN_NOTES = 24

#: ``PROSE_TOKEN`` for Rust's regex: Python's ``\w`` on text is a letter, a number or
#: "_" (``str.isalnum``); Rust's would also take combining marks, so it is spelt out.
ENGINE_TOKEN = PROSE_TOKEN.pattern.replace(r"\w", r"[\p{L}\p{N}_]")

#: A note's weighed terms: (terms, text_tf, fence_tf, informativeness, counts), the
#: columns of ``columns.COLUMNS`` in their order after the terms.
Weighed = tuple[list[str], list[float], list[float], list[float], list[int]]

_FENCE = FIELDS.index("fence")

#: ``text.WORD`` on ASCII text (a letter is [A-Za-z] there; its other apostrophe, "’",
#: is not ASCII), which ``detect_languages`` reads the samples of in the engine.
ASCII_WORD = r"[A-Za-z]+(?:'[A-Za-z]+)*"


def detect_languages(samples: Sequence[str]) -> list[str]:
    """``language.detect_language`` of each sample (``notes.language_sample``), the
    stopwords of every ASCII sample (most notes) counted at once in the engine: their
    first ``SAMPLE_WORDS`` words joined with the stopword lists of the Latin-script
    languages, then ``language.by_hits``, the same rule on the same counts."""
    if len(samples) < ENGINE_MIN_NOTES or not engine_allowed():
        return [detect_language(sample) for sample in samples]
    import polars as pl

    found = [
        "" if sample[:SAMPLE_CHARS].isascii() else detect_language(sample) for sample in samples
    ]
    plain = [at for at, language in enumerate(found) if not language]
    words = (
        pl.LazyFrame(
            {
                "note": pl.Series(plain, dtype=pl.UInt32),
                "word": pl.Series([samples[at][:SAMPLE_CHARS] for at in plain], dtype=pl.String),
            }
        )
        .with_columns(pl.col("word").str.extract_all(ASCII_WORD).list.head(SAMPLE_WORDS))
        .with_columns(pl.col("word").list.len().alias("words"))
    )
    sizes = words.select("note", "words").collect()
    hits = (
        words.explode("word")
        .drop_nulls("word")
        .with_columns(pl.col("word").str.to_lowercase())
        .join(_stopwords().lazy(), on="word", how="inner")
        .group_by("note", "code")
        .agg(pl.len().alias("hits"), pl.col("word").n_unique().alias("distinct"))
    ).collect()
    by_note: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
    for note, code, times, different in hits.iter_rows():
        counted, distinct = by_note.setdefault(note, ({}, {}))
        counted[LATIN_LANGUAGES[code]] = times
        distinct[LATIN_LANGUAGES[code]] = different
    for note, size in sizes.iter_rows():
        counted, distinct = by_note.get(note, ({}, {}))
        found[note] = by_hits(size, counted, distinct, LATIN_LANGUAGES) or DEFAULT
    return found


def weigh_notes(notes: Sequence[NoteTerms]) -> list[Weighed]:
    """Each note's terms and their columns (``keywords.term_weights`` and the counts),
    counting the prose ``analyse(defer_prose=True)`` left in each."""
    if len(notes) < ENGINE_MIN_NOTES or not engine_allowed():
        return [_one_note(terms) for terms in notes]
    return _in_engine(notes)


def _one_note(terms: NoteTerms) -> Weighed:
    """One note's terms weighed in Python, in the engine's order (by term), so that a vault
    has the same vocabulary whichever way its notes were counted."""
    count_prose(terms)
    names, text_tf, fence_tf, prior = term_weights(terms)
    order = sorted(range(len(names)), key=names.__getitem__)
    return (
        [names[at] for at in order],
        [text_tf[at] for at in order],
        [fence_tf[at] for at in order],
        [prior[at] for at in order],
        [terms.counts[names[at]] for at in order],
    )


@functools.cache
def _stopwords() -> Any:
    """The stopwords of the Latin-script languages as a table: (word, code), the index
    in ``LATIN_LANGUAGES`` of each language that has the word."""
    import polars as pl

    index = stopword_index(LATIN_LANGUAGES)
    codes = {code: at for at, code in enumerate(LATIN_LANGUAGES)}
    return pl.DataFrame(
        {
            "word": pl.Series([word for word, langs in index.items() for _ in langs]),
            "code": pl.Series(
                [codes[code] for langs in index.values() for code in langs], dtype=pl.UInt16
            ),
        }
    )


class _Known:
    """What this process has read already, as tables: the terms of each (language, prose
    token), none (a null term) for a stopword or a number; the prior of each (language,
    term) of them. Emptied together when full (``PROSE_MEMO_LIMIT`` tokens)."""

    tokens: Any = None
    priors: Any = None


def _in_engine(notes: Sequence[NoteTerms]) -> list[Weighed]:
    import polars as pl

    langs = sorted({terms.lang for terms in notes})
    lang_of = {lang: at for at, lang in enumerate(langs)}
    # The prose of every (note, field), one row each; and what Python counted already
    # (inline code, link targets, code blocks), one row per (note, field, term).
    prose_note: list[int] = []
    prose_field: list[int] = []
    prose_text: list[str] = []
    row_note: list[int] = []
    row_field: list[int] = []
    row_term: list[str] = []
    row_count: list[int] = []
    field_of = {name: at for at, name in enumerate(FIELDS)}
    for note, terms in enumerate(notes):
        for name, pieces in terms.prose.items():
            prose_note.append(note)
            prose_field.append(field_of[name])
            prose_text.append("\n".join(pieces))
        terms.prose = {}
        for name, counted in terms.fields.items():
            row_note += [note] * len(counted)
            row_field += [field_of[name]] * len(counted)
            row_term += counted.keys()
            row_count += counted.values()
    note_lang = pl.LazyFrame(
        {
            "note": pl.Series(range(len(notes)), dtype=pl.UInt32),
            "lang": pl.Series([lang_of[terms.lang] for terms in notes], dtype=pl.UInt16),
        }
    )
    tokens = (
        pl.LazyFrame(
            {
                "note": pl.Series(prose_note, dtype=pl.UInt32),
                "field": pl.Series(prose_field, dtype=pl.UInt8),
                "token": pl.Series(prose_text, dtype=pl.String),
            }
        )
        .with_columns(pl.col("token").str.extract_all(ENGINE_TOKEN))
        .explode("token")
        .drop_nulls("token")
        .group_by("note", "field", "token")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .join(note_lang, on="note", how="left")
    ).collect()
    # Each distinct (language, token) read once a process, in Python: its terms (none, one,
    # several); and the prior of each new (language, term).
    if _Known.tokens is None or _Known.tokens.height > PROSE_MEMO_LIMIT:
        _Known.tokens = pl.DataFrame(
            schema={"lang": pl.UInt16, "token": pl.String, "term": pl.String}
        ).with_columns(pl.col("lang").cast(pl.String))
        _Known.priors = pl.DataFrame(
            schema={"lang": pl.String, "term": pl.String, "prior": pl.Float64}
        )
    new = (
        tokens.lazy()
        .select(pl.col("lang").replace_strict(range(len(langs)), langs), "token")
        .unique()
        .join(_Known.tokens.lazy(), on=["lang", "token"], how="anti")
        .sort("lang")
        .collect()
    )
    read_lang: list[str] = []
    read_token: list[str] = []
    read_term: list[str | None] = []
    for (lang_code,), words in new.group_by("lang", maintain_order=True):
        found_words = words["token"].to_list()
        code = str(lang_code)
        for token, found in zip(found_words, token_terms(code, found_words), strict=True):
            read_lang += [code] * max(1, len(found))
            read_token += [token] * max(1, len(found))
            read_term += found or [None]
    _Known.tokens = pl.concat(
        [
            _Known.tokens,
            pl.DataFrame(
                {"lang": read_lang, "token": read_token, "term": read_term},
                schema=_Known.tokens.schema,
            ),
        ]
    )
    python_langs = [langs[lang_of[notes[note].lang]] for note in row_note]
    candidates = {(lang, term) for lang, term in zip(read_lang, read_term, strict=True) if term}
    candidates.update(zip(python_langs, row_term, strict=True))
    fresh = pl.DataFrame(
        {"lang": [lang for lang, _ in candidates], "term": [term for _, term in candidates]},
        schema={"lang": pl.String, "term": pl.String},
    ).join(_Known.priors, on=["lang", "term"], how="anti")
    fresh_lang, fresh_term = fresh["lang"].to_list(), fresh["term"].to_list()
    _Known.priors = pl.concat(
        [
            _Known.priors,
            fresh.with_columns(
                pl.Series(
                    "prior",
                    [
                        informativeness(term, lang)
                        for lang, term in zip(fresh_lang, fresh_term, strict=True)
                    ],
                    dtype=pl.Float64,
                )
            ),
        ]
    )
    lang_codes = pl.DataFrame(
        {"lang": pl.Series(range(len(langs)), dtype=pl.UInt16), "code": langs}
    )
    reading = (
        _Known.tokens.lazy()
        .drop_nulls("term")
        .join(lang_codes.lazy(), left_on="lang", right_on="code", how="inner", suffix="_id")
        .select(pl.col("lang_id").alias("lang"), "token", "term")
    )
    prior = (
        _Known.priors.lazy()
        .join(lang_codes.lazy(), left_on="lang", right_on="code", how="inner", suffix="_id")
        .select(pl.col("lang_id").alias("lang"), "term", "prior")
    )
    python_langs_ids = [lang_of[notes[note].lang] for note in row_note]
    from_tokens = tokens.lazy().join(reading, on=["lang", "token"], how="inner")
    python_counted = pl.LazyFrame(
        {
            "note": pl.Series(row_note, dtype=pl.UInt32),
            "field": pl.Series(row_field, dtype=pl.UInt8),
            "term": pl.Series(row_term, dtype=pl.String),
            "count": pl.Series(row_count, dtype=pl.Int64),
            "lang": pl.Series(python_langs_ids, dtype=pl.UInt16),
        }
    )
    boost = [FIELD_BOOST.get(name, 1.0) for name in FIELDS]
    fence = pl.col("field") == _FENCE
    entries = (
        pl.concat([from_tokens.select(python_counted.collect_schema().names()), python_counted])
        .with_columns(pl.col("field").replace_strict(range(len(FIELDS)), boost).alias("boost"))
        .group_by("note", "lang", "term")
        .agg(
            # Halves at most (the boosts), so the sums are exact in any order.
            pl.when(fence)
            .then(0.0)
            .otherwise(pl.col("count") * pl.col("boost"))
            .sum()
            .alias("text"),
            pl.when(fence).then(pl.col("count")).otherwise(0).sum().alias("fence"),
            pl.col("count").sum().alias("counts"),
        )
        .join(prior, on=["lang", "term"], how="left")
        .sort("note", "term")
        .select(
            "note",
            "term",
            _sublinear(pl.col("text")).alias("text"),
            _sublinear(pl.col("fence")).alias("fence"),
            "prior",
            "counts",
        )
    ).collect()
    bounds = pl.Series(range(len(notes) + 1), dtype=pl.UInt32)
    ends = entries["note"].search_sorted(bounds, side="left").to_list()
    names, text, fence_tf, prior_of, counts = (
        entries[name].to_list() for name in ("term", "text", "fence", "prior", "counts")
    )
    return [
        (names[at:end], text[at:end], fence_tf[at:end], prior_of[at:end], counts[at:end])
        for at, end in itertools.pairwise(ends)
    ]


def _sublinear(count: Any) -> Any:
    """``1 + log(count)``, 0 for none, as ``term_weights`` computes it (Rust's ``ln``
    is the C library's ``log``, as Python's ``math.log``: the same values)."""
    import polars as pl

    return pl.when(count > 0).then(1.0 + count.cast(pl.Float64).log()).otherwise(0.0)
