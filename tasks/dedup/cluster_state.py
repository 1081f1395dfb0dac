"""Where clustering keeps its state between runs, and how it is rebuilt from the datasets.

`<out>/_state/clusters/`:
- `members.parquet`: the assignment of every story that is not simply alone (its own id as
  cluster id, primary, no duplicate kind, similarity 1): members of clusters of two or more,
  and the odd story whose cluster kept another id. A story with no row here is alone.
- `prints-<layout>/` (log-structured, tasks.store.lsm): the signature prints of every
  committed story (tasks.dedup.prints), for the candidate search; `<layout>` names the LSH
  settings they were made with (another `dedup_threshold` starts another directory).
Nothing else: signatures are read from `_dedup` for the few stories a run touches.

Lost or made with other settings, the state is rebuilt from `stories` and `_dedup` (a full
read, once); stories committed but never clustered become pending again, so the rebuild
clusters what a clean run would have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from tasks.dedup.index import iter_signature_tables, story_state
from tasks.dedup.prints import layout_id, prints_table
from tasks.dedup.records import Assignment
from tasks.dedup.signature import DedupSettings
from tasks.store.lsm import Changes, LsmTable
from tasks.store.outdir import Store
from tasks.store.state_schemas import CLUSTER_MEMBERS, CLUSTER_SIGNATURES, SIGNATURE_PRINTS

UNDATED = date.max.toordinal() + 1  # `first_seen` of a story without a date: after all dated


def first_seen(day: date | None) -> int:
    """A member's `first_seen` (tasks.dedup.cluster): its story date, so the earliest story
    founds and heads a cluster whatever run first saw it (same stories, same clusters)."""
    return day.toordinal() if day else UNDATED


def is_alone(a: Assignment) -> bool:
    """The default assignment, which `members.parquet` does not store."""
    return (a.cluster_id, a.is_primary, a.duplicate_kind, a.similarity) == (
        a.story_id,
        True,
        None,
        1.0,
    )


def latest_per_story(table: pa.Table) -> pa.Table:
    """Prints combine: the newest print of each story (a re-delivered story's new text)."""
    if not table.num_rows:
        return table
    table = table.sort_by([("story_id", "ascending"), ("seq", "ascending")])
    ids = table["story_id"]
    last = pc.not_equal(ids.slice(0, len(ids) - 1), ids.slice(1)).to_numpy(zero_copy_only=False)
    keep = [*last.tolist(), True]
    return table.filter(pa.array(keep))


@dataclass(frozen=True)
class ClusterState:
    store: Store
    settings: DedupSettings

    @property
    def members_file(self) -> str:
        return self.store.state_path("clusters", "members.parquet")

    @property
    def prints(self) -> LsmTable:
        name = f"clusters/prints-{layout_id(self.settings)}"
        return LsmTable(self.store, name, SIGNATURE_PRINTS, "story_id", latest_per_story)

    def exists(self) -> bool:
        """Members and prints for these settings (prints of other settings do not count)."""
        return self.store.fs.exists(self.members_file) and self.prints.exists()

    def read_members(self) -> pa.Table:
        if not self.store.fs.exists(self.members_file):
            return CLUSTER_MEMBERS.empty_table()
        return self.store.read_parquet(self.members_file, schema=CLUSTER_MEMBERS)

    def stage_members(self, commit_id: str, table: pa.Table) -> Changes:
        final = self.members_file
        staged = self.store.staged_path(commit_id, final)
        table = table.cast(CLUSTER_MEMBERS).sort_by([("story_id", "ascending")])
        self.store.write_parquet(staged, table, {})
        return Changes([[staged, final]])

    def stage_empty(self, commit_id: str, seq: int) -> Changes:
        """An empty state for a new out folder: its first run starts from the inbox."""
        changes = self.stage_members(commit_id, CLUSTER_MEMBERS.empty_table())
        final = f"{self.prints.directory}/.keep"
        staged = self.store.staged_path(commit_id, final)
        self.store.fs.makedirs(staged.rsplit("/", 1)[0], exist_ok=True)
        with self.store.fs.open(staged, "wb"):
            pass
        return changes.add(Changes([[staged, final]]))

    def stale_prints(self) -> list[str]:
        """Prints directories of other settings (deleted when these are rebuilt)."""
        base = self.store.state_path("clusters")
        if not self.store.fs.exists(base):
            return []
        mine = self.prints.directory.rstrip("/")
        return [
            p
            for p in self.store.fs.ls(base, detail=False)
            if p.rsplit("/", 1)[-1].startswith("prints-") and p.rstrip("/") != mine
        ]


@dataclass
class Rebuilt:
    """The state as the datasets say, and the stories they hold unclustered."""

    members: pa.Table
    prints: pa.Table
    pending: pa.Table  # `CLUSTER_SIGNATURES` rows of unclustered stories that have one
    unsigned: set[str]  # unclustered stories without a `_dedup` row (older out folders)
    days: dict[str, date]  # story → partition day, for every story
    stories: pa.Table  # the cluster columns of every `stories` row, as read (`story_state`)


def rebuild(store: Store, settings: DedupSettings, seq: int = 0) -> Rebuilt:
    """Read `stories` (cluster columns) and `_dedup` whole: the state from scratch."""
    state = story_state(store)
    clustered = pc.is_valid(state["cluster_id"])
    done = state.filter(clustered)
    alone = pc.and_(
        pc.and_(pc.equal(done["cluster_id"], done["story_id"]), done["is_primary"]),
        pc.and_(pc.is_null(done["duplicate_kind"]), pc.equal(done["similarity"], 1.0)),
    )
    members = done.filter(pc.invert(pc.fill_null(alone, False))).select(CLUSTER_MEMBERS.names)
    waiting = set(state.filter(pc.invert(clustered))["story_id"].to_pylist())
    days = dict(zip(state["story_id"].to_pylist(), state["day"].to_pylist(), strict=True))
    prints, pending, signed = [], [], set()
    for table in iter_signature_tables(store):
        day = pa.array([days.get(s) for s in table["story_id"].to_pylist()], pa.date32())
        rows = table.append_column("day", day).filter(pc.is_valid(day))
        is_pending = pc.is_in(rows["story_id"], value_set=pa.array(sorted(waiting), pa.string()))
        prints.append(prints_table(rows.filter(pc.invert(is_pending)), settings, seq))
        pending.append(rows.filter(is_pending).cast(CLUSTER_SIGNATURES))
        signed |= set(rows.filter(is_pending)["story_id"].to_pylist())
    return Rebuilt(
        members.cast(CLUSTER_MEMBERS),
        pa.concat_tables([SIGNATURE_PRINTS.empty_table(), *prints]),
        pa.concat_tables([CLUSTER_SIGNATURES.empty_table(), *pending]),
        waiting - signed,
        days,
        state,
    )
