"""Embeddings of a vault's notes, from the embedding model the user already has, through
Simon Willison's ``llm`` library (``pip install 'hatch-notes[embed]'``).

The user picks the model as they do for ``llm embed``: ``--embed-model NAME``, else
``HATCH_EMBED_MODEL``, else ``llm embed-models default``. ``llm`` is imported only here,
and only with ``--embed``: nothing leaves the machine without it, and a local model
(llm-sentence-transformers, llm-embed-onnx, Ollama) keeps everything on it. numpy and
``hybrid`` wait in the functions that use them too: ``hatch pairs`` and ``ideas`` load
this module before they read the vault (a path that is not there ends without numpy),
``hybrid`` is ``--embed``'s alone.

What is embedded is each note as ``hatch pairs`` reads it (template text left out), as
Markdown, in passages a model reads whole, whose vectors are summed with the first
counting most (``core.pairing.passages``, where the measurements that chose it are).
Vectors are kept in hatch's cache (float16), keyed by the note's reading, the model
(``model_identity``) and the size of its vectors, so a rerun embeds only the notes that
are new or changed, and a run stopped while embedding keeps what it finished. What a
model returns is checked before it is used: anything but one list of finite numbers a
text, all of one size, is a ``ModelFailed`` line.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hatch_cli.core.pairing.passages import note_passages, passage_weights
from hatch_cli.core.reading.inert import make_inert
from hatch_cli.errors import ModelFailed, ModelUnavailable, NoteError, UsageError
from hatch_cli.ranking import find_row
from hatch_cli.vault import CacheSpace, decode_vector, encode_vector

if TYPE_CHECKING:
    from hatch_cli.models import Outline
    from hatch_cli.vault import NoteCache, Progress, Vault

EMBED_MODEL_ENV = "HATCH_EMBED_MODEL"
#: Notes embedded between two writes to the cache (what a stopped run keeps).
NOTES_PER_BATCH = 64
#: The most numbers one vector may have: four times the largest models' (4,096).
MAX_DIMS = 16_384
INSTALL_HINT = "pip install 'hatch-notes[embed]'"


def embedding_model(name: str | None = None) -> Any:
    """The ``llm`` embedding model to use: ``name``, else ``HATCH_EMBED_MODEL``, else
    ``llm``'s default; a ``ModelUnavailable`` error says how to choose one."""
    try:
        import llm as _llm
    except ImportError:
        raise ModelUnavailable(f"--embed needs the llm library: {INSTALL_HINT}") from None
    llm: Any = _llm  # untyped
    chosen = name or os.environ.get(EMBED_MODEL_ENV) or llm.get_default_embedding_model()
    if not chosen:
        raise ModelUnavailable(
            "no embedding model chosen: pass --embed-model NAME, set HATCH_EMBED_MODEL, or "
            "run `llm embed-models default NAME` (`llm embed-models` lists them)"
        )
    try:
        return llm.get_embedding_model(chosen)
    except llm.UnknownModelError:
        raise ModelUnavailable(
            f"unknown embedding model {chosen!r}; `llm embed-models` lists the installed ones"
        ) from None


#: Settings whose names have these are credentials, not part of a model's identity.
_SECRETS = ("key", "token", "secret", "password", "auth")


def model_identity(model: Any) -> bytes:
    """What ``llm`` tells of which model this is: its class (the plugin that serves it),
    its id and its settings (the plain values it holds: an API model name, a number of
    dimensions, a server address; never a key: a new key is the same model). Cached
    vectors are keyed by it."""
    kind = type(model)
    parts = [f"{kind.__module__}.{kind.__qualname__}", str(getattr(model, "model_id", model))]
    settings = getattr(model, "__dict__", {})
    for name in sorted(settings):
        value = settings[name]
        if name.startswith("_") or any(word in name.lower() for word in _SECRETS):
            continue
        if value is None or isinstance(value, (str, int, float, bool)):
            parts.append(f"{name}={value!r}")
    return "\0".join(parts).encode("utf-8", errors="backslashreplace")


