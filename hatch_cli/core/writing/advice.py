"""What to do next: the advice and questions of an outline, from what the notes say. Pure.

Advice is the notes' own instructions (list items under an advice heading; in English,
sentences that open with an imperative verb), addressed to the reader where that is safe
("my" made "your") and quoted as the author's otherwise; then, for related notes, the
questions they leave open. There is never filler: with nothing specific to say, there
are fewer items, or none. Notes that share no subject get questions that could connect
them instead: their own, then ones that hold each note's subject up to the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hatch_cli.core.reading.terms import NoteTerms, Sentence
from hatch_cli.core.reading.text import WORD
from hatch_cli.core.writing.phrasebook import Phrasebook
from hatch_cli.core.writing.quoting import BODY, Quotes, clip, quotable, sentence_score, short_title
from hatch_cli.models import Advice, Note

#: Questions that could connect unrelated notes, at most.
MAX_QUESTIONS = 3

# Sections whose list items are advice by the author's own heading (any language's
# heading is matched by these English words only: elsewhere, imperatives are not guessed).
ADVICE_SECTION = re.compile(
    r"advice|takeaway|action|next step|to-?do|lesson|tips?\b|recommend|how to apply|try this",
    re.IGNORECASE,
)
# A sentence that opens with one of these reads as an instruction. Short on purpose: it
# only has to recognise advice that was written as advice.
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
# First person that "my -> your" cannot carry over: a sentence with these is quoted.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|we|we're|we've|us|our|ours)\b")
_MY = re.compile(r"\b(?:[Mm]y|[Mm]ine|[Mm]yself)\b")
_YOUR = {"my": "your", "mine": "yours", "myself": "yourself"}


def is_action(sentence: Sentence, lang: str) -> bool:
    """An instruction the note gives: a list item under an advice heading, or (in
    English) a sentence that opens with an imperative verb."""
    if sentence.kind == "item" and ADVICE_SECTION.search(sentence.section):
        return True
    if lang != "en" or sentence.kind not in BODY:
        return False
    first = WORD.search(sentence.text)
    return first is not None and first.group().lower() in IMPERATIVE_VERBS


def advice(
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    contribution: dict[str, float],
    limit: int,
    quotes: Quotes,
    book: Phrasebook,
    related: bool,
) -> list[Advice]:
    """The notes' own instructions, round-robin across notes, those on the shared themes
    first; then (for related notes) the questions they leave open. Fewer items, or none,
    rather than advice that could be about any two notes."""
    actions = [
        sorted(
            (s for s in terms.sentences if quotable(s) and is_action(s, terms.lang)),
            key=lambda s: (-sentence_score(s, contribution), s.order),
        )
        for terms in analyses
    ]
    picked: list[Advice] = []
    for i, sentence in round_robin(actions, quotes, limit):
        text = second_person(sentence.text, analyses[i].lang)
        if text is None:
            text = book.advice_quoted(book.quote(short_title(notes[i])), clip(sentence.text))
        picked.append(Advice(text=clip(text), source=notes[i].path))
    if related and len(picked) < limit and book.writes_sentences:
        asked = [open_questions(terms, contribution) for terms in analyses]
        for i, sentence in round_robin(asked, quotes, limit - len(picked)):
            name = book.quote(short_title(notes[i]))
            picked.append(
                Advice(text=book.advice_question(name, clip(sentence.text)), source=notes[i].path)
            )
    return picked


def round_robin(
    per_note: Sequence[Sequence[Sentence]], quotes: Quotes, limit: int
) -> list[tuple[int, Sentence]]:
    """Up to ``limit`` sentences, one from each note in turn, none quoted before."""
    chosen: list[tuple[int, Sentence]] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(items) for items in per_note):
        for i, items in enumerate(per_note):
            if depth < len(items) and len(chosen) < limit and not quotes.used(i, items[depth]):
                quotes.take(i, items[depth])
                chosen.append((i, items[depth]))
        depth += 1
    return chosen


def second_person(text: str, lang: str) -> str | None:
    """An instruction as addressed to the reader: as written when it has no first person,
    "my" made "your" where that is all there is of it (English only); None when the
    author speaks of themselves and it must be quoted as theirs."""
    if _FIRST_PERSON.search(text):
        return None
    if not _MY.search(text):
        return text
    if lang != "en":
        return None

    def your(match: re.Match[str]) -> str:
        word = match.group()
        replaced = _YOUR[word.lower()]
        return replaced.capitalize() if word[0].isupper() else replaced

    return _MY.sub(your, text)


def open_questions(terms: NoteTerms, contribution: dict[str, float]) -> list[Sentence]:
    """The questions a note asks (not those it quotes), those on the shared themes first."""
    return sorted(
        (s for s in terms.sentences if quotable(s) and s.text.rstrip().endswith(("?", "？"))),
        key=lambda s: (-sentence_score(s, contribution), s.order),
    )


def questions(
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    quotes: Quotes,
    subjects: Sequence[Sequence[str]],
    book: Phrasebook,
) -> list[str]:
    """For notes that share no subject: the questions they ask themselves, then ones that
    hold each note's subject up to the other's."""
    asked = [open_questions(terms, {}) for terms in analyses]
    found = [clip(s.text) for _, s in round_robin(asked, quotes, MAX_QUESTIONS)]
    if book.writes_sentences:
        names = [book.quote(short_title(note)) for note in notes]
        for i, words in enumerate(subjects):
            if len(found) >= MAX_QUESTIONS or not words:
                continue
            other = names[(i + 1) % len(names)]
            found.append(book.bridge_question(words[0], other))
    return found
