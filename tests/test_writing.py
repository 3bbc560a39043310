"""What hatch writes from the notes (issue 26): code travels with the sentence that
introduces it, a note's point comes first, and advice is what the notes tell the reader
to do, all of it and nothing else. Pure tests of the core on notes read from Markdown."""

from __future__ import annotations

import datetime as dt

from hatch_cli.core.reading.terms import analyse
from hatch_cli.core.writing.advice import is_action, open_questions
from hatch_cli.core.writing.article import write_article
from hatch_cli.core.writing.combine import combine
from hatch_cli.models import Note, Outline
from hatch_cli.notes import parse_note

DATE = dt.date(2024, 5, 31)


def read(name: str, text: str) -> Note:
    return parse_note(text, name)


def sentences_of(text: str, lang: str = "en") -> dict[str, bool]:
    """Each sentence of a one-note body, and whether it is advice."""
    note = parse_note(text, "a.md")
    terms = analyse(note)
    return {s.text: is_action(s, lang) for s in terms.sentences if s.kind != "title"}


POSTGRES = """# Statement timeouts in Postgres

A statement timeout stops a runaway query before it eats the database connection.
In Postgres you can set the execution time like so.

```sql
set statement_timeout = '5s';
select count(*) from big_table;
```

The timeout applies to each statement in the session, and a cancelled query is logged.
"""

SQLITE = """# Query timeouts in SQLite

SQLite has no statement timeout, so a long query needs a progress handler on the connection.
The handler cancels the query when it returns non-zero:

```python
conn.set_progress_handler(handler, 1000)
```

A cancelled query rolls back its statement, and the database connection stays usable.
"""


def both() -> Outline:
    return combine([read("pg.md", POSTGRES), read("sq.md", SQLITE)], date=DATE)


def test_a_sentence_that_introduces_code_is_quoted_with_its_code() -> None:
    outline = both()
    for points, lead, first in (
        (outline.key_points[0], "like so", "set statement_timeout"),
        (outline.key_points[1], "returns non-zero:", "conn.set_progress_handler"),
    ):
        (code,) = points.code
        assert lead in points.points[code.after]
        assert code.text.startswith(first)
    # nowhere else is the lead-in quoted without its code
    for theme in outline.themes:
        assert not any("like so" in line.text for line in theme.support)


def test_the_article_shows_code_as_code_after_its_sentence() -> None:
    from hatch_cli.render.to_article import article_body

    body = article_body(write_article(both()))
    assert (
        "In Postgres you can set the execution time like so.\n\n```sql\nset statement_timeout"
        in body
    )
    assert "returns non-zero:\n\n```python\nconn.set_progress_handler(handler, 1000)\n```" in body


def test_a_long_code_block_is_cut_at_a_line_and_says_what_was_left_out() -> None:
    lines = "\n".join(f"step_{n}()" for n in range(30))
    long = POSTGRES.replace("select count(*) from big_table;", lines)
    outline = combine([read("pg.md", long), read("sq.md", SQLITE)], date=DATE)
    (code,) = outline.key_points[0].code
    assert code.text.splitlines()[-1] == "step_10()"  # 12 lines kept, whole lines
    assert code.lines_left_out == 19
    from hatch_cli.render.to_markdown import to_markdown

    assert "(… 19 more lines of code in the note)" in to_markdown(outline)


def test_key_points_open_with_the_notes_thesis() -> None:
    # the opening carries little of the note's weight, the sentences after it much
    opening = "An estimate is a conversation between people, not a promise."
    rest = " ".join(
        f"The Jira velocity burndown of squad {n} tracks throughput, velocity and burndown."
        for n in "ABCDE"
    )
    a = read("a.md", f"# Estimates\n\n{opening} {rest}")
    b = read(
        "b.md",
        "# Forecasts\n\nMonte Carlo forecasts sample historical throughput from Jira. "
        "Story points and velocity feed the burndown.",
    )
    points = combine([a, b], date=DATE).key_points[0].points
    assert points[0] == opening
    assert points[1:] == tuple(
        f"The Jira velocity burndown of squad {n} tracks throughput, velocity and burndown."
        for n in "CD"
    )


