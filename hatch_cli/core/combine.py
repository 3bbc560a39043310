"""The combiner: notes -> one merged ``Outline``. Pure: no I/O, no clock, no environment.

The outline follows the shape of a hatched idea: a title, an intro, the themes the notes
share (each with a supporting line from every note that has it), what each note brings
on its own, numbered actionable advice, a conclusion and the sources. Every sentence in
it is either the notes' own or one of the short connective templates below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hatch_cli.core import prose
from hatch_cli.core.keywords import VECTOR_SIZE, DocFreq, top_vector, weights
from hatch_cli.core.similarity import relatedness, shared_keywords
from hatch_cli.core.terms import NoteTerms, Sentence, analyse, shared_display
from hatch_cli.core.text import WORD
from hatch_cli.models import (
    Advice,
    Note,
    Outline,
    Source,
    SourcePoints,
    SupportLine,
    Theme,
)

# A theme gets its own section only if it carries this share of the strongest theme's.
THEME_SHARE = 0.15
MAX_LINE_CHARS = 320
MAX_TITLE_CHARS = 48

# Sections whose list items are advice by the author's own heading.
ADVICE_SECTION = re.compile(
    r"advice|takeaway|action|next step|to-?do|lesson|tips?\b|recommend|how to apply|try this",
    re.IGNORECASE,
)
# A list item that opens with one of these reads as an instruction. Short on purpose:
# it only has to recognise advice that was written as advice.
IMPERATIVE_VERBS = frozenset(
    """
    add adopt ask avoid begin block build check choose collect compare connect create
    cut decide define delegate document do don't draft experiment explain find focus
    follow give hire invest keep learn limit listen look make map measure meet name note
    pair pick plan practice practise prefer prioritise prioritize protect publish put
    read record reduce remember remove repeat review revisit run say schedule set share
    show skip slow spend start stop study take talk teach tell test track treat try turn
    use visit wait watch write
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class CombineOptions:
    """How much of each part the outline gets."""

    themes: int = 5
    advice: int = 3
    points: int = 3


def combine(
    notes: Sequence[Note],
    *,
    date: dt.date,
    docfreq: DocFreq | None = None,
    options: CombineOptions | None = None,
) -> Outline:
    """Merge two or more notes into one outline of what they share and what each brings."""
    if len(notes) < 2:
        raise ValueError("combine needs at least two notes")
    options = options or CombineOptions()
    analyses = [analyse(note) for note in notes]
    # Alone, the notes are weighed by the prior; with a vault, as hatch pairs weighs them.
    vectors = [top_vector(weights(terms, docfreq), VECTOR_SIZE) for terms in analyses]
    shared = shared_keywords(
        vectors, [terms.counts for terms in analyses], [terms.lang for terms in analyses]
    )
    contribution = dict(shared)
    strongest = shared[0][1] if shared else 0.0
    displays = {term: shared_display(term, [a.surfaces for a in analyses]) for term, _ in shared}

    used: set[tuple[int, int]] = set()
    themes: list[Theme] = []
    for term, weight in shared:
        if len(themes) >= options.themes or weight < THEME_SHARE * strongest:
            break
        theme = _theme(term, weight, displays[term], notes, analyses, contribution, used)
        if theme is not None:
            themes.append(theme)
    advice = _advice(notes, analyses, contribution, shared, displays, options.advice, used)
    key_points = [
        SourcePoints(
            source=note.path,
            title=note.title,
            points=tuple(_key_points(i, terms, vectors[i], used, options.points)),
        )
        for i, (note, terms) in enumerate(zip(notes, analyses, strict=True))
    ]
    top_words = [displays[term] for term, _ in shared[:3]]
    own_words = [
        _strongest_display(terms, vector) for terms, vector in zip(analyses, vectors, strict=True)
    ]
    titles = [prose.shorten(note.title, MAX_TITLE_CHARS) for note in notes]
    draft = Outline(
        title=prose.outline_title(titles, top_words),
        date=date.isoformat(),
        intro=prose.outline_intro(titles, [displays[term] for term, _ in shared], own_words),
        relatedness=relatedness(vectors),
        shared_keywords=tuple(displays[term] for term, _ in shared),
        themes=tuple(themes),
        key_points=tuple(key_points),
        advice=tuple(advice),
        conclusion=prose.outline_conclusion(top_words, own_words),
        sources=tuple(
            Source(path=note.path, title=note.title, date=note.date, tags=note.tags)
            for note in notes
        ),
        word_count=0,
        reading_time_minutes=1,
    )
    words = outline_words(draft)
    return dataclasses.replace(
        draft, word_count=words, reading_time_minutes=prose.reading_minutes(words)
    )


