"""The combiner: notes -> one merged ``Outline``. Pure: no I/O, no clock, no environment.

The outline follows the shape of a hatched idea: a title, an intro, the themes the notes
share (each with a supporting line from every note that has it), what each note brings
on its own, numbered actionable advice, a conclusion and the sources. Every sentence in
it is either the notes' own or one of the short connective templates below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from hatch_cli.core.keywords import (
    MIN_THEME_INFO,
    DocFreq,
    NoteTerms,
    Sentence,
    analyse,
    display_form,
    informativeness,
    top_vector,
    weights,
)
from hatch_cli.core.pairing import VECTOR_SIZE, naming_floor, relatedness, shared_terms
from hatch_cli.models import (
    Advice,
    Note,
    Outline,
    Source,
    SourcePoints,
    SupportLine,
    Theme,
)

WORDS_PER_MINUTE = 225
# A shared keyword must carry this much of the relatedness score to be named at all
# (one passing mention of a mid-frequency word in each note carries ~0.002-0.004).
MIN_SHARED_CONTRIBUTION = 0.005
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
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


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
    langs = sorted({terms.lang for terms in analyses})
    shared = [
        (term, weight)
        for term, weight in shared_terms(vectors)
        if max(informativeness(term, lang) for lang in langs) >= MIN_THEME_INFO
    ]
    # Phrases weigh nothing in the vectors; one that the notes share takes the weight of
    # the words it explains (they occur mostly inside it), and their place as a theme.
    merged = _drop_subsumed([*shared, *_shared_phrases(shared, analyses)], analyses)
    shared = sorted(
        (item for item in merged if item[1] >= MIN_SHARED_CONTRIBUTION),
        key=lambda item: -item[1],
    )
    if shared and shared[0][1] < naming_floor(vectors):
        shared = []  # the notes only share words said in passing: no theme, not a noise one
    contribution = dict(shared)
    strongest = shared[0][1] if shared else 0.0
    displays = {term: _shared_display(term, analyses) for term, _ in shared}

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
    titles = [_short(note.title, MAX_TITLE_CHARS) for note in notes]
    draft = Outline(
        title=_title(titles, top_words),
        date=date.isoformat(),
        intro=_intro(titles, [displays[term] for term, _ in shared], own_words),
        relatedness=round(relatedness(vectors), 4),
        shared_keywords=tuple(displays[term] for term, _ in shared),
        themes=tuple(themes),
        key_points=tuple(key_points),
        advice=tuple(advice),
        conclusion=_conclusion(titles, top_words, own_words),
        sources=tuple(
            Source(path=note.path, title=note.title, date=note.date, tags=note.tags)
            for note in notes
        ),
        word_count=0,
        reading_time_minutes=1,
    )
    words = count_words(draft)
    return dataclasses.replace(
        draft,
        word_count=words,
        reading_time_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
    )


def _shared_phrases(
    shared: list[tuple[str, float]], analyses: Sequence[NoteTerms]
) -> list[tuple[str, float]]:
    """Phrases in two notes or more whose words are all shared keywords, shortest first,
    each with no weight of its own (``_drop_subsumed`` gives it its words')."""
    words = {term for term, _ in shared}
    seen: Counter[str] = Counter()
    for terms in analyses:
        seen.update(term for term in terms.counts if " " in term)
    found = [
        phrase
        for phrase, notes in seen.items()
        if notes >= 2 and all(word in words for word in phrase.split(" "))
    ]
    found.sort(key=lambda phrase: (phrase.count(" "), phrase))
    return [(phrase, 0.0) for phrase in found]


def _drop_subsumed(
    shared: list[tuple[str, float]], analyses: Sequence[NoteTerms]
) -> list[tuple[str, float]]:
    """Say 'training data' once, not also 'training' and 'data'.

    A term is dropped for a longer shared phrase that contains it only when it occurs
    (almost) only inside that phrase; 'curation' stays a theme of its own beside
    'museum curator' when the notes use it elsewhere too.
    """

    def total(term: str) -> int:
        return sum(terms.counts.get(term, 0) for terms in analyses)

    def explains(longer: str, shorter: str) -> bool:
        inside = set(shorter.split(" ")) < set(longer.split(" "))
        return inside and total(shorter) <= 1.5 * total(longer)

    chosen: list[tuple[str, float]] = []
    for term, weight in shared:
        if any(explains(other, term) for other, _ in chosen):
            continue
        explained = [i for i, (other, _) in enumerate(chosen) if explains(term, other)]
        if explained:
            first = explained[0]
            chosen[first] = (term, chosen[first][1] + weight)
            chosen = [item for i, item in enumerate(chosen) if i not in explained[1:]]
            continue
        chosen.append((term, weight))
    return chosen


def _shared_display(term: str, analyses: Sequence[NoteTerms]) -> str:
    surfaces: Counter[str] = Counter()
    for terms in analyses:
        surfaces.update(terms.surfaces.get(term, Counter()))
    return display_form(surfaces) if surfaces else term


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
        support.append(SupportLine(source=notes[i].path, text=_short(best.text, MAX_LINE_CHARS)))
    if all(key in used for key in picked):
        return None  # it would only repeat lines an earlier theme already quoted
    used.update(picked)
    return Theme(keyword=display, stem=term, weight=round(weight, 4), support=tuple(support))


def _is_advice(sentence: Sentence) -> bool:
    if sentence.kind != "item":
        return False
    if ADVICE_SECTION.search(sentence.section):
        return True
    first = _WORD.search(sentence.text)
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
                        Advice(text=_short(sentence.text, MAX_LINE_CHARS), source=notes[i].path)
                    )
        depth += 1
    titles = [_short(note.title, MAX_TITLE_CHARS) for note in notes]
    for text in _built_advice(titles, [displays[t] for t, _ in shared], analyses):
        if len(picked) >= limit:
            break
        picked.append(Advice(text=text))
    return picked


