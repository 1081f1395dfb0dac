"""Code versions stamped on rows and recorded in the ledger.

Bump PARSER_VERSION whenever parsing output changes: the next run then re-parses every
record committed with an older version (incremental runs compare it per record).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PARSER_VERSION = "1.1.0"


@lru_cache(maxsize=8)
def model_version(model: str) -> str:
    """`name-version` of a spaCy pipeline without loading it (package metadata or meta.json)."""
    meta_file = Path(model) / "meta.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text())
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"
    try:
        return f"{model}-{metadata.version(model)}"
    except metadata.PackageNotFoundError:
        return f"{model}-unknown"
