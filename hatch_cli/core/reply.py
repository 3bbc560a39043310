"""A language model's answer -> the parts of an ``Article``, or what is wrong with it. Pure.

The answer is JSON (for a model that took ``brief.answer_schema``) or Markdown in the
form the brief gives; ``parse_reply`` reads either, whichever the text is (a model asked
for Markdown that answers in JSON is fine, and so is JSON inside a code fence). Every
string goes through the same Markdown reader as a note (``core.text``), so emphasis and
links become plain text, inline code stays code and a block quote becomes a quoted
passage (which ``core.grounding`` then checks).

A wrong shape is a list of problems, each a short clause that can be told to the model
when it is asked again: an empty answer, text that is neither form, a missing part, a
section count that is not one per note, advice that is not exactly three items.
``model_article`` then builds the ``Article`` around a good draft: the words are the
model's, everything else (date, tags, sources, reading time, the advice's lead) is
hatch's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hatch_cli.core.article import framed
from hatch_cli.core.brief import ADVICE_ITEMS
from hatch_cli.core.phrasebook import phrasebook
from hatch_cli.core.text import parse_body
from hatch_cli.models import Advice, Article, Block, Outline, Section, Trimmed

_FENCE = re.compile(r"^```[\w-]*\s*\n(?P<body>.*)\n```\s*$", re.DOTALL)
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")


@dataclass(frozen=True)
class Draft:
    """What the model wrote, in the article's parts."""

    title: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    connection: Section
    advice: tuple[str, ...]
    conclusion: tuple[str, ...]

    def texts(self) -> Iterator[str]:
        """Every piece of prose in it (what grounding reads)."""
        yield self.title
        yield from self.intro
        for section in (*self.sections, self.connection):
            yield from section.paragraphs
            yield from section.items
        yield from self.advice
        yield from self.conclusion


@dataclass(frozen=True)
class Parsed:
    """A draft, or the problems that kept the answer from being one."""

    draft: Draft | None
    problems: tuple[str, ...] = ()


def parse_reply(text: str, sources: int) -> Parsed:
    """Read a model's answer for an article of ``sources`` notes."""
    body = text.strip()
    if not body:
        return Parsed(None, ("the answer was empty",))
    fenced = _FENCE.match(body)
    if fenced and (body.startswith("```json") or fenced.group("body").lstrip()[:1] in ("{", "[")):
        body = fenced.group("body").strip()
    if body[:1] in ("{", "["):
        return _from_json(body, sources)
    return _from_markdown(body, sources)


def model_article(
    draft: Draft,
    outline: Outline,
    *,
    model: str,
    unverified: Sequence[str] = (),
    trimmed: Sequence[Trimmed] = (),
) -> Article:
    """The article a model wrote for ``outline``: its words, hatch's frame."""
    book = phrasebook(outline.lang)
    sections = tuple(
        Section(heading=section.heading or source.title, paragraphs=section.paragraphs)
        for section, source in zip(draft.sections, outline.sources, strict=True)
    )
    return framed(
        outline,
        title=draft.title,
        intro=draft.intro,
        sections=sections,
        connection=draft.connection,
        advice_lead=book.advice_lead(len(draft.advice)),
        advice=tuple(Advice(text=item) for item in draft.advice),
        conclusion=draft.conclusion,
        model=model,
        unverified_quotes=tuple(unverified),
        trimmed=tuple(trimmed),
    )


# --------------------------------------------------------------------------- JSON


def _from_json(body: str, sources: int) -> Parsed:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as err:
        return Parsed(None, (f"it is not valid JSON ({err.msg}, line {err.lineno})",))
    if not isinstance(data, dict):
        return Parsed(None, ("it is not a JSON object",))
    problems: list[str] = []
    title = " ".join(_paragraphs(data.get("title")))
    if not title:
        problems.append('"title" is missing or empty')
    intro = _paragraphs(data.get("intro"))
    if not intro:
        problems.append('"intro" is missing or empty')
    raw_sections = data.get("sections")
    sections: list[Section] = []
    if not isinstance(raw_sections, list):
        problems.append(f'"sections" is missing: it needs {sources} objects, one per note')
    else:
        sections = [_json_section(item) for item in raw_sections]
        if len(sections) != sources:
            problems.append(
                f'"sections" has {len(sections)} objects; it needs exactly {sources}, one per '
                "note, in order"
            )
        elif any(not section.paragraphs for section in sections):
            problems.append('a section of "sections" has no paragraphs')
    connection = _json_section(data.get("connection"))
    if not connection.paragraphs:
        problems.append('"connection" is missing or has no paragraphs')
    advice = _advice(data.get("advice"))
    if len(advice) != ADVICE_ITEMS:
        problems.append(_advice_problem(len(advice), '"advice" has'))
    conclusion = _paragraphs(data.get("conclusion"))
    if not conclusion:
        problems.append('"conclusion" is missing or empty')
    if problems:
        return Parsed(None, tuple(problems))
    draft = Draft(title, intro, tuple(sections), connection, advice, conclusion)
    return Parsed(draft)