def _built_advice(titles: list[str], shared: list[str], analyses: Sequence[NoteTerms]) -> list[str]:
    """Advice hatch writes itself when the notes give too little of their own."""
    first, second = titles[0], titles[1]
    built: list[str] = []
    if shared:
        built.append(
            f"Write one paragraph on {shared[0]} that draws on both “{first}” and “{second}”."
        )
    if len(shared) > 1:
        built.append(f"Ask how {shared[1]} looks different once you read both notes side by side.")
    if shared:
        built.append(f"List what each note says about {shared[0]} and mark where they disagree.")
    built += [
        f"Test the strongest point of “{first}” against “{second}”.",
        f"Ask what “{second}” would change if its author had read “{first}”.",
        "Link the notes to each other so the connection is there the next time you read either.",
    ]
    return built


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
    return [_short(sentence.text, MAX_LINE_CHARS) for sentence in best]


def _words(text: str) -> int:
    """Words in a sentence; Japanese and Chinese write none of the spaces that count
    them elsewhere, so there about three characters make a word."""
    spaced = len(text.split())
    if any(ord(char) >= 0x3000 for char in text):
        return max(spaced, len(text) // 3)
    return spaced


def _listing(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _quoted(titles: Sequence[str]) -> str:
    return _listing([f"“{title}”" for title in titles])


def _title(titles: list[str], top_words: list[str]) -> str:
    """The strongest shared theme that no title already names, then the titles."""
    names = _listing(titles)
    named = " ".join(titles).casefold()
    lead = next((word for word in top_words if word.casefold() not in named), None)
    if lead is not None:
        return f"{_capitalise(lead)}: {names}"
    if top_words:
        return names
    return f"{titles[0]}, meet {_listing(titles[1:])}"


def _intro(titles: list[str], shared: list[str], own_words: list[str]) -> str:
    both = "Both notes" if len(titles) == 2 else f"All {len(titles)} notes"
    if not shared:
        subjects = [
            f"“{title}” is about {word}"
            for title, word in zip(titles, own_words, strict=True)
            if word
        ]
        return (
            f"These notes share no keywords: {_listing(subjects)}. The outline sets them "
            "side by side, so the new idea has to come from the contrast."
        )
    lead = _listing(shared[:3])
    extra = len(shared) - 3
    more = f", and {extra} more shared keyword{'s' if extra > 1 else ''}" if extra > 0 else ""
    return f"{_quoted(titles)} meet on {lead}{more}. {both} are quoted below on each theme."


def _conclusion(titles: list[str], top_words: list[str], own_words: list[str]) -> str:
    if top_words:
        return (
            f"{_capitalise(_listing(top_words))} "
            f"{'is' if len(top_words) == 1 else 'are'} where these notes meet. "
            "Start the new piece there, and let each note supply what the other lacks."
        )
    pairs = _listing([word for word in own_words if word])
    return (
        f"Nothing links these notes by word, so any link is yours to make: "
        f"{pairs} may have more in common than their vocabulary shows."
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def count_words(outline: Outline) -> int:
    """Words a reader would read: every text field of the outline."""
    parts = [outline.title, outline.intro, outline.conclusion]
    for theme in outline.themes:
        parts.append(theme.keyword)
        parts.extend(line.text for line in theme.support)
    for points in outline.key_points:
        parts.append(points.title)
        parts.extend(points.points)
    parts.extend(item.text for item in outline.advice)
    return sum(len(part.split()) for part in parts)
