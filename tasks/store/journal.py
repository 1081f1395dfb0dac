"""The journal: how staged files become visible under the out folder, atomically enough.

Every writer (a shard's commit, a compaction, the cluster commit, entity resolution, the NER
cache) stages whole files under `_staging/<commit_id>/`, then, with the out lock held,
`publish`es a journal `_journal/<commit_id>.json` = {commit_id, moves: [[staged, final]],
deletes: [path]}: the journal is written, applied (renames, then deletes, then the staging
dir goes), and removed. Applying is idempotent, so a crash at any instant after the journal
is written is finished by the next writer's `recover`; before it, nothing is visible.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.outdir import Store


def publish(store: Store, journal: dict) -> None:
    """Write `journal`, apply it, drop it (lock held): its moves and deletes become visible."""
    path = store.journal_file(journal["commit_id"])
    store.write_json(path, journal)
    apply_journal(store, journal)
    store.fs.rm(path)


def apply_journal(store: Store, journal: dict) -> None:
    """Do what the journal lists; a step already done is skipped, so it may run twice."""
    fs = store.fs
    for src, dst in journal["moves"]:
        if src and fs.exists(src):  # "" would be the working directory to a local fs
            fs.makedirs(dst.rsplit("/", 1)[0], exist_ok=True)
            fs.mv(src, dst)
    for path in journal["deletes"]:
        if fs.exists(path):
            fs.rm(path)
    staging = store.staging_dir(journal["commit_id"])
    if fs.exists(staging):
        fs.rm(staging, recursive=True)


def recover(store: Store) -> int:
    """Finish every journaled commit a crash left behind (call with the lock held)."""
    base = store.path("_journal")
    if not store.fs.exists(base):
        return 0
    done = 0
    for jpath in sorted(store.fs.ls(base, detail=False)):
        if jpath.endswith(".json"):
            apply_journal(store, store.read_json(jpath))
            store.fs.rm(jpath)
            done += 1
        elif jpath.endswith(".tmp"):
            store.fs.rm(jpath)  # a journal never completed: its commit never started
    return done


def file_meta(table: pa.Table) -> dict[str, str]:
    """A file's wirecopy.* key-value metadata, carried over to the rewrite that replaces it."""
    meta = table.schema.metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if k.startswith(b"wirecopy.")}
