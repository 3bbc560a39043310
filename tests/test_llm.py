"""``hatch combine --llm`` and ``hatch ideas --llm`` through the real CLI and the real llm
library, with the scripted models of ``tests/llm_plugin.py`` (registered through llm's
plugin hook in conftest): no network. The end-to-end tests against an OpenAI-compatible
server are in ``test_llm_openai.py``.

The tests that need no llm (it not installed; a plain combine never importing it) come
first and always run; the rest need the extra (``pip install -e '.[test,llm]'``).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from hatch_cli.errors import ExitCode
from hatch_cli.notes import read_note
from tests.conftest import AI, HAS_LLM, NOTES, PM, REPO, one_line_error, sample_vault

CURATION = "notes/curation-as-care.md"
BRANDS = "notes/brands-as-curators.md"

needs_llm = pytest.mark.skipif(not HAS_LLM, reason="needs the llm extra: pip install '.[llm]'")


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


@pytest.fixture
def script():
    """The replies of the models ``scripted`` and ``scripted-md``, and what they were sent."""
    from tests import llm_plugin

    llm_plugin.SCRIPT.clear()
    llm_plugin.SEEN.clear()
    yield llm_plugin
    llm_plugin.SCRIPT.clear()
    llm_plugin.SEEN.clear()


def frontmatter_of(tmp_path: Path, text: str):
    path = tmp_path / "out.md"
    path.write_text(text, encoding="utf-8")
    return read_note(str(path)), text.split("\n---\n", 1)[0]


# --------------------------------------------------------------------------- without llm


def test_without_the_llm_library_llm_says_how_to_install_it(invoke, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "llm", None)  # import llm now fails, as if absent
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "-o", str(target))
    line = one_line_error(result, ExitCode.MODEL_UNAVAILABLE)
    assert "pip install 'hatch-notes[llm]'" in line
    assert not target.exists()


def test_options_of_llm_without_llm_are_usage_errors(invoke, monkeypatch):
    for option in (["--model", "x"], ["--dry-run"], ["--strict"], ["--timeout", "5"]):
        line = one_line_error(invoke("combine", AI, PM, *option), ExitCode.USAGE)
        assert f"{option[0]} is an option of --llm; add --llm" in line
    # The environment variable alone changes nothing: hatch sends nothing without --llm.
    monkeypatch.setenv("HATCH_LLM_MODEL", "test-japan-pm")
    plain = invoke("combine", AI, PM)
    assert plain.exit_code == 0 and "model:" not in plain.stdout


@pytest.mark.slow
def test_a_plain_combine_never_imports_llm():
    """The start-up budget: without --llm, neither llm (nor openai, nor hatch's own model
    code) is imported."""
    code = (
        "import sys\n"
        "from hatch_cli.cli import app\n"
        f"sys.argv = ['hatch', 'combine', {str(NOTES / 'curation-as-care.md')!r}, "
        f"{str(NOTES / 'brands-as-curators.md')!r}, '--style', 'article']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "watched = ('llm', 'openai', 'hatch_cli.llm_writer', 'hatch_cli.core.llm.brief', "
        "'hatch_cli.core.llm.reply', 'hatch_cli.core.llm.grounding')\n"
        "print('LOADED', [m for m in watched if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "LOADED []" in done.stderr


def test_help_says_what_llm_sends_where(invoke):
    for command in ("combine", "ideas"):
        text = " ".join(invoke(command, "--help").stdout.split())
        assert "--llm sends the notes' text to the chosen model's provider" in text
        assert "a local model keeps it on this machine" in text
        assert "without --llm, hatch sends nothing anywhere" in text


# --------------------------------------------------------------------------- the article


@needs_llm
@pytest.mark.parametrize("model", ["test-japan-pm", "test-japan-pm-md"])
def test_the_model_writes_an_article_in_hatchs_frame(invoke, tmp_path, model):
    """JSON (by schema) and Markdown answers give the same article: the model's words,
    hatch's frontmatter (hatched_from, date, tags, reading time), three advice items."""
    result = invoke("combine", AI, PM, "--llm", "--model", model, "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    note, head = frontmatter_of(tmp_path, result.stdout)
    assert note.hatched_from == (AI, PM)
    assert note.title.startswith("Where the Bottleneck Moves")
    assert note.date == "2024-05-31" and note.tags == ()
    assert f'model: "{model}"' in head and "unverified_quotes: []" in head
    body = result.stdout.split("## Actionable advice", 1)[1].split("## Conclusion")[0]
    assert [line[:3] for line in body.splitlines() if line[:1].isdigit()] == ["1. ", "2. ", "3. "]
    assert f"· written by {model}*" in result.stdout


@needs_llm
def test_the_markdown_and_json_forms_give_the_same_article(invoke):
    by_json = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "-f", "json")
    by_md = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm-md", "-f", "json")
    a, b = json.loads(by_json.stdout), json.loads(by_md.stdout)
    assert a.pop("model") == "test-japan-pm" and b.pop("model") == "test-japan-pm-md"
    assert a == b


