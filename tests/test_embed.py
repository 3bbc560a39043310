"""``--embed``: pairs by words and meaning, with an embedding model of the ``llm`` library.

The models come from a test plugin (``tests/plugins/embeddings.py``) registered with
``llm``'s own plugin manager: no network, no download, the real ``llm`` code paths.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hatch_cli.errors import ExitCode
from tests.conftest import NOTES, json_of, sample_vault, write_note

llm = pytest.importorskip("llm", reason="the embed extra (llm) is not installed")


@pytest.fixture(autouse=True)
def test_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The test plugin registered, llm's own settings in a temporary folder."""
    from llm.plugins import pm

    from tests.plugins import embeddings

    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm"))
    monkeypatch.delenv("HATCH_EMBED_MODEL", raising=False)
    if not pm.is_registered(embeddings):
        pm.register(embeddings, name="hatch-test-embeddings")
    embeddings.CALLS.clear()
    yield embeddings
    pm.unregister(embeddings)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """The English sample notes (the others would bring a notice about their analyser)."""
    japanese = ("gakushu-data-no-license", "seisei-ai-to-chosakuken", "kankaku-hanpuku-no-kotsu")
    return sample_vault(tmp_path / "vault", without=[f"{name}.md" for name in japanese])


def pairs(invoke: Any, *args: str) -> dict[str, Any]:
    return json_of(invoke("pairs", *args, "--format", "json"))


def test_pairs_carry_both_scores_and_the_mix(invoke, vault):
    from hatch_cli.embedding import EMBED_WEIGHT

    data = pairs(invoke, str(vault), "--embed-model", "hatch-test-ngrams", "--limit", "0")
    jsonschema.validate(data, json.loads(invoke("schema", "pairs").stdout))
    assert data["pairs"]
    for pair in data["pairs"]:
        expected = (1 - EMBED_WEIGHT) * pair["lexical"] + EMBED_WEIGHT * pair["embedding"]
        assert pair["score"] == pytest.approx(expected, abs=1e-4)
    lexical = pairs(invoke, str(vault), "--limit", "0")
    only_words = {(p["a"], p["b"]): p["score"] for p in lexical["pairs"]}
    for pair in data["pairs"]:
        assert pair["lexical"] == pytest.approx(only_words.get((pair["a"], pair["b"]), 0), abs=1e-4)
        assert pair["shared"] == next(
            (p["shared"] for p in lexical["pairs"] if (p["a"], p["b"]) == (pair["a"], pair["b"])),
            pair["shared"],
        )
    assert all(p["lexical"] is None and p["embedding"] is None for p in lexical["pairs"])


def test_weight_one_ranks_by_meaning_alone(invoke, vault):
    data = pairs(
        invoke,
        str(vault),
        "--embed-model",
        "hatch-test-ngrams",
        "--embed-weight",
        "1",
        "--limit",
        "0",
    )
    scores = [pair["score"] for pair in data["pairs"]]
    assert scores == [pair["embedding"] for pair in data["pairs"]]
    assert scores == sorted(scores, reverse=True)


def test_related_in_meaning_but_sharing_no_keyword_says_so(invoke, tmp_path):
    root = tmp_path / "v"
    write_note(root, "a.md", "# Flashcards\n\nReviewing flashcards at growing intervals.\n")
    write_note(root, "b.md", "# Cards\n\nReviewing cards at growing intervals helps.\n")
    write_note(root, "c.md", "# Other\n\nSomething else entirely, about rivers and boats.\n")
    result = invoke(
        "pairs", str(root), "--embed-model", "hatch-test-ngrams", "--embed-weight", "1",
        "--format", "markdown", "--limit", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # a.md + c.md share no keyword, yet the model finds them a little alike
    listed = result.stdout.split("Flashcards (`a.md`) + Other (`c.md`)")[1].split("\n")[1]
    assert listed == "   - no shared keyword: related in meaning"


def test_a_rerun_embeds_only_new_or_changed_notes(invoke, vault, test_models):
    args = ("pairs", str(vault), "--embed-model", "hatch-test-ngrams", "--format", "json")
    first = invoke(*args)
    assert first.exit_code == 0, first.stderr
    assert len(test_models.CALLS) >= 16
    test_models.CALLS.clear()
    again = invoke(*args)
    assert again.stdout == first.stdout
    assert test_models.CALLS == []  # all from the cache
    note = vault / "taste-is-a-filter.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line about taste.\n")
    invoke(*args)
    assert test_models.CALLS and all("taste" in text.lower() for text in test_models.CALLS)
    test_models.CALLS.clear()
    uncached = invoke(*args, "--no-cache")
    assert len(test_models.CALLS) >= 16  # --no-cache reads and embeds everything afresh
    assert json.loads(uncached.stdout)["pairs"] == json.loads(invoke(*args).stdout)["pairs"]


