"""Notes -> weighted keywords: content words and 2-3 word phrases, by Snowball stem.

A keyword's weight is its (sublinear) count in the note, boosted when it stands in the
title, the tags or a heading, times how informative the word is. Informativeness comes
from a word-frequency prior (Zipf frequency in the language at large, see ``lexicon``),
because with only two notes a corpus IDF is zero exactly for the words they share.
When a whole vault is at hand, its document frequencies scale the prior down for words
that recur across the vault (template headings, boilerplate), see ``DocFreq``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hatch_cli.core import lexicon
from hatch_cli.core.text import BARE_URL, sentences
from hatch_cli.models import Keyword, Note

# Letters only (any script), with inner apostrophes: "Japan's", "don't". Hyphens split words.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Punctuation that ends a phrase: two words either side of it are not one phrase.
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+|\s-+\s|_")
_POSSESSIVE = re.compile(r"'s$|'$", re.IGNORECASE)

# Headings that give a note its structure rather than its subject. Their words never
# count as keywords, so two notes that both have "## My thoughts" are not related by it.
STRUCTURAL_HEADING = re.compile(
    r"^\W*(?:my |key |main |further |final |personal )?"
    r"(?:thoughts?|notes?|summary|highlights?|takeaways?|actionable advice|advice|action items?"
    r"|actions?|next steps?|references?|sources?|links?|related(?: notes)?|see also|quotes?"
    r"|tl;? ?dr|questions?|ideas?|to-?dos?|tasks?|reflections?|overview|introduction|intro"
    r"|conclusions?|background|context|details|resources|reading|bibliography|lessons?(?: learned)?"
    r"|tips|recommendations?|how to apply(?: it)?)\W*$",
    re.IGNORECASE,
)

FIELD_BOOST = {"title": 3.0, "tag": 3.0, "heading": 2.0}
# A word as common as "the" (Zipf 7+) says nothing; the most informative are rare ones.
ZIPF_CEILING = 7.0
# Unknown to the prior: a name, a coinage or a typo. Treated as rare (Zipf 1).
UNKNOWN_ZIPF = 1.0
# Words this common (Zipf >= 6: "time", "make", "people") are too vague to be a theme.
MIN_THEME_INFO = 1.0
MAX_PHRASE_WORDS = 3


@dataclass(frozen=True)
class Sentence:
    """A sentence of a note, with the terms it contains (for support lines and key points)."""

    text: str
    kind: str
    section: str
    order: int
    terms: frozenset[str]


@dataclass
class NoteTerms:
    """Everything the scorer and the combiner need to know about one note's words."""

    lang: str
    counts: Counter[str] = field(default_factory=Counter)
    boosted: dict[str, float] = field(default_factory=dict)
    surfaces: dict[str, Counter[str]] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)

    def display(self, term: str) -> str:
        """The most frequent surface form of a term (lowercase wins a tie)."""
        return display_form(self.surfaces.get(term, Counter({term: 1})))


@dataclass(frozen=True)
class DocFreq:
    """Document frequencies of a vault: how many of ``n_docs`` notes contain each term."""

    n_docs: int
    df: Mapping[str, int]

    def factor(self, term: str) -> float:
        """Smoothed IDF scaled to (0, 1]: 1 for a term in one note, small for everywhere."""
        if self.n_docs < 3:
            return 1.0
        idf = math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0
        return idf / (math.log(1 + self.n_docs) + 1.0)


def display_form(surfaces: Counter[str]) -> str:
    """Most frequent surface form; ties go to the lowercase one, then alphabetical order."""
    return min(surfaces.items(), key=lambda item: (-item[1], item[0] != item[0].lower(), item[0]))[
        0
    ]


