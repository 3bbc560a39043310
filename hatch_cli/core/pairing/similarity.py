"""The one relatedness score and the one rule for what notes share, used by ``combine``,
``pairs`` and ``ideas`` alike.

Each note becomes a vector of its strongest keywords (``VECTOR_SIZE`` of them,
L2-normalised); two notes' score is the dot product of their vectors, a cosine in
[0, 1]. What they share is ``shared_keywords``: the terms in both vectors, strongest
first, without words too common to be a subject, without a word that a shared phrase
explains, and without terms that carry almost none of the score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from hatch_cli.core.pairing.keywords import nameable

#: A shared keyword must carry this much of the score to be named at all (one passing
#: mention of a mid-frequency word in each note carries ~0.002-0.004).
MIN_SHARED_CONTRIBUTION = 0.005
#: A word is explained by a shared phrase that contains it when the notes use it at most
#: this many times as often as the phrase ("training" in "training data").
SUBSUMED_RATIO = 1.5

#: A term and its weight in a vector, or its contribution to a score.
Weighted = tuple[str, float]


def score(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two normalised keyword vectors, clamped to [0, 1] against rounding."""
    if len(a) > len(b):
        a, b = b, a
    # fsum: the same total whichever note comes first, to the last digit.
    total = math.fsum(weight * b[term] for term, weight in a.items() if term in b)
    return min(1.0, max(0.0, total))


def relatedness(vectors: Sequence[Mapping[str, float]]) -> float:
    """Mean pairwise score of two or more notes."""
    pairs = [score(first, second) for i, first in enumerate(vectors) for second in vectors[i + 1 :]]
    return sum(pairs) / len(pairs) if pairs else 0.0


def shared_terms(vectors: Sequence[Mapping[str, float]]) -> list[Weighted]:
    """Terms in at least two vectors, with their summed pairwise products, strongest first."""
    contribution: dict[str, float] = {}
    for i, first in enumerate(vectors):
        for second in vectors[i + 1 :]:
            small, large = (first, second) if len(first) <= len(second) else (second, first)
            for term, weight in small.items():
                other = large.get(term)
                if other is not None:
                    contribution[term] = contribution.get(term, 0.0) + weight * other
    return sorted(contribution.items(), key=lambda item: (-item[1], item[0]))


def shared_keywords(
    vectors: Sequence[Mapping[str, float]],
    counts: Sequence[Mapping[str, int]],
    langs: Sequence[str],
    unread: Sequence[AbstractSet[str]] = (),
) -> list[Weighted]:
    """What the notes share, strongest first: the rule behind every "shared" list.

    ``counts`` are each note's term counts, phrases included when the caller has them
    (to name a shared phrase instead of its words), ``langs`` the notes' languages (a
    term is kept when it is informative in one of them). ``unread`` are each note's terms
    that only its link targets have (``NoteTerms.linked_only``): they count in the score
    but are never named, unless every note that has one says it too. Phrases weigh
    nothing in the vectors; one that the notes share takes the weight of the words it
    explains. Notes whose strongest shared keyword carries less than ``naming_floor``
    share nothing.
    """
    languages = sorted(set(langs))
    hidden = frozenset().union(*unread)
    informative = [
        (term, weight)
        for term, weight in shared_terms(vectors)
        if term not in hidden and any(nameable(term, lang) for lang in languages)
    ]
    merged = drop_subsumed([*informative, *_shared_phrases(informative, counts)], counts)
    shared = sorted(
        (item for item in merged if item[1] >= MIN_SHARED_CONTRIBUTION),
        key=lambda item: (-item[1], item[0]),
    )
    if shared and shared[0][1] < naming_floor(vectors):
        return []  # the notes only share words said in passing: no theme, not a noise one
    return shared


def naming_floor(vectors: Sequence[Mapping[str, float]]) -> float:
    """What the strongest keyword the notes share must carry of their score for them to
    share a theme at all: what a term of each note's average weight would carry (a unit
    vector of ``n`` terms has an average square weight of ``1 / n``), summed over pairs
    of notes. Notes whose best shared word is one they each say in passing ("bigger",
    "worse") share no theme."""
    floor = 0.0
    for i, first in enumerate(vectors):
        for second in vectors[i + 1 :]:
            if first and second:
                floor += 1.0 / math.sqrt(len(first) * len(second))
    return floor


def _shared_phrases(shared: list[Weighted], counts: Sequence[Mapping[str, int]]) -> list[Weighted]:
    """Phrases in two notes or more whose words are all shared keywords, shortest first,
    each with no weight of its own (``drop_subsumed`` gives it its words')."""
    words = {term for term, _ in shared}
    seen: dict[str, int] = {}
    for note in counts:
        for term in note:
            if " " in term:
                seen[term] = seen.get(term, 0) + 1
    found = [
        phrase
        for phrase, notes in seen.items()
        if notes >= 2 and all(word in words for word in phrase.split(" "))
    ]
    found.sort(key=lambda phrase: (phrase.count(" "), phrase))
    return [(phrase, 0.0) for phrase in found]


def drop_subsumed(shared: list[Weighted], counts: Sequence[Mapping[str, int]]) -> list[Weighted]:
    """Say 'training data' once, not also 'training' and 'data'.

    A term is dropped for a longer shared phrase that contains it only when it occurs
    (almost) only inside that phrase; 'curation' stays a theme of its own beside
    'museum curator' when the notes use it elsewhere too. The phrase then carries the
    weight of the words it explains.
    """

    words: dict[str, frozenset[str]] = {}

    def total(term: str) -> int:
        return sum(note.get(term, 0) for note in counts)

    def explains(longer: str, shorter: str) -> bool:
        if " " not in longer:  # one word holds no other term's words and more
            return False
        for term in (longer, shorter):
            if term not in words:
                words[term] = frozenset(term.split(" "))
        inside = words[shorter] < words[longer]
        return inside and total(shorter) <= SUBSUMED_RATIO * total(longer)

    chosen: list[Weighted] = []
    for term, weight in shared:
        if any(explains(other, term) for other, _ in chosen):
            continue
        explained = [i for i, (other, _) in enumerate(chosen) if explains(term, other)]
        if explained:
            first = explained[0]
            chosen[first] = (term, chosen[first][1] + weight)
            chosen = [item for i, item in enumerate(chosen) if i not in explained[1:]]
            continue
        chosen.append((term, weight))
    return chosen
