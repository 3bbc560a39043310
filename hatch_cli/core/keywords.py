"""Notes -> weighted keywords: words and code identifiers, by Snowball stem.

What a note says is read field by field (``FIELDS``): its title, tags, headings and prose,
its inline code, the words of its link targets, and its fenced code. Each occurrence
counts once. A keyword's weight in a note is

    weight = (sublinear count + FENCE_SHARE-capped share of code blocks)
             x informativeness ** gamma x vault factor

``informativeness`` is a word-frequency prior (Zipf frequency in the language at large,
see ``lexicon``): it says how specific a word is, and it is all there is when two notes
are compared alone (``gamma`` 1, no vault factor). In a vault, the vault's own evidence
leads (``DocFreq``): a term no other note has weighs nothing, one in more notes than
the vault's typical term is weighed down by its IDF, and the prior enters with the
exponent ``gamma = 1 - rho``, where ``rho`` is how far the vault's document frequencies
already rank its terms as the prior does (so rarity is not counted twice).

Phrases (2-3 word runs) are counted for display and themes only, never weighed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hatch_cli.core import lexicon
from hatch_cli.core.pairing import VECTOR_SIZE
from hatch_cli.core.text import BARE_URL, CODE_SPAN, sentences
from hatch_cli.models import Keyword, Note

# Punctuation that ends a phrase: two words either side of it are not one phrase.
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+|\s-+\s|_")
_POSSESSIVE = re.compile(r"'s$|'$", re.IGNORECASE)
MAX_PHRASE_WORDS = 3  # words in the longest phrase the reader counts

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

# How much a term in the title or a tag counts, against 1 in the text: enough to prefer a
# title word among equals, too little for one note's title to lead its vector (pairing
# quality on the three dev corpora moves by <= 0.01 from 1.25 to 2).
FIELD_BOOST = {"title": 1.5, "tag": 1.5}
# The part of a vector that fenced code may have: its norm at most this share of the
# norm of the rest. Code blocks name a note's tools, but across languages they pair
# notes by syntax (see benchmarks/README.md for the sweep).
FENCE_SHARE = 0.25
# The vault's typical share of notes (``DocFreq.share``) is taken as at most this: a term
# in more than half the notes is common in any vault (only tiny vaults come near it).
MAX_SHARE = 0.5
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
    """occurrences of each term in the whole note (and of each phrase, when kept)"""
    fields: dict[str, Counter[str]] = field(default_factory=dict)
    """occurrences of each term (no phrases) by where it stands: ``FIELDS``"""
    code: Counter[str] = field(default_factory=Counter)
    """occurrences of a term written as code (a whole identifier or code word)"""
    surfaces: dict[str, Counter[str]] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)

    def display(self, term: str) -> str:
        """The most frequent surface form of a term (lowercase wins a tie)."""
        return display_form(self.surfaces.get(term, Counter({term: 1})))

    def is_code(self, term: str) -> bool:
        """Whether the note mostly writes the term as code (``after_commit``)."""
        return 2 * self.code.get(term, 0) > self.counts.get(term, 0)


@dataclass(frozen=True)
class DocFreq:
    """What a vault says about rarity: how many of ``n_docs`` notes contain each term.

    ``share``: the document frequency (as a share of the notes) of the vault's typical
    term, the median over every note's terms; a term in more notes than that is weighed
    down by its IDF, one in fewer keeps its weight (the prior already tells rare terms
    apart). ``gamma``: the exponent of the prior in this vault, ``1 - rho`` with ``rho``
    the rank correlation of the prior with the vault's document frequencies over the terms
    that two notes or more share (``vault_rarity``).
    """

    n_docs: int
    df: Mapping[str, int]
    share: float = 1.0
    gamma: float = 1.0

    def factor(self, term: str) -> float:
        """Smoothed IDF scaled to [0, 1]: 1 for a term in up to ``share`` of the notes, less
        for one in more; 0 for a term that no other note has or that every note has (it
        can't tell which notes belong together)."""
        if self.n_docs < 3:
            return 1.0
        df = self.df.get(term, 0)
        if df < 2 or df >= self.n_docs:
            return 0.0
        return capped_idf(df, self.n_docs, self.share)


def capped_idf(df: float, n_docs: int, share: float) -> float:
    """The smoothed IDF ``log((1 + n) / (1 + df)) + 1`` over ``log(1 / share) + 1`` (about
    its value for a term in ``share`` of the notes), at most 1."""
    idf = math.log((1 + n_docs) / (1 + df)) + 1.0
    return min(1.0, idf / (math.log(1 / share) + 1.0))


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


def analyse(
    note: Note,
    *,
    keep_sentences: bool = True,
    keep_surfaces: bool = True,
    keep_phrases: bool | None = None,
) -> NoteTerms:
    """Count a note's terms (stems and identifiers) by field, with surfaces and sentences.

    Each occurrence counts once: a title that is also the body's first heading is read
    there only. Phrases (2-3 word runs, for display and themes) are counted only when
    ``keep_phrases`` (by default, when surfaces are kept): they never weigh in a vector.
    Ranking a vault needs only the counts: ``keep_sentences=False, keep_surfaces=False``
    skips the sentence split, the phrases and the surface bookkeeping.
    """
    lang = note.lang
    terms = NoteTerms(lang=lang)
    phrases = keep_surfaces if keep_phrases is None else keep_phrases
    reader = _Reader(lang, terms, phrases, keep_surfaces)
    order = 0
    split_sentences = _cjk_sentences if lang in _UNSPACED else sentences

    def add(text: str, kind: str, section: str, urls: tuple[str, ...] = ()) -> None:
        nonlocal order
        split = keep_sentences and kind not in ("title", "tag")
        for sentence in split_sentences(text) if split else (text,):
            found = reader.read(sentence, kind)
            if keep_sentences:
                terms.sentences.append(Sentence(sentence, kind, section, order, frozenset(found)))
            order += 1
        for url in urls:
            reader.url(url)

    title_block = _title_block(note)
    if title_block is None:
        add(note.title, "title", "")
    for tag in note.tags:
        add(tag.replace("/", " ").replace("-", " ").replace("_", " "), "tag", "")
    for index, block in enumerate(note.blocks):
        kind: str = block.kind
        if kind == "code":
            reader.fence(block.text)
            continue
        if index == title_block:
            kind = "title"
        elif kind == "heading" and STRUCTURAL_HEADING.match(block.text):
            continue
        add(block.text, kind, block.section, block.urls)
    reader.finish()
    return terms


def _title_block(note: Note) -> int | None:
    """The index of the heading that repeats the note's title (it is read once, there)."""
    wanted = " ".join(note.title.split()).casefold()
    for index, block in enumerate(note.blocks):
        if block.kind == "heading":
            if " ".join(block.text.split()).casefold() == wanted:
                return index
            if index > 0:
                return None  # only the first heading of a note can be its title
    return None


#: Where a term stands in a note: what ``weights`` tells apart.
FIELDS = ("title", "tag", "heading", "text", "code", "link", "fence")
# A token of prose: letters, digits and underscores, joined by apostrophes, dots or "::"
# (words like "Japan's", identifiers like after_commit, torch.zeros, ActiveRecord::Base).
_PROSE_TOKEN = re.compile(r"\w+(?:(?:['’.]|::)\w+)*")
# A token of code: also joined by hyphens (pre-commit, --no-cache's no-cache).
_CODE_TOKEN = re.compile(r"\w+(?:(?:['’.\-]|::)\w+)*")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# The words of a CamelCase run (ASCII): HTTPServer -> HTTP, Server; iPhone -> i, Phone.
# An acronym splits off only before a word of three letters or more (IPv stays one).
_CAMEL_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]{2})|[A-Z]*[a-z]+|[A-Z]+")
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Longest identifier kept whole (a longer one is only its parts).
MAX_IDENTIFIER_CHARS = 60
# Parts of a URL that say nothing about what it points to.
_URL_NOISE = frozenset({"www", "http", "https", "html", "htm", "php", "aspx", "asp", "index"})