def test_ideas_and_combine_in_a_vault_use_the_same_score(invoke, vault, tmp_path):
    data = pairs(invoke, str(vault), "--embed-model", "hatch-test-ngrams", "--limit", "1")
    best = data["pairs"][0]
    outline = invoke(
        "combine", str(vault / best["a"]), str(vault / best["b"]), "--vault", str(vault),
        "--embed-model", "hatch-test-ngrams", "-f", "json",
    )  # fmt: skip
    assert outline.exit_code == 0, outline.stderr
    assert json.loads(outline.stdout)["relatedness"] == pytest.approx(best["score"], abs=2e-4)
    ideas = invoke(
        "ideas", str(vault), "-o", str(tmp_path / "ideas"), "--embed-model", "hatch-test-ngrams",
        "--count", "1",
    )  # fmt: skip
    assert ideas.exit_code == 0, ideas.stderr
    assert f"score {best['score']:.4f}" in ideas.stderr


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("--embed-model", "no-such-model"), ExitCode.MODEL_UNAVAILABLE, "llm embed-models"),
        (("--embed",), ExitCode.MODEL_UNAVAILABLE, "no embedding model chosen"),
        (("--embed-model", "hatch-test-keyed"), ExitCode.MODEL_UNAVAILABLE, "needs a key"),
        (("--embed-model", "hatch-test-broken"), ExitCode.MODEL_FAILED, "connection refused"),
    ],
)
def test_model_errors_are_one_line(invoke, vault, args, code, needle):
    result = invoke("pairs", str(vault), *args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("hatch: error: ")
    assert needle in result.stderr
    assert "\x1b" not in result.stderr  # a provider's message is made inert


def test_the_default_model_is_llm_s(invoke, vault, tmp_path):
    (tmp_path / "llm").mkdir(exist_ok=True)
    (tmp_path / "llm" / "default_embedding_model.txt").write_text("hatch-test-ngrams")
    data = pairs(invoke, str(vault), "--embed")
    assert all(pair["embedding"] is not None for pair in data["pairs"])


def test_an_interrupted_run_keeps_what_it_embedded(invoke, vault, test_models, monkeypatch):
    import hatch_cli.embedding as embedding

    monkeypatch.setattr(embedding, "NOTES_PER_BATCH", 4)
    real = test_models.NgramModel.embed_batch
    batches = {"n": 0}

    def stop_on_the_third_batch(self: Any, items: Any, *, key: Any = None) -> Any:
        batches["n"] += 1
        if batches["n"] == 3:
            raise KeyboardInterrupt
        return real(self, items, key=key)

    monkeypatch.setattr(test_models.NgramModel, "embed_batch", stop_on_the_third_batch)
    args = ("pairs", str(vault), "--embed-model", "hatch-test-ngrams")
    stopped = invoke(*args)
    assert stopped.exit_code == ExitCode.INTERRUPTED
    assert stopped.stdout == ""
    monkeypatch.setattr(test_models.NgramModel, "embed_batch", real)
    test_models.CALLS.clear()
    assert invoke(*args, "--no-cache").exit_code == 0
    everything = len(test_models.CALLS)
    test_models.CALLS.clear()
    assert invoke(*args).exit_code == 0
    # the two batches of four notes embedded before the stop came from the cache
    assert 0 < len(test_models.CALLS) < everything


@pytest.mark.slow
def test_without_embed_llm_is_never_imported(tmp_path):
    import subprocess

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from hatch_cli.cli import app\n"
        f"result = CliRunner().invoke(app, ['pairs', {str(NOTES)!r}, '-f', 'json'])\n"
        "assert result.exit_code == 0, result.stderr\n"
        "print('llm' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_above_the_exact_size_neighbours_find_the_best_pairs(invoke, vault, monkeypatch):
    """The approximate path (usearch neighbours and the best pairs by words) finds the
    same best pairs as scoring every pair, on a vault small enough to check."""
    pytest.importorskip("usearch", reason="usearch (the embed extra) is not installed")
    import hatch_cli.core.pairing.hybrid as hybrid

    args = ("--embed-model", "hatch-test-ngrams", "--limit", "10")
    exact = pairs(invoke, str(vault), *args)
    monkeypatch.setattr(hybrid, "EXACT_MAX_NOTES", 4)
    approximate = pairs(invoke, str(vault), *args)
    assert approximate["pairs"] == exact["pairs"]


def test_a_model_whose_vectors_change_size_embeds_every_note_again(
    invoke, vault, test_models, monkeypatch
):
    """An upgraded model (another vector size under the same name and settings): the run
    that embeds a changed note finds the size changed and embeds the others again, so the
    cached run gives what --no-cache gives (before: the others' vectors became zeros)."""
    args = ("pairs", str(vault), "--embed-model", "hatch-test-ngrams", "--limit", "0")
    assert invoke(*args).exit_code == 0
    monkeypatch.setattr(test_models, "DIMS", 48)
    note = vault / "taste-is-a-filter.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line about taste.\n")
    test_models.CALLS.clear()
    cached = pairs(invoke, *args[1:])
    assert len(test_models.CALLS) >= 16  # every note, not only the changed one
    assert cached == pairs(invoke, *args[1:], "--no-cache")
    assert all(pair["embedding"] > 0 for pair in cached["pairs"])
    test_models.CALLS.clear()
    assert pairs(invoke, *args[1:]) == cached
    assert test_models.CALLS == []  # the new vectors are the cached ones now


