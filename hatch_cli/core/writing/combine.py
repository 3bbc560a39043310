"""The combiner: notes -> one merged ``Outline``. Pure: no I/O, no clock, no environment.

The outline follows the shape of a hatched idea: a title, an intro, the themes the notes
share (each with a line from every note that has it), what each note brings on its own,
actionable advice, a conclusion and the sources. Every sentence in it is the notes' own,
quoted whole (inline code and all), or one of the phrasebook's connective sentences in
the notes' language. Nothing is filler: advice comes from what the notes say (their
action items, imperatives and questions), or there is less of it.

Notes that share no subject (nothing strong enough to name, or a relatedness under
``RELATED_FLOOR``) are not dressed up as related: their outline says so in one sentence,
sets their key points side by side and asks what could connect them.

Why it is long: the rules that pick a title's lead, a note's subjects and its thesis read
the same analyses and quote book-keeping the outline is built from; apart, each would
take them all as arguments. Advice (``advice``), the code a sentence introduces
(``quoting``) and the conditions of hatch's sentences (``truth``) are modules of their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hatch_cli.core.pairing.keywords import (
    FENCE_SHARE,
    VECTOR_SIZE,
    DocFreq,
    fence_share,
    nameable,
    top_vector,
    weights,
)
from hatch_cli.core.pairing.overlap import duplicates, note_runs
from hatch_cli.core.pairing.similarity import relatedness, shared_keywords
from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.terms import NoteTerms, Sentence, analyse, shared_display
from hatch_cli.core.writing import prose, truth
from hatch_cli.core.writing.advice import advice as advise
from hatch_cli.core.writing.advice import questions as ask
from hatch_cli.core.writing.phrasebook import Phrasebook, language_of, phrasebook
from hatch_cli.core.writing.quoting import (
    BODY,
    MIN_QUOTE_WORDS,
    NAME_ZIPF,
    Quotes,
    asks,
    clip,
    continues,
    key,
    leads_in,
    quotable,
    quoted_code,
    sentence_score,
    short_title,
)
from hatch_cli.models import (
    Note,
    Outline,
    Source,
    SourcePoints,
    SupportLine,
    Theme,
)

#: Below this relatedness two notes share no subject, whatever words they have in common.
#: On the three dev corpora it is about the 10th percentile of same-topic pairs' scores
#: (alone: 0.05 til-dev, 0.01 til-jonasbn, 0.05 gov-dev; in their vault 0.03, 0.005,
#: 0.01), where 40-70% of different-topic pairs in a vault score less (benchmarks/README.md).
RELATED_FLOOR = 0.03
# An address rather than a word: a domain, an e-mail, a path.
_ADDRESS = re.compile(r"\w[.@/]\w")
_PIECES = re.compile(r"[\W_]+")
# A host name or a piece of a URL, as a keyword shows it: ``ropensci.org``, ``www.x``, the
# ``gov`` of ``USA.gov``, a path, an address.
_HOST = re.compile(
    r"(?:[\w-]+\.)+(?:com|org|net|gov|edu|info)|www\..*|com|org|net|gov|edu|www|https?"
    r"|.*(?:/|@).*",
    re.IGNORECASE,
)
# A word as itself in a sentence: not inside a longer word, an address or a path.
_SAID = r"(?<![A-Za-z0-9.@/]){}(?![@/]|\.\w)"


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
    # What the outline names (themes, tags, key points) is weighed with code counting as in
    # a Latin-script note: a Japanese note's code tells which notes go together
    # (``keywords.OTHER_SCRIPT_FENCE_SHARE``, in the score), but its subject is what its
    # prose names (プロパティ, not ``prop``, ``let`` or ``alert``).
    vectors = [
        top_vector(weights(terms, docfreq, code_share=FENCE_SHARE), VECTOR_SIZE)
        for terms in analyses
    ]
    if all(fence_share(terms.lang) == FENCE_SHARE for terms in analyses):
        score = relatedness(vectors)  # the same weights
    else:
        score = relatedness([top_vector(weights(t, docfreq), VECTOR_SIZE) for t in analyses])
    unread = [terms.linked_only() for terms in analyses]
    shared = shared_keywords(
        vectors,
        [terms.counts for terms in analyses],
        [terms.lang for terms in analyses],
        unread,
    )
    related = bool(shared) and score >= RELATED_FLOOR
    if not related:
        shared = []
    book = phrasebook(language_of([note.lang for note in notes]))
    contribution = dict(shared)
    displays = {term: shared_display(term, [a.surfaces for a in analyses]) for term, _ in shared}
    code = {term for term, _ in shared if _code_name(term, analyses)}
    # A site's address (``ropensci.org``, ``USA.gov``) is where a note links, not what it is
    # about, and so is a word the notes say only inside one (``ropensci``): it counts for
    # the score, but no theme, tag or sentence of hatch's names it.
    named = [
        (term, weight)
        for term, weight in shared
        if term in code or not (_site(displays[term]) or _in_addresses(displays[term], analyses))
    ]
    shared = named or shared
    # In hatch's own sentences a keyword the notes write as code is written as code too.
    spoken = {term: f"`{shown}`" if term in code else shown for term, shown in displays.items()}
    quotes = Quotes()
    runs = [note_runs(terms) for terms in analyses]
    twins = related and any(duplicates(a, b) for i, a in enumerate(runs) for b in runs[i + 1 :])
    if twins:  # near-duplicates: only what a note has that the others lack is quoted
        said_by = [{key(s.text) for s in terms.sentences} for terms in analyses]
        for i, terms in enumerate(analyses):
            elsewhere = set().union(*(said_by[:i] + said_by[i + 1 :]))
            for sentence in terms.sentences:
                if key(sentence.text) in elsewhere:
                    quotes.take(i, sentence)

    # What the notes tell the reader to do is advice first: a theme quotes other lines.
    advice = advise(notes, analyses, contribution, options.advice, quotes, book)
    themes: list[Theme] = []
    for term, weight in shared:
        if len(themes) >= options.themes:
            break
        theme = _theme(term, weight, displays[term], notes, analyses, contribution, quotes)
        if theme is not None and term in code:
            theme = dataclasses.replace(theme, code=True)
        if theme is not None:
            themes.append(theme)
    key_points = [
        _key_points(i, note, terms, vectors[i], quotes, options.points)
        for i, (note, terms) in enumerate(zip(notes, analyses, strict=True))
    ]
    names = [book.quote(short_title(note)) for note in notes]
    subjects = [
        _subjects(terms, vector, set(contribution), hidden)
        for terms, vector, hidden in zip(analyses, vectors, unread, strict=True)
    ]
    own = [book.listing(words) for words in subjects]
    if related:
        top_words = [spoken[term] for term, _ in shared[:3]]
        # The title's lead: a shared keyword every note says in its prose.
        written = {displays[term] for term in code}
        said = [term for term, _ in shared[:3] if _nameable(term, displays, written, analyses)]
        # A keyword a title already names, in any form ("upgrade" in "Upgrading"), goes last.
        titled = set().union(*(terms.fields.get("title", {}).keys() for terms in analyses))
        heads = " ".join(note.title for note in notes).casefold()
        said.sort(
            key=lambda t: all(w in titled for w in t.split(" ")) or displays[t].casefold() in heads
        )
        title = _title(
            book,
            [short_title(note) for note in notes],
            [displays[term] for term in said],
            {displays[term] for term in code},
        )
        if twins:
            intro = book.overlap(names)
        else:
            intro = book.intro_related(names, top_words, max(0, len(shared) - 3))
            if truth.quotes_every_note(themes, len(notes)):
                intro = book.sentence_gap.join((intro, book.quoted_each(len(notes))))
        conclusion = book.conclusion_related(top_words, list(zip(names, own, strict=True)))
        questions = ask(notes, analyses, quotes, subjects, book, contribution, related)
    else:
        title = book.title_unrelated([short_title(note) for note in notes])
        intro = book.intro_unrelated(names, own)
        conclusion = book.conclusion_unrelated(list(zip(names, own, strict=True)))
        questions = ask(notes, analyses, quotes, subjects, book, {}, related)
    draft = Outline(
        title=title,
        date=date.isoformat(),
        lang=book.lang,
        intro=intro,
        relatedness=score,
        scored_in="notes" if docfreq is None else "vault",
        related=related,
        shared_keywords=tuple(displays[term] for term, _ in shared),
        code_keywords=tuple(displays[term] for term, _ in shared if term in code),
        themes=tuple(themes),
        key_points=tuple(key_points),
        advice=tuple(advice),
        questions=tuple(questions),
        conclusion=conclusion,
        sources=tuple(
            Source(path=note.path, title=note.title, date=note.date, tags=note.tags)
            for note in notes
        ),
        word_count=0,
        reading_time_minutes=1,
        duplicates=twins,
    )
    words = outline_words(draft)
    return dataclasses.replace(
        draft, word_count=words, reading_time_minutes=prose.reading_minutes(words)
    )


def _title(book: Phrasebook, titles: list[str], shared: list[str], code: set[str]) -> str:
    """The strongest of ``shared`` (keywords fit to name the subject) that no title already
    names (as written when it is code), then the titles; no lead when the titles name
    them all ("Timeout: Statement timeouts in …" says it twice)."""
    named = " ".join(titles).casefold()
    lead = next((word for word in shared if word.casefold() not in named), None)
    if lead is None:
        return book.title_unrelated(titles)
    return book.title_related(lead, titles, as_written=lead in code)


def _site(shown: str) -> bool:
    """Whether a keyword is a site's address or a piece of a URL."""
    return _HOST.fullmatch(shown) is not None


