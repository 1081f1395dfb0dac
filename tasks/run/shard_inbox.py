"""A shard's share of the corpus steps, done in its worker: the inbox files of its rows.

The corpus steps run once per run, on one core, after the last shard. What of their work can
be done per shard is done here, in parallel, and staged with the shard's rows (committed by
the same journal, tasks.store.inbox): its entities rows reduced to evidence and postings
(tasks.enrich.evidence_rows: name keys folded, per-story counts) for resolution, and its
signature rows with their partition day for clustering. The corpus steps then only merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from tasks.enrich.evidence_rows import reduce_rows
from tasks.store.inbox import CLUSTERS, ENTITIES, inbox_final
from tasks.store.outdir import Store
from tasks.store.state_schemas import CLUSTER_SIGNATURES


@dataclass
class CorpusInbox:
    entities: list[dict] = field(default_factory=list)  # the shard's entities rows
    signatures: list[dict] = field(default_factory=list)  # its `_dedup` rows + "day"

    def stage(self, store: Store, commit_id: str) -> dict[str, str]:
        """Write the inbox files under the commit's staging dir: {final: staged}."""
        tables: dict[str, pa.Table] = {}
        if self.entities:
            evidence, postings = reduce_rows(self.entities)
            tables[inbox_final(store, ENTITIES, commit_id, "evidence")] = evidence
            tables[inbox_final(store, ENTITIES, commit_id, "postings")] = postings
        if self.signatures:
            sigs = pa.Table.from_pylist(self.signatures, schema=CLUSTER_SIGNATURES)
            tables[inbox_final(store, CLUSTERS, commit_id, "signatures")] = sigs
        out = {}
        for final, table in tables.items():
            staged = store.staged_path(commit_id, final)
            store.write_parquet(staged, table, {})
            out[final] = staged
        return out
