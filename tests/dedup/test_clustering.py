"""Clustering planned before the lock (tasks.dedup.clustering.plan_clusters).

The flow has a worker plan the clustering while entity resolution holds the out lock; the
plan is committed only if the files it read are still exactly those, else planned again
under the lock. The property under test: planning early changes when the work is done,
never what is committed. Shards are committed with the real `stage_and_commit` (parse only).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tasks.dedup import clustering
from tasks.dedup.clustering import cluster_pending, clustering_basis, plan_clusters
from tasks.dedup.signature import DedupSettings
from tasks.run.discover import discover_plan
from tasks.run.runlog import new_run
from tasks.run.shard import ShardSpec, stage_and_commit
from tasks.settings import Limits
from tasks.store.outdir import Store
from tasks.version import PARSER_VERSION
from tests.etl_helpers import visible_files

STORY = (
    " date 1987-02-26 PORTLAND, Ore., Feb 26 - Northwest Timber Co said it will close its "
    "Springfield sawmill for three weeks because of weak lumber demand, idling about 240 "
    "workers.\n\nThe company said the closure would begin March 2 and that workers would "
    "receive partial pay during the shutdown. It said orders from home builders in the "
    "region had fallen for a third month and that prices for plywood and studs were at "
    "their lowest level in two years.\n\nThe company said it expected to reopen the mill "
    "once inventories returned to normal, probably in {month}.\n Reuter\n"
)
OTHER = (
    " date 1987-02-26 WASHINGTON, Feb 26 - The Senate approved a 88 billion dlr highway bill "
    "on Thursday after a long debate over the speed limit on rural interstate roads.\n Reuter\n"
)


def _commit_new(raw: Path, out: Path) -> None:
    """Commit every new raw file, as the flow's shards do, without clustering."""
    run = new_run(PARSER_VERSION, None)
    plan, _, _ = discover_plan(str(raw), str(out), Limits(), PARSER_VERSION, "", 1, None, 1)
    base = ShardSpec(0, len(plan.shards), (), str(out), run, False, "unused", Limits())
    for i, shard in enumerate(plan.shards, start=1):
        stage_and_commit(replace(base, shard_no=i, items=tuple(shard)))


def _clusters(out: Path) -> dict[str, tuple]:
    files = [str(f) for f in visible_files(out, "stories")]
    cols = ["source_path", "cluster_id", "is_primary", "duplicate_kind"]
    rows = ds.dataset(files, format="parquet").to_table(columns=cols).to_pylist()
    return {Path(r["source_path"]).name: tuple(r[c] for c in cols[1:]) for r in rows}


@pytest.fixture
def clustered(tmp_path) -> tuple[Path, Path]:
    """An out folder whose stories are clustered, and a new copy committed, not clustered."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "sawmill.txt").write_text(STORY.format(month="April"))
    (raw / "senate.txt").write_text(OTHER)
    _commit_new(raw, out)
    cluster_pending(str(out), new_run(PARSER_VERSION, None))
    (raw / "sawmill-copy.txt").write_text(STORY.format(month="April"))  # an exact copy
    _commit_new(raw, out)
    return raw, out


def test_a_plan_still_current_is_committed_as_planned(clustered, monkeypatch) -> None:
    _, out = clustered
    early = plan_clusters(str(out), DedupSettings())
    assert early.summary.pending == 1 and early.summary.edges == {"exact": 1}

    def no_second_plan(*args, **kwargs):
        raise AssertionError("planned again although nothing changed")

    monkeypatch.setattr(clustering, "plan_clusters", no_second_plan)
    cluster_pending(str(out), new_run(PARSER_VERSION, None), DedupSettings(), early)
    rows = _clusters(out)
    # the copy joined the original's cluster as a non-primary exact duplicate
    assert rows["sawmill-copy.txt"] == (rows["sawmill.txt"][0], False, "exact")
    assert rows["sawmill.txt"][1] is True and rows["senate.txt"][0] != rows["sawmill.txt"][0]


def test_a_commit_after_the_plan_makes_it_plan_again_under_the_lock(clustered) -> None:
    raw, out = clustered
    early = plan_clusters(str(out), DedupSettings())
    # another shard commits between the plan and the lock (a concurrent run, say)
    (raw / "sawmill-second-copy.txt").write_text(STORY.format(month="April"))
    _commit_new(raw, out)
    assert clustering_basis(Store(str(out))) != early.basis
    summary = cluster_pending(str(out), new_run(PARSER_VERSION, None), DedupSettings(), early)
    assert summary.pending == 2  # the stale plan knew of one
    rows = _clusters(out)
    head = rows["sawmill.txt"][0]
    assert rows["sawmill-copy.txt"][0] == head and rows["sawmill-second-copy.txt"][0] == head
    assert all(cluster is not None for cluster, *_ in rows.values())


def test_planning_early_commits_what_planning_under_the_lock_does(tmp_path) -> None:
    """The same pending stories, one folder clustered from an early plan, one without."""
    results = []
    for early in (False, True):
        raw, out = tmp_path / f"raw{early}", tmp_path / f"out{early}"
        raw.mkdir()
        for i, month in enumerate(("April", "April", "May")):  # a copy, an update
            (raw / f"sawmill-{i}.txt").write_text(STORY.format(month=month))
        (raw / "senate.txt").write_text(OTHER)
        _commit_new(raw, out)
        planned = plan_clusters(str(out), DedupSettings()) if early else None
        cluster_pending(str(out), new_run(PARSER_VERSION, None), DedupSettings(), planned)
        rows = _clusters(out)
        ids = {cluster for cluster, *_ in rows.values()}
        # cluster ids are minted per run; compare the partition and the flags
        results.append(
            (
                sorted(sorted(k for k, v in rows.items() if v[0] == c) for c in ids),
                {k: v[1:] for k, v in rows.items()},
            )
        )
    assert results[0] == results[1]
    groups, flags = results[1]
    assert ["sawmill-0.txt", "sawmill-1.txt", "sawmill-2.txt"] in groups
    # the May story updates the April one (same headline, most words): the latest version
    # is the primary, and both April copies are earlier versions of it
    assert flags["sawmill-2.txt"] == (True, None)
    assert flags["sawmill-0.txt"] == flags["sawmill-1.txt"] == (False, "version")


@pytest.mark.usefixtures("prefect_harness")
def test_a_failed_early_plan_is_planned_again_under_the_lock(clustered) -> None:
    """The flow's task (flows.etl_tasks.cluster_stories): a worker that failed to plan costs
    time, not the clustering."""
    from concurrent.futures import Future

    from prefect import flow

    from flows.etl_tasks import cluster_stories

    _, out = clustered
    failed: Future = Future()
    failed.set_exception(OSError("worker process died"))

    @flow
    def cluster_after_a_failed_plan() -> dict:
        return cluster_stories(str(out), new_run(PARSER_VERSION, None), DedupSettings(), failed)

    summary = cluster_after_a_failed_plan()
    assert summary["pending"] == 1 and summary["edges"] == {"exact": 1}
    rows = _clusters(out)
    assert rows["sawmill-copy.txt"] == (rows["sawmill.txt"][0], False, "exact")