def _in_addresses(shown: str, analyses: Sequence[NoteTerms]) -> bool:
    """Whether the notes write a word only inside addresses (``ropensci`` of
    ``ropensci.org``), never as itself."""
    anywhere = re.compile(rf"(?<![^\W_]){re.escape(shown)}(?![^\W_])", re.IGNORECASE)
    itself = re.compile(_SAID.format(re.escape(shown)), re.IGNORECASE)
    said = [s.text for terms in analyses for s in terms.sentences if anywhere.search(s.text)]
    return bool(said) and not any(itself.search(text) for text in said)


def _code_name(term: str, analyses: Sequence[NoteTerms]) -> bool:
    """Whether the notes write a keyword as code: one of them mostly does, or it is no word
    of their language (rarer than ``NAME_ZIPF``), they write it in code at times (inline
    or in a code block) and never with a capital (``vcr``, a package's name: "Vcr" would
    misname it at the head of a title or a paragraph; ``request`` stays a word)."""
    if any(terms.is_code(term) for terms in analyses):
        return True
    written = [form for terms in analyses for form in terms.surfaces.get(term, ())]
    return (
        bool(written)
        and all(form == form.lower() for form in written)
        and any(terms.code[term] or _fenced(terms, term) for terms in analyses)
        and lexicon.zipf(term, analyses[0].lang) < NAME_ZIPF
    )


