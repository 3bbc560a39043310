#!/usr/bin/env python3
"""A reading check of what hatch writes: outlines and articles of many pairs in one file.

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/outline_review.py [--out review.md] [--random N] [--best N]

Writes, into one Markdown file for reading, the outline and the article of:
the sample-note pairs below, the ``--best`` best and ``--random`` random pairs of each dev
corpus in ../shared/corpora/ (combined inside their corpus, as ``hatch ideas`` would),
and two unrelated pairs. Then it counts what can be counted mechanically and prints it:

- fill-in advice: advice items hatch wrote itself whose shape (titles and keywords
  masked) recurs in two outputs or more;
- reused connective sentences: hatch's own sentences (quotes and titles masked) that
  recur across outputs (structure like "Both notes are quoted below" counts here too);
- quotes with a hole: a quoted line that is a line of its note with the inline code
  taken out;
- titles ending in an ellipsis, or cut inside a phrase (ending on a function word);
- sentences quoted twice in one output;
- unrelated pairs: how many say so.

With ``--markup N`` it then counts, over N hatched pairs of each web-published corpus
(gov-dev and ropensci-dev: its N/2 best pairs and N/2 random ones, combined inside their
corpus), the markup a reader of those notes never saw that reaches what hatch shows:
template tags (``{{<``, ``{%``), HTML tags, entities (``&#8217;``), image file names and
WordPress shortcodes (``[youtube=…]``) in any title, tag, theme or quote (outside inline
code; the notes' own titles, which come from their frontmatter, counted apart), and words
found only in the notes' link targets, URLs or file names among the tags (the title's lead
word is one), the theme names and what the conclusion says each note brings.

With ``--review OUT`` it instead hatches the review set of issue 26: 10 combinations from
each dev corpus (its 4 best pairs, 4 middling ones (ranks 100-103), one unrelated pair and
one three-note combine), in both styles, writes them to OUT for reading, and counts what
hatch writes wrong (``REVIEW_COUNTS``).

Random pairs use a fixed seed, so two runs review the same pairs.
"""

from __future__ import annotations

import argparse
import html
import itertools
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; HATCH_SHARED names it elsewhere (a worktree of its own).
SHARED = Path(os.environ.get("HATCH_SHARED", REPO.parent / "shared"))
sys.path.insert(0, str(REPO))

from hatch_cli import api  # noqa: E402
from hatch_cli.core.reading.sentences import sentences  # noqa: E402
from hatch_cli.models import Outline  # noqa: E402
from hatch_cli.render import Format, text  # noqa: E402

SAMPLE_PAIRS = [
    ("notes/curation-as-care.md", "notes/brands-as-curators.md"),
    ("notes/japan-ai-training-copyright.md", "notes/creators-and-ai-training.md"),
    ("notes/make-it-stick-book-notes.md", "notes/spaced-repetition-deck.md"),
    ("notes/sourdough-starter-log.md", "notes/roggenbrot-backen.md"),
    ("notes/sauerteig-fuettern.md", "notes/roggenbrot-backen.md"),
    ("notes/gakushu-data-no-license.md", "notes/seisei-ai-to-chosakuken.md"),
]
UNRELATED_PAIRS = [
    ("notes/bouldering-footwork.md", "notes/one-on-ones-that-work.md"),
    ("notes/japan-ai-training-copyright.md", "notes/pm-to-product-leader.md"),
]
CORPORA = ("til-dev", "til-jonasbn", "gov-dev")
WEB_CORPORA = ("gov-dev", "ropensci-dev")

_QUOTED = re.compile(r"[“„«「]([^”“»」]+)[”“»」]")
_CODE = re.compile(r"`[^`\n]*`")
_WORDS = re.compile(r"\w+")
# Words a title should not end on: it was cut inside a phrase.
_DANGLING = frozenset(
    "a an and as at by for from in into of on or the to with using via vs".split()  # noqa: SIM905
)


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.replace("\\", "").lower()))


