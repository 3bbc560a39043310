"""The pure core on in-memory notes: no files, no CLI, fast.

What each rule promises, stated on notes small enough to read: the score, what notes
share, the outline built from them, template text, links, word counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from hatch_cli.core.pairing import links
from hatch_cli.core.pairing.keywords import (
    ONE_NOTE,
    VECTOR_SIZE,
    Column,
    nameable,
    top_vector,
    weigh,
    weights,
)
from hatch_cli.core.pairing.rarity import vault_ops
from hatch_cli.core.pairing.similarity import (
    MIN_SHARED_CONTRIBUTION,
    relatedness,
    score,
    shared_keywords,
)
from hatch_cli.core.reading import boilerplate
from hatch_cli.core.reading.terms import analyse
from hatch_cli.core.writing import prose
from hatch_cli.core.writing.combine import combine
from hatch_cli.models import Block, Note

DAY = dt.date(2024, 5, 31)


def note(path: str, title: str, *paragraphs: str, items: tuple[str, ...] = ()) -> Note:
    """A note of paragraphs, then list items."""
    blocks = [Block(kind="paragraph", text=text) for text in paragraphs]
    blocks += [Block(kind="item", text=text) for text in items]
    return Note(path=path, title=title, blocks=tuple(blocks))


ARCHIVE = note(
    "archive.md",
    "Archives",
    "An archivist decides what a museum keeps and what it lets go.",
    "Training data for a model is an archive too: someone chose the training data.",
    "Whoever curates training data decides what the model can know.",
)
DATASET = note(
    "dataset.md",
    "Datasets",
    "Training data is chosen by someone, and that choice of training data shapes the model.",
    "A dataset card records where the training data came from and its licence.",
    items=("Publish the card next to the dataset.",),
)
BREAD = note(
    "bread.md",
    "Rye bread",
    "Rye flour ferments fast in a warm kitchen.",
    "Bake the loaf in a hot oven with steam for the crust.",
)


def vector(n: Note) -> dict[str, float]:
    return top_vector(weights(analyse(n)), VECTOR_SIZE)


def test_score_is_a_symmetric_cosine_in_the_unit_interval() -> None:
    a, b, c = vector(ARCHIVE), vector(DATASET), vector(BREAD)
    assert score(a, b) == score(b, a)
    assert 0 < score(a, b) <= 1
    assert score(a, a) == 1.0
    assert score(a, c) < score(a, b)
    assert relatedness([a, b]) == score(a, b)


def test_shared_keywords_name_a_phrase_once_and_skip_weak_terms() -> None:
    analyses = [analyse(ARCHIVE), analyse(DATASET)]
    vectors = [top_vector(weights(terms), VECTOR_SIZE) for terms in analyses]
    shared = shared_keywords(
        vectors, [terms.counts for terms in analyses], [terms.lang for terms in analyses]
    )
    terms = [term for term, _ in shared]
    assert terms[0] == "train data"  # the phrase, not "train" and "data" as well
    assert "train" not in terms and "data" not in terms
    assert all(weight >= MIN_SHARED_CONTRIBUTION for _, weight in shared)
    assert [weight for _, weight in shared] == sorted((w for _, w in shared), reverse=True)


def test_notes_that_share_nothing_share_no_keywords() -> None:
    analyses = [analyse(ARCHIVE), analyse(BREAD)]
    vectors = [top_vector(weights(terms), VECTOR_SIZE) for terms in analyses]
    assert shared_keywords(vectors, [t.counts for t in analyses], ["en", "en"]) == []


def test_combine_quotes_each_note_on_each_theme_and_keeps_its_sources() -> None:
    outline = combine([ARCHIVE, DATASET], date=DAY)
    assert outline.shared_keywords[0] == "training data"
    theme = outline.themes[0]
    assert [line.source for line in theme.support] == ["archive.md", "dataset.md"]
    assert all("raining data" in line.text for line in theme.support)
    assert [source.path for source in outline.sources] == ["archive.md", "dataset.md"]
    assert outline.date == "2024-05-31"
    assert outline.advice[0].text == "Publish the card next to the dataset."
    assert outline.advice[0].source == "dataset.md"
    assert outline.reading_time_minutes == prose.reading_minutes(outline.word_count)


def test_combine_is_deterministic_and_rounds_only_in_the_contract() -> None:
    first, second = combine([ARCHIVE, DATASET], date=DAY), combine([ARCHIVE, DATASET], date=DAY)
    assert first == second
    assert first.relatedness == round(first.relatedness, 4)
    assert all(theme.weight == round(theme.weight, 4) for theme in first.themes)


def test_template_text_a_vault_repeats_is_dropped() -> None:
    footer = "Status: draft, reviewed by nobody yet"
    notes = [note(f"{n}.md", f"Note {n}", f"Words of note {n} alone.", footer) for n in range(3)]
    units: dict[int, int] = {}
    for each in notes:
        for unit in boilerplate.unit_hashes("\n\n".join(b.text for b in each.blocks)):
            units[unit] = units.get(unit, 0) + 1
    recurring = frozenset(u for u, n in units.items() if n >= boilerplate.RECURRING_MIN_NOTES)
    stripped = boilerplate.strip_recurring(notes[0], recurring)
    assert [block.text for block in stripped.blocks] == ["Words of note 0 alone."]


def test_links_by_file_name_or_title() -> None:
    found = links.linked_pairs(
        ["a.md", "dir/b.md", "c.md"],
        ["Alpha", "Beta", "Gamma"],
        [("b",), (), ("https://example.com/a.md", "Alpha")],
    )
    assert found == {(0, 1), (0, 2)}


def test_word_counts_and_reading_time() -> None:
    assert prose.count_words("three plain words") == 3
    assert prose.count_words("学習データ") == 3  # five characters, two to a word
    assert prose.reading_minutes(0) == 1
    assert prose.reading_minutes(226) == 2
    assert prose.listing(["a", "b", "c"]) == "a, b and c"


def test_counting_a_field_at_once_counts_as_sentence_by_sentence():
    """The vault's counts-only reading (each field tokenised at once, each distinct word read
    once) gives the fields and code counts of the reading that also keeps phrases."""
    tricky = Note(
        path="t.md",
        title="Title with `torch.zeros` and Japan's words",
        tags=("machine-learning", "after_commit"),
        blocks=(
            Block("heading", "Title with `torch.zeros` and Japan's words"),
            Block("paragraph", "Use `after_commit` in ActiveRecord::Base, see www.Example.org/x."),
            Block("item", "Don't stem don’t; HTTPServer and e.g. U.S. and 0.63.1 or utf8"),
            Block(
                "paragraph",
                "Link https://docs.python.org/3/library/re.html words",
                urls=("http://a.b/c",),
            ),
            Block("heading", "Summary"),
            Block("code", "def after_commit(): pass"),
        ),
    )
    for case in (tricky, note("p.md", "Plain", "one two two three", items=("three four",))):
        counted = analyse(case, keep_sentences=False, keep_surfaces=False)
        with_phrases = analyse(case, keep_sentences=False, keep_surfaces=False, keep_phrases=True)
        assert counted.fields == with_phrases.fields
        assert counted.code == with_phrases.code


def test_a_function_word_is_never_nameable_but_a_word_sharing_its_letters_is() -> None:
    assert not nameable("onto", "en")
    assert not nameable("howev", "en")  # "however", stemmed
    assert not nameable("crimp onto", "en")  # a phrase holding one
    assert nameable("crimp", "en")
    assert nameable("except", "en")  # "exception" stems here: not a function word
    assert nameable("quit", "en")  # "quit", not "quite"


@pytest.mark.parametrize(
    ("n_docs", "share", "gamma", "length"), [(1, 1.0, 1.0, 0.0), (40, 0.05, 0.7, 6.0)]
)
def test_one_rule_weighs_a_note_alone_as_its_row_in_a_vault(
    n_docs: int, share: float, gamma: float, length: float
) -> None:
    """``weigh`` on one note's plain numbers and on a vault's numpy arrays gives each note
    the same weights: the prior, the vault's IDF, burstiness, gamma and the length per
    median, code capped note by note."""
    rng = random.Random(24)
    columns: list[tuple[list[float], ...]] = []
    for row in range(6):
        size = rng.randint(1, 30)
        fenced = row % 2 == 0  # half the notes have code blocks
        columns.append((
            [rng.choice([0.0, 1.0, 1.0 + rng.random() * 3]) for _ in range(size)],
            [rng.choice([0.0, 1.0 + rng.random()]) if fenced else 0.0 for _ in range(size)],
            [rng.random() * 14 for _ in range(size)],
            [float(rng.randint(0, n_docs)) for _ in range(size)],
            [1.0 + rng.random() for _ in range(size)],
        ))  # fmt: skip
    sizes = [len(text_tf) for text_tf, *_ in columns]
    indptr = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    flat = [np.array([v for note in columns for v in note[k]]) for k in range(5)]
    options: dict[str, Any] = {"n_docs": n_docs, "share": share, "gamma": gamma, "length": length}
    in_vault = weigh(vault_ops(indptr), *flat, **options)
    for row, note in enumerate(columns):
        alone = weigh(ONE_NOTE, *(Column(column) for column in note), **options)
        assert list(alone) == pytest.approx(in_vault[indptr[row] : indptr[row + 1]], rel=1e-12)
        assert any(list(alone))


REPOSITORY = "https://github.com/simonw/datasette/blob/main/versions.json"


def linking(path: str, title: str, *paragraphs: str) -> Note:
    """A note whose every paragraph links to two GitHub files."""
    targets = (REPOSITORY, REPOSITORY.replace("datasette", "sqlite-utils"))
    return Note(
        path=path,
        title=title,
        blocks=tuple(Block("paragraph", text, urls=targets) for text in paragraphs),
    )


def test_a_word_only_link_targets_have_counts_but_is_never_shown() -> None:
    a = linking(
        "a.md",
        "Kayak trips",
        "We paddled the kayak along the rocky coast for three days.",
        "The kayak took on water near the cliffs, so we bailed often.",
        "Datasette made the trip log easy to browse.",
    )
    b = linking(
        "b.md",
        "Sea kayak repair",
        "A sea kayak hull cracks where it meets rocks on the coast.",
        "Patch the kayak with fibreglass before the next coast trip.",
        "I keep the repair notes in Datasette.",
    )
    outline = combine([a, b], date=dt.date(2024, 5, 31))
    unlinked = combine(
        [dataclasses.replace(n, blocks=tuple(Block("paragraph", x.text) for x in n.blocks))
         for n in (a, b)],
        date=dt.date(2024, 5, 31),
    )  # fmt: skip
    assert outline.relatedness > unlinked.relatedness  # the link words count
    shown = " ".join(
        [outline.title, outline.conclusion, *outline.shared_keywords]
        + [theme.keyword for theme in outline.themes]
    ).lower()
    for word in ("simonw", "blob", "github", "versions", "main", "utils"):
        assert word not in shown.split() and f"{word}:" not in shown
    assert "Datasette" in outline.shared_keywords  # both notes say it, as they write it
    assert outline.shared_keywords[:2] == ("Datasette", "kayak")


def test_a_word_prose_and_link_targets_share_is_shown_as_the_prose_writes_it() -> None:
    links = ("/communities", "/communities/mobile", "/communities/content")
    terms = analyse(
        Note("a.md", "Practice", blocks=(Block("paragraph", "Join the Community.", urls=links),))
    )
    assert terms.display("communiti") == "Community"
    assert terms.display("mobil") == "mobile"  # a word only links have keeps their form


@pytest.mark.slow
def test_a_sentence_scores_the_same_whatever_the_hash_seed() -> None:
    """Its terms are a set, so their order follows the hash seed; the score must not."""
    script = (
        "from hatch_cli.core.writing.quoting import sentence_score\n"
        "from hatch_cli.core.reading.terms import Sentence\n"
        "words = [f'w{i}' for i in range(40)]\n"
        "weights = {w: 0.1 * (i % 7) + 1e-3 / (i + 1) for i, w in enumerate(words)}\n"
        "s = Sentence('x', 'text', '', 0, frozenset(words))\n"
        "print(repr(sentence_score(s, weights)))\n"
    )
    scores = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(scores) == 1, scores