def _fenced(terms: NoteTerms, term: str) -> bool:
    """Whether a note has ``term`` in a code block."""
    return term in terms.fields.get("fence", ())


def _in_prose(term: str, terms: NoteTerms, shown: str = "") -> bool:
    """Whether a note says ``term`` (a word or a phrase) in a sentence of its body, not
    only in its title, frontmatter, headings or links; with ``shown``, as that word (not
    a piece of an address: ``ropensci`` of ``ropensci.org``)."""
    words = term.split(" ")
    said = re.compile(_SAID.format(re.escape(shown)), re.IGNORECASE) if shown else None
    return any(
        s.kind in BODY
        and (term in s.terms or all(word in s.terms for word in words))
        and (said is None or said.search(s.text) is not None)
        for s in terms.sentences
    )


def _nameable(
    term: str, displays: dict[str, str], code: set[str], analyses: Sequence[NoteTerms]
) -> bool:
    """A shared keyword fit to name what the notes are about: every note says it in its
    prose (an author's or a site's name in the frontmatter, a word of a link or a heading
    is not), it is not an address (``ropensci.org``, ``a@b.org``) unless code, nor a
    piece of a keyword written as code (``robots`` of ``robots.txt``)."""
    shown = displays[term]
    if shown not in code and _ADDRESS.search(shown):
        return False
    pieces = {piece.casefold() for word in code if word != shown for piece in _PIECES.split(word)}
    if shown.casefold() in pieces:
        return False
    return all(_in_prose(term, terms, shown) for terms in analyses)


def _subjects(
    terms: NoteTerms, vector: dict[str, float], shared: set[str], unread: frozenset[str]
) -> list[str]:
    """A note's two strongest subjects of its own (not what it shares, nor a word only its
    link targets have), as a reader would name them: its phrases said twice or more first
    ("copyright law", "spaced repetition"), then its keywords said twice or more, by
    weight and count."""
    taken = {word for term in shared for word in term.split(" ")} | unread

    def strength(term: str) -> float:
        weight = sum(vector.get(word, 0.0) for word in term.split(" "))
        return weight * (1 + math.log(terms.counts[term]))

    def subject(word: str) -> bool:  # a keyword of its own, specific enough to name
        return word in vector and word not in taken and nameable(word, terms.lang)

    # A word alone names a subject a reader recognises only if the note's title or a
    # heading has it too; a phrase, if the note says it twice, once in its prose.
    headline = set(terms.fields.get("title", ())) | set(terms.fields.get("heading", ()))

    phrases = [
        term
        for term, count in terms.counts.items()
        if " " in term and count >= 2 and all(subject(word) for word in term.split(" "))
    ]
    words = [term for term in vector if subject(term) and terms.counts.get(term, 0) >= 2]
    found: list[str] = []
    ranked = [*sorted(phrases, key=lambda t: (-strength(t), t))]
    ranked += sorted(words, key=lambda t: (-strength(t), t))
    for term in ranked:
        if any(set(term.split(" ")) & set(chosen.split(" ")) for chosen in found):
            continue
        if not _in_prose(term, terms) or (" " not in term and term not in headline):
            continue
        # A second subject must be a phrase or said three times: not a word in passing.
        if found and " " not in term and terms.counts[term] < 3:
            continue
        found.append(term)
        if len(found) == 2:
            break
    return [terms.display(term) for term in found]