def test_a_model_with_other_settings_is_another_model(invoke, vault, test_models, monkeypatch):
    """A setting llm shows on the model (here ``dimensions``, as OpenAI's models have) is
    part of the cache key: changing it embeds everything again."""
    args = ("pairs", str(vault), "--embed-model", "hatch-test-ngrams", "--limit", "0")
    first = pairs(invoke, *args[1:])
    monkeypatch.setattr(test_models, "DIMENSIONS", 32)
    test_models.CALLS.clear()
    changed = pairs(invoke, *args[1:])
    assert len(test_models.CALLS) >= 16
    assert changed == pairs(invoke, *args[1:], "--no-cache")
    assert changed != first


def test_the_model_identity_holds_its_class_and_settings_but_no_key():
    from llm.default_plugins.openai_models import OpenAIEmbeddingModel

    from hatch_cli.embedding import model_identity

    small = OpenAIEmbeddingModel("3-small", "text-embedding-3-small")
    smaller = OpenAIEmbeddingModel("3-small", "text-embedding-3-small", dimensions=512)
    assert model_identity(small) != model_identity(smaller)
    keyed = OpenAIEmbeddingModel("3-small", "text-embedding-3-small")
    keyed.key = "sk-secret"
    assert model_identity(keyed) == model_identity(small)
    assert b"sk-secret" not in model_identity(keyed)
    assert b"OpenAIEmbeddingModel" in model_identity(small)


def _forever(texts: list[str]) -> Any:
    import itertools

    return itertools.repeat([1.0] * 8)


BAD_VECTORS: dict[str, tuple[Any, str]] = {
    "nan": (lambda texts: [[float("nan")] * 8 for _ in texts], "NaN or infinity"),
    "inf": (lambda texts: [[1.0] * 7 + [float("inf")] for _ in texts], "NaN or infinity"),
    "empty": (lambda texts: [[] for _ in texts], "an empty vector"),
    "ragged": (
        lambda texts: [[1.0] * (8 + i % 2) for i, _ in enumerate(texts)],
        "vectors of 8 and of 9 numbers",
    ),
    "strings": (lambda texts: [["0.1"] * 8 for _ in texts], "not a list of numbers"),
    "none": (lambda texts: [None for _ in texts], "not a list of numbers"),
    "nested": (lambda texts: [[[0.1, 0.2]] * 4 for _ in texts], "not a list of numbers"),
    "booleans": (lambda texts: [[True] * 8 for _ in texts], "not a list of numbers"),
    "too long": (lambda texts: [[0.5] * 20_000 for _ in texts], "20,000 numbers"),
    "too few": (lambda texts: [[1.0] * 8 for _ in texts[1:]], "vectors for"),
    "too many": (lambda texts: [[1.0] * 8 for _ in [*texts, "x"]], "more than"),
    "never ends": (_forever, "more than"),
}