def identifier_parts(token: str) -> tuple[str, list[str]]:
    """An identifier's whole form ('' when it is just one word) and its words.

    ``after_commit`` -> ``after_commit``, [after, commit]; ``torch.zeros`` -> ``torch.zeros``,
    [torch, zeros]; ``ActiveRecord`` -> ``ActiveRecord``, [Active, Record]; ``pytest`` ->
    '', [pytest]. Numbers are ignored: digits are never words, and an identifier with a
    digit in it is only its words (``utf8`` -> '', [utf]; ``0.63.1`` -> '', []).
    """
    parts: list[str] = []
    for run in _LETTER_RUN.findall(token):
        if run.isascii() and not run.islower() and not run.isupper() and not run.istitle():
            parts += _CAMEL_WORD.findall(run)
        else:
            parts.append(run)
    whole = token.strip("_.:-'’")
    if (
        len(parts) < 2
        or sum(map(len, parts)) < 4  # e.g, U.S: abbreviations, not identifiers
        or len(whole) > MAX_IDENTIFIER_CHARS
        or not whole[:1].isalpha()
        or any(char.isdigit() for char in whole)
    ):
        whole = ""
    return whole, parts


class _Reader:
    """Turns the text of one note into counted terms, field by field."""

    def __init__(self, lang: str, terms: NoteTerms, phrases: bool, surfaces: bool) -> None:
        self.lang = lang
        self.terms = terms
        self.phrases = phrases
        self.surfaces = terms.surfaces if surfaces else None
        self.stem = lexicon.stemmer(lang)
        self.stop = lexicon.stopwords(lang)
        self.cjk = lang in _UNSPACED
        if self.cjk:  # code and URLs in a Japanese or Chinese note are read as English
            self.code_lang = "en"
        else:
            self.code_lang = lang
        self.code_stem, self.code_stop = (
            lexicon.stemmer(self.code_lang),
            lexicon.stopwords(self.code_lang),
        )
        self.by_field: dict[str, list[str]] = {name: [] for name in FIELDS}
        self.phrase_list: list[str] = []
        self.code_list: list[str] = []
        self.fence_counts: Counter[str] = Counter()
        self.fences: list[str] = []
        self.memo = _IDENTIFIER_MEMO.setdefault(self.code_lang, {})
        self.tag_surfaces: dict[str, Counter[str]] = {}

    def finish(self) -> None:
        terms = self.terms
        if self.fences:
            self._read_fences()
        for name, found in self.by_field.items():
            if found:
                counted = Counter(found)
                terms.fields[name] = counted
                terms.counts.update(counted)
        if self.fence_counts:
            terms.fields["fence"] = self.fence_counts
            terms.counts.update(self.fence_counts)
        if self.phrase_list:
            terms.counts.update(self.phrase_list)
        terms.code.update(self.code_list)
        if self.surfaces is not None:
            for term, written in self.tag_surfaces.items():
                self.surfaces.setdefault(term, written)

    def read(self, text: str, kind: str) -> list[str]:
        """The terms of one sentence (of a block of ``kind``), counted in their fields."""
        field_name = kind if kind in ("title", "tag", "heading") else "text"
        found: list[str] = []
        pieces = CODE_SPAN.split(text) if "`" in text else (text,)
        for position, piece in enumerate(pieces):
            if position % 2:
                code = self._code(piece, "code" if field_name == "text" else field_name)
                found += code
                continue
            if "://" in piece or "www." in piece:
                for url in BARE_URL.findall(piece):
                    found += self.url(url)
                piece = BARE_URL.sub(" . ", piece)
            words = self._cjk_prose(piece, kind) if self.cjk else self._prose(piece, kind)
            self.by_field[field_name] += words
            found += words
        return found

    def _prose(self, text: str, kind: str) -> list[str]:
        stem, stop = self.stem, self.stop
        surfaces = (
            self.tag_surfaces if kind == "tag" and self.surfaces is not None else self.surfaces
        )
        found: list[str] = []
        append = found.append
        phrases = self.phrase_list if self.phrases else None
        prev = prev2 = ""  # stems of the one and two content words before this one
        shown = shown2 = ""  # and how they were written
        # With phrases, the text between two words (punctuation) may end a phrase.
        tokens = _tokens_and_breaks(text) if phrases is not None else _PROSE_TOKEN.findall(text)
        for surface in tokens:
            if not surface:  # a phrase break
                prev = prev2 = ""
                continue
            if not surface.isalpha():
                if _PLAIN_WORD.fullmatch(surface) is None:
                    # an identifier (or a number): its words, and itself if it has several
                    found += self._identifier(surface, "", surfaces)
                    prev = prev2 = ""
                    continue
                surface = _POSSESSIVE.sub("", surface.replace("’", "'"))
            lower = surface.lower()
            if len(lower) < 2 or lower in stop:
                prev = prev2 = ""
                continue
            key = stem(lower)
            append(key)
            if surfaces is not None:
                _seen(surfaces, key, surface)
            if phrases is not None:
                if prev:
                    bigram = f"{prev} {key}"
                    phrases.append(bigram)
                    if prev2:
                        phrases.append(f"{prev2} {bigram}")
                    if surfaces is not None:
                        _seen(surfaces, bigram, f"{shown} {surface}")
                        if prev2:
                            _seen(surfaces, f"{prev2} {bigram}", f"{shown2} {shown} {surface}")
                shown2, shown = shown, surface
                prev2, prev = prev, key
        return found

    def _identifier(
        self, token: str, field_name: str, surfaces: dict[str, Counter[str]] | None
    ) -> list[str]:
        """The terms of one identifier: its words (stemmed), and the whole of it when it
        is more than one word. With ``field_name`` (code), they are counted there."""
        reading = self.memo.get(token) or self._split(token)
        whole, keys, written = reading
        found = list(keys)
        if surfaces is not None:
            for key, part in zip(keys, written, strict=True):
                _seen(surfaces, key, part)
        if whole:
            key = whole.lower()
            found.append(key)
            if surfaces is not None:
                _seen(surfaces, key, whole)
            if field_name:
                self.code_list.append(key)
        elif field_name and len(found) == 1:
            self.code_list.append(found[0])
        if field_name:
            self.by_field[field_name] += found
        return found

    def _code(self, code: str, field_name: str) -> list[str]:
        """The terms of inline code (identifiers, split and whole), counted in ``field_name``;
        a URL in it is read as a link target."""
        found: list[str] = []
        if "://" in code or "www." in code:
            for url in BARE_URL.findall(code):
                found += self.url(url)
            code = BARE_URL.sub(" ", code)
        for token in _CODE_TOKEN.findall(code):
            found += self._identifier(token, field_name, self.surfaces)
        return found

    def _split(self, token: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """``_read_identifier`` of a token, kept in the memo."""
        if len(self.memo) >= _IDENTIFIER_MEMO_LIMIT:
            self.memo.clear()
        reading = self.memo[token] = _read_identifier(token, self.code_stem, self.code_stop)
        return reading

    def fence(self, code: str) -> None:
        """A fenced or indented code block: read with the others in ``finish``."""
        self.fences.append(code)

    def _read_fences(self) -> None:
        """The identifiers of all the note's code blocks at once, in the ``fence`` field."""
        counts, as_code, memo = self.fence_counts, self.terms.code, self.memo
        for token, times in Counter(_CODE_TOKEN.findall("\n".join(self.fences))).items():
            whole, keys, _ = memo.get(token) or self._split(token)
            for key in keys:
                counts[key] += times
            if whole:
                key = whole.lower()
                counts[key] += times
                as_code[key] += times
            elif len(keys) == 1:
                as_code[keys[0]] += times

    def url(self, url: str) -> list[str]:
        """The words of a link target's host and path (not its query or fragment)."""
        found = url_words(url)
        keys: list[str] = []
        stem, stop, surfaces = self.code_stem, self.code_stop, self.surfaces
        for word in found:
            lower = word.lower()
            if len(lower) > 1 and lower not in stop and lower not in _URL_NOISE:
                key = stem(lower)
                keys.append(key)
                if surfaces is not None:
                    _seen(surfaces, key, word)
        self.by_field["link"] += keys
        return keys

    def _cjk_prose(self, text: str, kind: str) -> list[str]:
        surfaces = (
            self.tag_surfaces if kind == "tag" and self.surfaces is not None else self.surfaces
        )
        found, phrase_found = _cjk_terms_of(
            text, self.stem, self.stop, surfaces, self.lang, self.phrases
        )
        self.phrase_list += phrase_found
        return found


def _tokens_and_breaks(text: str) -> list[str]:
    """The prose tokens of ``text``, with '' where punctuation (not a space or a hyphen)
    between two of them ends a phrase."""
    out: list[str] = []
    end = 0
    for match in _PROSE_TOKEN.finditer(text):
        gap = text[end : match.start()]
        if gap and not gap.isspace() and _PHRASE_BREAK.search(gap):
            out.append("")
        out.append(match.group())
        end = match.end()
    return out


def _read_identifier(
    token: str, stem: lexicon.StemFunction, stop: frozenset[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """An identifier's whole form ('' if none), the stems of its words (stopwords and
    single letters left out) and how those words were written."""
    whole, parts = identifier_parts(token)
    kept = [part for part in parts if len(part) > 1 and part.lower() not in stop]
    return whole, tuple(stem(part.lower()) for part in kept), tuple(kept)


# Identifiers recur (in code above all): each is split and stemmed once per language. A
# language's memo is emptied when full, as ``lexicon.stemmer``'s is.
_IDENTIFIER_MEMO: dict[str, dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}
_IDENTIFIER_MEMO_LIMIT = 1 << 16


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?://)?", re.IGNORECASE)


def url_words(url: str) -> list[str]:
    """The words of a URL's host (without its top-level domain) and path segments.

    ``https://docs.python.org/3/library/re.html?x=1`` -> docs, python, library, re.
    A ``mailto:`` address and a query string or fragment say nothing: they are skipped.
    """
    if url.lower().startswith(("mailto:", "tel:", "javascript:", "data:")):
        return []
    url = url.split("#", 1)[0].split("?", 1)[0]
    rest = _SCHEME.sub("", url)
    words: list[str] = []
    if rest != url or url.startswith("//") or url.lower().startswith("www."):
        rest = rest.lstrip("/")
        host, _, path = rest.partition("/")
        host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().removeprefix("www.")
        labels = host.split(".")
        for label in labels[:-1] if len(labels) > 1 else labels:
            words += _LETTER_RUN.findall(label)
    else:
        path = url
    segments = [segment for segment in path.split("/") if segment]
    if segments and "." in segments[-1]:
        segments[-1] = segments[-1].rsplit(".", 1)[0]  # a file's extension
    for segment in segments:
        for run in _ALNUM_RUN.findall(segment):
            if not run.isalpha():
                continue  # a number, a hash or an id (2014, ce3f9a0, a1b2): no words
            if run.isascii() and not run.islower() and not run.isupper() and not run.istitle():
                words += _CAMEL_WORD.findall(run)
            else:
                words.append(run)
    return words


_ALNUM_RUN = re.compile(r"[^\W_]+")


# Languages written without spaces between words (see ``core.segment``).
_UNSPACED = frozenset({"ja", "zh"})
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
    phrases: bool = True,
) -> tuple[list[str], list[str]]:
    """The words and (with ``phrases``) the phrases of Japanese or Chinese text: words from
    ``segment``, phrases of neighbours.

    A word is keyed by its surface (these tables have no stems); a Latin word in the
    text (AI, ChatGPT, LLMs) is keyed as in English, so it meets the same word in an
    English note. A one-character word joins phrases (著作権 + 法) but is no keyword.
    """
    from hatch_cli.core import segment

    latin_stem, latin_stop = lexicon.stemmer("en"), lexicon.stopwords("en")
    found: list[str] = []
    phrase_found: list[str] = []
    append = found.append
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
                if surfaces is not None:
                    _seen(surfaces, key, written)
            if phrases:
                if prev:
                    bigram = f"{prev} {key}"
                    phrase_found.append(bigram)
                    if prev2:
                        phrase_found.append(f"{prev2} {bigram}")
                    if surfaces is not None:
                        _seen(surfaces, bigram, f"{shown}{sep}{written}")
                        if prev2:
                            _seen(surfaces, f"{prev2} {bigram}", f"{shown_pair}{sep}{written}")
                shown_pair = f"{shown}{sep}{written}" if prev else ""
                shown = written
                prev2, prev = prev, key
    return found, phrase_found


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


def term_weights(terms: NoteTerms) -> tuple[list[str], list[float], list[float], list[float]]:
    """A note's terms with what their weight is made of: the sublinear count of each in
    the note's text (title and tags boosted), that of its occurrences in code blocks, and
    its informativeness. What a vault stores of a note; ``weights`` combines them."""
    fields = terms.fields
    counted: dict[str, float] = dict(fields.get("text", {}))
    for name, found in fields.items():
        if name in ("text", "fence"):
            continue
        boost = FIELD_BOOST.get(name, 1.0)
        for term, count in found.items():
            counted[term] = counted.get(term, 0) + boost * count
    log = math.log
    fence = fields.get("fence")
    if fence:
        for term in fence:
            counted.setdefault(term, 0)
        fence_tf = [1.0 + log(fence[term]) if term in fence else 0.0 for term in counted]
    else:
        fence_tf = [0.0] * len(counted)
    text_tf = [1.0 + log(count) if count > 0 else 0.0 for count in counted.values()]
    names = list(counted)
    lang = terms.lang
    memo = _INFO_MEMO  # informativeness, without a call for the terms it knows already
    info = [memo.get((term, lang)) or informativeness(term, lang) for term in names]
    return names, text_tf, fence_tf, info


def weights(terms: NoteTerms, docfreq: DocFreq | None = None) -> dict[str, float]:
    """Weight of every term of a note: alone (the prior only) or in a vault (``docfreq``).

    ``vault_weights`` computes the same for every note of a vault at once.
    """
    names, text_tf, fence_tf, info = term_weights(terms)
    gamma = docfreq.gamma if docfreq is not None else 1.0
    rarity = [
        (value**gamma if gamma != 1.0 else value) * (docfreq.factor(term) if docfreq else 1.0)
        for term, value in zip(names, info, strict=True)
    ]
    text = [tf * r for tf, r in zip(text_tf, rarity, strict=True)]
    code = [tf * r for tf, r in zip(fence_tf, rarity, strict=True)]
    scale = fence_scale(math.fsum(w * w for w in text), math.fsum(w * w for w in code))
    return {
        term: weight
        for term, a, b in zip(names, text, code, strict=True)
        if (weight := a + scale * b) > 0
    }


def fence_scale(text_norm_sq: float, code_norm_sq: float) -> float:
    """What fenced code's part of a vector is multiplied by, so that its norm is at most
    ``FENCE_SHARE`` of the norm of the rest (1 when it is smaller already)."""
    if code_norm_sq <= 0:
        return 0.0
    return min(1.0, FENCE_SHARE * math.sqrt(text_norm_sq / code_norm_sq))


def vault_rarity(
    terms: Sequence[int] | Any, info: Sequence[float] | Any, n_terms: int, n_docs: int
) -> tuple[Any, float, float]:
    """A vault's document frequency of each term, its typical share and its prior exponent.

    ``terms`` and ``info`` are every note's terms (ids below ``n_terms``) and their
    informativeness. ``share`` is the median, over those entries, of their document
    frequency as a share of ``n_docs`` (at most a half: a term in most notes is common
    whatever the vault); ``gamma`` is 1 minus the Spearman correlation,
    over the terms two notes or more share, of a term's informativeness with its rarity in
    the vault (minus its document frequency), kept within [0, 1]: the prior counts for
    what the vault does not already say. numpy is imported here (vault commands only).
    """
    import numpy as np

    term_ids = np.asarray(terms, dtype=np.int64)
    df = np.bincount(term_ids, minlength=n_terms)
    if not len(term_ids) or n_docs < 3:
        return df, 1.0, 1.0
    share = min(MAX_SHARE, float(np.median(df[term_ids])) / n_docs)
    shared = df >= 2
    mean_info = np.bincount(term_ids, weights=np.asarray(info, dtype=np.float64),
                            minlength=n_terms)[shared] / df[shared]  # fmt: skip
    rho = _spearman(mean_info, -df[shared].astype(np.float64))
    return df, share, min(1.0, max(0.0, 1.0 - rho))


def _spearman(a: Any, b: Any) -> float:
    """Spearman's rank correlation (ties get their mean rank); 0 without variation."""

    if len(a) < 3:
        return 0.0
    ra, rb = _ranks(a), _ranks(b)
    ra -= ra.mean()
    rb -= rb.mean()
    denominator = math.sqrt(float(ra @ ra) * float(rb @ rb))
    return float(ra @ rb) / denominator if denominator > 0 else 0.0


def _ranks(values: Any) -> Any:
    import numpy as np

    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.append(starts[1:], len(ordered))
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat((starts + ends - 1) / 2.0, ends - starts)
    return ranks


def vault_docfreq(terms: Any, info: Any, vocab: Sequence[str], n_docs: int) -> DocFreq:
    """The ``DocFreq`` of a vault from every note's terms (ids into ``vocab``) and their
    informativeness: what ``hatch combine --vault`` weighs a note with."""
    df, share, gamma = vault_rarity(terms, info, len(vocab), n_docs)
    return DocFreq(n_docs, dict(zip(vocab, df.tolist(), strict=True)), share, gamma)


def vault_weights(
    indptr: Any, terms: Any, text_tf: Any, fence_tf: Any, info: Any, n_terms: int
) -> Any:
    """``weights`` of every note of a vault at once (numpy arrays, note ``i`` owning
    entries ``indptr[i]:indptr[i+1]``): the vault's rarity, fenced code capped per note."""
    import numpy as np

    n_docs = len(indptr) - 1
    df, share, gamma = vault_rarity(terms, info, n_terms, n_docs)
    rarity = np.power(info, gamma) if gamma != 1.0 else np.asarray(info, dtype=np.float64)
    if n_docs >= 3:
        entry_df = df[terms]
        idf = np.log((1 + n_docs) / (1 + entry_df)) + 1.0
        top = math.log(1 / share) + 1.0
        shared = (entry_df >= 2) & (entry_df < n_docs)
        rarity = rarity * np.where(shared, np.minimum(1.0, idf / top), 0.0)
    text = text_tf * rarity
    code = fence_tf * rarity
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(indptr))
    text_sq = np.bincount(rows, weights=text * text, minlength=n_docs)
    code_sq = np.bincount(rows, weights=code * code, minlength=n_docs)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(
            code_sq > 0, np.minimum(1.0, FENCE_SHARE * np.sqrt(text_sq / code_sq)), 0.0
        )
    return text + scale[rows] * code


def top_vector(raw: Mapping[str, float], limit: int) -> dict[str, float]:
    """The ``limit`` strongest terms, L2-normalised (so a dot product is a cosine)."""
    best = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(weight * weight for _, weight in best)) or 1.0
    return {term: weight / norm for term, weight in best}


def note_keywords(note: Note, docfreq: DocFreq | None = None, *, limit: int = 20) -> list[Keyword]:
    """A note's strongest keywords, for ``hatch keywords``: the first ``limit`` terms of the
    vector ``pairs`` compares, with their weights there (whatever ``limit`` is)."""
    terms = analyse(note, keep_sentences=False)
    vector = top_vector(weights(terms, docfreq), max(limit, VECTOR_SIZE))
    if limit > VECTOR_SIZE:
        vector = _renormed(vector, VECTOR_SIZE)
    return [
        Keyword(
            text=terms.display(term),
            stem=term,
            weight=round(weight, 4),
            count=terms.counts[term],
        )
        for term, weight in list(vector.items())[:limit]
    ]


def _renormed(vector: dict[str, float], size: int) -> dict[str, float]:
    """A longer vector scaled so that its first ``size`` terms have norm 1, as in pairing."""
    norm = math.sqrt(sum(weight * weight for weight in list(vector.values())[:size])) or 1.0
    return {term: weight / norm for term, weight in vector.items()}