def _theme(
    term: str,
    weight: float,
    display: str,
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    contribution: dict[str, float],
    quotes: Quotes,
) -> Theme | None:
    """The theme with each note's best line for it not quoted yet; None unless two notes
    or more have one (a keyword said in one sentence only is named, not a theme)."""
    words = term.split(" ")
    picked: list[tuple[int, Sentence]] = []
    for i, terms in enumerate(analyses):
        said = {key(sentence.text) for _, sentence in picked}  # two notes may share a line
        candidates = [
            s
            for s in terms.sentences
            if (term in s.terms or all(w in s.terms for w in words))
            and s.code < 0  # a sentence that introduces code is quoted with it, as a point
            and not asks(s)  # a question leads in to its answer, or is left open
            and quotable(s)
            and not continues(s, terms.lang)
            and not quotes.used(i, s)
            and key(s.text) not in said
        ]
        if not candidates:  # a heading may say it when no sentence of the body does
            candidates = [
                s
                for s in terms.sentences
                if term in s.terms and quotable(s, ("heading",)) and not quotes.used(i, s)
            ]
        if candidates:
            best = max(
                candidates,
                key=lambda s: (term in s.terms, sentence_score(s, contribution), -s.order),
            )
            picked.append((i, best))
    if len(picked) < 2:
        return None
    for i, sentence in picked:
        quotes.take(i, sentence)
    support = tuple(
        SupportLine(source=notes[i].path, text=clip(sentence.text)) for i, sentence in picked
    )
    return Theme(keyword=display, stem=term, weight=weight, support=support)


def _key_points(
    index: int,
    note: Note,
    terms: NoteTerms,
    vector: dict[str, float],
    quotes: Quotes,
    limit: int,
) -> SourcePoints:
    """A note's key points: its thesis (``thesis``), then the sentences that carry most of
    its weight, one of them with the code it introduces when the note has any, in the
    note's order, each code block after its sentence."""
    candidates = [
        s
        for s in terms.sentences
        if quotable(s)
        and not continues(s, terms.lang)
        and (s.code >= 0 or prose.count_words(s.text) > MIN_QUOTE_WORDS)
        and not asks(s)  # answered after it (then no point), or open (then in questions)
        and not quotes.used(index, s)
    ]
    scored = sorted(candidates, key=lambda s: (-sentence_score(s, vector), s.order))
    opening = thesis(terms.sentences)
    best: list[Sentence] = []
    if limit and opening is not None and opening in candidates:
        best.append(opening)
    leading = [s for s in scored if s.code >= 0]
    for sentence in scored:
        if len(best) >= limit:
            break
        if sentence not in best:
            best.append(sentence)
    if leading and not any(s.code >= 0 for s in best) and limit:
        # The note's code is its payload: the best sentence that introduces it goes in, in
        # place of the weakest pick (never the thesis).
        if len(best) < limit:
            best.append(leading[0])
        elif best[-1] is not opening:
            best[-1] = leading[0]
    for sentence in best:
        quotes.take(index, sentence)
    ordered = sorted(best, key=lambda s: s.order)
    found = [quoted_code(note, s, after) for after, s in enumerate(ordered)]
    return SourcePoints(
        source=note.path,
        title=note.title,
        points=tuple(clip(s.text) for s in ordered),
        code=tuple(code for code in found if code is not None),
    )


def thesis(sentences: Sequence[Sentence]) -> Sentence | None:
    """A note's point: its opening sentence of prose, or, when that only leads in (a
    colon, a question, a greeting, "Last week we wrote..."), the next of its first three
    (in the same section) that does not; None when they all lead in."""
    first = next((s for s in sentences if s.kind in BODY), None)
    if first is None:
        return None
    start = sentences.index(first)
    for sentence in sentences[start : start + 3]:
        if sentence.kind != first.kind or sentence.section != first.section:
            return None
        if not leads_in(sentence) and prose.count_words(sentence.text) > MIN_QUOTE_WORDS:
            return sentence if quotable(sentence) else None
    return None


def outline_words(outline: Outline) -> int:
    """Words a reader would read: every text field of the outline."""
    parts = [outline.title, outline.intro, outline.conclusion, *outline.questions]
    for theme in outline.themes:
        parts.append(theme.keyword)
        parts.extend(line.text for line in theme.support)
    for points in outline.key_points:
        parts.append(points.title)
        parts.extend(points.points)
    parts.extend(item.text for item in outline.advice)
    return sum(prose.count_words(part) for part in parts)
