"""hatch combine through the real CLI: outputs, formats, options and every error path."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from hatch_cli.core.reading.terms import analyse
from hatch_cli.errors import ExitCode
from hatch_cli.notes import read_note
from tests.conftest import NOTES, write_note

AI = str(NOTES / "japan-ai-training-copyright.md")
CREATORS = str(NOTES / "creators-and-ai-training.md")
CURATION = str(NOTES / "curation-as-care.md")
BRANDS = str(NOTES / "brands-as-curators.md")
SOURDOUGH = str(NOTES / "sourdough-starter-log.md")
PM = str(NOTES / "pm-to-product-leader.md")


def snapshot(*paths: str) -> dict[str, bytes]:
    return {path: Path(path).read_bytes() for path in paths}


def test_markdown_in_a_pipe_is_a_note_with_frontmatter(invoke):
    result = invoke("combine", CURATION, BRANDS)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("---\ntitle: ")
    assert "\x1b" not in out
    assert "## Shared themes" in out
    assert "## Open questions" in out
    assert "\n- What does a curator owe" in out


def test_markdown_output_reads_back_as_a_note(invoke, tmp_path):
    result = invoke("combine", CURATION, BRANDS)
    idea = write_note(tmp_path, "idea.md", result.stdout)
    note = read_note(str(idea))
    outline = json.loads(invoke("combine", CURATION, BRANDS, "--format", "json").stdout)
    assert note.title == outline["title"]
    assert list(note.hatched_from) == [CURATION, BRANDS]
    assert note.date == "2023-11-14"  # SOURCE_DATE_EPOCH pinned by conftest
    assert note.tags, "the shared keywords become the note's tags"
    # and hatch can combine its own output again
    again = invoke("combine", str(idea), CURATION)
    assert again.exit_code == 0, again.stderr


def test_json_validates_against_the_published_schema(invoke):
    schema = json.loads(invoke("schema").stdout)
    result = invoke("combine", AI, CREATORS, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2
    assert data["sources"][0]["path"] == AI
    assert 0 < data["relatedness"] <= 1
    assert data["reading_time_minutes"] >= 1


def test_shared_keywords_are_meaningful_and_supported_by_both_notes(invoke):
    data = json.loads(invoke("combine", AI, CREATORS, "--format", "json").stdout)
    shared = [word.lower() for word in data["shared_keywords"]]
    joined = " ".join(shared)
    assert "copyright" in joined
    assert "training data" in shared
    for word in shared:
        assert not any(ch.isdigit() for ch in word), word
        assert "http" not in word and "example" not in word, word
        assert word not in {"the", "and", "with", "that", "this", "my", "thoughts"}, word
    for theme in data["themes"]:
        assert {line["source"] for line in theme["support"]} == {AI, CREATORS}
        for line in theme["support"]:
            assert line["text"].strip()


def test_curation_pair_meets_on_curation_words(invoke):
    data = json.loads(invoke("combine", CURATION, BRANDS, "--format", "json").stdout)
    assert any("curat" in theme["stem"] for theme in data["themes"])
    assert "taste" in [word.lower() for word in data["shared_keywords"]]


def test_unrelated_notes_still_combine_and_say_so(invoke):
    result = invoke("combine", PM, SOURDOUGH, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["relatedness"] < 0.05
    assert "share no keywords" in data["intro"] or len(data["shared_keywords"]) <= 1
    assert len(data["advice"]) == 3


def test_advice_comes_from_the_notes_own_advice_sections(invoke):
    data = json.loads(
        invoke("combine", PM, str(NOTES / "one-on-ones-that-work.md"), "-f", "json").stdout
    )
    sources = [item["source"] for item in data["advice"]]
    assert PM in sources
    assert len(data["advice"]) == 3
    more = json.loads(invoke("combine", PM, SOURDOUGH, "-f", "json", "--advice", "5").stdout)
    assert len(more["advice"]) == 5


TABLED = """# Renaming user records