@pytest.mark.parametrize("case", sorted(BAD_VECTORS))
def test_bad_vectors_are_one_model_error(invoke, vault, test_models, monkeypatch, case):
    script, needle = BAD_VECTORS[case]
    monkeypatch.setattr(test_models, "SCRIPT", script)
    result = invoke("pairs", str(vault), "--embed-model", "hatch-test-scripted")
    assert result.exit_code == ExitCode.MODEL_FAILED, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("hatch: error: ")
    assert "the embedding model returned" in result.stderr and needle in result.stderr


def test_vectors_that_change_size_within_a_run_are_a_model_error(
    invoke, vault, test_models, monkeypatch
):
    import hatch_cli.embedding as embedding

    monkeypatch.setattr(embedding, "NOTES_PER_BATCH", 4)
    calls = {"n": 0}

    def grows(texts: list[str]) -> list[list[float]]:
        calls["n"] += 1
        return [test_models.ngrams(text, 8 * calls["n"]) for text in texts]

    monkeypatch.setattr(test_models, "SCRIPT", grows)
    result = invoke("pairs", str(vault), "--embed-model", "hatch-test-scripted")
    assert result.exit_code == ExitCode.MODEL_FAILED, result.stderr
    assert "vectors of 16 numbers after vectors of 8" in result.stderr


def test_huge_but_finite_numbers_are_a_direction_like_any_other(
    invoke, vault, test_models, monkeypatch
):
    """Numbers too large (or too small) to square in float32 are scaled, not a crash."""
    args = ("--embed-model", "hatch-test-scripted", "--limit", "0", "--no-cache")
    plain = pairs(invoke, str(vault), *args)
    for factor in (1e300, 1e-300):

        def scaled(texts: list[str], factor: float = factor) -> list[list[float]]:
            return [[value * factor for value in test_models.ngrams(text, 64)] for text in texts]

        monkeypatch.setattr(test_models, "SCRIPT", scaled)
        assert pairs(invoke, str(vault), *args) == plain


def _sent(test_models: Any, invoke: Any, root: Path, *args: str) -> list[str]:
    """The texts the model was sent for a run of ``pairs`` on ``root``."""
    test_models.CALLS.clear()
    result = invoke("pairs", str(root), "--embed-model", "hatch-test-ngrams", "--no-cache", *args)
    assert result.exit_code == 0, result.stderr
    return list(test_models.CALLS)


def test_a_note_is_sent_as_markdown_with_its_code_and_link_words(invoke, tmp_path, test_models):
    root = tmp_path / "v"
    write_note(
        root,
        "regex.md",
        "---\ntags: [python, regex]\n---\n# Matching dates\n\n"
        "See [the module](https://docs.python.org/3/library/re.html) first.\n\n"
        "## Groups\n\n- named groups\n- > not quoted\n\n"
        "```python\nimport re\nre.match(r'(?P<year>\\d{4})', text)\n```\n",
    )
    write_note(root, "other.md", "# Other\n\nSomething about dates and groups.\n")
    sent = _sent(test_models, invoke, root)
    note = next(text for text in sent if "Matching" in text)
    assert note.startswith("# Matching dates\n\nTags: python, regex\n\n")
    assert note.count("Matching dates") == 1  # the H1 that is the title is not sent twice
    assert "See the module first. (docs python library re)" in note
    assert "\n\n## Groups\n\n- named groups" in note
    # code keeps its lines and its language, in a fence
    assert "```python\nimport re\nre.match(r'(?P<year>\\d{4})', text)\n```" in note


def test_a_long_note_is_cut_between_blocks_into_passages(invoke, tmp_path, test_models):
    from hatch_cli.core.pairing.passages import MAX_PASSAGES, PASSAGE_CHARS

    root = tmp_path / "v"
    paragraphs = [f"Paragraph {i} " + "word " * 200 for i in range(40)]
    write_note(root, "long.md", "# Long\n\n" + "\n\n".join(paragraphs) + "\n")
    write_note(root, "short.md", "# Short\n\nA few words.\n")
    sent = [text for text in _sent(test_models, invoke, root) if "Paragraph" in text]
    assert len(sent) == MAX_PASSAGES
    assert all(len(text) <= PASSAGE_CHARS for text in sent)
    assert sent[0].startswith("# Long\n\nParagraph 0 ")
    # whole paragraphs, in order: none is split between two passages
    numbers = [int(part.split()[0]) for text in sent for part in text.split("Paragraph ")[1:]]
    assert numbers == list(range(len(numbers)))
    assert all(text.rstrip().endswith("word") for text in sent)