def embed_vault(
    vault: Vault,
    model: Any,
    *,
    cache: NoteCache | None = None,
    progress: Progress | None = None,
    read_texts: Callable[[Vault, int], list[str]] | None = None,
) -> Any:
    """A float32 array (notes x dims) of the vault's notes' embeddings, unit rows (a note
    the model gave nothing for has a zero row).

    Cached vectors are found by the size the model's vectors had when they were last
    stored (a cache entry of the model's own). When the model now gives another size (an
    upgrade, another model under the same name), every note is embedded again: vectors of
    two sizes can't be compared, and a rerun gives what ``--no-cache`` gives."""
    import numpy as np

    n_notes = len(vault.paths)
    store = _VectorStore(cache, model_identity(model), vault.fingerprints)
    found = store.lookup(store.size, range(n_notes))
    texts = read_texts or _note_texts
    todo = [row for row in range(n_notes) if row not in found]
    size = 0  # of the vectors embedded in this run
    try:
        while todo:
            batch, todo = todo[:NOTES_PER_BATCH], todo[NOTES_PER_BATCH:]
            vectors = _embed_notes(model, [texts(vault, row) for row in batch])
            if size and len(vectors[0]) != size:
                raise ModelFailed(
                    f"the embedding model returned vectors of {len(vectors[0])} numbers "
                    f"after vectors of {size}"
                )
            size = len(vectors[0])
            if size != store.size:
                # Vectors of another size than the cached ones: those are stale.
                stale = sorted(found)
                store.start(size)
                found = store.lookup(size, stale)
                todo = sorted({*todo, *(row for row in stale if row not in found)})
            for row, vector in zip(batch, vectors, strict=True):
                found[row] = store.keep(row, vector)
            store.flush()
            if progress is not None:
                progress(n_notes - len(todo), n_notes)
    finally:
        store.close()
    dims = store.size or 1
    out = np.zeros((n_notes, dims), dtype=np.float32)
    for row, vector in found.items():
        norm = float(np.linalg.norm(vector))
        if norm > 0:
            out[row] = vector / norm
    return out


class _VectorStore:
    """The cached vectors of one model: each note's under a key of the model, the size of
    its vectors and the note's fingerprint, and that size under a key of the model alone.
    Without a cache, it stores nothing and finds nothing."""

    def __init__(self, cache: NoteCache | None, identity: bytes, fingerprints: list[bytes]):
        self.cache, self.identity, self.fingerprints = cache, identity, fingerprints
        self.size_key = cache.key(CacheSpace.EMBED_SIZE, identity) if cache is not None else b""
        self.size = 0
        self.writer = cache.writer() if cache is not None else None
        self.new: list[tuple[bytes, bytes]] = []
        if cache is not None:
            value = self._read([self.size_key])[0]
            if value is not None and value.isdigit() and len(value) < 8:
                self.size = int(value)

    def key(self, size: int, row: int) -> bytes:
        fingerprint = self.fingerprints[row] if row < len(self.fingerprints) else b""
        if self.cache is None or not fingerprint or not size:
            return b""
        return self.cache.key(CacheSpace.EMBED, self.identity, str(size).encode(), fingerprint)

    def lookup(self, size: int, rows: Sequence[int] | range) -> dict[int, Any]:
        """The cached vectors of ``rows`` of this size (the others are missing)."""
        keys = {row: self.key(size, row) for row in rows}
        wanted = [(row, key) for row, key in keys.items() if key]
        found: dict[int, Any] = {}
        for (row, _), value in zip(wanted, self._read([key for _, key in wanted]), strict=True):
            vector = decode_vector(value) if value is not None else None
            if vector is not None and len(vector) == size:
                found[row] = vector
        return found

    def start(self, size: int) -> None:
        """The model's vectors are of ``size`` numbers from now on."""
        self.size = size
        self.new.append((self.size_key, str(size).encode()))

    def keep(self, row: int, vector: Any) -> Any:
        """``vector`` as the cache keeps it (a rerun from the cache scores exactly the
        same), to be stored under note ``row``."""
        stored = encode_vector(vector)
        key = self.key(self.size, row)
        if key:
            self.new.append((key, stored))
        return decode_vector(stored)

    def flush(self) -> None:
        if self.writer is not None:
            self.writer.add(self.new, [])
        self.new = []

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def _read(self, keys: list[bytes]) -> list[bytes | None]:
        if self.cache is None or not keys:
            return [None] * len(keys)
        reader = self.cache.reader()
        try:
            values = [reader.get(key) for key in keys]
        finally:
            reader.close()
        if self.writer is not None and reader.stale:
            self.writer.add([], reader.stale)
        return values


def _note_texts(vault: Vault, row: int) -> list[str]:
    """The passages of a note to embed, read again as ``pairs`` reads it (template text
    left out); its title alone if it can't be read now."""
    try:
        note = vault.note(row)
    except NoteError:
        return [vault.titles[row] or "-"]
    return note_passages(note)


def _embed_notes(model: Any, notes: Sequence[list[str]]) -> list[Any]:
    """Each note's passages embedded (one call for the batch), each made a unit vector
    and summed with its weight by position (``passage_weights``) into a unit vector;
    errors from the model, and vectors that are not what was asked for, become
    one ``ModelFailed`` line."""
    import numpy as np

    flat = [piece for pieces in notes for piece in pieces]
    try:
        # One more than asked for at most: a model that never stops is not read on.
        vectors = list(itertools.islice(model.embed_multi(flat), len(flat) + 1))
    except Exception as err:  # each provider raises its own errors
        raise _model_error(err) from None
    if len(vectors) != len(flat):
        count = f"more than {len(flat)}" if len(vectors) > len(flat) else str(len(vectors))
        raise ModelFailed(f"the embedding model returned {count} vectors for {len(flat)} texts")
    matrix = _checked(vectors)
    out: list[Any] = []
    position = 0
    for pieces in notes:
        rows = matrix[position : position + len(pieces)]
        position += len(pieces)
        peak = float(np.max(np.abs(rows))) if rows.size else 0.0
        if peak > 1e15 or 0 < peak < 1e-15:  # squares that float32 can't hold: scaled
            rows = rows / peak
        rows = rows.astype(np.float32)
        lengths = np.linalg.norm(rows, axis=1, keepdims=True)
        units = rows / np.where(lengths > 0, lengths, 1.0)
        weights = np.asarray(passage_weights(len(rows)), dtype=np.float32)
        total = weights @ units if len(rows) else np.zeros(matrix.shape[1], dtype=np.float32)
        norm = float(np.linalg.norm(total))
        out.append(total / norm if norm > 0 else total)
    return out