def analyse(note: Note, *, keep_sentences: bool = True) -> NoteTerms:
    """Count a note's terms (stems and stem phrases), with their surfaces and sentences."""
    lang = note.lang
    terms = NoteTerms(lang=lang)
    stem = lexicon.stemmer(lang)
    stop = lexicon.stopwords(lang)
    order = 0

    def add(text: str, kind: str, section: str) -> None:
        nonlocal order
        boost = FIELD_BOOST.get(kind, 1.0)
        for sentence in sentences(text) if kind not in ("title", "tag") else [text]:
            found = _count(sentence, stem, stop, terms, boost)
            if keep_sentences:
                terms.sentences.append(Sentence(sentence, kind, section, order, frozenset(found)))
            order += 1

    add(note.title, "title", "")
    for tag in note.tags:
        add(tag.replace("/", " ").replace("-", " ").replace("_", " "), "tag", "")
    for block in note.blocks:
        if block.kind == "heading" and STRUCTURAL_HEADING.match(block.text):
            continue
        add(block.text, block.kind, block.section)
    return terms


def _count(
    text: str,
    stem: lexicon.StemFunction,
    stop: frozenset[str],
    terms: NoteTerms,
    boost: float,
) -> list[str]:
    """Add the words and phrases of one sentence to ``terms``; return the terms found."""
    found: list[str] = []
    counts, boosted, surfaces = terms.counts, terms.boosted, terms.surfaces
    for chunk in _PHRASE_BREAK.split(BARE_URL.sub(" . ", text)):
        run: list[tuple[str, str]] = []  # (stem, surface) of consecutive content words
        for match in _WORD.finditer(chunk):
            surface = match.group().replace("’", "'")
            lower = surface.lower()
            if len(lower) < 2 or lower in stop or lower.removesuffix("'s") in stop:
                run = []
                continue
            key = stem(lower.removesuffix("'s"))
            run.append((key, surface))
            for size in range(min(len(run), MAX_PHRASE_WORDS), 0, -1):
                words = run[-size:]
                term = " ".join(word[0] for word in words)
                counts[term] += 1
                boosted[term] = boosted.get(term, 0.0) + boost
                shown = " ".join(_POSSESSIVE.sub("", word[1]) for word in words)
                surfaces.setdefault(term, Counter())[shown] += 1
                found.append(term)
    return found


def informativeness(term: str, lang: str) -> float:
    """How much a term tells about a note, from the language's word frequencies (0 to ~7)."""
    total = 0.0
    for part in term.split(" "):
        zipf = lexicon.zipf(part, lang) or UNKNOWN_ZIPF
        total += max(0.0, ZIPF_CEILING - zipf)
    return min(total, 2 * ZIPF_CEILING)


def weights(
    terms: NoteTerms,
    docfreq: DocFreq | None = None,
    *,
    min_phrase_count: int = 2,
    eligible: Iterable[str] = (),
) -> dict[str, float]:
    """Raw weight of every term of a note (phrases only if frequent enough or ``eligible``)."""
    keep = set(eligible)
    out: dict[str, float] = {}
    lang = terms.lang
    for term, boosted in terms.boosted.items():
        if " " in term and terms.counts[term] < min_phrase_count and term not in keep:
            continue
        info = informativeness(term, lang)
        if docfreq is not None:
            info *= docfreq.factor(term)
        if info > 0:
            out[term] = (1.0 + math.log(boosted)) * info
    return out


def top_vector(raw: Mapping[str, float], limit: int) -> dict[str, float]:
    """The ``limit`` strongest terms, L2-normalised (so a dot product is a cosine)."""
    best = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(weight * weight for _, weight in best)) or 1.0
    return {term: weight / norm for term, weight in best}


def note_keywords(note: Note, docfreq: DocFreq | None = None, *, limit: int = 20) -> list[Keyword]:
    """A note's strongest keywords, for ``hatch keywords``."""
    terms = analyse(note, keep_sentences=False)
    vector = top_vector(weights(terms, docfreq), limit)
    return [
        Keyword(
            text=terms.display(term),
            stem=term,
            weight=round(weight, 4),
            count=terms.counts[term],
        )
        for term, weight in vector.items()
    ]