@needs_llm
def test_json_is_the_article_contract_with_hatchs_counts(invoke):
    result = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "-f", "json")
    assert result.exit_code == 0, result.stderr
    piece = json.loads(result.stdout)
    jsonschema.validate(piece, json.loads(invoke("schema", "article").stdout))
    assert piece["schema_version"] == 2
    assert piece["model"] == "test-japan-pm"
    assert piece["unverified_quotes"] == [] and piece["trimmed"] == []
    assert [source["path"] for source in piece["sources"]] == [AI, PM]
    assert len(piece["advice"]) == 3 and all(item["source"] is None for item in piece["advice"])
    assert piece["reading_time_minutes"] == math.ceil(piece["word_count"] / 225)


@needs_llm
def test_the_model_never_sets_sources_date_or_tags(invoke, tmp_path, script):
    """Fields a model adds on its own (sources, a date, tags) are not read at all."""
    reply = json.loads((REPO / "tests/llm_replies/japan-pm.json").read_text())["replies"][0]
    reply["json"] |= {"hatched_from": ["invented.md"], "date": "1999-01-01", "tags": ["x"]}
    script.SCRIPT.append(reply)
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    note, _ = frontmatter_of(tmp_path, result.stdout)
    assert note.hatched_from == (AI, PM) and note.date == "2024-05-31" and note.tags == ()
    assert "invented.md" not in result.stdout


@needs_llm
def test_a_rich_terminal_view_of_the_article(invoke):
    result = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "-f", "rich")
    assert result.exit_code == 0
    assert "Where the Bottleneck Moves" in result.stdout and "---" not in result.stdout[:10]


# --------------------------------------------------------------------------- checks


@needs_llm
def test_a_fabricated_quote_is_reported(invoke, tmp_path):
    result = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm-fabricated")
    assert result.exit_code == 0
    invented = "a country that trains on everything learns nothing in particular"
    assert result.stderr.splitlines() == [
        "hatch: warning: test-japan-pm-fabricated: quotes a passage found in none of the "
        f"notes: “{invented}”"
    ]
    _, head = frontmatter_of(tmp_path, result.stdout)
    assert f'unverified_quotes: ["{invented}"]' in head
    as_json = invoke(
        "combine", AI, PM, "--llm", "--model", "test-japan-pm-fabricated", "-f", "json"
    )
    assert json.loads(as_json.stdout)["unverified_quotes"] == [invented]


@needs_llm
def test_strict_makes_a_fabricated_quote_an_error(invoke, tmp_path):
    target = tmp_path / "idea.md"
    result = invoke(
        "combine", AI, PM, "--llm", "--model", "test-japan-pm-fabricated", "--strict",
        "-o", str(target),
    )  # fmt: skip
    line = one_line_error(result, ExitCode.UNVERIFIED_QUOTES)
    assert "quotes 1 passage found in none of the notes (--strict)" in line
    assert list(tmp_path.iterdir()) == []
    good = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "--strict")
    assert good.exit_code == 0


@needs_llm
def test_a_wrong_shape_gets_one_retry_that_says_what_was_wrong(invoke, script):
    result = invoke(
        "combine", AI, PM, "--llm", "--model", "test-two-advice-then-good", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["advice"]) == 3
    sent = [seen for seen in script.SEEN if seen.model == "test-two-advice-then-good"]
    assert len(sent) == 2
    assert "could not be used" not in sent[0].prompt
    told = 'Your previous answer could not be used: "advice" has 2 items; it needs exactly 3.'
    assert told in sent[1].prompt
    assert sent[1].prompt.startswith(sent[0].prompt)


