"""The command line's conventions (issue 18), through the real CLI: help, completions and
the manual, one error style, lists people can read, config files, small conveniences."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hatch_cli import __version__
from hatch_cli.cli import app
from hatch_cli.errors import ExitCode
from hatch_cli.models import validate
from hatch_cli.reports import IdeasReport
from tests.conftest import HAS_LLM, NOTES, REPO, write_note

COMMANDS = ["combine", "pairs", "keywords", "ideas", "schema", "config"]
A, B = str(NOTES / "curation-as-care.md"), str(NOTES / "taste-is-a-filter.md")


def one_error_line(result: Any, code: int, *words: str) -> str:
    """The run failed with ``code`` and said so in one ``hatch: error:`` line."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hatch: error: "), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    line: str = lines[0]
    return line


def invoke_at(columns: int, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_dash_h_is_help(invoke, command):
    short, long = invoke(*command, "-h"), invoke(*command, "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    assert short.stdout.startswith(f"Usage: hatch {' '.join(command)}".rstrip() + " ")


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(invoke, flag):
    result = invoke(flag)
    assert result.exit_code == 0
    assert result.stdout == f"hatch {__version__}\n"


def test_python_dash_m_runs_hatch_and_importing_its_main_module_does_not():
    ran = subprocess.run(
        [sys.executable, "-m", "hatch_cli", "--version"], capture_output=True, text=True
    )
    assert (ran.returncode, ran.stdout) == (0, f"hatch {__version__}\n")
    # A spawned worker imports the parent's __main__ module: that must not start hatch.
    imported = subprocess.run(
        [sys.executable, "-c", "import hatch_cli.__main__"], capture_output=True, text=True
    )
    assert (imported.returncode, imported.stdout, imported.stderr) == (0, "", "")


def test_commands_are_listed_in_the_order_a_user_meets_them_with_whole_summaries(invoke):
    text = invoke("-h").stdout
    listed = text.split("Commands:\n")[1].split("\n\n")[0]
    names = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and
             not line.startswith("    ")]  # fmt: skip
    assert names == COMMANDS
    assert "..." not in listed  # no summary cut short
    assert "hatch-notes" in text  # the alias, for where PyPA's Hatch owns the name


@pytest.mark.parametrize("columns", [40, 80])
@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help_reads_well_at_40_and_80_columns(command, columns):
    result = invoke_at(columns, *command, "-h")
    assert result.exit_code == 0
    text = result.stdout
    for python_type in ("<list[str]>", "<str>", "<int range>", "<float range>", "x>=", "<=x"):
        assert python_type not in text, (python_type, command)
    assert "{" not in text.splitlines()[0]  # usage shows NOTE..., not {NOTE...}...
    assert not [line for line in text.splitlines() if line != line.rstrip()]
    if command:
        examples = text.split("Examples:")[1].split("Arguments:")[0].split("Options:")[0]
        assert examples.count("hatch ") >= 2, command


def test_metavars_say_what_a_value_is(invoke):
    text = invoke("pairs", "-h").stdout
    assert "Usage: hatch pairs [OPTIONS] PATH..." in text
    for shown in ("-n, --limit N", "--min-score SCORE", "--glob PATTERN", "--lang LANG",
                  "--errors <strict|replace>"):  # fmt: skip
        assert shown in text, shown
    assert "Usage: hatch combine [OPTIONS] NOTE..." in invoke("combine", "-h").stdout
    assert "-o, --output FILE" in invoke("combine", "-h").stdout


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["pairs", "--lmit", "3", "notes"], ["--lmit", "'hatch pairs --help'"]),
        (["pairs", "-n", "many", str(NOTES)], ["--limit", "'hatch pairs --help'"]),
        (["pairs", "--format", "xml", str(NOTES)], ["xml", "--help"]),
        (["pairs"], ["missing argument 'PATH...'", "--help"]),
        (["combin", A, B], ["'combin'", "combine", "'hatch --help'"]),
        (["ideas", str(NOTES)], ["--output", "--help"]),
    ],
)
def test_usage_errors_are_one_line_exit_2(invoke, args, words):
    one_error_line(invoke(*args), ExitCode.USAGE, *words)


