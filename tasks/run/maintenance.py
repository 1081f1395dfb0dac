"""Out-folder maintenance that spans stages, off the 15-minute path.

- `compact_cache`: the NER cache's compaction (after the datasets': it keeps only entries some
  committed story lists in `stories.ner_keys`);
- `fold_state`: the corpus steps' log-structured state tables, each merged into one file
  (prints of stories no longer committed dropped);
- `verify_state` / `repair_state` (tasks.run.verify): the state against a rebuild from the
  datasets, and the rebuild put in its place.

Each goes through the out lock and the journal, like a commit. The wire-compact flow
(`python -m flows.compact`) runs the first two; `python -m flows.verify` the last two.
"""

from __future__ import annotations

import time

from tasks.dedup.cluster_state import ClusterState
from tasks.dedup.signature import DedupSettings
from tasks.enrich.entity_state import EntityState
from tasks.enrich.ner_cache import compact_ner_cache
from tasks.store.compact import new_compaction_id
from tasks.store.journal import publish, recover
from tasks.store.ledger import current_state, read_ledger_files
from tasks.store.lock import out_lock
from tasks.store.lsm import Changes
from tasks.store.outdir import Store


def compact_cache(store: Store, compaction_id: str | None = None) -> dict[str, int]:
    """Merge the NER cache's per-commit files; drop entries no committed story uses."""
    with out_lock(store):
        store.fs.invalidate_cache()
        return compact_ner_cache(store, f"{compaction_id or new_compaction_id()}-ner-cache")


def fold_state(
    store: Store, settings: DedupSettings | None = None, compaction_id: str | None = None
) -> dict[str, int]:
    """Fold every state table into one file; {table: files before}."""
    settings = settings or DedupSettings()
    commit_id = f"{compaction_id or new_compaction_id()}-state"
    entities, clusters = EntityState(store), ClusterState(store, settings)
    tables = {"evidence": entities.evidence, "postings": entities.postings}
    tables["prints"] = clusters.prints
    with out_lock(store):
        store.fs.invalidate_cache()
        recover(store)
        seq = time.time_ns()
        before = {name: len(t.files()) for name, t in tables.items()}
        changes = Changes()
        for name, table in tables.items():
            if name == "prints" and before[name]:
                changes.add(table.stage_replace(commit_id, seq, _live_prints(store, table)))
            else:
                changes.add(table.stage_fold(commit_id, seq))
        if changes.moves or changes.deletes:
            publish(store, {"commit_id": commit_id, **vars(changes)})
    return before


def _live_prints(store: Store, prints):
    """Prints of the stories the ledger holds now (a replaced story's older print went at
    the merge; a pruned story's goes here)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    live = sorted({e.story_id for e in state.values() if e.outcome == "story"})
    table = prints.read_all()
    return table.filter(pc.is_in(table["story_id"], value_set=pa.array(live, pa.string())))
