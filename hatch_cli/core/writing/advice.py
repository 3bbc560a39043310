"""What to do next: the advice and questions of an outline, from what the notes say. Pure.

Advice is the notes' own instructions (list items under an advice heading, tasks still to
do in a task list; in English, also imperatives wherever they stand, "Next time: ...",
what "you should" do), addressed to the reader where that is safe ("my" made "your") and
quoted as the author's otherwise. Never a question, a call to action, a table cell, a
code line or a fragment; there is never filler: with nothing specific to say, there are
fewer items, or none.
The questions the notes leave open are a list of their own; notes that share no subject
also get ones that hold each note's subject up to the other.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.terms import NoteTerms, Sentence
from hatch_cli.core.reading.text import WORD
from hatch_cli.core.writing import prose
from hatch_cli.core.writing.phrasebook import Phrasebook
from hatch_cli.core.writing.quoting import (
    BODY,
    CALL_TO_ACTION,
    Quotes,
    asks,
    clip,
    quotable,
    quoted_code,
    sentence_score,
    short_title,
)
from hatch_cli.models import Advice, Note

#: Questions that could connect unrelated notes, at most.
MAX_QUESTIONS = 3

# Sections whose list items are advice by the author's own heading (any language's
# heading is matched by these English words only: elsewhere, imperatives are not guessed).
ADVICE_SECTION = re.compile(
    r"advice|takeaway|action|next step|to-?do|lesson|tips?\b|recommend|how to apply|try this",
    re.IGNORECASE,
)
# A sentence whose main clause opens with one of these reads as an instruction: verbs
# instructions use; a verb that is also a noun counts only when the next word does not
# make it one ("Use of ...", ``_NOT_AFTER_VERB``).
IMPERATIVE_VERBS = frozenset(
    """
    add adopt ask avoid begin block build check choose collect compare connect create
    cut decide define delegate document do don't draft experiment explain find focus
    follow give hire invest keep learn limit listen make map measure meet
    pair pick plan practice practise prefer prioritise prioritize protect publish put
    read record reduce remember remove repeat review revisit run schedule set share
    show skip slow spend start stop study take talk teach tell test track treat try
    turn use visit wait watch write never always
    search install uninstall open close enable disable configure edit update upgrade
    restart copy paste type press replace rename delete commit push pull merge clone
    export import rebase stash add apply call pass return wrap split join sort filter
    print log save store load reuse ignore drop include exclude mark label tag pin bump
    deploy build ship release avoid consider prefer replace verify confirm ensure switch
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Words after a verb that make it a noun or a statement ("Use of ...", "Set is ...").
_NOT_AFTER_VERB = frozenset("of is are was were has have had 's".split())  # noqa: SIM905
# Words that may stand before an imperative ("Please ...", "Then ...", "Also, ...").
_BEFORE_VERB = frozenset("please then also so just first finally instead".split())  # noqa: SIM905
# A clause that sets the scene before an instruction: "If it fails, run ...".
_SCENE = re.compile(
    r"^(?:if|when|whenever|before|after|once|to|for|while|unless|in order to)\b[^,;:]{1,100},\s*",
    re.IGNORECASE,
)
# "Next time: ...", "Next year, ...": an instruction to one's future self, and the reader.
_NEXT = re.compile(
    r"^next (?:time|week|month|year|sprint|season|round|release|spring|summer|autumn|fall"
    r"|winter)\s*([:,])\s*(?=\S)",
    re.IGNORECASE,
)
# Advice in a statement: what the reader (or "we", "one") should or must do.
_OUGHT = re.compile(
    r"\b(?:you|we|one|everyone|teams?|people)(?:'d| would| really)? (?:should|must|ought to"
    r"|need to|have to)\b|\b(?<!to )(?:make sure|be sure to|don't forget to|it(?:'s| is) (?:best"
    r"|better|worth|a good idea) to)\b",
    re.IGNORECASE,
)
# A question put to the reader (English).
_TO_READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# First person that "my -> your" cannot carry over: a sentence with these is quoted.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|we|we're|we've|us|our|ours)\b")
_MY = re.compile(r"\b(?:[Mm]y|[Mm]ine|[Mm]yself)\b")
_YOUR = {"my": "your", "mine": "yours", "myself": "yourself"}
# Words an advice item has at least (fewer is a fragment: "Use caution").
MIN_ADVICE_WORDS = 4


