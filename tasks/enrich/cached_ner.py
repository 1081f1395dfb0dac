"""Raw model spans per segment, looked up in a cache first, computed once per distinct text.

Why cache raw spans (before the canonical layer): the canonical layer works on a whole story
(majority labels, short-name folding across paragraphs), so what a paragraph alone can reuse
is the model's output for it. The key is the sha256 of the exact text given to the model
(after case restoration) + the model's identity + CANONICAL_VERSION, as issue 16 specifies:
a parser-only change (PARSER_VERSION) leaves paragraphs, and so keys, unchanged; a new
model, a retrained model directory, or a new canonical layer (whose segmentation and case
restoration decide what the model sees) misses. Within one call every distinct segment
reaches the model once: exact duplicate stories and repeated paragraphs cost one inference.

The cache here is in memory and knows nothing of files: `fetch` (tasks.enrich.ner_cache) reads
committed entries, and `new` holds what this process computed, for the shard to commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from time import perf_counter
from typing import Any

from tasks.enrich.canonical import CANONICAL_VERSION, Span
from tasks.enrich.segments import segments
from tasks.enrich.truecase import Lexicon, is_shouting, truecase
from tasks.enrich.variants import repair_apostrophes
from tasks.version import model_version

Key = bytes  # sha256 digest, 32 bytes
CHUNK = 512  # texts per round of lookups + inference: bounded memory for any stream


def cache_key(model_text: str, model_id: str) -> Key:
    """sha256 of (model identity, canonical-layer version, exact text given to the model)."""
    h = hashlib.sha256(f"{model_id}\0{CANONICAL_VERSION}\0".encode())
    h.update(model_text.encode("utf-8", "surrogatepass"))
    return h.digest()


def short_key(key: Key) -> int:
    """The first 8 bytes as a signed int64: the lookup column (the full key is verified)."""
    return int.from_bytes(key[:8], "big", signed=True)


@lru_cache(maxsize=8)
def model_identity(model: str) -> str:
    """`model_version` (meta name + version), plus a content hash for a model directory.

    A model trained into a directory (issue 17) may keep its meta name and version when
    retrained; hashing its files makes every retrain a different identity, so a cache
    entry of the old weights is never served for the new ones.
    """
    version = model_version(model)
    root = Path(model)
    if not root.is_dir():
        return version
    h = hashlib.sha256()
    files = [p for p in root.rglob("*") if p.is_file() and not _is_bytecode(p)]
    for path in sorted(files):
        h.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
        h.update(path.read_bytes())
    return f"{version}@{h.hexdigest()[:16]}"


def _is_bytecode(path: Path) -> bool:
    """Python's bytecode cache of a model's own code: written by whichever process imports it
    first, so it must not change the model's identity."""
    return "__pycache__" in path.parts or path.suffix == ".pyc"


@dataclass
class SpanCache:
    """Spans by key: committed entries via `fetch`, this process's new ones in `new`.

    One cache serves every model of a run: each key carries its model's identity, so a
    shard with stories in several languages looks them all up and commits them together.
    `model_id` is the identity used when a caller names none."""

    model_id: str = ""
    fetch: Callable[[list[Key]], dict[Key, list[Span]]] | None = None
    new: dict[Key, list[Span]] = field(default_factory=dict)
    hits: int = 0  # segments served from the committed cache
    reused: int = 0  # segments whose text this process already ran (duplicates)
    misses: int = 0  # distinct segment texts that went to the model
    skip_tables: bool = True  # False only to measure the skip (bench/ner_eval.py)

    def lookup(self, keys: Iterable[Key]) -> tuple[dict[Key, list[Span]], set[Key]]:
        """Known spans of the distinct `keys`, and which of them came from `fetch` (one call)."""
        found: dict[Key, list[Span]] = {}
        wanted = []
        for key in dict.fromkeys(keys):
            if key in self.new:
                found[key] = self.new[key]
            else:
                wanted.append(key)
        got = self.fetch(wanted) if wanted and self.fetch is not None else {}
        found.update(got)
        return found, set(got)


@dataclass
class TextSpans:
    """Model spans of one text (offsets into it), its display text, and its cache keys."""

    spans: list[Span]
    display: str | None  # case-restored text (same length) when any segment was restored
    keys: list[Key]


def model_spans(
    texts: Iterable[str],
    load_model: Callable[[], Any],
    lex: Lexicon,
    cache: SpanCache,
    batch_size: int = 64,
    timings: dict[str, float] | None = None,
    model_id: str | None = None,
) -> Iterator[TextSpans]:
    """Spans per text in input order, running the model only on segments nobody knows yet.

    `load_model()` is called only when a segment misses: a run the cache serves whole never
    loads the model. `model_id` (default: the cache's) goes into every key.
    """
    model_id = model_id or cache.model_id
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= CHUNK:
            yield from _chunk_spans(chunk, load_model, lex, cache, batch_size, timings, model_id)
            chunk = []
    if chunk:
        yield from _chunk_spans(chunk, load_model, lex, cache, batch_size, timings, model_id)


def _chunk_spans(
    texts, load_model, lex, cache: SpanCache, batch_size, timings, model_id: str
) -> list[TextSpans]:
    t0 = perf_counter()
    plans = []  # per text: [(segment start, model text, key)]
    for text in texts:
        plan = []
        for seg in segments(text, cache.skip_tables):
            # "India?s" → "India’s" first (same length): the model reads "India?s" as one token.
            shown = repair_apostrophes(seg.text)
            shown = truecase(shown, lex) if _shouts(shown) else shown
            plan.append((seg.start, shown, cache_key(shown, model_id)))
        plans.append(plan)
    known, fetched = cache.lookup(key for plan in plans for _, _, key in plan)
    todo = {key: shown for plan in plans for _, shown, key in plan if key not in known}
    occurrences = sum(len(plan) for plan in plans)
    from_store = sum(key in fetched for plan in plans for _, _, key in plan)
    cache.hits += from_store
    cache.reused += occurrences - from_store - len(todo)
    _add_seconds(timings, "ner_lookup", perf_counter() - t0)
    if todo:
        t0 = perf_counter()
        nlp = load_model()  # its first call in a process loads the model: counted as NER
        for key, doc in zip(todo, nlp.pipe(todo.values(), batch_size=batch_size), strict=True):
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            cache.new[key] = known[key] = spans
        cache.misses += len(todo)
        _add_seconds(timings, "ner_model", perf_counter() - t0)
    out = []
    for text, plan in zip(texts, plans, strict=True):
        spans: list[Span] = []
        display = None
        for start, shown, key in plan:
            spans += [(start + s, start + e, label) for s, e, label in known[key]]
            if shown is not None and shown != text[start : start + len(shown)]:
                display = display or list(text)
                display[start : start + len(shown)] = shown
        out.append(TextSpans(spans, "".join(display) if display else None, [k for *_, k in plan]))
    return out


def _shouts(text: str) -> bool:
    return any(is_shouting(line) for line in text.splitlines())


def _add_seconds(timings: dict[str, float] | None, key: str, seconds: float) -> None:
    if timings is not None:
        timings[key] = timings.get(key, 0.0) + seconds
