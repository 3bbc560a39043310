"""Embeddings of a vault's notes, from the embedding model the user already has, through
Simon Willison's ``llm`` library (``pip install 'hatch-notes[embed]'``).

The user picks the model as they do for ``llm embed``: ``--embed-model NAME``, else
``HATCH_EMBED_MODEL``, else ``llm embed-models default``. ``llm`` is imported only here,
and only with ``--embed``: nothing leaves the machine without it, and a local model
(llm-sentence-transformers, llm-embed-onnx, Ollama) keeps everything on it.

What is embedded is each note's title and text as ``hatch pairs`` reads it (template text
left out), in pieces of up to ``CHUNK_CHARS`` characters (``MAX_CHUNKS`` at most: a model
reads only so much at once), whose vectors are averaged. Vectors are kept in hatch's cache
(float16), keyed by the note's reading and the model, so a rerun embeds only the notes
that are new or changed, and a run stopped while embedding keeps what it finished.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hatch_cli.errors import ModelFailed, ModelUnavailable, UsageError

if TYPE_CHECKING:
    from hatch_cli.cache import NoteCache
    from hatch_cli.models import Outline
    from hatch_cli.reading import Progress
    from hatch_cli.vault import Vault

EMBED_MODEL_ENV = "HATCH_EMBED_MODEL"
#: A piece of a note embedded at once: about 300 words, what small models read whole.
CHUNK_CHARS = 1500
#: Pieces of one note embedded at most (its first ``MAX_CHUNKS * CHUNK_CHARS`` characters).
MAX_CHUNKS = 8
#: Notes embedded between two writes to the cache (what a stopped run keeps).
NOTES_PER_BATCH = 64
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


def note_chunks(title: str, texts: Sequence[str]) -> list[str]:
    """A note's title and texts as pieces of up to ``CHUNK_CHARS`` characters, split
    between texts (or inside one too long), ``MAX_CHUNKS`` of them at most."""
    pieces: list[str] = []
    current = title.strip()
    for text in texts:
        text = " ".join(text.split())
        while text:
            room = CHUNK_CHARS - len(current) - 1
            if len(text) <= room:
                current = f"{current}\n{text}" if current else text
                text = ""
                continue
            if current:
                pieces.append(current)
                current = ""
                if len(pieces) >= MAX_CHUNKS:
                    return pieces
                continue
            cut = text.rfind(" ", 0, CHUNK_CHARS)
            cut = cut if cut > CHUNK_CHARS // 2 else CHUNK_CHARS
            pieces.append(text[:cut])
            text = text[cut:].lstrip()
            if len(pieces) >= MAX_CHUNKS:
                return pieces
    if current and len(pieces) < MAX_CHUNKS:
        pieces.append(current)
    return pieces or [title or "-"]


def embed_vault(
    vault: Vault,
    model: Any,
    *,
    cache: NoteCache | None = None,
    progress: Progress | None = None,
    read_texts: Callable[[Vault, int], list[str]] | None = None,
) -> Any:
    """A float32 array (notes x dims) of the vault's notes' embeddings, unit rows (a note
    the model gave nothing for has a zero row)."""
    import numpy as np

    from hatch_cli.cache_entries import decode_vector, encode_vector

    n_notes = len(vault.paths)
    model_id = str(getattr(model, "model_id", model))
    keys = [
        cache.key(b"embed", model_id.encode(), fingerprint)
        if cache is not None and fingerprint
        else b""
        for fingerprint in vault.fingerprints
    ]
    found: dict[int, Any] = {}
    stale: list[bytes] = []
    if cache is not None:
        reader = cache.reader()
        try:
            for row, key in enumerate(keys):
                value = reader.get(key) if key else None
                vector = decode_vector(value) if value is not None else None
                if vector is not None:
                    found[row] = vector
        finally:
            reader.close()
            stale = reader.stale
    missing = [row for row in range(n_notes) if row not in found]
    writer = cache.writer() if cache is not None else None
    if writer is not None and stale:
        writer.add([], stale)
    texts = read_texts or _note_texts
    done = n_notes - len(missing)
    try:
        for start in range(0, len(missing), NOTES_PER_BATCH):
            batch = missing[start : start + NOTES_PER_BATCH]
            vectors = _embed_notes(model, [texts(vault, row) for row in batch])
            new = []
            for row, vector in zip(batch, vectors, strict=True):
                stored = encode_vector(vector)
                # As the cache keeps it: a rerun from the cache scores exactly the same.
                found[row] = decode_vector(stored)
                if keys[row]:
                    new.append((keys[row], stored))
            if writer is not None:
                writer.add(new, [])
            done += len(batch)
            if progress is not None:
                progress(done, n_notes)
    finally:
        if writer is not None:
            writer.close()
    dims = max((len(vector) for vector in found.values()), default=1)
    out = np.zeros((n_notes, dims), dtype=np.float32)
    for row, vector in found.items():
        norm = float(np.linalg.norm(vector)) if len(vector) == dims else 0.0
        if norm > 0:
            out[row] = vector / norm
    return out


def _note_texts(vault: Vault, row: int) -> list[str]:
    """A note's title and the pieces of its text to embed, read again as ``pairs`` reads
    it (template text left out)."""
    from hatch_cli.core.boilerplate import strip_recurring
    from hatch_cli.errors import NoteError
    from hatch_cli.notes import read_note

    try:
        note = strip_recurring(
            read_note(vault.disks[row], errors=vault.errors, fast=True), vault.recurring
        )
    except NoteError:
        return [vault.titles[row]]
    return note_chunks(note.title, [block.text for block in note.blocks])


def _embed_notes(model: Any, notes: Sequence[list[str]]) -> list[Any]:
    """Each note's pieces embedded (one call for the batch) and averaged into a unit
    vector; errors from the model become one ``ModelFailed`` line."""
    import numpy as np

    flat = [piece for pieces in notes for piece in pieces]
    try:
        vectors = list(model.embed_multi(flat))
    except Exception as err:  # each provider raises its own errors
        raise _model_error(err) from None
    if len(vectors) != len(flat):
        raise ModelFailed(
            f"the embedding model returned {len(vectors)} vectors for {len(flat)} texts"
        )
    out: list[Any] = []
    position = 0
    for pieces in notes:
        rows = np.asarray(vectors[position : position + len(pieces)], dtype=np.float32)
        position += len(pieces)
        mean = rows.mean(axis=0) if len(rows) else np.zeros(1, dtype=np.float32)
        norm = float(np.linalg.norm(mean))
        out.append(mean / norm if norm > 0 else mean)
    return out


def _model_error(err: Exception) -> ModelUnavailable | ModelFailed:
    """A model's exception as one line: a missing key, or what the provider said."""
    from hatch_cli.core.inert import make_inert

    message = make_inert(" ".join(str(err).split()))[:200] or type(err).__name__
    if type(err).__name__ == "NeedsKeyException":
        return ModelUnavailable(f"the embedding model needs a key: {message} (`llm keys set ...`)")
    return ModelFailed(f"the embedding model failed: {message}")


#: The share of meaning in the hybrid score with --embed (the rest is words), chosen on
#: the three dev corpora with all-MiniLM-L6-v2 (benchmarks/README.md).
EMBED_WEIGHT = 0.25


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
    """The vault's embeddings with ``embed`` (a model name, or True for the default), or
    None without it (then ``llm`` is never imported)."""
    if embed is False or len(vault.paths) < 2:
        return None
    model = embedding_model(embed if isinstance(embed, str) else None)
    return embed_vault(vault, model, cache=cache, progress=progress)


def with_meaning(
    outline: Outline,
    vault: Vault,
    paths: Sequence[str],
    embed: bool | str,
    embed_weight: float | None,
    cache: NoteCache | None,
) -> Outline:
    """The outline with the hybrid relatedness ``rank_pairs --embed`` gives its notes."""
    import numpy as np

    from hatch_cli.core.hybrid import mix
    from hatch_cli.ranking import find_row

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