def _strongest_display(terms: NoteTerms, vector: dict[str, float]) -> str:
    for term in vector:
        if " " not in term:
            return terms.display(term)
    return next((terms.display(term) for term in vector), "")


def _sentence_score(sentence: Sentence, contribution: dict[str, float]) -> float:
    return sum(contribution.get(term, 0.0) for term in sentence.terms)


def _theme(
    term: str,
    weight: float,
    display: str,
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    contribution: dict[str, float],
    used: set[tuple[int, int]],
) -> Theme | None:
    """The theme with each note's best line for it; None if those lines were all used."""
    support: list[SupportLine] = []
    picked: list[tuple[int, int]] = []
    for i, terms in enumerate(analyses):
        candidates = [s for s in terms.sentences if term in s.terms]
        if not candidates:
            continue
        if all(s.kind in ("title", "tag", "heading") for s in candidates):
            # Only a tag or heading has the whole phrase: a sentence with its words reads better.
            words = term.split(" ")
            candidates += [
                s
                for s in terms.sentences
                if s.kind not in ("title", "tag", "heading") and all(w in s.terms for w in words)
            ]
        best = max(
            candidates,
            key=lambda s: (
                s.kind not in ("title", "tag", "heading"),
                (i, s.order) not in used,
                _sentence_score(s, contribution),
                -s.order,
            ),
        )
        picked.append((i, best.order))
        support.append(
            SupportLine(source=notes[i].path, text=prose.shorten(best.text, MAX_LINE_CHARS))
        )
    if all(key in used for key in picked):
        return None  # it would only repeat lines an earlier theme already quoted
    used.update(picked)
    return Theme(keyword=display, stem=term, weight=weight, support=tuple(support))


def _is_advice(sentence: Sentence) -> bool:
    if sentence.kind != "item":
        return False
    if ADVICE_SECTION.search(sentence.section):
        return True
    first = WORD.search(sentence.text)
    return bool(first) and first is not None and first.group().lower() in IMPERATIVE_VERBS


def _advice(
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    contribution: dict[str, float],
    shared: list[tuple[str, float]],
    displays: dict[str, str],
    limit: int,
    used: set[tuple[int, int]],
) -> list[Advice]:
    """Advice the notes give themselves, round-robin across notes, strongest first."""
    per_note: list[list[Sentence]] = [
        sorted(
            (s for s in terms.sentences if _is_advice(s) and _words(s.text) >= 3),
            key=lambda s: (-_sentence_score(s, contribution), s.order),
        )
        for terms in analyses
    ]
    picked: list[Advice] = []
    seen: set[str] = set()
    depth = 0
    while len(picked) < limit and any(depth < len(items) for items in per_note):
        for i, items in enumerate(per_note):
            if depth < len(items) and len(picked) < limit:
                sentence = items[depth]
                key = sentence.text.casefold()
                if key not in seen:
                    seen.add(key)
                    used.add((i, sentence.order))
                    picked.append(
                        Advice(
                            text=prose.shorten(sentence.text, MAX_LINE_CHARS), source=notes[i].path
                        )
                    )
        depth += 1
    titles = [prose.shorten(note.title, MAX_TITLE_CHARS) for note in notes]
    for text in prose.built_advice(titles, [displays[t] for t, _ in shared]):
        if len(picked) >= limit:
            break
        picked.append(Advice(text=text))
    return picked


def _key_points(
    index: int,
    terms: NoteTerms,
    vector: dict[str, float],
    used: set[tuple[int, int]],
    limit: int,
) -> list[str]:
    candidates = [
        s
        for s in terms.sentences
        if s.kind in ("paragraph", "item", "quote")
        and (index, s.order) not in used
        and _words(s.text) >= 4
    ]
    scored = sorted(
        candidates,
        key=lambda s: (-sum(vector.get(t, 0.0) for t in s.terms if " " not in t), s.order),
    )
    best = sorted(scored[:limit], key=lambda s: s.order)
    for sentence in best:
        used.add((index, sentence.order))
    return [prose.shorten(sentence.text, MAX_LINE_CHARS) for sentence in best]


def _words(text: str) -> int:
    """Words in a sentence; Japanese and Chinese write none of the spaces that count
    them elsewhere, so there about three characters make a word."""
    spaced = len(text.split())
    if any(ord(char) >= 0x3000 for char in text):
        return max(spaced, len(text) // 3)
    return spaced


def outline_words(outline: Outline) -> int:
    """Words a reader would read: every text field of the outline."""
    parts = [outline.title, outline.intro, outline.conclusion]
    for theme in outline.themes:
        parts.append(theme.keyword)
        parts.extend(line.text for line in theme.support)
    for points in outline.key_points:
        parts.append(points.title)
        parts.extend(points.points)
    parts.extend(item.text for item in outline.advice)
    return sum(prose.count_words(part) for part in parts)
