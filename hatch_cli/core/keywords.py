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
MAX_PHRASE_WORDS = 3  # words in the longest phrase _terms_of counts

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
# Words this common (Zipf >= 5.5: "time", "people", "something") are too vague for a theme.
MIN_THEME_INFO = 1.5


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
    extra: dict[str, float] = field(default_factory=dict)
    """extra weight of terms in the title, tags and headings, on top of their count"""
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


def analyse(note: Note, *, keep_sentences: bool = True, keep_surfaces: bool = True) -> NoteTerms:
    """Count a note's terms (stems and stem phrases), with their surfaces and sentences.

    Ranking a vault needs only the counts: ``keep_sentences=False, keep_surfaces=False``
    skips the sentence split and the surface bookkeeping, about half the work.
    """
    lang = note.lang
    terms = NoteTerms(lang=lang)
    stem = lexicon.stemmer(lang)
    stop = lexicon.stopwords(lang)
    counts, extra = terms.counts, terms.extra
    surfaces = terms.surfaces if keep_surfaces else None
    order = 0

    def add(text: str, kind: str, section: str) -> None:
        nonlocal order
        boost = FIELD_BOOST.get(kind, 1.0) - 1.0
        split = keep_sentences and kind not in ("title", "tag")
        for sentence in sentences(text) if split else (text,):
            found = _terms_of(sentence, stem, stop, surfaces)
            counts.update(found)
            if boost:
                for term in found:
                    extra[term] = extra.get(term, 0.0) + boost
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


def _terms_of(
    text: str,
    stem: lexicon.StemFunction,
    stop: frozenset[str],
    surfaces: dict[str, Counter[str]] | None,
) -> list[str]:
    """The words and 2-3 word phrases of one sentence, as stems, in order of appearance.

    A phrase is a run of content words: a stopword, punctuation or a URL ends it.
    """
    found: list[str] = []
    append = found.append
    if "://" in text or "www." in text:
        text = BARE_URL.sub(" . ", text)
    for chunk in _PHRASE_BREAK.split(text):
        prev = prev2 = ""  # stems of the one and two content words before this one
        shown = shown2 = ""  # and how they were written
        for surface in _WORD.findall(chunk):
            lower = surface.lower()
            if "'" in lower or "’" in lower:
                lower = _POSSESSIVE.sub("", lower.replace("’", "'"))
            if len(lower) < 2 or lower in stop:
                prev = prev2 = ""
                continue
            key = stem(lower)
            append(key)
            if prev:
                bigram = f"{prev} {key}"
                append(bigram)
                if prev2:
                    append(f"{prev2} {bigram}")
            if surfaces is not None:
                written = _POSSESSIVE.sub("", surface.replace("’", "'"))
                _seen(surfaces, key, written)
                if prev:
                    _seen(surfaces, f"{prev} {key}", f"{shown} {written}")
                    if prev2:
                        _seen(surfaces, f"{prev2} {prev} {key}", f"{shown2} {shown} {written}")
                shown2, shown = shown, written
            prev2, prev = prev, key
    return found


def _seen(surfaces: dict[str, Counter[str]], term: str, written: str) -> None:
    counter = surfaces.get(term)
    if counter is None:
        counter = surfaces[term] = Counter()
    counter[written] += 1


def informativeness(term: str, lang: str) -> float:
    """How much a term tells about a note, from the language's word frequencies (0 to 14).

    A phrase is as informative as its words together. Memoised: a vault repeats terms.
    """
    key = (term, lang)
    info = _INFO_MEMO.get(key)
    if info is None:
        if len(_INFO_MEMO) >= _INFO_MEMO_LIMIT:
            _INFO_MEMO.clear()
        table = lexicon.zipf_table(lang)
        total = 0.0
        for part in term.split(" "):
            total += max(0.0, ZIPF_CEILING - (table.get(part) or UNKNOWN_ZIPF))
        info = _INFO_MEMO[key] = min(total, 2 * ZIPF_CEILING)
    return info


_INFO_MEMO: dict[tuple[str, str], float] = {}
_INFO_MEMO_LIMIT = 1 << 18


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
    extra = terms.extra
    for term, count in terms.counts.items():
        if " " in term and count < min_phrase_count and term not in keep:
            continue
        boosted = count + extra.get(term, 0.0)
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