@needs_llm
def test_the_markdown_form_is_retried_too(invoke, script):
    good = json.loads((REPO / "tests/llm_replies/japan-pm-md.json").read_text())["replies"][0]
    script.SCRIPT.extend(["Sorry, I can't help with that.", good["text"]])
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted-md")
    assert result.exit_code == 0, result.stderr
    assert "it does not start with a '# ' title line" in script.SEEN[1].prompt
    assert script.SEEN[0].schema is None


# --------------------------------------------------------------------------- errors


@needs_llm
@pytest.mark.parametrize(
    ("model", "code", "said"),
    [
        (
            "no-such-model",
            ExitCode.MODEL_UNAVAILABLE,
            "unknown model 'no-such-model': `llm models`",
        ),
        ("test-needs-key", ExitCode.MODEL_UNAVAILABLE, "llm keys set hatch-test"),
        ("test-provider-error", ExitCode.MODEL_FAILED, "The provider is overloaded␛[31m; try"),
        ("test-empty", ExitCode.BAD_REPLY, "it returned nothing, twice"),
        ("test-two-advice-always", ExitCode.BAD_REPLY, '"advice" has 2 items; it needs exactly 3'),
    ],
)
def test_each_failure_is_one_line_a_documented_code_and_no_file(
    invoke, tmp_path, model, code, said
):
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", model, "-o", str(target))
    line = one_line_error(result, code)
    assert said in line
    assert "\x1b" not in line and len(line) < 300
    assert list(tmp_path.iterdir()) == []


@needs_llm
@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "its JSON is nested more than 16 deep"),
        ('{"title": ' + "1" * 100_000 + "}", "its JSON has a number of more than 100 digits"),
    ],
    ids=["deep", "long-number"],
)
def test_an_answer_too_big_to_read_is_a_bad_reply(invoke, tmp_path, script, reply, said):
    script.SCRIPT.extend([{"text": reply}, {"text": reply}])
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-o", str(target))
    line = one_line_error(result, ExitCode.BAD_REPLY)
    assert line == f"hatch: error: scripted: its answer had the wrong shape, twice: {said}"
    assert len(script.SEEN) == 2 and f"could not be used: {said}." in script.SEEN[1].prompt
    assert not target.exists()


@needs_llm
@pytest.mark.slow
def test_an_endless_answer_is_read_only_up_to_the_limit(invoke, tmp_path, script):
    """200,000 sections (7 MB): hatch stops reading at MAX_REPLY_CHARS, twice, and says so."""
    from hatch_cli.core.llm.reply import MAX_REPLY_CHARS
    from hatch_cli.llm_writer import PIECES_AHEAD

    section = '{"heading": "h", "paragraphs": ["p"]}, '
    huge = '{"title": "t", "sections": [' + section * 200_000 + "{}]}"
    script.SCRIPT.extend([{"text": huge}, {"text": huge}])
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-o", str(target))
    line = one_line_error(result, ExitCode.BAD_REPLY)
    assert line.endswith("twice: it is longer than 262,144 characters")
    most = MAX_REPLY_CHARS // script.PIECE + PIECES_AHEAD + 3
    assert [seen.taken <= most for seen in script.SEEN] == [True, True]
    assert not target.exists()


@needs_llm
def test_a_lone_surrogate_from_the_model_is_written_as_a_replacement(invoke, script):
    good = json.loads((REPO / "tests/llm_replies/japan-pm.json").read_text())["replies"][0]
    broken = good["json"] | {"title": "Half \ud83d of a pair"}
    script.SCRIPT.append({"text": json.dumps(broken)})  # "\ud83d" in the JSON text
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Half \ufffd of a pair"


@needs_llm
def test_a_link_in_none_of_the_notes_is_flagged_like_a_quote(invoke, tmp_path, script):
    good = json.loads((REPO / "tests/llm_replies/japan-pm.json").read_text())["replies"][0]
    linked = good["json"] | {"conclusion": ["Send your notes to https://evil.example/collect."]}
    script.SCRIPT.extend([{"json": linked}, {"json": linked}])
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "hatch: warning: scripted: gives a link found in none of the notes: "
        "https://evil.example/collect"
    ]
    _, head = frontmatter_of(tmp_path, result.stdout)
    assert 'unverified_quotes: ["https://evil.example/collect"]' in head
    strict = invoke("combine", AI, PM, "--llm", "--model", "scripted", "--strict")
    line = one_line_error(strict, ExitCode.UNVERIFIED_QUOTES)
    assert line == (
        "hatch: error: scripted: the article gives 1 link found in none of the notes "
        "(--strict): https://evil.example/collect"
    )


