"""Which sentences of a note can be quoted, and which already were. Pure.

Everything hatch quotes is a whole sentence of a note's body: long enough to say
something, not one that only introduces what follows it, never quoted twice in one
outline, and cut (rarely) only outside inline code.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.lexicon import stopwords
from hatch_cli.core.reading.terms import Sentence
from hatch_cli.core.writing import prose
from hatch_cli.models import Code, Note

MAX_LINE_CHARS = 320
MAX_TITLE_CHARS = 60
#: A word rarer than this (Zipf: once in a million words of the language) is a name more
#: than a word: the Zipf scale's own line between low- and high-frequency words, not
#: fitted (on the review set of the four dev corpora it keeps ``vcr``, ``crul``, ``npm``
#: apart from ``request``, ``deploy``, ``migration``).
NAME_ZIPF = 3.0
#: A quoted line has at least this many words (a shorter one is a label, not a sentence).
MIN_QUOTE_WORDS = 3
#: Body kinds a quote may come from; a heading only when nothing else has the keyword.
BODY = ("paragraph", "item", "quote")
#: A code block longer than this many lines is quoted cut, to ``CODE_KEPT_LINES``.
MAX_CODE_LINES = 15
CODE_KEPT_LINES = 12
# A call to action: registering, subscribing, "click here", "learn more" (in the
# phrasebook languages). A reader is never told to do it, nor is it quoted.
CALL_TO_ACTION = re.compile(
    r"\b(?:register(?:ing)? (?:now|today|here|for|at)|registration (?:is )?(?:open|link|form)"
    r"|nominate (?:your|a|an|someone)|vote for (?:your|us|our)|tune in (?:to|live|next)"
    r"|save the date|don.t miss|(?:be sure|make sure|remember|don.t forget) to (?:register"
    r"|sign up|rsvp|subscribe|nominate|vote|join)|if you(?:'re|’re| are) interested\b[^.!?]{0,120}"
    r"\b(?:check out|contact|e-?mail|reach out to|get in touch)"
    r"|sign(?:ing)? up|subscribe|click (?:here|the link|this link|below|through)"
    r"|learn more|read more|find out more|join us|follow us|rsvp|contact us|buy now"
    r"|check (?:it )?out (?:how|our|this (?:post|video|page|site)|the (?:website|site|video"
    r"|blog|post|gallery))|visit (?:our|the) (?:website|site|page|gallery|blog)"
    r"|(?:download|get) (?:\w+ ){0,6}apps? (?:from|at|in|on)"
    r"|mehr erfahren|jetzt anmelden|registrieren sie|abonnieren|más información|regístrate"
    r"|inscríbete|suscríbete|en savoir plus|inscrivez-vous|abonnez-vous|cliquez ici)\b"
    r"|詳しくはこちら|登録はこちら|購読",
    re.IGNORECASE,
)
# An opening that only leads in (English's words; a colon or a question in any language):
# a greeting, or a pointer back to something written before.
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|welcome|greetings|good (?:morning|afternoon|evening))\b", re.I
)
_LOOKING_BACK = re.compile(
    r"^(?:last (?:week|month|year|time)|previously|yesterday|earlier (?:this|today)"
    r"|in (?:my|our|a|the) (?:last|previous|earlier) (?:post|note|article|entry))\b",
    re.I,
)
# A diary line that sets the scene with no subject, opening on a past-tense verb ("Did the
# clinic at the gym.", "Saved after a dinner with a friend."): what happened, not a point.
_SCENE_SETTING = re.compile(
    r"^(?:did|went|had|got|saw|met|spent|took|came|read|found|heard|tried|made|"
    r"(?!(?:embed|shred|proceed|succeed|exceed|breed|speed|bleed|need|feed|seed)\b)"
    r"[a-z]{3,}ed)\s+(?:the|a|an|my|our|at|to|after|in|on|with|by|from|this|that|some)\b",
    re.I,
)


@dataclass
class Quotes:
    """The sentences already quoted: none is quoted twice, by position or by text."""

    places: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    texts: set[str] = dataclasses.field(default_factory=set)

    def used(self, note: int, sentence: Sentence) -> bool:
        return (note, sentence.order) in self.places or key(sentence.text) in self.texts

    def take(self, note: int, sentence: Sentence) -> None:
        self.places.add((note, sentence.order))
        self.texts.add(key(sentence.text))


def key(text: str) -> str:
    return " ".join(text.casefold().split())


def short_title(note: Note) -> str:
    """A note's title short enough to name it inside another title or sentence."""
    return prose.short_title(note.title, MAX_TITLE_CHARS, stopwords(note.lang))


