"""Text -> tokens: words, identifiers, the words of URLs, and the words of Japanese and
Chinese. Pure.

The pieces ``terms`` reads a note with: which run of characters is a word, an identifier
(``after_commit``, ``torch.zeros``, ``ActiveRecord::Base``: whole, and split into its
words), or a link target (its host and path words), and where punctuation ends a phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from hatch_cli.core.reading import lexicon

# Punctuation that ends a phrase: two words either side of it are not one phrase.
PHRASE_BREAK = re.compile(r"[^\w\s'’-]+|\s-+\s|_")
POSSESSIVE = re.compile(r"'s$|'$", re.IGNORECASE)

# A token of prose: letters, digits and underscores, joined by apostrophes, dots or "::"
# (words like "Japan's", identifiers like after_commit, torch.zeros, ActiveRecord::Base).
PROSE_TOKEN = re.compile(r"\w+(?:(?:['’.]|::)\w+)*")
# A token of code: also joined by hyphens (pre-commit, --no-cache's no-cache).
CODE_TOKEN = re.compile(r"\w+(?:(?:['’.\-]|::)\w+)*")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# The words of a CamelCase run (ASCII): HTTPServer -> HTTP, Server; iPhone -> i, Phone.
# An acronym splits off only before a word of three letters or more (IPv stays one).
_CAMEL_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]{2})|[A-Z]*[a-z]+|[A-Z]+")
PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Longest identifier kept whole (a longer one is only its parts).
MAX_IDENTIFIER_CHARS = 60
# Parts of a URL that say nothing about what it points to.
URL_NOISE = frozenset({"www", "http", "https", "html", "htm", "php", "aspx", "asp", "index"})


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


def phrase_tokens(text: str) -> list[str]:
    """The prose tokens of ``text``, with '' where punctuation (not a space or a hyphen)
    between two of them ends a phrase."""
    out: list[str] = []
    end = 0
    for match in PROSE_TOKEN.finditer(text):
        gap = text[end : match.start()]
        if gap and not gap.isspace() and PHRASE_BREAK.search(gap):
            out.append("")
        out.append(match.group())
        end = match.end()
    return out


def read_identifier(
    token: str, stem: lexicon.StemFunction, stop: frozenset[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """An identifier's whole form ('' if none), the stems of its words (stopwords and
    single letters left out) and how those words were written."""
    whole, parts = identifier_parts(token)
    kept = [part for part in parts if len(part) > 1 and part.lower() not in stop]
    return whole, tuple(stem(part.lower()) for part in kept), tuple(kept)


# Identifiers recur (in code above all): each is split and stemmed once per language. A
# language's memo is emptied when full, as ``lexicon.stemmer``'s is.
IDENTIFIER_MEMO: dict[str, dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}
IDENTIFIER_MEMO_LIMIT = 1 << 16


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


def cjk_terms(
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
    from hatch_cli.core.reading import segment  # only unspaced text needs the segmenter

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
                key = POSSESSIVE.sub("", surface.lower())
                if len(key) < 2 or key in latin_stop:
                    prev = prev2 = ""
                    continue
                key = latin_stem(key)
                written = POSSESSIVE.sub("", surface)
            else:
                key, written = surface.lower(), surface
                if key in stop:
                    prev = prev2 = ""
                    continue
            if latin or len(key) > 1:
                append(key)
                if surfaces is not None:
                    count_surface(surfaces, key, written)
            if phrases:
                if prev:
                    bigram = f"{prev} {key}"
                    phrase_found.append(bigram)
                    if prev2:
                        phrase_found.append(f"{prev2} {bigram}")
                    if surfaces is not None:
                        count_surface(surfaces, bigram, f"{shown}{sep}{written}")
                        if prev2:
                            count_surface(
                                surfaces, f"{prev2} {bigram}", f"{shown_pair}{sep}{written}"
                            )
                shown_pair = f"{shown}{sep}{written}" if prev else ""
                shown = written
                prev2, prev = prev, key
    return found, phrase_found


def count_surface(surfaces: dict[str, Counter[str]], term: str, written: str) -> None:
    counter = surfaces.get(term)
    if counter is None:
        counter = surfaces[term] = Counter()
    counter[written] += 1


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
