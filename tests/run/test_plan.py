"""Shard sizing: tens of task runs per run, never thousands, and both cores busy to the end."""

from __future__ import annotations

import pytest

from tasks.run.plan import MIN_SHARD, NER_SHARD_CAP, PARSE_SHARD_CAP, auto_shard_size


@pytest.mark.parametrize(
    ("records", "workers", "enrich", "expected"),
    [
        (12, 2, True, MIN_SHARD),  # a handful of stories: one small shard, not twelve
        (2_000, 2, True, NER_SHARD_CAP),  # NER shards stay short: 8 shards for 2 workers
        (600, 2, True, 150),  # two shards per worker at least
        (5_000, 2, False, 1_250),  # parse only: bigger shards, still two per worker
        (1_000_000, 2, False, PARSE_SHARD_CAP),  # capped: 400 task runs for a million
        (100, 0, True, MIN_SHARD),  # workers=0 never divides by zero
    ],
)
def test_auto_shard_size(records: int, workers: int, enrich: bool, expected: int) -> None:
    assert auto_shard_size(records, workers, enrich) == expected


def test_plan_packs_new_work_with_the_auto_size_in_one_pass() -> None:
    from tasks.ingest.discovery import DiscoveryResult
    from tasks.ingest.rawio import InputFile
    from tasks.run.plan import plan_run

    files = [
        InputFile(f"{i}.txt", f"/raw/{i}.txt", "txt", 10, 0.0, f"sha{i}", 1) for i in range(600)
    ]
    plan = plan_run(DiscoveryResult(inputs=files), {}, "1", "model-1", 0, workers=2)
    # 600 new stories, NER on, 2 workers: auto size 150 → 4 shards, every file once
    assert [len(s) for s in plan.shards] == [150, 150, 150, 150]
    assert plan.records_new == 600 and plan.records_unchanged == 0


@pytest.mark.parametrize(
    ("n_records", "done", "shard_size", "parts"),
    [
        # one 989-line feed, nothing done: ranges of 250, so 2 workers both get work
        (989, (), 250, [(0, 250), (250, 500), (500, 750), (750, 989)]),
        # 100 lines already committed: ranges count the 889 remaining records
        (989, tuple(range(100)), 250, [(0, 250), (250, 500), (500, 750), (750, 889)]),
        # fits in one shard: the whole file, no range
        (120, (), 250, [None]),
    ],
)
def test_a_big_multi_record_file_is_split_by_record_range(n_records, done, shard_size, parts):
    from tasks.ingest.discovery import DiscoveryResult
    from tasks.ingest.rawio import InputFile
    from tasks.run.plan import plan_run
    from tasks.store.ledger import LedgerEntry

    feed = InputFile("feed.jsonl", "/raw/feed.jsonl", "jsonl", 10, 0.0, "sha", n_records)
    state = {
        ("feed.jsonl", i): LedgerEntry("feed.jsonl", i, "sha", "1", "m", "story", "x", None, 1, "r")
        for i in done
    }
    plan = plan_run(DiscoveryResult(inputs=[feed]), state, "1", "m", shard_size, workers=2)
    assert [item.part for shard in plan.shards for item in shard] == parts
    assert all(item.skip_indices == done for shard in plan.shards for item in shard)
    assert sum(item.n_records for shard in plan.shards for item in shard) == n_records - len(done)
    assert plan.records_new == n_records - len(done)