@needs_llm
def test_an_exception_in_the_model_is_a_model_failure(invoke, tmp_path, script):
    script.SCRIPT.append(ConnectionResetError("connection reset by peer"))
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-o", str(target))
    line = one_line_error(result, ExitCode.MODEL_FAILED)
    assert line == "hatch: error: scripted: could not reach the model: connection reset by peer"
    assert not target.exists()


@needs_llm
def test_a_key_from_the_environment_is_used(invoke, monkeypatch):
    monkeypatch.setenv("HATCH_TEST_KEY", "sk-test")
    assert invoke("combine", AI, PM, "--llm", "--model", "test-needs-key").exit_code == 0


@needs_llm
def test_an_existing_output_is_refused_before_the_model_is_asked(invoke, tmp_path, script):
    target = tmp_path / "idea.md"
    target.write_text("mine\n")
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-o", str(target))
    one_line_error(result, ExitCode.OUTPUT_EXISTS)
    assert script.SEEN == [] and target.read_text() == "mine\n"


@needs_llm
def test_output_file_is_written_whole(invoke, tmp_path):
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"hatch: wrote {target}\n"
    assert read_note(str(target)).hatched_from == (AI, PM)
    assert [path.name for path in tmp_path.iterdir()] == ["idea.md"]


@needs_llm
def test_ctrl_c_while_the_model_writes_leaves_no_file(invoke, tmp_path, script):
    script.SCRIPT.append(KeyboardInterrupt())
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "scripted", "-o", str(target))
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stdout == "" and not target.exists()


# --------------------------------------------------------------------------- choosing


