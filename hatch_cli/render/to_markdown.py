"""Outline -> Markdown that is itself a note: frontmatter hatch can read back, then a body.

Frontmatter values are written as JSON scalars and flow lists, which YAML reads as they
are; that keeps the output byte-stable without a YAML dumper. Characters YAML may not hold
raw (U+FFFE, U+FFFF and the other non-characters, C1 controls, line separators, a BOM) go
in as YAML escapes, so every value reads back exactly. Note text is escaped so it renders
literally, in CommonMark and in Obsidian: a note's ``*``, ``[x]``, ``<b>``, ``#tag``,
``$x$`` or ``==x==`` stays characters, not markup.
"""

from __future__ import annotations

import json
import re

from hatch_cli.core.text import make_inert
from hatch_cli.models import Outline

# CommonMark's inline markup, Obsidian's tags, math and block ids, and GFM tables and
# strikethrough; '=' and '%' only doubled (==highlight==, %%comment%%), '&' only where
# it starts an entity.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~^]|={2,}|%{2,}|&(?=#?\w+;))")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A quote, list item or setext underline; a backslash goes before the punctuation ("1\.").
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([>+=-]|(?<=\d)[.)])")
# What YAML forbids raw in a document (or reads as a line break), after json.dumps:
# C1 controls and DEL, U+2028/U+2029, a BOM, and the non-characters.
_NONCHARACTERS = "".join(chr(plane + low) for plane in range(0, 0x110000, 0x10000)
                         for low in (0xFFFE, 0xFFFF))  # fmt: skip
_YAML_RAW_UNSAFE = re.compile(
    "[\x7f-\x9f\u2028\u2029\ufeff\ufdd0-\ufdef" + re.escape(_NONCHARACTERS) + "]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape(text: str) -> str:
    """Markdown-escape one line of note text so it renders as written (and inert)."""
    text = _INLINE_SPECIAL.sub(_backslashed, make_inert(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _backslashed(match: re.Match[str]) -> str:
    return "".join("\\" + char for char in match.group(0))


def _scalar(value: object) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's) that reads back exactly."""
    if isinstance(value, str):
        # A lone surrogate can't be written as UTF-8 at all.
        value = _SURROGATE.sub("\ufffd", value)
    return _YAML_RAW_UNSAFE.sub(_yaml_escape, json.dumps(value, ensure_ascii=False))


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(value) for value in values) + "]"


def tag_of(keyword: str) -> str:
    """A keyword as a tag Obsidian accepts: no spaces, no '#'."""
    return re.sub(r"[\s#]+", "-", keyword.strip().lower()).strip("-")


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


def outline_frontmatter(outline: Outline, minutes: int) -> str:
    """The frontmatter of a note hatched from an outline, which hatch reads back."""
    tags = [tag_of(word) for word in outline.shared_keywords[:8]]
    return frontmatter(
        {
            "title": outline.title,
            "date": outline.date,
            "tags": [tag for tag in dict.fromkeys(tags) if tag],
            "hatched_from": [source.path for source in outline.sources],
            "relatedness": outline.relatedness,
            "reading_time": f"{minutes} min",
        }
    )


def to_markdown(outline: Outline) -> str:
    """The outline as a Markdown note with frontmatter."""
    titles = {source.path: source.title for source in outline.sources}
    head = outline_frontmatter(outline, outline.reading_time_minutes)
    out = [head, f"# {escape(outline.title)}", "", escape(outline.intro), ""]
    out += ["## Shared themes", ""]
    if outline.themes:
        for theme in outline.themes:
            out += [f"### {escape(theme.keyword)}", ""]
            out += [
                f"- {escape(titles.get(line.source, line.source))}: {escape(line.text)}"
                for line in theme.support
            ]
            out.append("")
    else:
        out += ["These notes share no keywords.", ""]
    out += ["## What each note brings", ""]
    for points in outline.key_points:
        out += [f"### {escape(points.title)}", ""]
        lines = [f"- {escape(point)}" for point in points.points]
        out += lines or ["- (nothing beyond the shared themes)"]
        out.append("")
    out += ["## Actionable advice", ""]
    out += [f"{number}. {escape(item.text)}" for number, item in enumerate(outline.advice, 1)]
    out += ["", "## Conclusion", "", escape(outline.conclusion), "", "## Sources", ""]
    out += [f"- {escape(source.title)} ({escape(source.path)})" for source in outline.sources]
    return "\n".join(out) + "\n"
