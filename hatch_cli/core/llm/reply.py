"""A language model's answer -> the parts of an ``Article``, or what is wrong with it. Pure.

The answer is JSON (for a model that took ``brief.answer_schema``) or Markdown in the
form the brief gives; ``parse_reply`` reads either, whichever the text is (a model asked
for Markdown that answers in JSON is fine, and so is JSON inside a code fence). Every
string goes through the same Markdown reader as a note (``core.reading.text``), so emphasis and
links become plain text, inline code stays code and a block quote becomes a quoted
passage (which ``core.llm.grounding`` then checks).

A wrong shape is a list of problems, each a short clause that can be told to the model
when it is asked again: an empty answer, text that is neither form, a missing part, a
section count that is not one per note, advice that is not exactly three items.

So is an answer too big to read: longer than ``MAX_REPLY_CHARS``, or JSON nested deeper
than ``MAX_JSON_DEPTH``, with a number of more than ``MAX_NUMBER_DIGITS`` digits, more
than ``MAX_JSON_STRINGS`` strings or more markup than one note may have
(``text.MAX_BODY_MARKS``: each string is read as Markdown, whose time goes by marks).
Those are checked on the text, before ``json.loads`` (which would recurse, or refuse a
long integer, with an exception) and before any part is read, so what a runaway or
hostile answer costs is bounded by the limits, not by its size. A draft that quotes more
than ``MAX_QUOTES`` passages is refused too: each is looked for in every note. A lone
surrogate (JSON's ``"\\ud800"``, which can't be written as UTF-8) becomes U+FFFD.

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

from hatch_cli.core.llm.brief import ADVICE_ITEMS
from hatch_cli.core.llm.grounding import quoted_passages
from hatch_cli.core.reading.inert import well_formed
from hatch_cli.core.reading.pulldown import parse_body
from hatch_cli.core.reading.text import MAX_BODY_MARKS, count_marks
from hatch_cli.core.writing.article import framed
from hatch_cli.core.writing.phrasebook import phrasebook
from hatch_cli.models import Advice, Article, Block, Outline, Section, Trimmed

#: The longest answer read, in characters. An article of 900 words is about 6,000; this
#: leaves room for any form and for a model's preamble. ``llm_writer.ask`` stops reading a
#: streamed answer here, so a model that never stops costs no more than this.
MAX_REPLY_CHARS = 256 * 1024
#: The deepest nesting of a JSON answer (an article's is 4).
MAX_JSON_DEPTH = 16
#: The longest number in a JSON answer, in digits (Python refuses an integer of 4,300).
MAX_NUMBER_DIGITS = 100
#: The most passages an article may quote: each is looked for in every note
#: (``core.llm.grounding``), and a few dozen is already a lot for 900 words.
MAX_QUOTES = 100
#: The most strings (keys too) in a JSON answer: an article has about 50, and each string
#: is read as Markdown (about 0.2 ms each).
MAX_JSON_STRINGS = 1000

_FENCE = re.compile(r"^```[\w-]*\s*\n(?P<body>.*)\n```\s*$", re.DOTALL)
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(f"[0-9]{{{MAX_NUMBER_DIGITS + 1}}}")


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
        """Every piece of prose in it, headings too (what grounding reads)."""
        yield self.title
        yield from self.intro
        for section in (*self.sections, self.connection):
            yield section.heading
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
    if len(text) > MAX_REPLY_CHARS:
        return Parsed(None, (f"it is longer than {MAX_REPLY_CHARS:,} characters",))
    body = well_formed(text).strip().lstrip("\ufeff")
    if not body:
        return Parsed(None, ("the answer was empty",))
    fenced = _FENCE.match(body)
    if fenced and (body.startswith("```json") or fenced.group("body").lstrip()[:1] in ("{", "[")):
        body = fenced.group("body").strip()
    parsed = _from_json(body, sources) if body[:1] in ("{", "[") else _from_markdown(body, sources)
    if parsed.draft is not None:
        quotes = sum(len(quoted_passages(text)) for text in parsed.draft.texts())
        if quotes > MAX_QUOTES:
            return Parsed(
                None, (f"it quotes {quotes:,} passages; an article quotes at most {MAX_QUOTES}",)
            )
    return parsed


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
    too_big = _too_big(body)
    if too_big:
        return Parsed(None, (too_big,))
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


def _too_big(body: str) -> str:
    """What makes JSON text too big to read (its strings, nesting or numbers), or ''."""
    bare, strings = _JSON_STRING.subn('""', body)
    if strings > MAX_JSON_STRINGS:
        return f"its JSON has more than {MAX_JSON_STRINGS:,} strings"
    if _LONG_NUMBER.search(bare):
        return f"its JSON has a number of more than {MAX_NUMBER_DIGITS} digits"
    depth = 0
    for bracket in _BRACKET.finditer(bare):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return f"its JSON is nested more than {MAX_JSON_DEPTH} deep"
    if count_marks(body) > MAX_BODY_MARKS:
        return f"it has more than {MAX_BODY_MARKS:,} line ends and markup characters"
    return ""


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
            blocks = parse_body(well_formed(item)).blocks
            found += [_plain(block) for block in blocks if block.kind != "code"]
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