def is_action(sentence: Sentence, lang: str, nouns: Container[str] = ()) -> bool:
    """An instruction the note gives to its reader: a list item under an advice heading, or
    a task still to do (``- [ ] ...``, in any language: the box says it); in English also
    a sentence whose main clause opens with an imperative verb (wherever it stands), "Next
    time: ...", or what "you should", "we must" do. Never a question, a call to action, a
    table cell, a code line or a fragment. ``nouns``: the phrases (stems) the notes name
    things with: a verb that opens one is no imperative ("Pull request builds read...")."""
    text = sentence.text.strip()
    if (
        sentence.kind not in BODY
        or asks(sentence)
        or CALL_TO_ACTION.search(text)
        or prose.count_words(text) < MIN_ADVICE_WORDS
    ):
        return False
    if sentence.kind == "item" and (
        sentence.task is False or ADVICE_SECTION.search(sentence.section)
    ):
        return True
    if lang != "en":
        return False
    if not (sentence.kind == "item" or text.endswith((".", "!", ":", ")"))):
        return False  # a line cut short or a label, not a sentence
    nxt = _NEXT.match(text)  # "Next year: ..." or "Next year, <an instruction>"
    if nxt and (nxt.group(1) == ":" or _imperative(text[nxt.end() :], lang, nouns)):
        return True
    return bool(_OUGHT.search(text)) or _imperative(_SCENE.sub("", text), lang, nouns)


def _imperative(text: str, lang: str = "en", nouns: Container[str] = ()) -> bool:
    """Whether (English) text opens with an imperative verb, after "Please", "Then"...,
    that does not open one of ``nouns`` (a phrase: "pull request", "test suite")."""
    words = [word.group().lower() for word in WORD.finditer(text[:80])][:4]
    while words and words[0] in _BEFORE_VERB:
        words = words[1:]
    if not words or words[0] not in IMPERATIVE_VERBS:
        return False
    if len(words) < 2:
        return True
    stem = lexicon.stemmer(lang)
    return words[1] not in _NOT_AFTER_VERB and f"{stem(words[0])} {stem(words[1])}" not in nouns


def advice(
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    contribution: dict[str, float],
    limit: int,
    quotes: Quotes,
    book: Phrasebook,
) -> list[Advice]:
    """The notes' own instructions, round-robin across notes, those on the shared themes
    first, each with the code it introduces. None rather than advice that is not the
    notes': never a question (those are ``open_questions``)."""
    # The notes' names of things: their phrases said twice or more ("pull request").
    nouns = {t for terms in analyses for t, n in terms.counts.items() if " " in t and n > 1}
    actions = [
        sorted(
            (s for s in terms.sentences if quotable(s) and is_action(s, terms.lang, nouns)),
            key=lambda s: (-sentence_score(s, contribution), s.order),
        )
        for terms in analyses
    ]
    picked: list[Advice] = []
    for i, sentence in round_robin(actions, quotes, limit):
        text = second_person(sentence.text, analyses[i].lang)
        if text is None:
            text = book.advice_quoted(book.quote(short_title(notes[i])), clip(sentence.text))
        code = quoted_code(notes[i], sentence)
        picked.append(Advice(text=clip(text), source=notes[i].path, code=(code,) if code else ()))
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
    """The questions a note leaves open, those on the shared themes first: a question no
    sentence of its own section follows (but another question). One the note answers in
    its next sentence ("Want to see the changes? Run ...") is no open question, nor (in
    English) one put to the reader ("Are you an XSL wizard?", "What have you tried in
    your team?"): a prompt, not what the notes leave open."""
    found = []
    said = terms.sentences
    for at, sentence in enumerate(said):
        if not (quotable(sentence) and asks(sentence)):
            continue
        if terms.lang == "en" and _TO_READER.search(sentence.text):
            continue
        after = said[at + 1] if at + 1 < len(said) else None
        if (
            after is None
            or after.section != sentence.section
            or after.kind == "heading"
            or asks(after)
        ):
            found.append(sentence)
    return sorted(found, key=lambda s: (-sentence_score(s, contribution), s.order))


def questions(
    notes: Sequence[Note],
    analyses: Sequence[NoteTerms],
    quotes: Quotes,
    subjects: Sequence[Sequence[str]],
    book: Phrasebook,
    contribution: dict[str, float],
    related: bool,
) -> list[str]:
    """The questions the notes leave open; for notes that share no subject, then ones
    that hold each note's subject up to the other's."""
    asked = [open_questions(terms, contribution) for terms in analyses]
    found = [clip(s.text) for _, s in round_robin(asked, quotes, MAX_QUESTIONS)]
    if book.writes_sentences and not related:
        names = [book.quote(short_title(note)) for note in notes]
        for i, words in enumerate(subjects):
            if len(found) >= MAX_QUESTIONS or not words:
                continue
            other = names[(i + 1) % len(names)]
            found.append(book.bridge_question(words[0], other))
    return found