def test_an_opening_that_only_leads_in_is_no_thesis() -> None:
    from hatch_cli.core.writing.combine import thesis

    for lead in ("Hi everyone!", "Last week we wrote about estimates.", "Why estimate at all?"):
        terms = analyse(read("a.md", f"{lead} Story points compare tickets with each other."))
        found = thesis(terms.sentences)
        assert found is not None and found.text == "Story points compare tickets with each other."
    terms = analyse(read("a.md", "Here is what I found:\n\n- a list item of four words"))
    found = thesis(terms.sentences)
    assert found is None or not found.text.endswith(":")


def test_imperatives_wherever_they_stand_are_advice() -> None:
    said = sentences_of(
        "The build was slow. If the cache is cold, run the warm-up script first. "
        "Keep the lock file in version control.\n\n"
        "Next year: stake the tomatoes on the day they go in.\n\n"
        "You should pin the versions of every plugin you use.\n\n"
        "Always check the logs before you restart anything."
    )
    assert said == {
        "The build was slow.": False,
        "If the cache is cold, run the warm-up script first.": True,
        "Keep the lock file in version control.": True,
        "Next year: stake the tomatoes on the day they go in.": True,
        "You should pin the versions of every plugin you use.": True,
        "Always check the logs before you restart anything.": True,
    }
    # Elsewhere, as before: only list items under the author's own advice heading.
    text = "Man sollte den Teig ruhen lassen.\n\n## To-do\n\n- Den Teig über Nacht ruhen lassen."
    assert sentences_of(text, "de") == {
        "Man sollte den Teig ruhen lassen.": False,
        "Den Teig über Nacht ruhen lassen.": True,
    }


def test_questions_calls_to_action_cells_and_fragments_are_never_advice() -> None:
    said = sentences_of(
        "Want to view the aggregate changes? Use the diff command on the branch.\n\n"
        "Learn more about the programme and register for the webinar today! "
        "Check out how the agency built its mobile app.\n\n"
        "| step | what |\n| --- | --- |\n| Use the cache for every build | yes |\n\n"
        "## Tips\n\n- Use caution\n- Keep your notes short and dated.\n"
    )
    assert said["Want to view the aggregate changes?"] is False
    assert said["Use the diff command on the branch."] is True
    assert said["Learn more about the programme and register for the webinar today!"] is False
    assert said["Check out how the agency built its mobile app."] is False
    assert not any(said[text] for text in said if "|" in text)
    assert said["Use caution"] is False  # a fragment
    assert said["Keep your notes short and dated."] is True


def test_a_question_answered_after_it_is_not_open_but_one_left_standing_is() -> None:
    terms = analyse(
        read(
            "a.md",
            "Want to view the aggregate changes? Use the diff command.\n\n"
            "## Later\n\nWhat happens to the stashed changes after a rebase?\n\n"
            "## Done\n\nNothing.",
        )
    )
    assert [s.text for s in open_questions(terms, {})] == [
        "What happens to the stashed changes after a rebase?"
    ]


def test_notes_that_advise_nothing_get_no_advice_and_no_question_as_advice() -> None:
    a = read(
        "a.md",
        "# Museums\n\nA museum keeps far more than it shows to visitors. "
        "What does a curator owe the work that stays in storage?",
    )
    b = read(
        "b.md",
        "# Storage\n\nA museum shows a small part of what it keeps in storage. "
        "The rest waits for years, looked after by a curator.",
    )
    outline = combine([a, b], date=DATE)
    assert outline.advice == ()
    assert outline.questions == ("What does a curator owe the work that stays in storage?",)
    article = write_article(outline)
    assert article.advice == () and article.advice_lead == ""
    assert article.connection.items == outline.questions