def test_no_command_shows_the_help_and_exits_2(invoke):
    result = invoke()
    assert result.exit_code == ExitCode.USAGE
    assert "Commands:" in result.stderr


@pytest.mark.slow
def test_usage_error_from_the_console_script(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "hatch_cli", "pairs", "--nope"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("hatch: error: no such option: --nope")


def test_a_note_named_twice_is_refused(invoke):
    one_error_line(invoke("combine", A, A), ExitCode.USAGE, "given twice")
    one_error_line(invoke("combine", A, str(NOTES / ".." / "notes" / "curation-as-care.md")),
                   ExitCode.USAGE, "same note")  # fmt: skip


@pytest.mark.parametrize("lang", ["xx", "klingon", "q1"])
def test_lang_must_be_one_hatch_knows(invoke, lang):
    one_error_line(invoke("combine", A, B, "--lang", lang), ExitCode.USAGE, "--lang")
    one_error_line(invoke("pairs", str(NOTES), "--lang", lang), ExitCode.USAGE, "--lang")


def test_a_known_lang_is_taken(invoke):
    result = invoke("combine", A, B, "--lang", "de-AT", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["lang"] == "de"


def test_frontmatter_alone_is_an_empty_note(invoke, tmp_path):
    only = write_note(tmp_path, "only.md", "---\ntitle: A title and nothing else\n---\n")
    one_error_line(invoke("combine", str(only), A), ExitCode.BAD_NOTE, "only.md", "empty")


def test_an_empty_folder_has_nothing_to_pair(invoke, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in ("pairs", "keywords"):
        result = invoke(command, str(empty))
        one_error_line(result, ExitCode.NOTHING_TO_COMBINE, "no notes found", command)
        assert result.stdout == ""
    one_error_line(invoke("pairs", A), ExitCode.NOTHING_TO_COMBINE, "only 1 note")


def test_one_readable_note_of_two_warns_then_exits_4(invoke, tmp_path):
    write_note(tmp_path, "only.md", "---\ntitle: Empty\n---\n")
    write_note(tmp_path, "good.md", "# Good\n\nA note with words in it.\n")
    result = invoke("pairs", str(tmp_path))
    assert result.exit_code == ExitCode.NOTHING_TO_COMBINE
    warning, error = result.stderr.splitlines()
    assert warning.startswith("hatch: warning: only.md: empty note")
    assert error.startswith("hatch: error: ") and "2 notes found, 1 readable" in error


def big_vault(root: Path, notes: int = 300) -> Path:
    """Many notes on made-up words, some common and some rare: thousands of pairs to list."""
    words = [
        a + b + c
        for a in ("ka", "mo", "ri", "te", "su", "bo", "ne", "fa")
        for b in ("lan", "vor", "pim", "ost", "ule")
        for c in ("do", "ska", "ve", "nu")
    ]
    for number in range(notes):
        chosen = " ".join(words[(number * 7 + step * step) % len(words)] for step in range(12))
        write_note(root, f"note-{number:03}.md", f"# Note {number}\n\nAbout {chosen}.\n")
    return root


@pytest.mark.slow
def test_a_reader_that_goes_away_is_exit_141(tmp_path):
    root = big_vault(tmp_path / "vault")
    process = subprocess.Popen(
        [sys.executable, "-m", "hatch_cli", "pairs", str(root), "-n", "0", "-f", "markdown",
         "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == ExitCode.BROKEN_PIPE, stderr
    assert first.startswith(b"# Note pairs")
    assert stderr == b""


# --------------------------------------------------------------------------- completion, man


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o"), ("zsh", "#compdef hatch"),
                                               ("fish", "complete --command hatch")])  # fmt: skip
def test_completion_scripts_print_for_each_shell(shell, marker):
    result = CliRunner().invoke(app, [], env={"_HATCH_COMPLETE": f"source_{shell}"})
    assert result.exit_code == 0
    assert marker in result.stdout


def test_completion_completes_commands_and_options():
    env = {"_HATCH_COMPLETE": "complete_bash", "COMP_WORDS": "hatch pa", "COMP_CWORD": "1"}
    assert CliRunner().invoke(app, [], env=env).stdout.split() == ["pairs"]
    env.update(COMP_WORDS="hatch pairs --min", COMP_CWORD="2")
    assert CliRunner().invoke(app, [], env=env).stdout.split() == ["--min-score"]


def test_the_manual_covers_every_command_and_exit_status(invoke):
    result = invoke("--help-man")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith(".TH HATCH 1 ")
    for name in COMMANDS:
        assert f'.SS "hatch {name} ' in page
    for code in ExitCode:
        assert f"\\fB{int(code)}\\fR ({code.name})" in page
    assert "HATCH_CONFIG_DIR" in page and "hatch.toml" in page
    assert invoke("--help-man").stdout == page  # no date, nothing that changes


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_the_manual_is_clean_roff(invoke):
    page = invoke("--help-man").stdout
    shown = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww"], input=page, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert shown.stderr == ""
    plain = re.sub(".\b", "", shown.stdout)  # no overstrike bold
    assert "hatch combine [OPTIONS] NOTE..." in plain


# --------------------------------------------------------------------------- lists


def test_pairs_show_titles_in_markdown_and_json(invoke):
    markdown = invoke("pairs", str(NOTES), "-n", "3", "-f", "markdown").stdout
    german = "Mein erstes Roggenbrot (`roggenbrot-backen.md`) + Sauerteig füttern"
    assert german in markdown
    data = json.loads(invoke("pairs", str(NOTES), "-n", "3", "-f", "json").stdout)
    titles = {(pair["title_a"], pair["title_b"]) for pair in data["pairs"]}
    assert ("Mein erstes Roggenbrot", "Sauerteig füttern") in titles


@pytest.mark.parametrize("columns", [40, 80])
def test_rich_lists_wrap_instead_of_cutting(columns):
    result = invoke_at(columns, "pairs", str(NOTES), "-n", "5", "-f", "rich")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "…" not in text
    assert "Creators object to substitution more than to training" in " ".join(text.split())
    assert "gakushu-data-no-license.md" in text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(
    "args",
    [
        ["combine", A, B, "-f", "rich"],
        ["combine", A, B, "-f", "rich", "--style", "article"],
        ["pairs", str(NOTES), "-f", "rich"],
        ["keywords", A, "-f", "rich"],
    ],
)
def test_no_trailing_spaces_in_any_output(invoke, args, tmp_path):
    for fmt_args in ([], ["-o", str(tmp_path / "out.txt")] if args[0] == "combine" else []):
        result = invoke(*args, *fmt_args)
        assert result.exit_code == 0, result.stderr
        text = result.stdout or (tmp_path / "out.txt").read_text(encoding="utf-8")
        assert text.strip()
        assert [line for line in text.splitlines() if line != line.rstrip()] == []


def test_stdin_is_named_stdin(invoke):
    note = (NOTES / "curation-as-care.md").read_text(encoding="utf-8")
    result = invoke("combine", "-", B, "-f", "markdown", input=note)
    assert result.exit_code == 0, result.stderr
    assert "- Curation as care (stdin)" in result.stdout
    assert "(\\-)" not in result.stdout


def test_schemas_hold_no_restructuredtext(invoke):
    for name in ("outline", "article", "pairs", "keywords", "ideas"):
        result = invoke("schema", name)
        assert result.exit_code == 0, result.stderr
        assert "``" not in result.stdout
        json.loads(result.stdout)


def test_a_format_an_output_has_no_renderer_for_is_a_usage_error(invoke, tmp_path):
    """Every command takes every format; one its output has no renderer for says which
    outputs it is for (exit 2), before any work."""
    for command, fmt, meant in (
        (["pairs", str(NOTES)], "paths", "hatch ideas"),
        (["keywords", A], "paths", "hatch ideas"),
        (["combine", A, B], "jsonl", "lists (pairs, keywords)"),
        (["combine", A, B, "--style", "article"], "paths", "hatch ideas"),
    ):
        result = invoke(*command, "--format", fmt)
        one_error_line(result, ExitCode.USAGE, f"--format {fmt} is for {meant}; use json here")
        assert result.stdout == ""


# --------------------------------------------------------------------------- ideas --format


def test_ideas_json_lists_what_would_be_and_what_was_written(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    dry = invoke("ideas", str(vault), "-o", str(out), "--dry-run", "-f", "json")
    assert dry.exit_code == 0, dry.stderr
    planned = validate(IdeasReport, dry.stdout)
    assert planned.dry_run and len(planned.ideas) == 3
    assert {idea.status for idea in planned.ideas} == {"planned"}
    assert all(idea.pair.title_a and idea.pair.title_b and idea.title for idea in planned.ideas)
    assert not out.exists()
    done = invoke("ideas", str(vault), "-o", str(out), "-f", "json")
    report = validate(IdeasReport, done.stdout)
    assert [idea.status for idea in report.ideas] == ["written"] * 3
    assert [idea.path for idea in report.ideas] == [idea.path for idea in planned.ideas]
    assert all(Path(idea.path).is_file() for idea in report.ideas)


def test_ideas_jsonl_is_one_object_a_line(invoke, vault, tmp_path):
    result = invoke("ideas", str(vault), "-o", str(tmp_path / "i"), "--dry-run", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(json.loads(line)["status"] == "planned" for line in lines)


def test_ideas_dry_run_lists_titles_in_markdown(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    result = invoke("ideas", str(vault), "-o", str(out), "--dry-run", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("# New notes in ") and first.endswith(" (nothing written, dry run)")
    assert "   - from Mein erstes Roggenbrot (`roggenbrot-backen.md`) + Sauerteig" in result.stdout


def test_ideas_paths_stay_the_pipe_default(invoke, vault, tmp_path):
    result = invoke("ideas", str(vault), "-o", str(tmp_path / "ideas"))
    assert result.exit_code == 0, result.stderr
    assert all(Path(line).is_file() for line in result.stdout.splitlines())


# --------------------------------------------------------------------------- conveniences


def recording_editor(tmp_path: Path) -> tuple[str, Path]:
    """An $EDITOR that records the files it was asked to open."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys\nwith open({str(log)!r}, 'a') as f:\n    f.write(sys.argv[1] + '\\n')\n"
    )
    return f"{sys.executable} {script}", log


def test_open_starts_the_editor_on_what_was_written(tmp_path, monkeypatch):
    editor, log = recording_editor(tmp_path)
    monkeypatch.setenv("EDITOR", editor)
    target = tmp_path / "idea.md"
    result = CliRunner().invoke(app, ["combine", A, B, "-o", str(target), "--open"])
    assert result.exit_code == 0, result.stderr
    assert log.read_text().splitlines() == [str(target)]


def test_visual_wins_over_editor_and_ideas_opens_the_first_note(tmp_path, monkeypatch, vault):
    editor, log = recording_editor(tmp_path)
    monkeypatch.setenv("VISUAL", editor)
    monkeypatch.setenv("EDITOR", "false-editor-that-does-not-exist")
    result = CliRunner().invoke(app, ["ideas", str(vault), "-o", str(tmp_path / "i"), "--open"])
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert log.read_text().splitlines() == [first]


def test_an_editor_that_cannot_start_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    target = tmp_path / "idea.md"
    result = CliRunner().invoke(app, ["combine", A, B, "-o", str(target), "--open"])
    assert result.exit_code == 0
    assert target.is_file()
    assert "hatch: warning: " in result.stderr and "could not start" in result.stderr


def test_open_needs_a_file(invoke, tmp_path):
    one_error_line(invoke("combine", A, B, "--open"), ExitCode.USAGE, "--open", "-o")
    one_error_line(invoke("combine", A, B, "-o", "-", "--open"), ExitCode.USAGE, "--open")
    result = invoke("ideas", str(NOTES), "-o", str(tmp_path / "i"), "--dry-run", "--open")
    one_error_line(result, ExitCode.USAGE, "--open")


def test_quiet_leaves_only_warnings_and_errors(invoke, vault, tmp_path):
    loud = invoke("ideas", str(vault), "-o", str(tmp_path / "a"))
    assert "hatch: wrote" in loud.stderr
    quiet = invoke("ideas", str(vault), "-o", str(tmp_path / "b"), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert len(quiet.stdout.splitlines()) == 3
    target = tmp_path / "one.md"
    assert invoke("combine", A, B, "-o", str(target), "--quiet").stderr == ""
    write_note(vault, "broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    warned = invoke("pairs", str(vault), "-q", "-f", "json")
    assert warned.stderr.startswith("hatch: warning: broken.md")


def test_dash_o_dash_is_stdout(invoke, tmp_path):
    result = invoke("combine", A, B, "-o", "-", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\n")
    assert not Path("-").exists()


# --------------------------------------------------------------------------- config


def test_the_vault_config_sets_defaults_the_command_line_overrides(invoke, vault):
    (vault / "hatch.toml").write_text("[pairs]\nlimit = 1\n")
    result = invoke("pairs", str(vault), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["pairs"]) == 1
    wider = invoke("pairs", str(vault), "-f", "json", "--limit", "2")
    assert len(json.loads(wider.stdout)["pairs"]) == 2


def test_the_vault_file_is_found_from_a_subfolder(invoke, vault, monkeypatch):
    (vault / "hatch.toml").write_text("[keywords]\nlimit = 2\n")
    monkeypatch.chdir(vault)
    sub = vault / "deeper" / "still"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = invoke("keywords", str(NOTES / "curation-as-care.md"), "-f", "json")
    assert [len(entry["keywords"]) for entry in json.loads(result.stdout)["notes"]] == [2]


def test_vault_file_wins_over_user_file(invoke, vault, tmp_path, monkeypatch):
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "config.toml").write_text("[pairs]\nlimit = 3\nunlinked = true\n")
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    data = json.loads(invoke("pairs", str(vault), "-f", "json").stdout)
    assert len(data["pairs"]) == 3 and not any(pair["linked"] for pair in data["pairs"])
    (vault / "hatch.toml").write_text("[pairs]\nlimit = 1\n")
    data = json.loads(invoke("pairs", str(vault), "-f", "json").stdout)
    assert len(data["pairs"]) == 1


@pytest.mark.skipif(not HAS_LLM, reason="needs the llm extra, which names the unknown model")
def test_environment_wins_over_the_files(invoke, vault, monkeypatch, tmp_path):
    # embed-model is the user's to choose: their own file, not a vault's (see test_config_trust).
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "config.toml").write_text("[pairs]\nembed-model = 'from-the-file'\n")
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    monkeypatch.setenv("HATCH_EMBED_MODEL", "from-the-environment")
    shown = invoke("config", str(vault))
    assert "from-the-file" in shown.stdout and "$HATCH_EMBED_MODEL" in shown.stdout
    assert tomllib.loads(shown.stdout)["pairs"]["embed-model"] == "from-the-environment"
    line = one_error_line(invoke("pairs", str(vault), "-q"), ExitCode.MODEL_UNAVAILABLE)
    assert "from-the-environment" in line and "from-the-file" not in line


def test_paths_in_a_config_file_are_relative_to_it(invoke, vault, tmp_path, monkeypatch):
    # A path is the user's to choose: their own file, not a vault's (see test_config_trust).
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "config.toml").write_text('[ideas]\noutput = "Ideas"\nlinks = "wiki"\n')
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    result = invoke("ideas", str(vault), "--dry-run", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = validate(IdeasReport, result.stdout)
    assert Path(report.outdir) == (user / "Ideas").resolve()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[pairs]\nlimt = 2\n", ["hatch.toml", "'limt'", "hatch pairs"]),
        ("[pairs]\nlimit = 'many'\n", ["hatch.toml", "limit", "whole number"]),
        ("[ideas]\nlinks = 'both'\n", ["hatch.toml", "links", "none, wiki"]),
        ("[paris]\nlimit = 2\n", ["hatch.toml", "[paris]"]),
        ("colour = 'blue'\n", ["hatch.toml", "'colour'"]),
        ("[pairs\n", ["hatch.toml", "not valid TOML"]),
    ],
)
def test_a_bad_config_file_is_one_line_naming_file_and_key(invoke, vault, text, words):
    (vault / "hatch.toml").write_text(text)
    one_error_line(invoke("pairs", str(vault)), ExitCode.USAGE, *words)


def test_config_shows_each_value_and_where_it_comes_from(invoke, vault):
    (vault / "hatch.toml").write_text('lang = "en"\n[pairs]\nlimit = 4\n')
    result = invoke("config", str(vault))
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(result.stdout)  # itself TOML
    assert data["pairs"] == {"lang": "en", "limit": 4}
    assert data["combine"] == {"lang": "en"}
    assert f"limit = 4  # {(vault / 'hatch.toml').resolve()}" in result.stdout


def test_config_without_files_says_so(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("config")
    assert result.exit_code == 0
    assert "(none)" in result.stdout and "no defaults set" in result.stdout


def test_config_files_are_never_written(invoke, vault):
    config = vault / "hatch.toml"
    config.write_text("[pairs]\nlimit = 1\n")
    config.chmod(stat.S_IRUSR)
    before = config.read_bytes()
    invoke("config", str(vault))
    invoke("pairs", str(vault))
    assert config.read_bytes() == before


def test_readme_documents_the_config_file_and_new_options():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for needle in ("hatch.toml", "config.toml", "hatch config", "--open", "--quiet",
                   "--help-man", "--install-completion", "--format json"):  # fmt: skip
        assert needle in readme, needle


def test_every_output_says_what_a_score_was_computed_in(invoke):
    alone = invoke("combine", A, B, "-f", "json")
    in_vault = invoke("combine", A, B, "--vault", str(NOTES), "-f", "json")
    assert json.loads(alone.stdout)["scored_in"] == "notes"
    assert json.loads(in_vault.stdout)["scored_in"] == "vault"
    markdown = invoke("combine", A, B, "--vault", str(NOTES), "--style", "article").stdout
    assert 'scored_in: "vault"' in markdown.split("---")[1]
    terminal = invoke("combine", A, B, "-f", "rich").stdout
    assert "(the notes alone)" in terminal


@pytest.mark.slow
def test_the_console_script_checks_config_against_every_command(vault, tmp_path):
    """The console script builds only the command it runs (start-up time); a config file
    naming other commands' options must still be read as a whole: valid keys of any
    command accepted, a misspelt one refused, and ``hatch config`` lists them all."""

    def hatch(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hatch_cli", *args],
            capture_output=True, text=True, cwd=vault, check=False,
        )  # fmt: skip

    (vault / "hatch.toml").write_text(
        "[pairs]\nlimit = 1\n[ideas]\ncount = 2\n[combine]\nstyle = 'article'\n"
    )
    combined = hatch("combine", "curation-as-care.md", "taste-is-a-filter.md", "-f", "json")
    assert combined.returncode == 0, combined.stderr
    assert "sections" in json.loads(combined.stdout)  # the file's style: an article
    pairs = hatch("pairs", ".", "-f", "json", "-q")
    assert pairs.returncode == 0, pairs.stderr
    assert len(json.loads(pairs.stdout)["pairs"]) == 1
    shown = tomllib.loads(hatch("config").stdout)
    assert shown["pairs"]["limit"] == 1 and shown["ideas"]["count"] == 2
    (vault / "hatch.toml").write_text("[pairs]\nlimt = 1\n")
    refused = hatch("combine", "curation-as-care.md", "taste-is-a-filter.md")
    assert refused.returncode == ExitCode.USAGE
    assert "'limt'" in refused.stderr and refused.stderr.count("\n") == 1
