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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hatch_cli.core import lexicon
from hatch_cli.core.text import BARE_URL, WORD, sentences
from hatch_cli.models import Keyword, Note

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

# Share of a vault's notes a term may be in before the vault's own IDF weighs it down.
COMMON_SHARE = 0.10
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
        """Smoothed IDF scaled to (0, 1]: small for a term in most notes of the vault.

        Terms in up to ``COMMON_SHARE`` of the notes keep their full weight: the prior
        already says how rare a word is, and counting a vault's topic words down a second
        time lost pairs on til-dev (p@1 0.500 against 0.551 with the cap).
        """
        if self.n_docs < 3:
            return 1.0
        idf = math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0
        return min(1.0, idf / (math.log(1 / COMMON_SHARE) + 1.0))


def display_form(surfaces: Counter[str]) -> str:
    """How a term is most often written, ignoring case for the group; within it, the most
    frequent casing, where a capital at a sentence start ("Creators") counts for the
    lowercase form the note also uses. Ties go to an acronym ("AI" over a tag's "ai"),
    then lowercase, then alphabetically."""
    groups: dict[str, Counter[str]] = {}
    for written, count in surfaces.items():
        groups.setdefault(written.casefold(), Counter())[written] += count
    _, group = min(groups.items(), key=lambda item: (-item[1].total(), item[0]))
    votes: Counter[str] = Counter()
    for written, count in group.items():
        lower = written.lower()
        starts_sentence = written == lower[:1].upper() + lower[1:] and lower in group
        votes[lower if starts_sentence else written] += count
    return min(
        votes.items(),
        key=lambda item: (-item[1], not item[0].isupper(), item[0] != item[0].lower(), item[0]),
    )[0]


def shared_display(term: str, surfaces: Sequence[Mapping[str, Counter[str]]]) -> str:
    """How several notes together most often write a term they share."""
    merged: Counter[str] = Counter()
    for note in surfaces:
        merged.update(note.get(term, Counter()))
    return display_form(merged) if merged else term


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
    # Japanese and Chinese have no spaces between words: their sentences go to the
    # segmenter (imported only here, so notes in other languages never load it).
    terms_of, split_sentences = _terms_of, sentences
    if lang in lexicon.UNSPACED_LANGUAGES:
        terms_of, split_sentences = _cjk_terms_of, _cjk_sentences

    def add(text: str, kind: str, section: str) -> None:
        nonlocal order
        boost = FIELD_BOOST.get(kind, 1.0) - 1.0
        split = keep_sentences and kind not in ("title", "tag")
        # A tag's spelling ("ai", "training-data") is no guide to how the note writes it.
        seen = tag_surfaces if kind == "tag" and surfaces is not None else surfaces
        for sentence in split_sentences(text) if split else (text,):
            found = terms_of(sentence, stem, stop, seen, lang)
            counts.update(found)
            if boost:
                for term in found:
                    extra[term] = extra.get(term, 0.0) + boost
            if keep_sentences:
                terms.sentences.append(Sentence(sentence, kind, section, order, frozenset(found)))
            order += 1

    tag_surfaces: dict[str, Counter[str]] = {}
    add(note.title, "title", "")
    for tag in note.tags:
        add(tag.replace("/", " ").replace("-", " ").replace("_", " "), "tag", "")
    for block in note.blocks:
        if block.kind == "heading" and STRUCTURAL_HEADING.match(block.text):
            continue
        add(block.text, block.kind, block.section)
    if surfaces is not None:
        for term, written in tag_surfaces.items():
            surfaces.setdefault(term, written)
    return terms


def _terms_of(
    text: str,
    stem: lexicon.StemFunction,
    stop: frozenset[str],
    surfaces: dict[str, Counter[str]] | None,
    lang: str = "en",
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
        for surface in WORD.findall(chunk):
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


# Japanese and Chinese sentences end at 。！？ with no space after them.
_CJK_SENTENCE_END = re.compile(r"(?<=[。！？])[」』”’)）]*\s*")


def _cjk_sentences(text: str) -> list[str]:
    """``sentences``, also split after 。！？ (which no space follows)."""
    return [
        part.strip()
        for sentence in sentences(text)
        for part in _CJK_SENTENCE_END.split(sentence)
        if part.strip()
    ]


def _cjk_terms_of(
    text: str,
    stem: lexicon.StemFunction,
    stop: frozenset[str],
    surfaces: dict[str, Counter[str]] | None,
    lang: str = "ja",
) -> list[str]:
    """``_terms_of`` for Japanese and Chinese: words from ``segment``, phrases of neighbours.

    A word is keyed by its surface (these tables have no stems); a Latin word in the
    text (AI, ChatGPT, LLMs) is keyed as in English, so it meets the same word in an
    English note. A one-character word joins phrases (著作権 + 法) but is no keyword.
    """
    from hatch_cli.core import segment

    latin_stem, latin_stop = lexicon.stemmer("en"), lexicon.stopwords("en")
    found: list[str] = []
    append = found.append
    if "://" in text or "www." in text:
        text = BARE_URL.sub(" . ", text)
    for run in segment.runs(text, lang):
        prev = prev2 = ""
        shown = shown_pair = ""  # how prev, and prev2 + prev, were written
        for surface, sep in run:
            latin = surface.isascii()
            if latin:
                key = _POSSESSIVE.sub("", surface.lower())
                if len(key) < 2 or key in latin_stop:
                    prev = prev2 = ""
                    continue
                key = latin_stem(key)
                written = _POSSESSIVE.sub("", surface)
            else:
                key, written = surface.lower(), surface
                if key in stop:
                    prev = prev2 = ""
                    continue
            if latin or len(key) > 1:
                append(key)
            if prev:
                bigram = f"{prev} {key}"
                append(bigram)
                if prev2:
                    append(f"{prev2} {bigram}")
            if surfaces is not None:
                _seen(surfaces, key, written)
                if prev:
                    _seen(surfaces, f"{prev} {key}", f"{shown}{sep}{written}")
                    if prev2:
                        _seen(surfaces, f"{prev2} {prev} {key}", f"{shown_pair}{sep}{written}")
            shown_pair = f"{shown}{sep}{written}" if prev else ""
            shown = written
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
            weight=weight,
            count=terms.counts[term],
        )
        for term, weight in vector.items()
    ]
