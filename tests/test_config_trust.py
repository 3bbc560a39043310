"""Config files are trusted the way git trusts a repository's config (issue 23): a vault's
``hatch.toml`` may say how notes are read and shown, never where files go, what starts,
what is sent or what is read outside the vault; another user's file, or one others can
write, is ignored; the search stops at the vault's root; ``hatch config`` prints a file
hatch takes back; completion never trips on a config file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hatch_cli import config
from hatch_cli.cli import app
from hatch_cli.errors import ExitCode
from tests.conftest import HAS_LLM, NOTES, write_note

A, B = "curation-as-care.md", "taste-is-a-filter.md"
#: What a vault's file may not set, and a value for each that would act if it could.
HOSTILE = {
    "llm": "true",
    "model": "'test-japan-pm'",
    "output": "'../outside.md'",
    "open": "true",
    "paths": "['../secret']",
    "quiet": "true",
}


def warnings(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert all(line.startswith("hatch: warning: ") for line in lines), stderr
    return lines


def recording_editor(tmp_path: Path) -> tuple[str, Path]:
    log = tmp_path / "opened.txt"
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n")
    return f"{sys.executable} {script}", log


# --------------------------------------------------------------------------- what a vault sets


def test_a_cloned_vaults_config_cannot_send_write_open_or_read_outside(
    invoke, vault, tmp_path, monkeypatch
):
    """The issue's reproduction: a clone's hatch.toml sets --llm, a model, an output
    outside the vault and --open; ``hatch combine a.md b.md`` must send nothing, write
    nothing, open nothing, and say so, one line a key. What it may set still applies."""
    if HAS_LLM:
        from tests import llm_plugin

        llm_plugin.SEEN.clear()
    editor, opened = recording_editor(tmp_path)
    monkeypatch.setenv("EDITOR", editor)
    settings = "".join(f"{key} = {value}\n" for key, value in HOSTILE.items())
    (vault / "hatch.toml").write_text(settings + "[combine]\nstyle = 'article'\n")
    monkeypatch.chdir(vault)
    result = invoke("combine", A, B, "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\n") and "\n## Where they meet\n" in result.stdout
    assert not (tmp_path / "outside.md").exists()
    assert not opened.exists()
    if HAS_LLM:
        assert llm_plugin.SEEN == []
    lines = warnings(result.stderr)
    assert len(lines) == len(HOSTILE)
    for line, key in zip(lines, HOSTILE, strict=True):
        assert f"{vault / 'hatch.toml'}: '{key}' ignored: " in line
        assert "only the command line or the user's config.toml may set it" in line


def test_a_vault_config_cannot_make_a_bare_command_read_elsewhere(invoke, vault, tmp_path,
                                                                  monkeypatch):  # fmt: skip
    secret = write_note(tmp_path / "secret", "passwords.md", "# Passwords\n\nhunter2 hunter2\n")
    (vault / "hatch.toml").write_text(f"[keywords]\npaths = [{str(secret.parent)!r}]\n")
    monkeypatch.chdir(vault)
    result = invoke("keywords", "-f", "json", "-q")
    # As if the file said nothing: no folder named, a usage error; nothing read.
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    warning, error = result.stderr.splitlines()
    assert warning.startswith("hatch: warning: ") and "[keywords] 'paths' ignored" in warning
    assert error.startswith("hatch: error: missing argument 'PATH...'")
    given = invoke("keywords", ".", "-f", "json", "-q")
    titles = [note["title"] for note in json.loads(given.stdout)["notes"]]
    assert "Passwords" not in titles and len(titles) == len(list(NOTES.glob("*.md")))


def test_the_users_own_file_may_set_what_a_vaults_may_not(invoke, vault, tmp_path, monkeypatch):
    """The same key: the user's file applies, the vault's is ignored (and says so)."""
    mine = write_note(tmp_path / "mine", "only-note.md", "# Only note\n\nsourdough starter\n")
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "config.toml").write_text(f"[keywords]\npaths = [{str(mine.parent)!r}]\n")
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    (vault / "hatch.toml").write_text(f"[keywords]\npaths = [{str(vault)!r}]\n")
    monkeypatch.chdir(vault)
    result = invoke("keywords", "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    assert [note["title"] for note in json.loads(result.stdout)["notes"]] == ["Only note"]
    assert "[keywords] 'paths' ignored" in result.stderr


def test_every_option_that_names_a_path_is_the_users_alone():
    """A new path option can't slip past the rule: each one is user-only."""
    from hatch_cli.cli import _COMMANDS

    for command, options in config.options_of(_COMMANDS).items():
        for option in options.values():
            if option.name in config.PATH_OPTIONS or option.flag in ("open", "llm", "quiet"):
                assert config.user_only(option), (command, option.flag)
            if option.flag in ("lang", "limit", "style", "links", "format", "min-score"):
                assert not config.user_only(option), (command, option.flag)


