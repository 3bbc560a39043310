"""A note -> its terms, counted field by field: words, identifiers, link words and
phrases, with how the note writes them and its sentences. Pure.

What a note says is read field by field (``FIELDS``): its title, tags, headings and prose,
its inline code, the words of its link targets, and its fenced code. Each occurrence
counts once: a title that is also the body's first heading is read there only. Phrases
(2-3 word runs) are counted to name themes, never weighed (``keywords`` weighs terms).

Why it is long: one reader serves ``combine`` (sentence by sentence, with surfaces and
phrases) and a vault (counts only, a field at a time): they must count alike.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.sentences import LEADS, introduces, sentences
from hatch_cli.core.reading.text import BARE_URL, CODE_SPAN
from hatch_cli.core.reading.tokens import (
    CODE_TOKEN,
    IDENTIFIER_MEMO,
    IDENTIFIER_MEMO_LIMIT,
    PLAIN_WORD,
    POSSESSIVE,
    PROSE_TOKEN,
    URL_NOISE,
    cjk_terms,
    count_surface,
    display_form,
    phrase_tokens,
    read_identifier,
    url_words,
)
from hatch_cli.core.reading.tokens import shared_display as shared_display
from hatch_cli.models import Note

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


@dataclass(frozen=True)
class Sentence:
    """A sentence of a note, with the terms it contains (for support lines and key points)."""

    text: str
    kind: str
    section: str
    order: int
    terms: frozenset[str]
    code: int = -1
    """the index (in ``Note.blocks``) of the code block this sentence introduces: the last
    sentence of the prose just before it; -1 for none"""
    task: bool | None = None
    """the task box of the list item it is in: done (True), still to do (False), none"""


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
    prose: dict[str, list[str]] = field(default_factory=dict)
    """``analyse(defer_prose=True)``'s prose of each field, to count later (``count_prose``)"""

    def display(self, term: str) -> str:
        """The most frequent surface form of a term (lowercase wins a tie)."""
        return display_form(self.surfaces.get(term, Counter({term: 1})))

    def linked_only(self) -> frozenset[str]:
        """The terms found only in link targets and URLs (``blob``, ``simonw``): they count
        for pairing, but a reader never reads them, so they are never shown."""
        link = self.fields.get("link")
        if not link:
            return frozenset()
        said = [counts for name, counts in self.fields.items() if name != "link"]
        return frozenset(term for term in link if not any(term in counts for counts in said))

    def is_code(self, term: str) -> bool:
        """Whether the note mostly writes the term as code (``after_commit``)."""
        return 2 * self.code.get(term, 0) > self.counts.get(term, 0)


def analyse(
    note: Note,
    *,
    keep_sentences: bool = True,
    keep_surfaces: bool = True,
    keep_phrases: bool | None = None,
    defer_prose: bool = False,
) -> NoteTerms:
    """Count a note's terms (stems and identifiers) by field, with surfaces and sentences.

    Each occurrence counts once: a title that is also the body's first heading is read
    there only. Phrases (2-3 word runs, for display and themes) are counted only when
    ``keep_phrases`` (by default, when surfaces are kept): they never weigh in a vector.
    Ranking a vault needs only the counts: ``keep_sentences=False, keep_surfaces=False``
    skips the sentence split, the phrases and the surface bookkeeping; with
    ``defer_prose`` too, the prose of each field is left uncounted in ``NoteTerms.prose``
    (for a caller that counts many notes' at once; ``count_prose`` counts one's).
    """
    lang = note.lang
    terms = NoteTerms(lang=lang)
    phrases = keep_surfaces if keep_phrases is None else keep_phrases
    reader = _Reader(lang, terms, phrases, keep_surfaces)
    # Counts only (ranking a vault): each field's prose is tokenised in one pass and each
    # distinct word read once (``_Reader.gather``); the same counts as sentence by sentence.
    gather = not (keep_sentences or keep_surfaces or phrases or reader.cjk)
    order = 0
    said_by = -1  # the block the last sentence came from

    def add(text: str, kind: str, section: str, urls: tuple[str, ...] = (),
            task: bool | None = None, aside: str = "") -> None:  # fmt: skip
        nonlocal order
        if gather:
            reader.gather(text, kind)
            for url in urls:
                reader.url(url)
            return
        split = keep_sentences and kind not in ("title", "tag")
        for sentence in sentences(text, lang, note.tags) if split else (text,):
            found = reader.read(sentence, kind)
            if keep_sentences:
                # A footnote's text or a reference is counted as prose, never quoted.
                shown = aside or kind
                said = Sentence(sentence, shown, section, order, frozenset(found), task=task)
                terms.sentences.append(said)
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
            if (
                0 <= said_by == index - 1
                and note.blocks[said_by].kind in LEADS
                and introduces(terms.sentences[-1].text)
            ):
                terms.sentences[-1] = dataclasses.replace(terms.sentences[-1], code=index)
            continue
        if index == title_block:
            kind = "title"
        elif kind == "heading" and STRUCTURAL_HEADING.match(block.text):
            continue
        before = len(terms.sentences)
        # A footnote's text away from its mark; a list of links ("- [A guide](url)") names
        # what to read, and says nothing of it.
        aside = "footnote" if block.footnote else ""
        if block.linked and kind in ("item", "paragraph"):
            aside = "reference"
        add(block.text, kind, block.section, block.urls, block.task, aside)
        said_by = index if len(terms.sentences) > before else -1
    if gather and defer_prose:
        terms.prose, reader.gathered = reader.gathered, {}
    reader.finish()
    return terms


