"""Outline -> Markdown that is itself a note: frontmatter hatch can read back, then a body.

Frontmatter values are written as JSON scalars and flow lists, which YAML reads as they
are; that keeps the output byte-stable without a YAML dumper. Note text is escaped so it
renders literally: a note's ``*`` or ``[x]`` stays a character, not markup, and its
inline code stays code.
"""

from __future__ import annotations

import json
import re

from hatch_cli.core.phrasebook import phrasebook
from hatch_cli.core.text import CODE_SPAN, make_inert
from hatch_cli.models import Article, Outline

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LINE_START = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")
_BACKTICKS = re.compile(r"`+")


def escape(text: str) -> str:
    """Markdown-escape one line of note text so it renders as written (and inert); inline
    code (between backticks, as the reader keeps it) stays code."""
    text = make_inert(text)
    if "`" in text:
        parts = CODE_SPAN.split(text)
        text = "".join(
            _INLINE_SPECIAL.sub(r"\\\1", part) if i % 2 == 0 else code(part)
            for i, part in enumerate(parts)
        )
    else:
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def code(text: str) -> str:
    """A code span that holds ``text`` verbatim, whatever backticks it has."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(value) for value in values) + "]"


def tag_of(keyword: str) -> str:
    """A keyword as a tag Obsidian accepts: no spaces, no '#', written as the notes write
    it (``生成AI``, ``Sauerteig``, ``curation``)."""
    return re.sub(r"[\s#]+", "-", keyword.strip()).strip("-")


def _bare(key: str, value: object) -> bool:
    """Numbers and an ISO date go unquoted, so YAML reads them back as what they are."""
    if key == "date" and isinstance(value, str):
        return bool(_ISO_DATE.fullmatch(value))
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def frontmatter(fields: dict[str, object]) -> str:
    """A YAML frontmatter block from simple values (str, int, float, list of str)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: {_flow_list([str(item) for item in value])}")
        elif _bare(key, value):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_scalar(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def hatched_frontmatter(piece: Outline | Article) -> str:
    """The frontmatter of a note hatched from other notes (an outline or an article),
    which hatch reads back: tags from the shared keywords, the sources' paths; for an
    article a language model wrote, the model, the quotes hatch could not find in the
    notes and the notes it trimmed."""
    keywords = piece.shared_keywords if isinstance(piece, Outline) else piece.tags
    tags = [tag_of(word) for word in keywords[:8]]
    fields: dict[str, object] = {
        "title": piece.title,
        "date": piece.date,
        "tags": [tag for tag in dict.fromkeys(tags) if tag],
        "hatched_from": [source.path for source in piece.sources],
        "relatedness": piece.relatedness,
        "reading_time": f"{piece.reading_time_minutes} min",
    }
    if isinstance(piece, Article) and piece.model:
        # Written by a language model: which one, and what hatch's checks found.
        fields["model"] = piece.model
        fields["unverified_quotes"] = list(piece.unverified_quotes)
        if piece.trimmed:
            fields["trimmed"] = [
                f"{cut.path} ({cut.words_sent} of {cut.words} words)" for cut in piece.trimmed
            ]
    return frontmatter(fields)


def to_markdown(outline: Outline) -> str:
    """The outline as a Markdown note with frontmatter."""
    book = phrasebook(outline.lang)
    titles = {source.path: source.title for source in outline.sources}
    out = [hatched_frontmatter(outline), f"# {escape(outline.title)}", ""]
    if outline.intro:
        out += [escape(outline.intro), ""]
    if outline.related:
        out += [f"## {book.heading('themes')}", ""]
        for theme in outline.themes:
            out += [f"### {code(theme.keyword) if theme.code else escape(theme.keyword)}", ""]
            out += [
                f"- {escape(titles.get(line.source, line.source))}: {escape(line.text)}"
                for line in theme.support
            ]
            out.append("")
        if not outline.themes and book.writes_sentences:
            words = [f"`{w}`" if w in outline.code_keywords else w for w in outline.shared_keywords]
            out += [escape(book.shared_unsaid(words[:5])), ""]
    out += [f"## {book.heading('brings')}", ""]
    for points in outline.key_points:
        out += [f"### {escape(points.title)}", ""]
        lines = [f"- {escape(point)}" for point in points.points]
        out += lines or ([f"- {escape(book.nothing_more())}"] if book.writes_sentences else [])
        out.append("")
    if outline.questions:
        out += [f"## {book.heading('connect')}", ""]
        out += [f"- {escape(question)}" for question in outline.questions]
        out.append("")
    if outline.advice:
        out += [f"## {book.heading('advice')}", ""]
        out += [f"{number}. {escape(item.text)}" for number, item in enumerate(outline.advice, 1)]
        out.append("")
    if outline.conclusion:
        out += [f"## {book.heading('conclusion')}", "", escape(outline.conclusion), ""]
    out += [f"## {book.heading('sources')}", ""]
    out += [f"- {escape(source.title)} ({escape(source.path)})" for source in outline.sources]
    return "\n".join(out) + "\n"
