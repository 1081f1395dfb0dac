"""The corpus steps' inbox: what commits added and removed since each step last ran.

A shard stages, beside its rows, what the corpus steps need of them (its entities reduced to
evidence, its signatures); a commit that replaces or prunes rows stages what it removed. They
become visible with the commit's rows, by the same journal, named in commit order
(`<seq>-<commit_id>-<part>.parquet`, `seq` taken under the lock), so a step reads them in
the order the rows changed. The step takes them in with its state and deletes them in one
journal: a run killed at any point leaves them for the next run, never half taken in.

So a corpus step reads only its inbox and its state, never the datasets, and a run with
nothing in the inbox has nothing to do.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from tasks.store.outdir import Store
from tasks.store.state_schemas import REMOVED_ENTITIES, REMOVED_STORIES

ENTITIES, CLUSTERS = "entities", "clusters"  # the inboxes: resolution's and clustering's
REMOVED = "removed"


def inbox_final(store: Store, step: str, commit_id: str, part: str) -> str:
    """Where a staged inbox file of a commit goes; `commit` puts the sequence in front."""
    return f"{store.inbox_dir(step)}/{commit_id}-{part}.parquet"


def sequenced(store: Store, final: str, seq: int) -> str:
    """An inbox file's final name with the commit's sequence first; other paths unchanged."""
    inbox = store.path("_inbox") + "/"
    if not final.startswith(inbox):
        return final
    folder, name = final.rsplit("/", 1)
    return f"{folder}/{seq:020d}-{name}"


def inbox_files(store: Store, step: str) -> list[str]:
    """The step's pending inbox files, in commit order."""
    return store.parquet_files(store.inbox_dir(step))


def part_of(path: str) -> str:
    """`evidence`, `postings`, `signatures`, `removed`…: what an inbox file holds."""
    return path.rsplit("-", 1)[-1].removesuffix(".parquet")


def stage_removed(
    store: Store,
    commit_id: str,
    stories: list[tuple[str, date]],
    entities: list[pa.Table],
) -> dict[str, str]:
    """Stage what a commit removes (story ids and days, entities rows) for the corpus steps;
    returns {final: staged} (finals without the sequence: `commit` adds it)."""
    files = {}
    if stories:
        ids, days = zip(*sorted(set(stories)), strict=True)
        table = pa.table({"story_id": list(ids), "day": list(days)}, schema=REMOVED_STORIES)
        files[inbox_final(store, CLUSTERS, commit_id, REMOVED)] = table
    rows = [t.select(REMOVED_ENTITIES.names).cast(REMOVED_ENTITIES) for t in entities]
    if any(t.num_rows for t in rows):
        files[inbox_final(store, ENTITIES, commit_id, REMOVED)] = pa.concat_tables(rows)
    out = {}
    for final, table in files.items():
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, table, {})
        out[final] = staged
    return out
