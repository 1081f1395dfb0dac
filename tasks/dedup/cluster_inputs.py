"""What one clustering starts from: pending stories, removed ones, and the stored members.

Read from the clustering inbox in commit order (a story's last event wins: added, then
removed, then added again is pending), or from a rebuild of the state (every unclustered
story pending). A committed story whose rows were replaced or went leaves its cluster (`left`:
the rest are clustered again, so a cluster never loses its only primary); replaced, it is
pending again and finds its cluster again through its edges.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.cluster_state import ClusterState, Rebuilt
from tasks.dedup.index import signature_of_row, signature_row
from tasks.dedup.records import StorySignature, sign_stories
from tasks.dedup.signature import DedupSettings
from tasks.store.inbox import REMOVED, part_of
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.store.schemas import DEDUP_INDEX
from tasks.store.state_schemas import CLUSTER_SIGNATURES


@dataclass
class Inputs:
    pending: dict[str, tuple[StorySignature, date]]  # story → (signature, partition day)
    signature_rows: pa.Table  # their `CLUSTER_SIGNATURES` rows (prints are made of them)
    members: pa.Table  # stored explicit assignments, pending and removed stories left out
    removed: set[str] = field(default_factory=set)
    left: set[str] = field(default_factory=set)  # clusters that lost a member
    prints: pa.Table | None = None  # rebuilt prints; None: the state's
    state: ClusterState | None = None
    signed_late: list[StorySignature] = field(default_factory=list)
    late_signatures: dict[date, pa.Table] = field(default_factory=dict)  # `_dedup` rows to add
    _prints: pa.Table | None = None

    def state_prints(self) -> pa.Table:
        if self._prints is None:
            self._prints = self.state.prints.read_all()
        return self._prints


def inbox_inputs(store: Store, state: ClusterState, files: list[str]) -> Inputs:
    """Pending, removed and re-delivered stories from the inbox files (in commit order)."""
    tables = [(part_of(p), store.read_parquet(p)) for p in files]
    named = {s for _, t in tables for s in t["story_id"].to_pylist()}
    members = state.read_members()
    mine = members.filter(pc.is_in(members["story_id"], value_set=_strings(named)))
    cluster_of = dict(
        zip(mine["story_id"].to_pylist(), mine["cluster_id"].to_pylist(), strict=True)
    )
    pending: dict[str, tuple[StorySignature, date]] = {}
    rows: dict[str, dict] = {}
    left: set[str] = set()
    removed: set[str] = set()
    for part, table in tables:
        if part == REMOVED:
            for sid in table["story_id"].to_pylist():
                if pending.pop(sid, None) is not None:
                    rows.pop(sid)  # committed and gone again before it was ever clustered
                elif sid not in removed:
                    removed.add(sid)
                    left.add(cluster_of.get(sid, sid))
        else:
            for row in table.to_pylist():
                pending[row["story_id"]] = (signature_of_row(row), row["day"])
                rows[row["story_id"]] = row
                removed.discard(row["story_id"])
    out = pc.is_in(members["story_id"], value_set=_strings(set(pending) | removed))
    table = pa.Table.from_pylist([rows[s] for s in sorted(rows)], schema=CLUSTER_SIGNATURES)
    return Inputs(pending, table, members.filter(pc.invert(out)), removed, left, state=state)


def rebuilt_inputs(store: Store, built: Rebuilt, settings: DedupSettings, run: RunInfo) -> Inputs:
    """Every unclustered story pending; those committed without a signature signed here."""
    late = _sign_late(store, built.unsigned, built.days, settings)
    by_day: dict[date, list[dict]] = defaultdict(list)
    for sig in late:
        by_day[built.days[sig.story_id]].append(signature_row(sig, run))
    late_tables = {d: pa.Table.from_pylist(r, schema=DEDUP_INDEX) for d, r in by_day.items()}
    extra = [{**signature_row(s, run), "day": built.days[s.story_id]} for s in late]
    rows = pa.concat_tables([built.pending, pa.Table.from_pylist(extra, schema=CLUSTER_SIGNATURES)])
    pending = {r["story_id"]: (signature_of_row(r), r["day"]) for r in rows.to_pylist()}
    return Inputs(
        pending,
        rows,
        built.members,
        prints=built.prints,
        signed_late=late,
        late_signatures=late_tables,
    )


class _Row(SimpleNamespace):
    """A committed `stories` row, read back with the fields signing needs."""


def _sign_late(
    store: Store, ids: set[str], days: dict[str, date], settings: DedupSettings
) -> list[StorySignature]:
    """Signatures of stories committed without one (an out folder from before the index)."""
    if not ids:
        return []
    cols = ["story_id", "date", "agency", "headline", "body"]
    found = []
    for day in sorted({days[i] for i in ids}):
        for path in store.files_in("stories", day):
            t = store.read_parquet(path, columns=cols)
            t = t.filter(pc.is_in(t["story_id"], value_set=_strings(ids)))
            found += [_Row(**r) for r in t.to_pylist()]
    found.sort(key=lambda r: r.story_id)
    return sign_stories([r.story_id for r in found], found, settings)


def _strings(values) -> pa.Array:
    return pa.array(sorted(values), pa.string())
