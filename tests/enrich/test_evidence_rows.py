"""Evidence as rows that add up (tasks.enrich.evidence_rows): the rows a shard writes give
back the Evidence `add_rows` builds, add up across shards, and take a story back exactly."""

from __future__ import annotations

import pyarrow as pa

from tasks.enrich.catalog import Evidence
from tasks.enrich.evidence_rows import reduce_rows, to_evidence
from tasks.store.lsm import sum_by
from tests.enrich.test_resolution import CORPUS, row

COMBINE = sum_by(["kind", "key", "value"])


def _dates(rows: list[dict]) -> dict:
    ev = Evidence()
    ev.add_rows(rows)
    return {k: (s.first_seen, s.last_seen) for k, s in ev.names.items()}


def _back(rows: list[dict], evidence: pa.Table) -> Evidence:
    dates = _dates(rows)
    return to_evidence(COMBINE(evidence), dates, dates)


def _built(rows: list[dict]) -> Evidence:
    ev = Evidence()
    ev.add_rows(rows)
    return ev


def test_rows_give_back_the_evidence_add_rows_builds() -> None:
    evidence, postings = reduce_rows(CORPUS)
    back, built = _back(CORPUS, evidence), _built(CORPUS)
    assert dict(back.names) == dict(built.names)
    assert dict(back.acronyms) == dict(built.acronyms)
    assert dict(back.surnames) == dict(built.surnames)
    # one posting per (name key, story), with the story's date
    assert postings.num_rows == sum(s.stories for s in built.names.values())


def test_shards_add_up_to_the_whole() -> None:
    halves = (
        [r for r in CORPUS if r["story_id"] < "s4"],
        [r for r in CORPUS if r["story_id"] >= "s4"],
    )
    parts = [reduce_rows(h)[0] for h in halves]
    assert COMBINE(pa.concat_tables(parts)).equals(COMBINE(reduce_rows(CORPUS)[0]))


def test_a_removed_story_is_taken_back_exactly() -> None:
    gone = [r for r in CORPUS if r["story_id"] == "s2"]
    rest = [r for r in CORPUS if r["story_id"] != "s2"]
    net = pa.concat_tables([reduce_rows(CORPUS)[0], reduce_rows(gone, sign=-1)[0]])
    assert COMBINE(net).equals(COMBINE(reduce_rows(rest)[0]))


def test_an_alias_counts_the_stories_that_wrote_it() -> None:
    # "BJP" written by two stories: removing one keeps the alias, removing both drops it
    rows = [row("a", "Bharatiya Janata Party", "ORG", 1, ["BJP"])]
    rows += [row("b", "Bharatiya Janata Party", "ORG", 1, ["BJP"])]
    evidence = COMBINE(reduce_rows(rows)[0])
    alias = evidence.filter(pa.compute.equal(evidence["value"], "BJP"))
    assert alias.filter(pa.compute.equal(alias["kind"], "aliases"))["n"].to_pylist() == [2]
    one_gone = pa.concat_tables([evidence, reduce_rows(rows[:1], sign=-1)[0]])
    assert "BJP" in _back(rows[1:], COMBINE(one_gone)).names["bharatiya janata party"].aliases
