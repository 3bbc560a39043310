"""An ``llm`` plugin for tests: embedding models that need no network and no download.

``hatch-test-ngrams`` embeds a text as its hashed character trigrams (so texts that share
words, whatever their order, come out close); ``hatch-test-broken`` raises like a provider
that is down; ``hatch-test-keyed`` needs a key nobody set. Every call is counted in
``CALLS``, so tests can see what was embedded again and what came from the cache.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator
from typing import Any

import llm

DIMS = 64
CALLS: list[str] = []


class NgramModel(llm.EmbeddingModel):
    model_id = "hatch-test-ngrams"
    batch_size = 16

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        for item in items:
            text = item.decode() if isinstance(item, bytes) else item
            CALLS.append(text)
            vector = [0.0] * DIMS
            lowered = " ".join(text.lower().split())
            for start in range(max(1, len(lowered) - 2)):
                gram = lowered[start : start + 3].encode()
                vector[hashlib.blake2b(gram, digest_size=2).digest()[0] % DIMS] += 1.0
            norm = math.sqrt(sum(value * value for value in vector)) or 1.0
            yield [value / norm for value in vector]


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
    register(NgramModel())
    register(BrokenModel())
    register(KeyedModel())