def _json_section(value: Any) -> Section:
    if isinstance(value, dict):
        heading = " ".join(_paragraphs(value.get("heading")))
        return Section(heading=heading, paragraphs=_paragraphs(value.get("paragraphs")))
    return Section(heading="", paragraphs=_paragraphs(value))


def _advice(value: Any) -> tuple[str, ...]:
    """Advice items as strings; an item may also be an object with a lead and a text."""
    if isinstance(value, str):
        value = [line for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        return ()
    items = []
    for item in value:
        if isinstance(item, dict):
            lead = " ".join(_paragraphs(item.get("title") or item.get("lead")))
            text = " ".join(_paragraphs(item.get("text") or item.get("advice")))
            item = f"{lead}: {text}" if lead and text else lead or text
        if isinstance(item, str):
            text = " ".join(_paragraphs(_NUMBERING.sub("", item)))
            if text:
                items.append(text)
    return tuple(items)


def _paragraphs(value: Any) -> tuple[str, ...]:
    """A string or a list of strings, each read as Markdown into plain paragraphs."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    found: list[str] = []
    for item in value:
        if isinstance(item, str):
            found += [_plain(block) for block in parse_body(item).blocks if block.kind != "code"]
    return tuple(text for text in found if text)


def _plain(block: Block) -> str:
    """A block's text; a block quote as a quoted passage."""
    if block.kind == "quote":
        return f"“{block.text}”"
    return block.text


# --------------------------------------------------------------------------- Markdown


def _from_markdown(body: str, sources: int) -> Parsed:
    read = parse_body(body)
    blocks = [block for block in read.blocks if block.kind != "code"]
    title = ""
    if blocks and blocks[0].kind == "heading" and blocks[0].text == read.first_h1:
        title = blocks.pop(0).text
    intro: list[str] = []
    groups: list[tuple[str, list[str], list[str]]] = []
    for block in blocks:
        if block.kind == "heading":
            groups.append((block.text, [], []))
        elif not groups:
            intro.append(_plain(block))
        elif block.kind == "item":
            groups[-1][2].append(block.text)
        else:
            groups[-1][1].append(_plain(block))
    expected = sources + 3
    problems: list[str] = []
    if not title:
        problems.append("it does not start with a '# ' title line")
    if not intro:
        problems.append("it has no intro paragraph between the title and the first section")
    if len(groups) != expected:
        problems.append(
            f"it has {len(groups)} '## ' sections after the title; it needs exactly "
            f"{expected}: one per note ({sources}), how they connect, the advice, the conclusion"
        )
        return Parsed(None, tuple(problems))
    notes, (connect, advice, closing) = groups[:sources], groups[sources:]
    if any(not (paragraphs or items) for _, paragraphs, items in notes):
        problems.append("a section for a note has no paragraphs")
    if not (connect[1] or connect[2]):
        problems.append("the section on how the notes connect is empty")
    if len(advice[2]) != ADVICE_ITEMS:
        problems.append(_advice_problem(len(advice[2]), "the advice section has"))
    conclusion = tuple(closing[1] + closing[2])
    if not conclusion:
        problems.append("the conclusion is empty")
    if problems:
        return Parsed(None, tuple(problems))
    draft = Draft(
        title=title,
        intro=tuple(intro),
        sections=tuple(
            Section(heading=heading, paragraphs=tuple(paragraphs + items))
            for heading, paragraphs, items in notes
        ),
        connection=Section(
            heading=connect[0], paragraphs=tuple(connect[1]), items=tuple(connect[2])
        ),
        advice=tuple(advice[2]),
        conclusion=conclusion,
    )
    return Parsed(draft)


def _advice_problem(count: int, subject: str) -> str:
    return f"{subject} {count} items; it needs exactly {ADVICE_ITEMS}"