## Advice

| field | example value in the user record |
| --- | --- |
| payload | {"name": "Old Name", "age": 42} |
| renamed | Rename the field in the user record first |

Migrate the user record schema in small steps, one field at a time.
"""


def test_a_table_is_data_never_quoted_advice_or_support(invoke, tmp_path):
    tabled = write_note(tmp_path, "tabled.md", TABLED)
    other = write_note(
        tmp_path,
        "other.md",
        "# User record migrations\n\nA user record migration renames one field at a time. "
        "Keep the old field name readable until every user record has moved.\n",
    )
    data = json.loads(invoke("combine", str(tabled), str(other), "-f", "json").stdout)
    quoted = [item["text"] for item in data["advice"]]
    quoted += [line["text"] for theme in data["themes"] for line in theme["support"]]
    quoted += [point for points in data["key_points"] for point in points["points"]]
    assert quoted and not [text for text in quoted if "|" in text or "Old Name" in text]
    assert "Migrate the user record schema in small steps, one field at a time." in quoted


def test_min_shared_fails_with_the_documented_code(invoke):
    result = invoke("combine", PM, SOURDOUGH, "--min-shared", "3")
    assert result.exit_code == ExitCode.NOTHING_TO_COMBINE
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("hatch: error: ")
    assert invoke("combine", AI, CREATORS, "--min-shared", "3").exit_code == 0


def test_three_notes_combine(invoke):
    result = invoke(
        "combine", AI, CREATORS, str(NOTES / "dataset-licensing-checklist.md"), "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 3
    assert len(data["key_points"]) == 3


def test_output_is_byte_identical_on_a_rerun(invoke):
    for fmt in ("markdown", "json", "rich"):
        first = invoke("combine", AI, CREATORS, "--format", fmt).stdout
        second = invoke("combine", AI, CREATORS, "--format", fmt).stdout
        assert first == second
        assert first


def test_date_option_and_source_date_epoch_pin_the_date(invoke, monkeypatch):
    data = json.loads(invoke("combine", AI, CREATORS, "-f", "json", "--date", "2024-05-31").stdout)
    assert data["date"] == "2024-05-31"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717113600")
    data = json.loads(invoke("combine", AI, CREATORS, "-f", "json").stdout)
    assert data["date"] == "2024-05-31"


def test_bad_date_is_a_usage_error(invoke):
    result = invoke("combine", AI, CREATORS, "--date", "yesterday")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "--date" in result.stderr


def test_rich_format_prints_note_text_verbatim(invoke, tmp_path):
    a = write_note(
        tmp_path,
        "a.md",
        '---\ntitle: "Curation [bold]matters[/bold] [link=http://x]here[/link]"\n---\n'
        "Curation needs taste, and [/x] stays as it is.\n",
    )
    b = write_note(tmp_path, "b.md", "# Taste\n\nCuration and taste go together, says [red] me.\n")
    result = invoke("combine", str(a), str(b), "--format", "rich")
    assert result.exit_code == 0, result.stderr
    assert "Curation [bold]matters[/bold] [link=http://x]here[/link]" in result.stdout
    assert "[/x]" in result.stdout
    assert "[red]" in result.stdout
    assert "\x1b" not in result.stdout  # NO_COLOR and not a terminal


def test_stdin_note(invoke, tmp_path):
    text = Path(CREATORS).read_text(encoding="utf-8")
    result = invoke("combine", AI, "-", "-f", "json", input=text)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sources"][1]["path"] == "-"
    assert data["shared_keywords"]


# --- output files ---------------------------------------------------------------------


def test_output_file_is_written_and_never_overwritten_without_force(invoke, tmp_path):
    target = tmp_path / "idea.md"
    first = invoke("combine", AI, CREATORS, "-o", str(target))
    assert first.exit_code == 0
    assert first.stdout == ""
    assert "wrote" in first.stderr
    original = target.read_bytes()
    assert original.startswith(b"---\n")
    target.write_bytes(b"precious")
    again = invoke("combine", AI, CREATORS, "-o", str(target))
    assert again.exit_code == ExitCode.OUTPUT_EXISTS
    assert target.read_bytes() == b"precious"
    assert "--force" in again.stderr
    forced = invoke("combine", AI, CREATORS, "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idea.md"]  # no temp files left


def test_output_never_goes_onto_an_input(invoke, tmp_path):
    a = write_note(tmp_path, "a.md", Path(AI).read_text(encoding="utf-8"))
    b = write_note(tmp_path, "b.md", Path(CREATORS).read_text(encoding="utf-8"))
    before = snapshot(str(a), str(b))
    result = invoke("combine", str(a), str(b), "-o", str(a), "--force")
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert "input" in result.stderr
    assert snapshot(str(a), str(b)) == before


def test_output_into_a_missing_folder_fails_cleanly(invoke, tmp_path):
    result = invoke("combine", AI, CREATORS, "-o", str(tmp_path / "nope" / "idea.md"))
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert result.stderr.count("\n") == 1


def test_failed_write_leaves_no_partial_file(invoke, tmp_path, monkeypatch):
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, CREATORS, "-o", str(target))
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert "no space left" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- bad input: one line on stderr, a documented code, inputs untouched -----------------


def _assert_one_line_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("hatch: error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


BAD_NOTES = {
    "broken-yaml": ("---\ntitle: [unclosed\n---\nBody text here.\n", "not valid YAML (line 2)"),
    "unclosed-fence": ("---\ntitle: x\nno closing fence\n", "never closed"),
    "list-frontmatter": ("---\n- a\n- b\n---\nBody text.\n", "not a mapping"),
    "python-tag": ("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nBody.\n", "YAML"),
    "broken-toml": ("+++\ntitle = \n+++\nBody.\n", "not valid TOML"),
    "broken-json": ('{\n"title": \n}\nBody.\n', "not valid JSON"),
    "empty": ("", "empty note"),
    "only-frontmatter": ("---\ntags: [a]\n---\n", "empty note"),
    "only-whitespace": ("  \n\n\t\n", "empty note"),
    "alias-bomb": (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "tags: *f\n---\nBody.\n",
        "has 1,270,482 keys and values once its YAML aliases are expanded",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_NOTES))
def test_bad_note_is_one_line_naming_the_file(invoke, tmp_path, case):
    text, needle = BAD_NOTES[case]
    bad = write_note(tmp_path, f"{case}.md", text)
    before = snapshot(str(bad), AI)
    result = invoke("combine", str(bad), AI)
    _assert_one_line_error(result, ExitCode.BAD_NOTE, str(bad), needle)
    assert snapshot(str(bad), AI) == before


def test_missing_file(invoke):
    result = invoke("combine", "notes/missing.md", AI)
    _assert_one_line_error(result, ExitCode.BAD_NOTE, "notes/missing.md", "no such file")


def test_folder_instead_of_a_note(invoke, tmp_path):
    result = invoke("combine", str(tmp_path), AI)
    _assert_one_line_error(result, ExitCode.BAD_NOTE, str(tmp_path), "folder")


def test_unreadable_file(invoke, tmp_path, monkeypatch):
    locked = write_note(tmp_path, "locked.md", "# Locked\n\nSecret text.\n")
    locked.chmod(0)
    if os.name == "posix" and os.geteuid() == 0:
        # root reads anything: make the operating system's answer the one a user would get
        real_open = os.open

        def denied(file, *args, **kwargs):
            if str(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    result = invoke("combine", str(locked), AI)
    _assert_one_line_error(result, ExitCode.BAD_NOTE, str(locked), "permission denied")


def test_non_utf8_note_fails_or_is_replaced_on_request(invoke, tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# Café notes\n\nCuration in a café.\n".encode("latin-1"))
    result = invoke("combine", str(bad), CURATION)
    _assert_one_line_error(result, ExitCode.BAD_NOTE, str(bad), "not valid UTF-8", "--errors")
    replaced = invoke("combine", str(bad), CURATION, "--errors", "replace", "-f", "json")
    assert replaced.exit_code == 0, replaced.stderr


def test_fewer_than_two_notes(invoke):
    result = invoke("combine", AI)
    _assert_one_line_error(result, ExitCode.NOTHING_TO_COMBINE, "at least two notes")


def test_no_arguments_is_a_usage_error(invoke):
    result = invoke("combine")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""


def test_odd_frontmatter_types_are_normalised(invoke, tmp_path):
    odd = write_note(
        tmp_path,
        "odd.md",
        "---\ntitle: 1984\ndate: 2024-01-02\ntags: curation, taste\nauthor: {name: x}\n---\n"
        "Curation is taste made public.\n",
    )
    result = invoke("combine", str(odd), CURATION, "-f", "json")
    assert result.exit_code == 0, result.stderr
    source = json.loads(result.stdout)["sources"][0]
    assert source["title"] == "1984"
    assert source["date"] == "2024-01-02"
    assert source["tags"] == ["curation", "taste"]


def test_frontmatter_formats_and_title_fallbacks(tmp_path):
    yaml_note = write_note(tmp_path, "y.md", "---\ntitle: From YAML\n---\nText body.\n")
    toml_note = write_note(tmp_path, "t.md", '+++\ntitle = "From TOML"\n+++\nText body.\n')
    json_note = write_note(tmp_path, "j.md", '{\n  "title": "From JSON"\n}\n\nText body.\n')
    h1_note = write_note(tmp_path, "h.md", "# From H1\n\nText body.\n")
    bare = write_note(tmp_path, "from-file-name.md", "Just a line of text.\n")
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf---\r\ntitle: With BOM\r\n---\r\nText body.\r\n")
    titles = [
        read_note(str(p)).title for p in (yaml_note, toml_note, json_note, h1_note, bare, bom)
    ]
    assert titles == [
        "From YAML",
        "From TOML",
        "From JSON",
        "From H1",
        "from-file-name",
        "With BOM",
    ]


def test_body_structure_code_urls_wikilinks_and_tags(tmp_path):
    note = write_note(
        tmp_path,
        "z.md",
        "---\ntags: [alpha]\n---\n# Title here\n\nSee [[other-note|the other note]] and "
        "[[plain-target]] at https://example.com/path?q=query1 now #beta.\n\n"
        "```python\nfenced_word = 1\n```\n\n<div>htmlword<script>scriptword</script></div>\n\n"
        "Inline `after_commit` is [read](https://docs.rubyonrails.org/callbacks.html).\n\n"
        "> A quoted line.\n\n- a list item\n",
    )
    parsed = read_note(str(note))
    text = " ".join(block.text for block in parsed.blocks)
    assert "the other note" in text and "plain-target" in text
    assert "https://example.com/path?q=query1 now" in text
    assert "Inline `after_commit` is read." in text  # inline code stays, as code
    terms = analyse(parsed, keep_sentences=False)
    # A URL's host and path are words; its scheme, top-level domain and query are not.
    assert {"exampl", "path", "doc", "rubyonrail", "callback"} <= set(terms.fields["link"])
    assert not {"https", "com", "org", "queri", "html"} & set(terms.counts)
    # An identifier is read whole and as its words, and remembered as code.
    assert {"after_commit", "commit"} <= set(terms.fields["code"])  # "after": a stopword
    assert terms.is_code("after_commit") and not terms.is_code("commit")
    assert terms.display("after_commit") == "after_commit"
    # A code block is its own field; HTML is read for its text, never for its scripts.
    assert {"fenced_word", "fenc", "word"} <= set(terms.fields["fence"])
    assert "htmlword" in text and "htmlword" in terms.counts
    assert "scriptword" not in text and "scriptword" not in terms.counts
    assert "alpha" in terms.counts and "beta" in terms.counts
    assert set(parsed.tags) == {"alpha", "beta"}
    assert {"other-note", "plain-target"} <= set(parsed.links)
    assert [b.kind for b in parsed.blocks] == [
        "heading", "paragraph", "code", "paragraph", "paragraph", "quote", "item",
    ]  # fmt: skip
    assert parsed.blocks[4].urls == ("https://docs.rubyonrails.org/callbacks.html",)


# --- the installed entry points --------------------------------------------------------


@pytest.mark.slow
def test_module_entry_point_in_a_subprocess(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PY_COLORS")}
    proc = subprocess.run(
        [sys.executable, "-m", "hatch_cli", "combine", AI, CREATORS, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema_version"] == 2
    missing = subprocess.run(
        [sys.executable, "-m", "hatch_cli", "combine", "notes/missing.md", AI],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == ExitCode.BAD_NOTE
    assert missing.stdout == ""
    assert missing.stderr.strip().splitlines() == ["hatch: error: notes/missing.md: no such file"]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pipe")
def test_closed_stdout_ends_quietly_with_the_documented_code():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before hatch writes a byte
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "hatch_cli", "combine", AI, CREATORS],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == ExitCode.BROKEN_PIPE
    assert proc.stderr == ""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pipe")
def test_head_one_ends_quietly():
    script = f"{shlex.quote(sys.executable)} -m hatch_cli combine {AI} {CREATORS} | head -1"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert proc.stdout == "---\n"
    assert proc.stderr == ""


def test_ctrl_c_exits_130_quietly(invoke, monkeypatch):
    import hatch_cli.notes

    def interrupted(path: str, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(hatch_cli.notes, "read_note", interrupted)
    result = invoke("combine", AI, CREATORS)
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_errors_replace_warns_once_naming_the_note(invoke, tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# Café notes\n\nCuration in a café.\n".encode("latin-1"))
    result = invoke("combine", str(bad), CURATION, "--errors", "replace", "-f", "json")
    assert result.exit_code == 0
    problem = "not valid UTF-8 (byte 5, line 1); undecodable bytes shown as \ufffd"
    assert result.stderr.splitlines() == [f"hatch: warning: {bad}: {problem}"]
    assert json.loads(result.stdout)["sources"][0]["title"] == "Caf\ufffd notes"


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
def test_unrelated_notes_bring_a_notice_in_a_terminal_only(tmp_path):
    """stderr a terminal: one notice line; piped (as in every CliRunner test): none."""
    import pty

    notes = [str(NOTES / "bouldering-footwork.md"), str(NOTES / "one-on-ones-that-work.md")]
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "hatch_cli", "combine", *notes, "-f", "json"],
            stdout=subprocess.PIPE,
            stderr=terminal,
            check=False,
            cwd=tmp_path,
        )
        os.close(terminal)
        said = b""
        while True:
            try:
                piece = os.read(controller, 4096)
            except OSError:
                break
            if not piece:
                break
            said += piece
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["related"] is False
    lines = said.decode().strip().splitlines()
    notice = "hatch: note: these notes share no subject: the outline sets them side by side"
    assert lines == [notice]
    piped = subprocess.run(
        [sys.executable, "-m", "hatch_cli", "combine", *notes, "-f", "json"],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert piped.returncode == 0 and piped.stderr == b""


def test_errors_option_also_reads_the_vault(invoke, monkeypatch):
    import hatch_cli.api as api

    seen: dict[str, object] = {}
    real = api.open_vault

    def spy(paths, **options):
        seen.update(options)
        return real(paths, **options)

    monkeypatch.setattr(api.vaults, "open_vault", spy)
    result = invoke("combine", CURATION, BRANDS, "--vault", str(NOTES), "--errors", "replace")
    assert result.exit_code == 0, result.stderr
    assert seen["errors"] == "replace"