def test_the_opening_passage_counts_most(invoke, tmp_path, test_models, monkeypatch):
    """A note that opens on one subject and goes on about another is nearer, by meaning
    alone, to a note on the subject it opens with: its passages are not averaged alike."""

    def topic(texts: list[str]) -> list[list[float]]:
        return [[float("alpha" in t), float("beta" in t), 0.1, 0.0] for t in texts]

    monkeypatch.setattr(test_models, "SCRIPT", topic)
    root = tmp_path / "v"
    opening = "alpha " * 280
    rest = "\n\n".join("beta " * 280 for _ in range(2))
    write_note(root, "mixed.md", f"# Mixed\n\n{opening}\n\n{rest}\n")
    write_note(root, "first.md", "# First\n\nalpha only here.\n")
    write_note(root, "second.md", "# Second\n\nbeta only here.\n")
    args = ("--embed-model", "hatch-test-scripted", "--embed-weight", "1", "--limit", "0")
    data = pairs(invoke, str(root), *args, "--no-cache")
    # mixed.md went as three passages: its opening on alpha, then two on beta
    assert [t for t in test_models.CALLS if "Second" not in t and "beta" in t] == [
        f"{'beta ' * 280}".strip()
    ] * 2
    score = {frozenset((p["a"], p["b"])): p["embedding"] for p in data["pairs"]}
    assert score[frozenset(("mixed.md", "first.md"))] > score[frozenset(("mixed.md", "second.md"))]


def test_a_note_near_every_note_by_meaning_is_not_every_note_s_best_partner(
    invoke, tmp_path, test_models, monkeypatch
):
    """What every note of the vault shares by meaning is taken out before notes are
    compared: a note that is only that (near the centre of the model's cone, so by raw
    cosine nearer each note than its twin is) does not take every note's best partner."""
    topics, per_topic = 6, 2
    size = 1 + topics + topics * per_topic

    def cone(texts: list[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            vector = [0.0] * size
            vector[0] = 1.0  # what every note has in common
            for word in text.split():
                if word.startswith("topic") and word[5:].isdigit():
                    vector[1 + int(word[5:])] = 0.5
                if word.startswith("own") and word[3:].isdigit():
                    vector[1 + topics + int(word[3:])] = 0.6
            vectors.append(vector)
        return vectors

    monkeypatch.setattr(test_models, "SCRIPT", cone)
    root = tmp_path / "v"
    for number in range(topics * per_topic):
        topic = number // per_topic
        write_note(root, f"n{number:02}.md", f"# N{number}\n\ntopic{topic} own{number}\n")
    write_note(root, "general.md", "# General\n\nnothing in particular\n")
    args = ("--embed-model", "hatch-test-scripted", "--embed-weight", "1", "--limit", "0")
    data = pairs(invoke, str(root), *args, "--no-cache")
    best: dict[str, tuple[float, str]] = {}
    for pair in data["pairs"]:
        for note, other in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
            if pair["score"] > best.get(note, (0.0, ""))[0]:
                best[note] = (pair["score"], other)
    for number in range(topics * per_topic):
        twin = number + 1 if number % per_topic == 0 else number - 1
        assert best[f"n{number:02}.md"][1] == f"n{twin:02}.md"


def test_two_notes_alone_are_still_alike_by_meaning(invoke, tmp_path, test_models, monkeypatch):
    """The centre of a vault of few notes is mostly those notes: it is taken out only in
    part, so two notes are not set against each other (taken out whole, the two would
    come out opposite and their likeness by meaning would be lost)."""

    def two(texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.5 * ("first" in t), 0.5 * ("second" in t)] for t in texts]

    monkeypatch.setattr(test_models, "SCRIPT", two)
    root = tmp_path / "v"
    write_note(root, "a.md", "# A\n\nthe first one\n")
    write_note(root, "b.md", "# B\n\nthe second one\n")
    args = ("--embed-model", "hatch-test-scripted", "--embed-weight", "1", "--limit", "0")
    data = pairs(invoke, str(root), *args, "--no-cache")
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("a.md", "b.md")]
    assert 0.5 < data["pairs"][0]["embedding"] < 0.8  # raw cosine 0.8