def quotable(sentence: Sentence, kinds: Sequence[str] = BODY) -> bool:
    """A sentence worth quoting: from the body, long enough, not a call to action, and not
    one that only introduces what follows it (``...looks like this:``), unless what
    follows is a code block, which is then quoted with it (``quoted_code``): then a short
    one ("Run this:") is enough."""
    text = sentence.text.rstrip()
    words, calls_to_action = _words_and_call(text)
    return (
        sentence.kind in kinds
        and (sentence.code >= 0 or words >= MIN_QUOTE_WORDS)
        and (sentence.code >= 0 or not text.endswith((":", "：")))
        and not calls_to_action
    )


@functools.lru_cache(maxsize=4096)
def _words_and_call(text: str) -> tuple[int, bool]:
    """A sentence's words, and whether it is a call to action: asked of each sentence
    again and again while themes, key points and advice are chosen (a third of a
    ``combine`` run's time before it was kept)."""
    return prose.count_words(text), CALL_TO_ACTION.search(text) is not None


def continues(sentence: Sentence, lang: str) -> bool:
    """Whether a list item carries on a sentence before the list: it opens in lowercase on
    a word of the language ("- upcoming first toolkit ...", "- details on how to ..."), not
    on a name (``medrxivr``) or code. Alone it is a fragment: no theme's line, no point."""
    if sentence.kind != "item" or not sentence.text[:1].islower():
        return False
    first = sentence.text.split(" ", 1)[0].strip(",;:.").lower()
    return lexicon.zipf(lexicon.stemmer(lang)(first), lang) >= NAME_ZIPF


def asks(sentence: Sentence) -> bool:
    """Whether a sentence is a question."""
    return sentence.text.rstrip().endswith(("?", "？"))


def leads_in(sentence: Sentence) -> bool:
    """Whether a note's opening sentence only leads in to its point: it ends with a colon,
    asks a question, greets, points back to something written before, or sets the scene
    of a diary entry (a past-tense verb and no subject)."""
    text = sentence.text.strip()
    return (
        text.endswith((":", "："))
        or asks(sentence)
        or bool(_GREETING.match(text))
        or bool(_LOOKING_BACK.match(text))
        or bool(_SCENE_SETTING.match(text))
    )


def quoted_code(note: Note, sentence: Sentence, after: int = 0) -> Code | None:
    """The code block a sentence introduces, as quoted after it: a short one whole, a long
    one cut at a line boundary (how many lines were left out is said)."""
    if sentence.code < 0 or sentence.code >= len(note.blocks):
        return None
    block = note.blocks[sentence.code]
    lines = block.text.rstrip("\n").split("\n")
    left_out = 0
    if len(lines) > MAX_CODE_LINES:
        left_out = len(lines) - CODE_KEPT_LINES
        lines = lines[:CODE_KEPT_LINES]
    return Code(text="\n".join(lines), after=after, info=block.info, lines_left_out=left_out)


def sentence_score(sentence: Sentence, contribution: dict[str, float]) -> float:
    """How much of what the notes share a sentence holds.

    ``fsum`` because the terms are a set: a plain sum would depend on their order, which
    changes with the interpreter's hash seed, and a tie broken by the last bit of a float
    would then pick another sentence from one run to the next.
    """
    return math.fsum(contribution.get(term, 0.0) for term in sentence.terms)


def clip(text: str) -> str:
    """A line cut to ``MAX_LINE_CHARS`` if it is longer, never inside inline code."""
    clipped = prose.shorten(text, MAX_LINE_CHARS)
    if clipped.count("`") % 2:
        clipped = clipped[: clipped.rfind("`")].rstrip() + "…"
    return clipped