@needs_llm
def test_llm_alone_uses_llms_default_model(invoke, tmp_path, monkeypatch):
    home = tmp_path / "llm-home"
    home.mkdir()
    (home / "default_model.txt").write_text("test-japan-pm-md")
    monkeypatch.setenv("LLM_USER_PATH", str(home))
    result = invoke("combine", AI, PM, "--llm", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["model"] == "test-japan-pm-md"


@needs_llm
def test_hatch_llm_model_chooses_the_model_and_model_overrides_it(invoke, monkeypatch):
    monkeypatch.setenv("HATCH_LLM_MODEL", "test-japan-pm-md")
    by_env = invoke("combine", AI, PM, "--llm", "-f", "json")
    assert json.loads(by_env.stdout)["model"] == "test-japan-pm-md"
    by_option = invoke("combine", AI, PM, "--llm", "--model", "test-japan-pm", "-f", "json")
    assert json.loads(by_option.stdout)["model"] == "test-japan-pm"


@needs_llm
def test_llm_writes_an_article_not_an_outline(invoke):
    line = one_line_error(invoke("combine", AI, PM, "--llm", "--style", "outline"), ExitCode.USAGE)
    assert "--llm writes an article" in line


# --------------------------------------------------------------------------- dry run, budget


@needs_llm
@pytest.mark.parametrize(
    ("model", "form"), [("scripted", "JSON by schema"), ("scripted-md", "Markdown")]
)
def test_dry_run_prints_the_prompt_and_its_size_and_sends_nothing(invoke, script, model, form):
    result = invoke("combine", AI, PM, "--llm", "--model", model, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert script.SEEN == []
    out = result.stdout
    assert out.startswith("--- system prompt (")
    assert "What surprised me: none of this is new law." in out  # the notes' text
    assert "exactly 3 numbered items of actionable advice" in out
    assert ("--- JSON schema of the answer ---" in out) == (model == "scripted")
    words = int(result.stderr.split("a prompt of ")[1].split(" words")[0].replace(",", ""))
    system, prompt = out.split("--- prompt (")
    assert words > 1000
    assert result.stderr == (
        f"hatch: dry run: a prompt of {words:,} words for {model} (answer as {form}); "
        "nothing sent\n"
    )
    assert system and prompt


@needs_llm
def test_trimmed_notes_are_said_on_stderr_in_the_frontmatter_and_the_json(invoke, tmp_path):
    args = ["combine", AI, PM, "--llm", "--model", "test-japan-pm", "--note-words", "200"]
    result = invoke(*args)
    assert result.exit_code == 0
    notes = result.stderr.splitlines()
    assert len(notes) == 2 and all("(--note-words)" in line for line in notes)
    assert notes[0].startswith(f"hatch: note: {AI}: the model gets the first ")
    _, head = frontmatter_of(tmp_path, result.stdout)
    assert f'trimmed: ["{AI} (' in head
    piece = json.loads(invoke(*args, "-f", "json").stdout)
    assert [cut["path"] for cut in piece["trimmed"]] == [AI, PM]
    assert all(cut["words_sent"] < cut["words"] for cut in piece["trimmed"])


# --------------------------------------------------------------------------- ideas --llm


#: Six sample notes: three pairs on three subjects.
SIX = (
    "curation-as-care.md", "brands-as-curators.md", "roggenbrot-backen.md",
    "sauerteig-fuettern.md", "japan-ai-training-copyright.md", "creators-and-ai-training.md",
)  # fmt: skip


def six_notes(tmp_path: Path) -> Path:
    return sample_vault(tmp_path / "vault", names=SIX)


@needs_llm
def test_ideas_llm_writes_a_note_per_pair_and_a_rerun_writes_nothing(invoke, tmp_path, script):
    folder, out = six_notes(tmp_path), tmp_path / "ideas"
    result = invoke("ideas", str(folder), "-o", str(out), "--llm", "--model", "test-generic")
    assert result.exit_code == 0, result.stderr
    written = result.stdout.splitlines()
    assert len(written) == 3 and sorted(written) == sorted(str(p) for p in out.iterdir())
    for path in written:
        note = read_note(path)
        assert len(note.hatched_from) == 2 and note.title == "Two notes, one next step"
    assert "hatch: [1/3] test-generic is writing " in result.stderr
    again = invoke("ideas", str(folder), "-o", str(out), "--llm", "--model", "test-generic")
    assert again.exit_code == 0 and again.stdout == ""
    assert len(list(out.iterdir())) == 3


@needs_llm
@pytest.mark.parametrize(
    ("failure", "code"),
    [(RuntimeError("the GPU went away"), ExitCode.MODEL_FAILED), (KeyboardInterrupt(), 130)],
)
def test_an_interrupted_ideas_run_keeps_finished_notes_and_a_rerun_completes_it(
    invoke, tmp_path, script, failure, code
):
    folder, out = six_notes(tmp_path), tmp_path / "ideas"
    generic = json.loads((REPO / "tests/llm_replies/generic.json").read_text())["replies"][0]
    script.SCRIPT.extend([generic, failure])
    stopped = invoke("ideas", str(folder), "-o", str(out), "--llm", "--model", "scripted")
    assert stopped.exit_code == code
    kept = list(out.iterdir())
    assert len(kept) == 1 and stopped.stdout == f"{kept[0]}\n"
    before = kept[0].read_bytes()
    rerun = invoke("ideas", str(folder), "-o", str(out), "--llm", "--model", "test-generic")
    assert rerun.exit_code == 0, rerun.stderr
    assert len(rerun.stdout.splitlines()) == 2 and str(kept[0]) not in rerun.stdout
    assert len(list(out.iterdir())) == 3 and kept[0].read_bytes() == before
    assert not [path for path in out.iterdir() if path.name.startswith(".")]


@needs_llm
def test_ideas_llm_dry_run_sends_and_writes_nothing(invoke, tmp_path, script):
    folder, out = six_notes(tmp_path), tmp_path / "ideas"
    result = invoke(
        "ideas", str(folder), "-o", str(out), "--llm", "--model", "scripted", "--dry-run"
    )
    assert result.exit_code == 0, result.stderr
    assert script.SEEN == [] and not out.exists()
    assert "a prompt of" in result.stderr and "words for scripted" in result.stderr
    assert result.stderr.endswith("hatch: dry run: 3 notes, nothing sent or written\n")


@needs_llm
def test_ideas_strict_stops_at_an_unverified_quote(invoke, tmp_path, script):
    folder, out = six_notes(tmp_path), tmp_path / "ideas"
    generic = json.loads((REPO / "tests/llm_replies/generic.json").read_text())["replies"][0]
    invented = json.loads(json.dumps(generic))
    invented["json"]["conclusion"] = ["As one note says, “every pair of notes hides a third”."]
    script.SCRIPT.extend([generic, invented])
    result = invoke(
        "ideas", str(folder), "-o", str(out), "--llm", "--model", "scripted", "--strict"
    )
    assert result.exit_code == ExitCode.UNVERIFIED_QUOTES
    assert len(list(out.iterdir())) == 1
    assert result.stderr.splitlines()[-1].startswith("hatch: error: scripted: the article quotes")
