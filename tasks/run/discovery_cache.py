"""What the last discovery read of each raw file, so the next one reads only what changed.

Discovery reads and hashes every raw file (its sha256 ties rows to bytes). On a schedule
almost every file is one the last run already read: `<out>/_state/discovery.parquet` keeps,
per file, its location, size, modification time, kind, hash and record count, and the next
discovery trusts it for a file whose location, size and modification time are unchanged
(`tasks.ingest.discovery.discover_inputs(known=...)`), so a run with nothing new lists the
raw folder and reads nothing else of it.

The choice, and its risk: a rewrite that keeps a file's size *and* its modification time
(a tool that restores mtimes, `cp -p` of same-size content, a filesystem with coarse
timestamps and two writes within one tick) is not noticed. `--rehash` (the `rehash` flow
parameter) reads every file again; `python -m flows.verify --raw-dir ...` re-hashes all of
them off-schedule and lists the files whose bytes changed unnoticed.

Written with the out lock held, through the journal (a cache: losing it costs one full read).
The CLI's early check (`has_new_work`) leaves its discovery here for the flow's discover in
the same process, so new files are hashed once per run.
"""

from __future__ import annotations

import os
import threading
import time

import pyarrow as pa

from tasks.ingest.discovery import DiscoveryResult, discover_inputs
from tasks.ingest.rawio import InputFile
from tasks.store.journal import publish
from tasks.store.outdir import Store
from tasks.store.state_schemas import DISCOVERY

_lock = threading.Lock()
_recent: dict[tuple, DiscoveryResult] = {}  # (raw_dir, limits) → this process's last discovery
_read: dict[str, tuple[tuple[int, int], DiscoveryResult]] = {}  # cache file → (stamp, content)


def cache_file(store: Store) -> str:
    return store.state_path("discovery.parquet")


def cached(store: Store) -> DiscoveryResult | None:
    """The stored discovery (inputs only), or None. Read once per process while the file is
    unchanged (a local file's size and nanosecond mtime): the CLI's early check and the run's
    discover both read it, ~20 µs a raw file each."""
    path = cache_file(store)
    stamp = _stamp(store, path)
    if stamp is not None:
        with _lock:
            hit = _read.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    if not store.fs.exists(path):
        return None
    try:
        rows = store.read_parquet(path, schema=DISCOVERY).to_pylist()
    except Exception:  # a damaged cache is no cache: read everything again
        return None
    found = DiscoveryResult(inputs=[InputFile(**r) for r in rows])
    if stamp is not None:
        with _lock:
            _read[path] = (stamp, found)
    return found


def _stamp(store: Store, path: str) -> tuple[int, int] | None:
    """A local file's (size, mtime in ns); None elsewhere (object stores' times are coarse)."""
    if not store.is_local:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def discover(
    raw_dir: str, store: Store, limits, rehash: bool
) -> tuple[DiscoveryResult, DiscoveryResult | None]:
    """Discovery trusting the stored one and this process's last (unless `rehash`); and the
    stored one (for `stage_if_changed`, which then needs no second read)."""
    known = None
    stored = cached(store)
    if not rehash:
        with _lock:
            recent = _recent.pop((raw_dir, limits), None)
        inputs = {f.source_path: f for f in (stored.inputs if stored else [])}
        inputs.update({f.source_path: f for f in (recent.inputs if recent else [])})
        known = DiscoveryResult(inputs=list(inputs.values())) if inputs else None
    return discover_inputs(raw_dir, limits, known=known), stored


def remember(raw_dir: str, limits, found: DiscoveryResult) -> None:
    with _lock:
        _recent[(raw_dir, limits)] = found


def stage_if_changed(
    store: Store, found: DiscoveryResult, run_id: str, stored: DiscoveryResult | None = None
) -> bool:
    """Write the discovery as the new cache when it differs from `stored` (default: the
    cache as it is now; lock held)."""
    stored = stored if stored is not None else cached(store)
    if stored is not None and _same(stored.inputs, found.inputs):
        return False
    table = pa.Table.from_pylist([vars(f) for f in found.inputs], schema=DISCOVERY)
    commit_id = f"{run_id}-discovery-{time.time_ns()}"
    final = cache_file(store)
    staged = store.staged_path(commit_id, final)
    store.write_parquet(staged, table, {})
    publish(store, {"commit_id": commit_id, "moves": [[staged, final]], "deletes": []})
    return True


def forget(store: Store, paths: set[str]) -> None:
    """Drop `paths` from the cache (lock held): the next discovery reads them again."""
    stored = cached(store)
    if stored is None:
        return
    kept = DiscoveryResult(inputs=[f for f in stored.inputs if f.source_path not in paths])
    stage_if_changed(store, kept, "forget")


def _same(a: list[InputFile], b: list[InputFile]) -> bool:
    """Same files; a file discovery took from the cache is the very same object (cheap)."""
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))