def _hole_lines(path: Path) -> set[str]:
    """A note's sentences that hold inline code, with the code taken out (what a quote
    with a hole would read as)."""
    found = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if "`" in line and not line.lstrip().startswith("```"):
            for sentence in sentences(line):
                if "`" in sentence:
                    without = _norm(_CODE.sub(" ", sentence))
                    if len(without) > 20:
                        found.add(without)
    return found


def _quotes(outline: Outline) -> list[tuple[str, str]]:
    """(source path, text) of every line the outline quotes from a note."""
    lines = [(line.source, line.text) for theme in outline.themes for line in theme.support]
    lines += [(points.source, point) for points in outline.key_points for point in points.points]
    lines += [(item.source, item.text) for item in outline.advice if item.source]
    return lines


def _mask(text: str, outline: Outline) -> str:
    text = _QUOTED.sub("Q", text)
    for word in sorted(outline.shared_keywords, key=len, reverse=True):
        text = text.replace(word, "K")
    for source in outline.sources:
        text = text.replace(source.title, "T")
    return text


def _own_sentences(outline: Outline) -> list[str]:
    """hatch's own sentences: intro, conclusion, and advice it wrote itself."""
    parts = [outline.intro, outline.conclusion]
    parts += [item.text for item in outline.advice if not item.source]
    return [s for part in parts for s in re.split(r"(?<=[.!?。])\s+", part) if s.strip()]


def _pairs(corpus: Path, best: int, count: int) -> list[tuple[str, str]]:
    notes = corpus / "notes"
    report = api.rank_pairs([str(notes)], limit=best)
    chosen = [(str(notes / p.a), str(notes / p.b)) for p in report.pairs]
    files = sorted(str(path) for path in notes.glob("*.md"))
    rnd = random.Random(f"hatch-review-{corpus.name}")
    while len(chosen) < best + count and len(files) > 1:
        a, b = rnd.sample(files, 2)
        if (a, b) not in chosen and (b, a) not in chosen:
            chosen.append((a, b))
    return chosen


# Markup a reader of a web-published note never saw (``--markup``).
MARKUP = {
    "template tags": re.compile(r"\{\{|\}\}|\{%|%\}"),
    "HTML tags": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
    "entities": re.compile(r"&#?[A-Za-z0-9]+;"),
    "image files": re.compile(r"[\w.-]+\.(?:jpe?g|png|gif|svg|webp)\b", re.IGNORECASE),
    "WordPress shortcodes": re.compile(
        r"\[[A-Za-z][\w-]*(?:=https?://|\s+[\w-]+=|\s+https?://)[^\]\n]*\]"
        r"|\[/(?:caption|gallery|embed|video|audio|playlist)\]"
    ),
}
# What no reader reads as words in a note's source: frontmatter keys, link targets, URLs,
# HTML tags and their attributes, template tags.
_NOT_PROSE = re.compile(
    r"\]\([^)]*\)|<[^<>]*>|\{\{.*?\}\}|\{%.*?%\}|[a-z][\w+.-]*://\S+|www\.\S+"
    r"|\[[A-Za-z][\w-]*(?:=|\s+[\w-]+=|\s+https?://)[^\]\n]*\]",
    re.DOTALL,
)
_BRINGS = re.compile(r"brings ([^“”;:.]+)")


