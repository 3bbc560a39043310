"""Outline -> Markdown that is itself a note: frontmatter hatch can read back, then a body;
and the vault commands' reports (pairs, keywords, ideas) -> Markdown lists.

Frontmatter values are written as JSON scalars and flow lists, which YAML reads as they
are; that keeps the output byte-stable without a YAML dumper. Characters YAML may not hold
raw (U+FFFE, U+FFFF and the other non-characters, C1 controls, line separators, a BOM) go
in as YAML escapes, so every value reads back exactly. Note text is escaped so it renders
literally, in CommonMark and in Obsidian: a note's ``*``, ``[x]``, ``<b>``, ``#tag``,
``$x$`` or ``==x==`` stays characters, not markup, and its inline code stays code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hatch_cli.core.reading.inert import make_inert
from hatch_cli.core.reading.text import CODE_SPAN
from hatch_cli.core.writing.phrasebook import Phrasebook, phrasebook
from hatch_cli.core.writing.prose import counted
from hatch_cli.models import Article, Code, Outline

if TYPE_CHECKING:
    from hatch_cli.reports import IdeasReport, KeywordsReport, NotePair, PairsReport, SkippedNote

# CommonMark's inline markup, Obsidian's tags, math and block ids, and GFM tables and
# strikethrough; '=' and '%' only doubled (==highlight==, %%comment%%), '&' only where
# it starts an entity.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~^]|={2,}|%{2,}|&(?=#?\w+;))")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A quote, list item or setext underline; a backslash goes before the punctuation ("1\.").
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([>+=-]|(?<=\d)[.)])")
_BACKTICKS = re.compile(r"`+")
# What YAML forbids raw in a document (or reads as a line break), after json.dumps:
# C1 controls and DEL, U+2028/U+2029, a BOM, and the non-characters.
_NONCHARACTERS = "".join(chr(plane + low) for plane in range(0, 0x110000, 0x10000)
                         for low in (0xFFFE, 0xFFFF))  # fmt: skip
_YAML_RAW_UNSAFE = re.compile(
    "[\x7f-\x9f\u2028\u2029\ufeff\ufdd0-\ufdef" + re.escape(_NONCHARACTERS) + "]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def escape(text: str, *, literal: bool = False) -> str:
    """Markdown-escape one line of note text so it renders as written (and inert); inline
    code (between backticks, as the reader keeps it) stays code, unless ``literal`` (a
    path: every character, backticks too, as itself)."""
    text = make_inert(text)
    if "`" in text and not literal:
        parts = CODE_SPAN.split(text)
        text = "".join(
            _INLINE_SPECIAL.sub(_backslashed, part) if i % 2 == 0 else code(part)
            for i, part in enumerate(parts)
        )
    else:
        text = _INLINE_SPECIAL.sub(_backslashed, text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _backslashed(match: re.Match[str]) -> str:
    return "".join("\\" + char for char in match.group(0))


def code(text: str) -> str:
    """A code span that holds ``text`` verbatim, whatever backticks and spaces it has
    (CommonMark strips one space from each end when both ends have one)."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    spaced = text.startswith(" ") and text.endswith(" ") and text.strip(" ")
    pad = " " if text.startswith("`") or text.endswith("`") or spaced else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(block: Code, book: Phrasebook, indent: str = "") -> list[str]:
    """A quoted code block as fenced code, verbatim (a fence longer than any run of
    backticks in it), indented under a list item by ``indent``; then what was cut, if
    anything was."""
    text = make_inert(block.text)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = "".join(make_inert(block.info).replace("`", " ").split()[:1])
    lines = [f"{indent}{fence}{info}"]
    lines += [f"{indent}{line}" if line.strip() else "" for line in text.split("\n")]
    lines.append(f"{indent}{fence}")
    if block.lines_left_out:
        lines.append(f"{indent}{escape(book.code_cut(block.lines_left_out))}")
    return lines


def _with_code(
    lines: Sequence[str], blocks: Sequence[Code], book: Phrasebook, indent: str
) -> list[str]:
    """List lines, each followed by the code blocks that come after it (``Code.after``)."""
    out: list[str] = []
    for at, line in enumerate(lines):
        out.append(line)
        for block in blocks:
            if block.after == at:
                out += fenced(block, book, indent)
    return out


def _scalar(value: object) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's) that reads back exactly."""
    if isinstance(value, str):
        # A lone surrogate can't be written as UTF-8 at all.
        value = _SURROGATE.sub("\ufffd", value)
    return _YAML_RAW_UNSAFE.sub(_yaml_escape, json.dumps(value, ensure_ascii=False))