def count_prose(terms: NoteTerms) -> None:
    """Count the prose ``analyse(defer_prose=True)`` left, as ``analyse`` would have."""
    reader = _Reader(terms.lang, terms, False, False)
    reader.gathered, terms.prose = terms.prose, {}
    reader._count_gathered()
    for name, counted in reader.counted.items():
        terms.fields.setdefault(name, Counter()).update(counted)
        terms.counts.update(counted)


def token_terms(lang: str, tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """What each prose token of a note in ``lang`` reads as (none for a stopword or a
    number, several for an identifier): what ``count_prose`` finds, token by token."""
    reader = _Reader(lang, NoteTerms(lang=lang), False, False)
    memo = reader.prose_memo()
    keys = [memo.get(token) or reader.prose_key(token) for token in tokens]
    return [(key,) if isinstance(key, str) and key else key or () for key in keys]


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

# What each prose token reads as (its stems), per language: a vault repeats its words, so
# each is stemmed and looked up once a process. Emptied when full.
PROSE_MEMO: dict[str, dict[str, str | tuple[str, ...]]] = {}
PROSE_MEMO_LIMIT = 1 << 18
_SEVERAL: dict[str, set[str]] = {}  # the tokens of PROSE_MEMO that read as several terms


class _Reader:
    """Turns the text of one note into counted terms, field by field."""

    def __init__(self, lang: str, terms: NoteTerms, phrases: bool, surfaces: bool) -> None:
        self.lang = lang
        self.terms = terms
        self.phrases = phrases
        self.surfaces = terms.surfaces if surfaces else None
        self.stem = lexicon.stemmer(lang)
        self.stop = lexicon.stopwords(lang)
        self.cjk = lang in lexicon.UNSPACED_LANGUAGES
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
        self.memo = IDENTIFIER_MEMO.setdefault(self.code_lang, {})
        self.tag_surfaces: dict[str, Counter[str]] = {}
        # How link targets write a term: its display form only when no text writes it.
        self.link_surfaces: dict[str, Counter[str]] = {}
        self.gathered: dict[str, list[str]] = {}  # prose to count, by field (``gather``)
        self.counted: dict[str, Counter[str]] = {}  # and its counts

    def finish(self) -> None:
        terms = self.terms
        if self.gathered:
            self._count_gathered()
        if self.fences:
            self._read_fences()
        for name, found in self.by_field.items():
            gathered = self.counted.get(name)
            if found or gathered:
                counted = Counter(found)
                if gathered:
                    counted.update(gathered)
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
            for term, written in self.link_surfaces.items():
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
                    self.url(url)  # counted, but no word a sentence says
                piece = BARE_URL.sub(" . ", piece)
            words = self._cjk_prose(piece, kind) if self.cjk else self._prose(piece, kind)
            self.by_field[field_name] += words
            found += words
        return found

    def gather(self, text: str, kind: str) -> None:
        """``read`` for counts only: inline code and bare URLs are read now, the prose is
        kept to be counted with the rest of its field's (``_count_gathered``)."""
        field_name = kind if kind in ("title", "tag", "heading") else "text"
        prose = self.gathered.setdefault(field_name, [])
        pieces = CODE_SPAN.split(text) if "`" in text else (text,)
        for position, piece in enumerate(pieces):
            if position % 2:
                self._code(piece, "code" if field_name == "text" else field_name)
                continue
            if "://" in piece or "www." in piece:
                for url in BARE_URL.findall(piece):
                    self.url(url)
                piece = BARE_URL.sub(" . ", piece)
            prose.append(piece)

    def prose_memo(self) -> dict[str, str | tuple[str, ...]]:
        """``PROSE_MEMO`` of this note's language (emptied first when full)."""
        memo = PROSE_MEMO.setdefault(self.lang, {})
        if len(memo) >= PROSE_MEMO_LIMIT:
            memo.clear()
            _SEVERAL.setdefault(self.lang, set()).clear()
        return memo

    def prose_key(self, token: str) -> str | tuple[str, ...]:
        """What a prose token reads as (``_prose``), kept in ``PROSE_MEMO``: its one stem
        as itself (most tokens, so that counting is one C call), '' for none, or a tuple."""
        keys = self._prose(token, "text")
        key = keys[0] if len(keys) == 1 else "" if not keys else tuple(keys)
        PROSE_MEMO[self.lang][token] = key
        if len(keys) > 1:
            _SEVERAL.setdefault(self.lang, set()).add(token)
        return key

    def _count_gathered(self) -> None:
        """Each field's gathered prose, tokenised at once; each distinct token is read once
        per language and process (``PROSE_MEMO``: its stems, as ``_prose`` reads it)."""
        memo = self.prose_memo()
        several = _SEVERAL.setdefault(self.lang, set())
        for field_name, prose in self.gathered.items():
            tokens = PROSE_TOKEN.findall("\n".join(prose))
            for token in set(tokens).difference(memo):
                self.prose_key(token)
            read: Counter[str | tuple[str, ...]] = Counter(map(memo.__getitem__, tokens))
            read.pop("", None)  # stopwords, single letters, numbers
            if several and not several.isdisjoint(tokens):
                for stems in [key for key in read if isinstance(key, tuple)]:
                    times = read.pop(stems)
                    for stem in stems:
                        read[stem] += times
            counted = cast("Counter[str]", read)  # every tuple expanded
            if field_name in self.counted:
                self.counted[field_name].update(counted)
            else:
                self.counted[field_name] = counted

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
        tokens = phrase_tokens(text) if phrases is not None else PROSE_TOKEN.findall(text)
        for surface in tokens:
            if not surface:  # a phrase break
                prev = prev2 = ""
                continue
            if not surface.isalpha():
                if PLAIN_WORD.fullmatch(surface) is None:
                    # an identifier (or a number): its words, and itself if it has several
                    found += self._identifier(surface, "", surfaces)
                    prev = prev2 = ""
                    continue
                surface = POSSESSIVE.sub("", surface.replace("’", "'"))
            lower = surface.lower()
            if len(lower) < 2 or lower in stop:
                prev = prev2 = ""
                continue
            key = stem(lower)
            append(key)
            if surfaces is not None:
                count_surface(surfaces, key, surface)
            if phrases is not None:
                if prev:
                    bigram = f"{prev} {key}"
                    phrases.append(bigram)
                    if prev2:
                        phrases.append(f"{prev2} {bigram}")
                    if surfaces is not None:
                        count_surface(surfaces, bigram, f"{shown} {surface}")
                        if prev2:
                            count_surface(
                                surfaces, f"{prev2} {bigram}", f"{shown2} {shown} {surface}"
                            )
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
                count_surface(surfaces, key, part)
        if whole:
            key = whole.lower()
            found.append(key)
            if surfaces is not None:
                count_surface(surfaces, key, whole)
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
                self.url(url)  # counted, but no word a sentence says
            code = BARE_URL.sub(" ", code)
        for token in CODE_TOKEN.findall(code):
            found += self._identifier(token, field_name, self.surfaces)
        return found

    def _split(self, token: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """``read_identifier`` of a token, kept in the memo."""
        if len(self.memo) >= IDENTIFIER_MEMO_LIMIT:
            self.memo.clear()
        reading = self.memo[token] = read_identifier(token, self.code_stem, self.code_stop)
        return reading

    def fence(self, code: str) -> None:
        """A fenced or indented code block: read with the others in ``finish``."""
        self.fences.append(code)

    def _read_fences(self) -> None:
        """The identifiers of all the note's code blocks at once, in the ``fence`` field."""
        counts, as_code, memo = self.fence_counts, self.terms.code, self.memo
        for token, times in Counter(CODE_TOKEN.findall("\n".join(self.fences))).items():
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
        stem, stop = self.code_stem, self.code_stop
        surfaces = self.link_surfaces if self.surfaces is not None else None
        for word in found:
            lower = word.lower()
            if len(lower) > 1 and lower not in stop and lower not in URL_NOISE:
                key = stem(lower)
                keys.append(key)
                if surfaces is not None:
                    count_surface(surfaces, key, word)
        self.by_field["link"] += keys
        return keys

    def _cjk_prose(self, text: str, kind: str) -> list[str]:
        surfaces = (
            self.tag_surfaces if kind == "tag" and self.surfaces is not None else self.surfaces
        )
        found, phrase_found = cjk_terms(
            text, self.stem, self.stop, surfaces, self.lang, self.phrases
        )
        self.phrase_list += phrase_found
        return found
