"""The token that marks the notes' elements in a prompt (``core.llm.brief``). Pure.

A note must not be able to end its element in the prompt, open another, or pass for
hatch: so the elements' tags carry a token that no note holds. It is ``TOKEN_HEX`` hex
digits of a SHA-256 of what the elements hold, not a random one, so the same notes and
options give the same prompt (``--dry-run`` prints it byte for byte). A note cannot hold
it: it would have to contain a hash of itself. It is checked anyway, on each element's
content as a model might read a token in it (HTML entities decoded, NFKC, invisible
characters removed, case folded, only letters and digits kept, so across lines and
punctuation too), and derived again until none holds it.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Sequence

from hatch_cli.core.reading.inert import without_invisible

#: Hex digits of the token (64 bits).
TOKEN_HEX = 16

_LETTERS_AND_DIGITS = re.compile(r"[0-9a-z]+")


def boundary(contents: Sequence[str]) -> str:
    """The token of the notes' elements: hex digits of a hash of ``contents`` (what goes
    inside each element), derived again while any of them, as a model might read it
    (across its lines too), holds it."""
    digest = hashlib.sha256()
    for text in contents:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return unused_token(digest.digest(), [as_read(text) for text in contents])


def unused_token(seed: bytes, read: Sequence[str]) -> str:
    """The first of the tokens derived from ``seed`` that none of ``read`` holds."""
    for attempt in itertools.count():
        token = hashlib.sha256(seed + attempt.to_bytes(8, "big")).hexdigest()[:TOKEN_HEX]
        if not any(token in text for text in read):
            return token
    raise AssertionError("unreachable")  # pragma: no cover


def as_read(text: str) -> str:
    """Text as a model might read a token in it: HTML entities decoded (twice: ``&amp;lt;``
    too), NFKC (fullwidth and mathematical digits as digits), invisible characters
    removed, case folded, and only ASCII letters and digits kept."""
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", without_invisible(text)).casefold()
    return "".join(_LETTERS_AND_DIGITS.findall(text))