def _yaml_escape(match: re.Match[str]) -> str:
    point = ord(match.group(0))
    return f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"


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
        # The context of the score: the notes alone, or a vault (as hatch pairs scores).
        "scored_in": piece.scored_in,
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
    # A note with nothing of its own gets no heading; no note with any, no section.
    brought = [points for points in outline.key_points if points.points]
    if brought:
        out += [f"## {book.heading('brings')}", ""]
    for points in brought:
        out += [f"### {escape(points.title)}", ""]
        out += _with_code(
            [f"- {escape(point)}" for point in points.points], points.code, book, "  "
        )
        out.append("")
    if outline.questions:
        out += [f"## {book.heading('questions' if outline.related else 'connect')}", ""]
        out += [f"- {escape(question)}" for question in outline.questions]
        out.append("")
    if outline.advice:
        out += [f"## {book.heading('advice')}", ""]
        for number, item in enumerate(outline.advice, 1):
            out.append(f"{number}. {escape(item.text)}")
            for block in item.code:
                out += fenced(block, book, " " * (len(str(number)) + 2))
        out.append("")
    if outline.conclusion:
        out += [f"## {book.heading('conclusion')}", "", escape(outline.conclusion), ""]
    out += [f"## {book.heading('sources')}", ""]
    out += [
        f"- {escape(source.title)} ({escape(source.where(), literal=True)})"
        for source in outline.sources
    ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- reports

#: What a pair related by meaning (--embed) but sharing no keyword says instead of a list.
MEANING_ONLY = "no shared keyword: related in meaning"
#: How a listing of ``hatch ideas`` words each status.
IDEA_STATUS = {
    "written": "",
    "planned": "",
    "hatched meanwhile": " (not written: another run hatched this pair meanwhile)",
}


#: What a pair's score means, said once above the pairs.
SCORE_MEANS = (
    "score: 0 to 1, how much the two notes' strongest keywords (weighed against all the "
    "notes) coincide"
)


#: What a pair of near-duplicates is marked with.
DUPLICATES = "near-duplicates: most of the shorter note is in the other too"


def pairs_markdown(report: PairsReport) -> str:
    """A numbered Markdown list: score, the two notes by title and path, what they share,
    whether they already link, whether they are near-duplicates."""
    lines = [f"# Note pairs ({counted(report.notes, 'note')})", ""]
    if not report.pairs:
        lines.append("No pairs scored above the minimum.")
    else:
        lines += [f"{SCORE_MEANS}.", ""]
    for number, pair in enumerate(report.pairs, 1):
        linked = " (already linked)" if pair.linked else ""
        lines.append(f"{number}. {pair.score:.4f} {_pair_markdown(pair)}{linked}")
        if pair.duplicate:
            lines.append(f"   - {DUPLICATES}")
        if pair.shared:
            lines.append(f"   - shared: {_shared_markdown(pair)}")
        elif pair.embedding:
            lines.append(f"   - {MEANING_ONLY}")
        if pair.embedding is not None:
            lines.append(f"   - words {pair.lexical or 0:.4f}, meaning {pair.embedding:.4f}")
    if report.skipped:
        lines += ["", *_skipped_markdown(report.skipped)]
    return "\n".join(lines) + "\n"


def keywords_markdown(report: KeywordsReport) -> str:
    """One section per note: its keywords with weight and count."""
    lines: list[str] = []
    for entry in report.notes:
        lines += [f"## {escape(entry.title)}", "", f"{code(entry.path)} ({entry.lang})", ""]
        lines += [
            f"- {code(keyword.text) if keyword.code else escape(keyword.text)} "
            f"({keyword.weight:.4f}, {keyword.count}x)"
            for keyword in entry.keywords
        ]
        lines.append("")
    if report.skipped:
        lines += [*_skipped_markdown(report.skipped), ""]
    return "\n".join(lines) if lines else "No notes.\n"


def ideas_markdown(report: IdeasReport) -> str:
    """A numbered Markdown list of the new notes: title and path, then the pair."""
    done = "nothing written, dry run" if report.dry_run else "written"
    lines = [f"# New notes in {escape(report.outdir, literal=True)} ({done})", ""]
    if not report.ideas:
        lines.append("None.")
    for number, idea in enumerate(report.ideas, 1):
        status = IDEA_STATUS[idea.status]
        lines.append(f"{number}. {_note_markdown(idea.title, idea.path)}{status}")
        lines.append(f"   - from {_pair_markdown(idea.pair)}, score {idea.pair.score:.4f}")
    if report.skipped:
        lines += ["", *_skipped_markdown(report.skipped)]
    return "\n".join(lines) + "\n"


def _note_markdown(title: str, path: str) -> str:
    return f"{escape(title)} ({code(path)})" if title else code(path)


def _pair_markdown(pair: NotePair) -> str:
    return f"{_note_markdown(pair.title_a, pair.a)} + {_note_markdown(pair.title_b, pair.b)}"


def _shared_markdown(pair: NotePair) -> str:
    return ", ".join(code(word) if word in pair.code else escape(word) for word in pair.shared)


def _skipped_markdown(skipped: Sequence[SkippedNote]) -> list[str]:
    return [
        f"Skipped {counted(len(skipped), 'note')}:",
        "",
        *(f"- {code(item.path)}: {escape(item.reason)}" for item in skipped),
    ]
