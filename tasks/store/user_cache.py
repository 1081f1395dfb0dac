"""Per-user disk cache of tables derived from pinned packages (the gazetteer, the model's lexicon).

Why: every worker process of every run would build the same tables from the same package
data (the places gazetteer ~3 s, the case-restoration lexicon with spaCy and the model
loaded); unpickling a built copy costs a fraction of that, on the
critical path of a small run and of a re-process run. An entry's file name hashes everything
it is built from (the building code, package versions, Python's), so a stale one is never
read; a missing, damaged or unwritable cache only costs the build. Lives under
WIRECOPY_CACHE_DIR (tasks.settings), never in the out folder: it is not data.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from tasks.settings import CACHE_DIR

T = TypeVar("T")


def cache_file(stem: str, sources: Iterable[str | Path], versions: object) -> Path:
    """`<CACHE_DIR>/<stem>-<hash>.pickle`, the hash over the source files' bytes, `versions`
    (package versions, file names, ...) and the Python version (pickles of it)."""
    h = hashlib.sha256()
    for source in sources:
        h.update(Path(source).read_bytes())
    h.update(repr((versions, sys.version)).encode())
    return CACHE_DIR / f"{stem}-{h.hexdigest()[:16]}.pickle"


def read_cached(path: Path, expected: type[T]) -> T | None:
    """The object pickled at `path` if it is there, readable and an `expected`; else None."""
    collecting = gc.isenabled()
    gc.disable()  # a table is millions of small objects: collections while loading cost ~30%
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
    except Exception:  # no entry yet, or a damaged one
        return None
    finally:
        if collecting:
            gc.enable()
    return found if isinstance(found, expected) else None


def write_cached(path: Path, value: object) -> None:
    """Write atomically: another worker may be reading or writing the same entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:  # a read-only home: every process builds its own
        pass


def load_or_build(path: Path, build: Callable[[], T], expected: type[T]) -> T:
    """The cached entry at `path`, else `build()` (and cache it)."""
    found = read_cached(path, expected)
    if found is not None:
        return found
    built = build()
    write_cached(path, built)
    return built