def test_advice_from_both_notes_on_a_shared_theme_says_how_they_relate() -> None:
    a = read(
        "a.md",
        "# Backups\n\nBackups fail quietly when nobody checks them. "
        "Test every backup restore on a spare machine each month.",
    )
    b = read(
        "b.md",
        "# Restores\n\nA restore is the only proof that a backup works. "
        "Never run a backup restore on the production machine.",
    )
    article = write_article(combine([a, b], date=DATE))
    assert len(article.advice) == 2
    assert "one as a thing to do and the other as a thing not to do" in article.advice_lead


def test_a_line_a_vault_repeats_still_introduces_its_code() -> None:
    from hatch_cli.core.reading.boilerplate import block_units, strip_recurring

    note = read(
        "a.md", "Colours are set by an environment variable.\n\nExample:\n\n```\nexport X=1\n```\n"
    )
    recurring = frozenset(block_units(note)[1:2])  # "Example:" recurs across the vault
    assert strip_recurring(note, recurring).blocks[1].kind == "code"  # counted: left out
    kept = strip_recurring(note, recurring, keep_leads=True)
    assert [block.text for block in kept.blocks] == [
        "Colours are set by an environment variable.",
        "Example:",
        "export X=1",
    ]


def test_code_a_vault_repeats_is_still_quoted_after_the_line_that_introduces_it() -> None:
    from hatch_cli.core.reading.boilerplate import block_units, strip_recurring

    note = read(
        "a.md",
        "Colours follow the terminal.\n\nThe command I run when testing:\n\n```\n$ go test\n```\n",
    )
    recurring = frozenset(block_units(note)[2:3])  # many notes show "$ go test"
    assert [b.text for b in strip_recurring(note, recurring).blocks] == [
        "Colours follow the terminal.",
        "The command I run when testing:",
    ]  # counted: left out
    kept = strip_recurring(note, recurring, keep_leads=True)  # quoted: with its lead-in
    assert [block.text for block in kept.blocks][-1] == "$ go test"
    alone = read("b.md", "Colours follow the terminal.\n\n```\n$ go test\n```\n")
    units = block_units(alone)
    bare = frozenset(units[1:2])
    template = strip_recurring(alone, bare | frozenset(units[:1]), keep_leads=True)
    assert [block.text for block in template.blocks] == ["Colours follow the terminal."]


def test_a_caption_line_before_code_is_quoted_with_it() -> None:
    rbenv = read(
        "rbenv.md",
        "# Use rbenv\n\nList all available Ruby versions\n\n```shell\nrbenv install -l\n```\n\n"
        "Set the global Ruby version\n\n```shell\nrbenv global 3.3.0\n```\n",
    )
    rvm = read("rvm.md", "# Use rvm\n\nrvm installs Ruby versions side by side, like rbenv does.")
    points = combine([rbenv, rvm], date=DATE).key_points[0]
    assert [points.points[code.after] for code in points.code] == [
        "List all available Ruby versions",
        "Set the global Ruby version",
    ]
    assert [code.text for code in points.code] == ["rbenv install -l", "rbenv global 3.3.0"]


def test_a_task_still_to_do_is_advice_in_any_language_and_a_done_one_is_not() -> None:
    """A task box says what is to do whatever the words: an unchecked item is advice even
    when it is no imperative, or not in English; a checked one is done, not advice."""
    body = (
        "# Garden plan\n\nTomatoes want sun and steady water through the summer.\n\n"
        "- [ ] Tomatoes along the south fence this spring\n"
        "- [x] Compost bins emptied in March behind the shed\n"
    )
    said = sentences_of(body)
    assert said["Tomatoes along the south fence this spring"] is True
    assert said["Compost bins emptied in March behind the shed"] is False
    german = sentences_of(
        "# Gartenplan\n\n- [ ] Tomaten am Südzaun in diesem Frühjahr\n"
        "- Tomaten am Westzaun im letzten Jahr\n",
        "de",
    )
    assert german == {
        "Tomaten am Südzaun in diesem Frühjahr": True,
        "Tomaten am Westzaun im letzten Jahr": False,
    }