# --------------------------------------------------------------------------- whose file


def make_foreign(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's: chown it when running as root, else make hatch
    believe it runs as someone else."""
    if os.geteuid() == 0:
        os.chown(path, 4242, -1)
    else:
        other = os.geteuid() + 1
        monkeypatch.setattr(config, "_uid", lambda: other)


@pytest.mark.parametrize("whose", ["vault", "user"])
@pytest.mark.parametrize(
    ("change", "why"),
    [("others", "anyone can write it (chmod o-w)"), ("owner", "belongs to another user")],
)
def test_a_config_file_of_another_user_or_that_others_can_write_is_ignored(
    invoke, vault, tmp_path, monkeypatch, whose, change, why
):
    if whose == "vault":
        path = vault / "hatch.toml"
    else:
        (tmp_path / "user-config").mkdir()
        monkeypatch.setenv("HATCH_CONFIG_DIR", str(tmp_path / "user-config"))
        path = tmp_path / "user-config" / "config.toml"
    path.write_text("[pairs]\nlimit = 1\nlimt = 'never read'\n")  # its content is never read
    if change == "others":
        path.chmod(path.stat().st_mode | stat.S_IWOTH)
    else:
        make_foreign(path, monkeypatch)
    result = invoke("pairs", str(vault), "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["pairs"]) > 1  # the file's limit is not applied
    (line,) = warnings(result.stderr)
    assert line.startswith(f"hatch: warning: {path}: ignored: ") and why in line
    shown = invoke("config", str(vault))
    assert shown.exit_code == 0
    assert f"# {path}: ignored: " in shown.stdout and why in shown.stdout
    assert "[pairs]" not in shown.stdout


def stat_of(mode: int, uid: int, gid: int = 4242) -> os.stat_result:
    return os.stat_result((mode, 1, 1, 1, uid, gid, 10, 0, 0, 0))


def test_trust_problem_is_owner_and_who_can_write(monkeypatch):
    import grp
    import pwd

    me, other = 1000, 1001
    users = {me: ("me", 500), other: ("other", 501)}
    groups = {500: ("me", []), 501: ("other", []), 600: ("staff", ["me", "other"]),
              700: ("me", ["other"])}  # fmt: skip

    def getpwuid(uid: int) -> Any:
        if uid not in users:
            raise KeyError(uid)
        return pwd.struct_passwd((users[uid][0], "x", uid, users[uid][1], "", "/", "/bin/sh"))

    def getgrgid(gid: int) -> Any:
        if gid not in groups:
            raise KeyError(gid)
        return grp.struct_group((groups[gid][0], "x", gid, groups[gid][1]))

    monkeypatch.setattr(pwd, "getpwuid", getpwuid)
    monkeypatch.setattr(grp, "getgrgid", getgrgid)
    regular = stat.S_IFREG
    cases = [
        (stat_of(regular | 0o644, me), None),
        (stat_of(regular | 0o600, 0), None),  # root's
        (stat_of(regular | 0o664, me, 500), None),  # the user's own group (umask 002)
        (stat_of(regular | 0o644, other), "it belongs to another user (uid 1001)"),
        (stat_of(regular | 0o646, me), "anyone can write it (chmod o-w)"),
        (stat_of(regular | 0o666, 0), "anyone can write it (chmod o-w)"),
        (stat_of(regular | 0o664, me, 600), "its group (gid 600) can write it (chmod g-w)"),
        (stat_of(regular | 0o664, me, 700), "its group (gid 700) can write it (chmod g-w)"),
        (stat_of(regular | 0o664, me, 501), "its group (gid 501) can write it (chmod g-w)"),
        (stat_of(regular | 0o664, me, 999), "its group (gid 999) can write it (chmod g-w)"),
        (stat_of(stat.S_IFIFO | 0o644, me), "not a regular file"),
    ]
    for info, problem in cases:
        assert config.trust_problem(info, me) == problem, oct(info.st_mode)


# --------------------------------------------------------------------------- how far up


@pytest.mark.parametrize("root", [".git folder", ".git file", "home"])
def test_the_search_for_a_vault_config_stops_at_the_vaults_root(invoke, tmp_path, monkeypatch,
                                                                 root):  # fmt: skip
    outer = tmp_path / "outer"
    top = outer / "top"
    vault = top / "notes"
    shutil.copytree(NOTES, vault)
    (outer / "hatch.toml").write_text("[pairs]\nlimit = 1\n")
    if root == ".git folder":
        (top / ".git").mkdir()
    elif root == ".git file":
        (top / ".git").write_text("gitdir: /elsewhere/.git/worktrees/top\n")
    else:
        monkeypatch.setenv("HOME", str(top))
    monkeypatch.chdir(vault)
    result = invoke("pairs", ".", "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["pairs"]) > 1 and result.stderr == ""
    # The root itself is still the vault's: its hatch.toml is read.
    (top / "hatch.toml").write_text("[pairs]\nlimit = 2\n")
    assert len(json.loads(invoke("pairs", ".", "-f", "json", "-q").stdout)["pairs"]) == 2


def test_the_climb_never_reaches_the_filesystem_root(monkeypatch):
    climbed = list(config._climb(Path("/srv/vaults/work"), None))
    assert climbed == [Path("/srv/vaults/work"), Path("/srv/vaults"), Path("/srv")]
    assert list(config._climb(Path("/"), None)) == []


# --------------------------------------------------------------------------- hatch config


def test_config_output_round_trips_through_a_config_file(invoke, vault, tmp_path, monkeypatch):
    """``hatch config`` saved as the user's config.toml gives the same values in force,
    environment variables included (shown in the file's types: true, not "1")."""
    user = tmp_path / "user-config"
    user.mkdir()
    (user / "config.toml").write_text(
        'embed-model = "from-the-file"\nmin-score = 0.25\nformat = "json"\n'
        '[keywords]\nglob = ["*.md", "deep/*.md"]\nlimit = 7\n'
        '[ideas]\noutput = "Ideas"\nlinks = "wiki"\ntimeout = 1e3\n'
    )
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    (vault / "hatch.toml").write_text('lang = "en"\noutput = "../away"\n[pairs]\nlimit = 4\n')
    monkeypatch.setenv("HATCH_NO_CACHE", "1")
    monkeypatch.setenv("HATCH_EMBED_MODEL", "from-the-environment")
    monkeypatch.setenv("HATCH_LLM_MODEL", 'a "quoted"\\ name\twith\ncontrols\x7f')
    first = invoke("config", str(vault))
    assert first.exit_code == 0, first.stderr
    shown = tomllib.loads(first.stdout)
    assert shown["pairs"]["no-cache"] is True and shown["pairs"]["limit"] == 4
    assert shown["pairs"]["embed-model"] == "from-the-environment"
    assert shown["combine"]["model"] == 'a "quoted"\\ name\twith\ncontrols\x7f'
    assert "'output' ignored: only the command line" in first.stdout  # the vault's
    assert "overridden by $HATCH_EMBED_MODEL" in first.stdout

    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "config.toml").write_text(first.stdout)
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(saved))
    for name in ("HATCH_NO_CACHE", "HATCH_EMBED_MODEL", "HATCH_LLM_MODEL"):
        monkeypatch.delenv(name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = invoke("config")
    assert again.exit_code == 0, again.stderr
    assert again.stderr == ""
    assert tomllib.loads(again.stdout) == shown


@pytest.mark.parametrize(
    ("variable", "value", "comment"),
    [
        ("HATCH_NO_CACHE", "maybe", "# no-cache: $HATCH_NO_CACHE can't be used (a run stops"),
        ("HATCH_EMBED_MODEL", "caf\udce9", "# embed-model: not shown, it is not UTF-8"),
    ],
)
def test_config_shows_an_unusable_environment_value_as_a_comment(invoke, variable, value,
                                                                 comment, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    result = invoke("config")
    assert result.exit_code == 0, result.stderr
    assert comment in result.stdout
    tomllib.loads(result.stdout)  # still a config file
    assert value not in result.stdout


def test_config_output_stays_a_config_file_whatever_the_paths_hold(invoke, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    """A folder name with a newline can't turn a comment into settings."""
    user = tmp_path / "x\n[pairs]\nlimit = 1\n#"
    user.mkdir()
    (user / "config.toml").write_text('[ideas]\noutput = "Ideas"\n')
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    monkeypatch.chdir(tmp_path)
    result = invoke("config")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(result.stdout) == {"ideas": {"output": str(user / "Ideas")}}


DEEP = "config file nests arrays or tables too deep"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", DEEP),
        ("a = " + "{x=" * 5_000 + "1" + "}" * 5_000 + "\n", DEEP),
        ("# a comment\n" * 100_000 + "[pairs]\nlimit = 1\n", "config file is over 1 MiB"),
    ],
)
def test_a_config_file_too_deep_or_too_big_is_one_error_line(invoke, vault, text, problem):
    (vault / "hatch.toml").write_text(text)
    result = invoke("pairs", str(vault), "-q")
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr == f"hatch: error: {vault / 'hatch.toml'}: {problem}\n"


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize("whose", ["vault", "user"])
@pytest.mark.parametrize(
    "text",
    [b"[pairs\n", b"[pairs]\nlimt = 2\n", b"colour = 'blue'\n", b"\xff\xfe\x00",
     b"a = " + b"[" * 100_000 + b"]" * 100_000],
)  # fmt: skip
def test_completion_never_fails_or_prints_because_of_a_config_file(tmp_path, monkeypatch,
                                                                   whose, text):  # fmt: skip
    """The bad file is left out, silently; the other file's warnings are not printed
    either (a vault's key it may not set, a user's file others can write)."""
    here, user = tmp_path / "here", tmp_path / "user-config"
    here.mkdir()
    user.mkdir()
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(user))
    vault_file, user_file = here / "hatch.toml", user / "config.toml"
    vault_file.write_text("output = 'x'\n")
    user_file.write_text("[pairs]\nlimit = 2\n")
    user_file.chmod(0o646)
    (vault_file if whose == "vault" else user_file).write_bytes(text)
    monkeypatch.chdir(here)
    env = {"_HATCH_COMPLETE": "complete_bash", "COMP_WORDS": "hatch pa", "COMP_CWORD": "1"}
    result = CliRunner().invoke(app, [], env=env)
    assert (result.exit_code, result.stdout.split(), result.stderr) == (0, ["pairs"], "")
    env.update(COMP_WORDS="hatch pairs --min", COMP_CWORD="2")
    result = CliRunner().invoke(app, [], env=env)
    assert (result.exit_code, result.stdout.split(), result.stderr) == (0, ["--min-score"], "")
