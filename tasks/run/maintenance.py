"""Out-folder maintenance that spans stages: the datasets' compaction, then the NER cache's.

The store compacts what it owns (tasks.store.compact: the datasets' partitions); the NER
cache belongs to enrichment and is compacted by it. Its compaction keeps only the entries
some committed story lists in `stories.ner_keys`, so it runs after the datasets' (the
wire-compact flow, `python -m flows.compact`, runs them in that order).
"""

from __future__ import annotations

from tasks.enrich.ner_cache import compact_ner_cache
from tasks.store.compact import new_compaction_id
from tasks.store.lock import out_lock
from tasks.store.outdir import Store


def compact_cache(store: Store, compaction_id: str | None = None) -> dict[str, int]:
    """Merge the NER cache's per-commit files; drop entries no committed story uses."""
    with out_lock(store):
        store.fs.invalidate_cache()
        return compact_ner_cache(store, f"{compaction_id or new_compaction_id()}-ner-cache")