def _checked(vectors: list[Any]) -> Any:
    """The model's vectors as a float64 matrix (texts x dims), or a ``ModelFailed`` line
    saying what is wrong with them: not numbers, empty, too long, not all of one size, or
    holding NaN or infinity."""
    import numpy as np

    size = 0
    rows: list[Any] = []
    for vector in vectors:
        try:
            row = np.asarray(vector)
        except Exception:  # whatever the model returned, it is not a vector
            row = None
        if row is None or row.ndim != 1 or row.dtype.kind not in "iuf":
            raise ModelFailed("the embedding model returned a vector that is not a list of numbers")
        if not row.size:
            raise ModelFailed("the embedding model returned an empty vector")
        if row.size > MAX_DIMS:
            raise ModelFailed(
                f"the embedding model returned a vector of {row.size:,} numbers "
                f"(at most {MAX_DIMS:,})"
            )
        if size and row.size != size:
            raise ModelFailed(
                f"the embedding model returned vectors of {size} and of {row.size} numbers"
            )
        size = row.size
        row = row.astype(np.float64)
        if not np.all(np.isfinite(row)):
            raise ModelFailed("the embedding model returned a vector holding NaN or infinity")
        rows.append(row)
    return np.stack(rows) if rows else np.zeros((0, 1))


def _model_error(err: Exception) -> ModelUnavailable | ModelFailed:
    """A model's exception as one line: a missing key, or what the provider said."""
    message = make_inert(" ".join(str(err).split()))[:200] or type(err).__name__
    if type(err).__name__ == "NeedsKeyException":
        return ModelUnavailable(f"the embedding model needs a key: {message} (`llm keys set ...`)")
    return ModelFailed(f"the embedding model failed: {message}")


#: The share of meaning in the hybrid score with --embed (the rest is words), chosen on
#: the four dev corpora together with all-MiniLM-L6-v2 and the embeddings centred
#: (``hybrid.centred``; benchmarks/README.md, issue 27, one run of all four): every weight
#: from 0.375 to 0.425 is at or above words alone and the embedding alone (raw or
#: centred) on all four in p@1 and MAP; 0.4 is the middle. 0.35 falls under the centred
#: embedding alone on til-dev's p@1 (0.574 against 0.579), 0.45 under words alone on
#: ropensci-dev's MAP (0.444 against 0.446). The closest figures at 0.4: ropensci-dev's
#: MAP 0.448 (words 0.446), gov-dev's 0.684 (words 0.680), til-dev's p@1 0.586 (the
#: centred embedding alone 0.579).
EMBED_WEIGHT = 0.4


def embed_share(embed_weight: float | None) -> float:
    """The share of meaning in the hybrid score: ``embed_weight``, else ``EMBED_WEIGHT``."""
    if embed_weight is None:
        return EMBED_WEIGHT
    if not 0.0 <= embed_weight <= 1.0:
        raise UsageError(f"--embed-weight {embed_weight} is not between 0 and 1")
    return embed_weight


def vault_embeddings(
    vault: Vault, embed: bool | str, cache: NoteCache | None, progress: Progress | None = None
) -> Any:
    """The vault's embeddings with ``embed`` (a model name, or True for the default), as
    the hybrid score compares them (the vault's mean out: ``hybrid.centred``), or None
    without it (then ``llm`` is never imported)."""
    if embed is False or len(vault.paths) < 2:
        return None
    from hatch_cli.core.pairing.hybrid import centred

    model = embedding_model(embed if isinstance(embed, str) else None)
    return centred(embed_vault(vault, model, cache=cache, progress=progress))


def with_hybrid_relatedness(
    outline: Outline,
    vault: Vault,
    paths: Sequence[str],
    embed: bool | str,
    embed_weight: float | None,
    cache: NoteCache | None,
) -> Outline:
    """The outline with the hybrid relatedness ``rank_pairs --embed`` gives its notes."""
    import numpy as np

    from hatch_cli.core.pairing.hybrid import mix

    rows = [find_row(vault, path) for path in paths]
    embeddings = vault_embeddings(vault, embed, cache)
    meaning = [
        float(np.dot(embeddings[a], embeddings[b]))
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
    ]
    hybrid = mix(
        np.asarray([outline.relatedness]), np.asarray([np.mean(meaning)]), embed_share(embed_weight)
    )
    return dataclasses.replace(outline, relatedness=float(hybrid[0]))
