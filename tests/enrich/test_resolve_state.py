"""Resolution from state (tasks.enrich.resolve) against resolution from every row.

Hand-made entities rows reach the step as shards leave them (inbox files of evidence and
postings, removed rows), batch after batch, on real Parquet; after each batch the catalog
must be what resolving every row still committed gives, with stats counted from the rows
(distinct stories, mentions, first and last date). The batches make two groups that both
have stories merge later, and a story names both of them: its distinct count is where an
incremental count goes wrong first.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from tasks.enrich.catalog import Evidence
from tasks.enrich.entity_state import EntityState
from tasks.enrich.evidence_rows import reduce_rows
from tasks.enrich.resolution import resolve
from tasks.enrich.resolve import resolve_entities
from tasks.store.inbox import ENTITIES, inbox_final, sequenced
from tasks.store.journal import publish
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo
from tasks.store.state_schemas import REMOVED_ENTITIES
from tests.enrich.test_resolution import CORPUS, row

EARLY = [
    row("k0", "Kharge", "ORG", 1, day=1),  # alone, before anyone introduced him
    row("m0", "Mallikarjun Kharge", "PERSON", 2, day=2),  # the full name, no link yet
    # one story names both as two entities: once they merge it counts once
    row("o1", "Kharge", "ORG", 1, day=3),
    row("o1", "Mallikarjun Kharge", "PERSON", 1, day=3),
]
BATCHES = [
    EARLY,
    [r for r in CORPUS if r["story_id"] in ("s2", "s3", "s5", "s6")],
    [r for r in CORPUS if r["story_id"] not in ("s2", "s3", "s5", "s6")],  # links Kharge
    [
        row("z1", "Zubin Mehta", "PERSON", 1, day=9),  # a name no other story has
        row("x9", "India", "GPE", 1, day=25),  # India's latest story (pruned below)
    ],
]


def _deliver(store: Store, rows: list[dict], removed: list[dict] = ()) -> None:
    """Commit what a shard (and a replacing commit) would leave in the inbox."""
    seq = time.time_ns()
    commit_id = f"c{seq}"
    tables = {}
    if rows:
        evidence, postings = reduce_rows(rows)
        tables["evidence"], tables["postings"] = evidence, postings
    if removed:
        tables["removed"] = pa.Table.from_pylist(list(removed), schema=REMOVED_ENTITIES)
    moves = []
    for part, table in tables.items():
        final = sequenced(store, inbox_final(store, ENTITIES, commit_id, part), seq)
        staged = store.staged_path(commit_id, final)
        store.write_parquet(staged, table, {})
        moves.append([staged, final])
    publish(store, {"commit_id": commit_id, "moves": moves, "deletes": []})


def _resolve(store: Store) -> dict:
    run = RunInfo(f"r{time.time_ns()}", datetime.now(UTC), "1", "m")
    return resolve_entities(store, run).as_dict()


def _oracle(rows: list[dict]) -> dict[str, tuple]:
    """Live entries with stats counted from the rows, as resolving everything gives them."""
    ev = Evidence()
    ev.add_rows(rows)
    res = resolve(ev)
    stories, mentions, days = defaultdict(set), defaultdict(int), defaultdict(list)
    for r in rows:
        eid = res.by_key[next(k for k in ev.names if k == _key(r))]
        stories[eid].add(r["story_id"])
        mentions[eid] += r["mentions"]
        days[eid].append(r["date"])
    out = {}
    for eid, e in res.entries.items():
        if e.merged_into is None:
            d = days[eid]
            stats = (len(stories[eid]), mentions[eid], min(d), max(d))
            out[eid] = (e.name, e.label, e.aliases, e.acronym, e.kb_id, *stats)
    return out


def _key(r: dict) -> str:
    from tasks.enrich.variants import name_key

    return name_key(r["entity"], r["label"])


def _catalog(store: Store) -> dict[str, tuple]:
    rows = EntityState(store).read_catalog().to_pylist()
    fields = ("name", "label", "aliases", "acronym", "kb_id", "n_stories", "n_mentions")
    return {
        r["entity_id"]: (*(r[f] for f in fields), r["first_seen"], r["last_seen"])
        for r in rows
        if r["merged_into"] is None and r["n_stories"]
    }


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(str(tmp_path / "out"))
    state = EntityState(store)
    publish(store, {"commit_id": "init", **vars(state.stage_empty("init"))})
    return store


def test_batch_after_batch_the_catalog_is_what_every_row_gives(store) -> None:
    committed: list[dict] = []
    recounted = 0
    for batch in BATCHES:
        _deliver(store, batch)
        committed += batch
        recounted += _resolve(store)["stories_recounted"]
        assert _catalog(store) == _oracle(committed)
    assert recounted > 0  # the Kharge groups merged: counted again from the postings
    (kharge,) = [v for v in _catalog(store).values() if v[0] == "Mallikarjun Kharge"]
    assert kharge[5] == 6  # k0, m0, o1, s1, s4, s5: o1 once though it names both


def test_removed_and_replaced_stories_are_taken_back(store) -> None:
    committed = [r for b in BATCHES for r in b]
    for batch in BATCHES:
        _deliver(store, batch)
    _resolve(store)
    gone = [r for r in committed if r["story_id"] in ("o1", "z1", "x9")]  # pruned
    s1 = [r for r in committed if r["story_id"] == "s1"]
    s1_new = [{**r, "date": date(2024, 1, 20)} for r in s1 if r["entity"] != "Doug Ford"]
    _deliver(store, [], gone)
    _deliver(store, s1_new, s1)  # an edited file: its story's rows replaced, in one commit
    summary = _resolve(store)
    committed = [r for r in committed if r["story_id"] not in ("o1", "z1", "x9", "s1")] + s1_new
    assert _catalog(store) == _oracle(committed)
    assert summary["stories_recounted"] > 0
    # the id of a name no story holds any more stays in the catalog, its counts at zero
    zubin = [r for r in EntityState(store).read_catalog().to_pylist() if r["name"] == "Zubin Mehta"]
    assert [(r["n_stories"], r["first_seen"]) for r in zubin] == [(0, None)]


def test_nothing_in_the_inbox_reads_nothing(store) -> None:
    _deliver(store, BATCHES[0])
    _resolve(store)
    before = EntityState(store).read_catalog()
    assert _resolve(store)["keys_touched"] == 0
    assert EntityState(store).read_catalog().equals(before)
