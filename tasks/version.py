"""Code versions stamped on rows and recorded in the ledger.

Bump PARSER_VERSION whenever parsing output changes: the next run then re-parses every
record committed with an older version (incremental runs compare it per record).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PARSER_VERSION = "1.2.1"


def model_version(model: str) -> str:
    """`name-version` of a spaCy pipeline without loading it (package metadata or meta.json).

    A model directory is re-read when its meta.json changes: retraining into the same path
    (`flows.train_ner --out DIR`) gives a new version in a long-lived process too.
    """
    meta_file = Path(model) / "meta.json"
    if meta_file.is_file():
        return _meta_version(str(meta_file), meta_file.stat().st_mtime_ns)
    return _package_version(model)


@lru_cache(maxsize=8)
def _meta_version(meta_file: str, mtime_ns: int) -> str:
    meta = json.loads(Path(meta_file).read_text())
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


@lru_cache(maxsize=8)
def _package_version(model: str) -> str:
    try:
        return f"{model}-{metadata.version(model)}"
    except metadata.PackageNotFoundError:
        return f"{model}-unknown"
