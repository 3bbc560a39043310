"""An ``llm`` plugin for tests: embedding models that need no network and no download.

``hatch-test-ngrams`` embeds a text as its hashed character trigrams (so texts that share
words, whatever their order, come out close); ``hatch-test-broken`` raises like a provider
that is down; ``hatch-test-keyed`` needs a key nobody set; ``hatch-test-scripted`` returns
whatever ``SCRIPT`` makes of the texts of a call (bad vectors, say). Every call is counted
in ``CALLS``, so tests can see what was embedded again and what came from the cache.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import llm

#: The size of the ngrams model's vectors (a test can change it, as an upgraded model would).
DIMS = 64
#: The ``dimensions`` setting the ngrams model is registered with (like OpenAI's
#: ``3-small-512``); None: ``DIMS``.
DIMENSIONS: int | None = None
CALLS: list[str] = []


def ngrams(text: str, dims: int) -> list[float]:
    """A text's hashed character trigrams, as a unit vector of ``dims`` numbers."""
    vector = [0.0] * dims
    lowered = " ".join(text.lower().split())
    for start in range(max(1, len(lowered) - 2)):
        gram = lowered[start : start + 3].encode()
        vector[hashlib.blake2b(gram, digest_size=2).digest()[0] % dims] += 1.0
    norm = math.sqrt(sum(value * value for value in vector)) or 1.0
    return [value / norm for value in vector]


def good_vectors(texts: list[str]) -> list[list[float]]:
    return [ngrams(text, DIMS) for text in texts]


#: What ``hatch-test-scripted`` returns for the texts of one call (a test sets it).
SCRIPT: Callable[[list[str]], Iterable[Any]] = good_vectors


class NgramModel(llm.EmbeddingModel):
    model_id = "hatch-test-ngrams"
    batch_size = 16

    def __init__(self, dimensions: int | None = None) -> None:
        self.dimensions = dimensions

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        for item in items:
            text = item.decode() if isinstance(item, bytes) else item
            CALLS.append(text)
            yield ngrams(text, self.dimensions or DIMS)


class ScriptedModel(llm.EmbeddingModel):
    model_id = "hatch-test-scripted"

    def embed_batch(self, items: Iterable[str | bytes], *, key: str | None = None) -> Any:
        texts = [item.decode() if isinstance(item, bytes) else item for item in items]
        CALLS.extend(texts)
        return iter(SCRIPT(texts))


class BrokenModel(llm.EmbeddingModel):
    model_id = "hatch-test-broken"

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        raise ConnectionError("connection refused by \x1b[31mthe provider\x1b[0m")
        yield []  # pragma: no cover


class KeyedModel(llm.EmbeddingModel):
    model_id = "hatch-test-keyed"
    needs_key = "hatch-test"
    key_env_var = "HATCH_TEST_NO_SUCH_KEY"

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        for _ in items:
            yield [1.0] * DIMS


@llm.hookimpl  # type: ignore[untyped-decorator]
def register_embedding_models(register: Any) -> None:
    register(NgramModel(DIMENSIONS))
    register(ScriptedModel())
    register(BrokenModel())
    register(KeyedModel())