def _prose(path: Path) -> str:
    """A note's text (entities decoded) without what a reader never reads as words
    (``_NOT_PROSE``), but in fenced code, which is the author's."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        values = [re.sub(r"^\s*[\w-]+:", "", line) for line in head.splitlines()]
        text = "\n".join(values) + "\n" + text
    pieces = re.split(r"(^```.*?^```)", text, flags=re.DOTALL | re.MULTILINE)
    return html.unescape(
        "".join(piece if i % 2 else _NOT_PROSE.sub(" ", piece) for i, piece in enumerate(pieces))
    )


def _said(word: str, prose: str) -> bool:
    """Whether ``word`` (or each word of a phrase) starts a word in ``prose`` (``Gobierno``
    in ``GobiernoUSA``)."""
    return all(
        re.search(rf"(?<![^\W\d_]){re.escape(part)}", prose, re.IGNORECASE) for part in word.split()
    )


def markup_counts(per_corpus: int) -> None:
    """Markup that reaches titles, tags, themes and quotes over ``per_corpus`` hatched
    pairs of each web-published corpus (``--markup``), printed as a table."""
    counts: Counter[str] = Counter()
    pairs = skipped = 0
    for name in WEB_CORPORA:
        corpus = SHARED / "corpora" / name
        if not (corpus / "notes").is_dir():
            print(f"markup: {corpus} is not here; left out", file=sys.stderr)
            continue
        best = per_corpus // 2
        for a, b in _pairs(corpus, best, per_corpus - best):
            try:
                outline = api.combine_notes([a, b], vault=str(corpus / "notes"), date="2024-05-31")
            except Exception as err:  # a note the reader skips (an empty note before)
                skipped += 1
                print(f"markup: {Path(a).name} + {Path(b).name}: {err}", file=sys.stderr)
                continue
            pairs += 1
            prose = " ".join(_prose(Path(path)) for path in (a, b))
            shown = [outline.title, *outline.shared_keywords]
            shown += [theme.keyword for theme in outline.themes]
            shown += [line for _, line in _quotes(outline)]
            titles = [source.title for source in outline.sources]
            for kind, pattern in MARKUP.items():
                for line in shown:
                    plain = _CODE.sub(lambda code: " " * len(code.group()), line)
                    for found in pattern.finditer(plain):
                        after = line[found.start() : found.end() + 4]
                        if any(after in title for title in titles):
                            counts[f"{kind} in titles"] += 1  # the notes' own titles
                        elif kind != "image files" or not _said(found.group(), prose):
                            counts[kind] += 1  # (not a file name the author wrote as text)
                            print(f"markup: {kind}: {found.group()!r} in {line[:80]!r}",
                                  file=sys.stderr)  # fmt: skip
            named = [*outline.shared_keywords, *(theme.keyword for theme in outline.themes)]
            conclusion = outline.conclusion
            for title in titles:
                conclusion = conclusion.replace(title, " ")
            named += [word.strip() for found in _BRINGS.findall(conclusion)
                      for word in re.split(r",| and ", found)]  # fmt: skip
            for word in dict.fromkeys(word for word in named if word):
                if not _said(word, prose):
                    counts["link-target-only words"] += 1
                    print(f"markup: link-target-only word: {word!r}", file=sys.stderr)
    print(f"markup over {pairs} hatched pairs of {', '.join(WEB_CORPORA)} ({skipped} failed):")
    print("| what | in titles, tags, themes, quotes | in the notes' own titles |")
    print("| --- | ---: | ---: |")
    for kind in MARKUP:
        print(f"| {kind} | {counts[kind]} | {counts[kind + ' in titles']} |")
    print(f"| link-target-only words | {counts['link-target-only words']} | - |")


REVIEW_CORPORA = ("til-dev", "til-jonasbn", "gov-dev", "ropensci-dev")
REVIEW_COUNTS = (
    "lead-ins without their code",
    "notes with introduced code, none shown",
    "advice items that are questions",
    "calls to action",
    "table cells or fragments as advice",
    "template sentences whose condition fails",
    "title/conclusion words a note lacks",
    "empty sections",
    "escaping artefacts",
    "names recased (a word the notes write as code, capitalised)",
    "site addresses as keywords (ropensci.org, USA.gov)",
    "footnote marks or footnote text quoted",
)
_SITE = re.compile(r"(?:[\w-]+\.)+(?:com|org|net|gov|edu|info)|www\..*", re.I)
_NOTE_MARK = re.compile(r"\\?\[\\?\^[\w-]+\\?\]")
_NOTE_TEXT = re.compile(r"^\[\^[^\]\s]+\]:\s*(.+)$", re.MULTILINE)


def _recased(outline: Outline, written: str, paths: list[str]) -> int:
    """Title leads and article paragraph leads ("Vcr.") that capitalise a name: a word
    rarer than once in a million English words (wordfreq's table, as hatch ships it) the
    notes write in inline code in lowercase (``vcr``; not ``dependencies``)."""
    from hatch_cli.core.reading.lexicon import stemmer, zipf

    stem = stemmer("en")
    coded: Counter[str] = Counter()
    for path in paths:
        coded.update(re.findall(r"`([a-z][\w.-]*)`", Path(path).read_text(errors="replace")))
    found = 0
    lead = outline.title.split(":")[0].strip() if ":" in outline.title else ""
    for head in [lead, *re.findall(r"(?m)^([A-Z][\w.-]*)\. ", written)]:
        named = head.lower() in coded and zipf(stem(head.lower())) < 3.0
        if head and head[0].isupper() and named and head not in coded:
            found += 1
            print(f"review: recased: {head}", file=sys.stderr)
    return found


# A sentence that points ahead to the code after it (the benchmark's own rule).
_POINTS_AHEAD = re.compile(
    r":\W*$|\b(?:like so|like this|as follows|the following|below|here(?:'s| is| are))\b", re.I
)
_CALLS = re.compile(
    r"\b(?:register(?:ing)? (?:now|today|here|for)|nominate your|sign(?:ing)? up|subscribe"
    r"|click (?:here|the link"
    r"|below)|learn more|read more|find out more|join us|rsvp|check out how|visit our"
    r"|download (?:\w+ ){0,6}apps? from)\b",
    re.IGNORECASE,
)
_ALL_QUOTED = re.compile(r"(?:Both|All \w+) notes are quoted below on each theme")


def _blocks(path: Path) -> list[tuple[str, str]]:
    """A note's top-level blocks in order, as (kind, text): "code" (fenced or indented,
    its text), "paragraph" (its words as a reader sees them: link text, inline code
    without backticks) or another kind with no text (a heading, list, table, HTML)."""
    import pyromark

    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("---\n"):
        text = text[4:].partition("\n---\n")[2]
    blocks: list[tuple[str, str]] = []
    depth = 0
    for event in pyromark.events(text, options=pyromark.Options.ENABLE_TABLES):
        if type(event) is not dict:  # "SoftBreak", "HardBreak", "Rule"
            if depth:
                blocks[-1] = (blocks[-1][0], blocks[-1][1] + " ")
            continue
        start, end = event.get("Start"), event.get("End")
        if start is not None:
            if depth == 0:
                name = start if type(start) is str else next(iter(start), "")
                blocks.append(("code" if name == "CodeBlock" else name.lower(), ""))
            depth += 1
        elif end is not None:
            depth -= 1
        elif depth and ("Text" in event or "Code" in event):
            kind, said = blocks[-1]
            blocks[-1] = (kind, said + event.get("Text", event.get("Code", "")))
    return blocks


def _first_line(code: str) -> str:
    return next((line.strip() for line in code.splitlines() if line.strip()), "")


def _leads(path: Path) -> list[tuple[str, str]]:
    """(lead-in sentence, first line of its code) of each code block (fenced or indented)
    of a note whose paragraph just before it ends in a sentence that points ahead."""
    found = []
    blocks = _blocks(path)
    for (kind, before), (then, code) in itertools.pairwise(blocks):
        if then != "code" or kind != "paragraph" or not _first_line(code):
            continue
        said = sentences(" ".join(before.split()))
        if said and _POINTS_AHEAD.search(said[-1]):
            found.append((_norm(said[-1]), _first_line(code)))
    return found


def _quotes_lead(lead: str, flat: str, written: str) -> bool:
    """Whether an output quotes a lead-in (``lead`` and ``flat`` normalized by ``_norm``):
    as whole words anywhere; a lead of one or two words ("Output:", "Then:"), which any
    sentence may hold, only where a line of the output ends with it, as a quoted lead-in
    does."""
    if not lead:
        return False
    if len(lead.split()) > 2:
        return f" {lead} " in f" {flat} "
    return any(f" {_norm(line)}".endswith(f" {lead}") for line in written.splitlines())


def _codes(path: Path) -> list[str]:
    """The first line of each code block of a note."""
    return [_first_line(code) for kind, code in _blocks(path) if kind == "code" and code.strip()]


def _empty_sections(written: str) -> int:
    """Headings with nothing under them, or only hatch's "nothing beyond" line (a line of a
    fenced code block that starts with ``#`` is a comment, not a heading)."""
    count = 0
    lines, fence = [], ""
    for line in written.splitlines():
        marker = re.match(r"\s*(`{3,}|~{3,})", line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = ""
            continue
        if marker:
            fence = marker.group(1)
            lines.append("(code)")
        elif line.strip():
            lines.append(line)
    for at, line in enumerate(lines):
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            after = lines[at + 1] if at + 1 < len(lines) else ""
            nested = after.startswith("#") and len(after) - len(after.lstrip("#")) > level
            bare = (not after or after.startswith("#")) and not nested
            if bare or "nothing beyond the shared themes" in after:
                count += 1
    return count


def _artefacts(written: str) -> int:
    """Escapes that show as characters once the Markdown is read: a backslash before
    punctuation in the text pulldown-cmark reads (outside code spans and blocks)."""
    import pyromark

    count = 0
    body = written.split("\n---\n", 1)[-1]
    in_code = False
    for event in pyromark.events(body):
        if type(event) is not dict:
            continue
        start, end = event.get("Start"), event.get("End")
        if start is not None or end is not None:
            name = start if start is not None else end
            if (name if type(name) is str else next(iter(name), "")) == "CodeBlock":
                in_code = start is not None
        elif "Text" in event and not in_code:
            count += len(re.findall(r"\\[!-/:-@\[-`{-~]", event["Text"]))
    return count


def review_counts(out_path: str) -> None:
    """The review set of issue 26 (``--review``): hatch it, write it, count."""
    counts: Counter[str] = Counter()
    out: list[str] = ["# hatch review set (issue 26)", ""]
    combos = 0
    for name in REVIEW_CORPORA:
        corpus = SHARED / "corpora" / name
        notes = corpus / "notes"
        if not notes.is_dir():
            print(f"review: {corpus} is not here; left out", file=sys.stderr)
            continue
        report = api.rank_pairs([str(notes)], limit=110)
        ranked = [(str(notes / p.a), str(notes / p.b)) for p in report.pairs]
        chosen: list[tuple[str, list[str]]] = [("top", list(pair)) for pair in ranked[:4]]
        chosen += [("middling", list(pair)) for pair in ranked[100:104]]
        files = sorted(str(path) for path in notes.glob("*.md"))
        rnd = random.Random(f"hatch-review26-{name}")
        for _ in range(30):
            a, b = rnd.sample(files, 2)
            try:
                if not api.combine_notes([a, b], vault=str(notes), date="2024-05-31").related:
                    chosen.append(("unrelated", [a, b]))
                    break
            except Exception:
                continue
        a, b = ranked[0]
        near = [x for p in ranked[1:] for x in p if (a in p or b in p) and x not in (a, b)]
        third = next(iter(near + [x for p in ranked[1:] for x in p if x not in (a, b)]), None)
        if third is not None:
            chosen.append(("three notes", [a, b, third]))
        for kind, paths in chosen:
            try:
                outline = api.combine_notes(paths, vault=str(notes), date="2024-05-31")
            except Exception as err:
                print(f"review: {paths}: {err}", file=sys.stderr)
                continue
            combos += 1
            names = " + ".join(Path(p).name for p in paths)
            out += [f"## [{name}, {kind}] {names} (relatedness {outline.relatedness})", ""]
            article = api.write_article(outline)
            prose_of = {p: _prose(Path(p)) for p in paths}
            for piece in (outline, article):
                written = text(piece, Format.markdown)
                out += ["````markdown", written.rstrip("\n"), "````", ""]
                flat = _norm(written)
                for path in paths:
                    leads = _leads(Path(path))
                    codes: dict[str, list[str]] = {}  # a lead-in a note writes twice ("Example:")
                    for lead, code in leads:
                        codes.setdefault(lead, []).append(code)
                    for lead, code_of_lead in codes.items():
                        if _quotes_lead(lead, flat, written) and not any(
                            c in written for c in code_of_lead
                        ):
                            counts[REVIEW_COUNTS[0]] += 1
                            print(f"review: lead-in without code: {Path(path).name}: {lead[:70]}",
                                  file=sys.stderr)  # fmt: skip
                    # A note whose code is introduced and none of its code is shown (the
                    # code hatch shows may follow a lead-in this counter's rule misses).
                    if leads and not any(code in written for code in _codes(Path(path))):
                        counts[REVIEW_COUNTS[1]] += 1
                        print(f"review: no code shown of {path}", file=sys.stderr)
                counts[REVIEW_COUNTS[7]] += _empty_sections(written)
                counts[REVIEW_COUNTS[8]] += _artefacts(written)
                counts[REVIEW_COUNTS[9]] += _recased(outline, written, paths)
                plain = re.sub(r"(?s)```.*?```|`[^`\n]*`", " ", written)
                counts[REVIEW_COUNTS[11]] += len(_NOTE_MARK.findall(plain))
            keywords = [*outline.shared_keywords, *(theme.keyword for theme in outline.themes)]
            counts[REVIEW_COUNTS[10]] += sum(bool(_SITE.fullmatch(k)) for k in set(keywords))
            footnotes = {
                _norm(text)
                for path in paths
                for text in _NOTE_TEXT.findall(Path(path).read_text(errors="replace"))
            }
            for _, line in _quotes(outline):
                if any(note and note in _norm(line) for note in footnotes):
                    counts[REVIEW_COUNTS[11]] += 1
                    print(f"review: footnote quoted: {line[:70]}", file=sys.stderr)
            lines = [line for _, line in _quotes(outline)] + list(outline.questions)
            counts[REVIEW_COUNTS[3]] += sum(bool(_CALLS.search(line)) for line in lines)
            for item in outline.advice:
                said = item.text.rstrip("”\"' ")
                if said.endswith("?"):
                    counts[REVIEW_COUNTS[2]] += 1
                source = Path(item.source) if item.source else None
                cells = source is not None and any(
                    _norm(item.text) in _norm(line)
                    for line in source.read_text(encoding="utf-8", errors="replace").splitlines()
                    if line.lstrip().startswith("|")
                )
                if cells or len(_WORDS.findall(item.text)) < 4:
                    counts[REVIEW_COUNTS[4]] += 1
                    print(f"review: fragment/cell advice: {item.text[:70]}", file=sys.stderr)
            every = len(outline.sources)
            if _ALL_QUOTED.search(outline.intro) and (
                not outline.themes or any(len(t.support) < every for t in outline.themes)
            ):
                counts[REVIEW_COUNTS[5]] += 1
            # A title without a lead is the notes' titles (a colon in one is no lead).
            first = outline.sources[0].title.split(":")[0]
            if outline.related and not outline.title.startswith(first):
                lead_word = outline.title.split(":")[0].strip()
                if ":" in outline.title and not all(
                    _said(lead_word, prose) for prose in prose_of.values()
                ):
                    counts[REVIEW_COUNTS[6]] += 1
                    print(f"review: title word a note lacks: {lead_word}", file=sys.stderr)
            conclusion = outline.conclusion
            for source in outline.sources:
                found = re.search(
                    re.escape(f"“{source.title}” brings ") + r"([^“”;:.]+)", conclusion
                )
                if found:
                    for word in re.split(r",| and ", found.group(1)):
                        word = word.strip().strip("`")
                        if word and not _said(word, prose_of[source.path]):
                            counts[REVIEW_COUNTS[6]] += 1
                            print(
                                f"review: conclusion word {word!r} not in its note", file=sys.stderr
                            )
    Path(out_path).write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"review set: {combos} combinations of {', '.join(REVIEW_CORPORA)}, both styles")
    print("| what | count |")
    print("| --- | ---: |")
    for what in REVIEW_COUNTS:
        print(f"| {what} | {counts[what]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="outline-review.md")
    parser.add_argument("--best", type=int, default=5)
    parser.add_argument("--random", type=int, default=5)
    parser.add_argument(
        "--markup", type=int, default=0, metavar="N", help="also count markup over N pairs"
    )
    parser.add_argument("--review", metavar="OUT", help="hatch and count the issue-26 set")
    args = parser.parse_args()
    if args.review:
        review_counts(args.review)
        return

    cases: list[tuple[str, tuple[str, str], str | None]] = [
        ("sample", pair, None) for pair in SAMPLE_PAIRS
    ]
    for name in CORPORA:
        corpus = SHARED / "corpora" / name
        if not (corpus / "notes").is_dir():
            print(f"review: {corpus} is not here; left out", file=sys.stderr)
            continue
        cases += [
            (name, pair, str(corpus / "notes")) for pair in _pairs(corpus, args.best, args.random)
        ]
    cases += [("unrelated", pair, None) for pair in UNRELATED_PAIRS]

    out: list[str] = ["# hatch outline review", ""]
    advice_shapes: Counter[str] = Counter()
    own_shapes: Counter[str] = Counter()
    holes = ellipsis = cut_titles = twice = unrelated_said = 0
    quotes_seen = 0
    for group, (a, b), vault in cases:
        paths = [str(REPO / a), str(REPO / b)]
        outline = api.combine_notes(paths, vault=vault, date="2024-05-31")
        names = " + ".join(Path(p).name for p in (a, b))
        out += [f"## [{group}] {names} (relatedness {outline.relatedness})", ""]
        for piece in (outline, api.write_article(outline)):
            written = text(piece, Format.markdown)
            out += ["````markdown", written.rstrip("\n"), "````", ""]
        hole_lines = {path: _hole_lines(Path(path)) for path in paths}
        seen: Counter[str] = Counter()
        for source, line in _quotes(outline):
            quotes_seen += 1
            seen[line] += 1
            if "`" not in line and _norm(line) in hole_lines.get(source, set()):
                holes += 1
                print(f"hole: {Path(source).name}: {line}", file=sys.stderr)
        repeated = [line for line, count in seen.items() if count > 1]
        for line in repeated:
            print(f"quoted twice: {names}: {line}", file=sys.stderr)
        twice += len(repeated)
        title = outline.title
        ellipsis += title.endswith("…") or "…" in title
        words = _WORDS.findall(title.split(":")[-1].lower())
        cut_titles += bool(words) and words[-1] in _DANGLING
        for item in outline.advice:
            if not item.source:
                advice_shapes[_mask(item.text, outline)] += 1
        for sentence in _own_sentences(outline):
            own_shapes[_mask(sentence, outline)] += 1
        if group == "unrelated":
            unrelated_said += "no subject" in (outline.intro + outline.conclusion).lower() or (
                "share no" in outline.intro.lower()
            )
    Path(args.out).write_text("\n".join(out) + "\n", encoding="utf-8")
    fill_ins = sum(count for count in advice_shapes.values() if count > 1)
    reused = sum(count for count in own_shapes.values() if count > 1)
    print(f"wrote {args.out}: {len(cases)} pairs, {quotes_seen} quoted lines")
    print(f"fill-in advice items (shape in 2+ outputs): {fill_ins}")
    print(f"reused connective sentences (shape in 2+ outputs): {reused}")
    print(f"quotes with a hole where code was: {holes}")
    print(f"titles with an ellipsis: {ellipsis}; titles cut on a function word: {cut_titles}")
    print(f"sentences quoted twice in one output: {twice}")
    print(f"unrelated pairs that say so: {unrelated_said} of {len(UNRELATED_PAIRS)}")
    if args.markup:
        markup_counts(args.markup)


if __name__ == "__main__":
    main()
