"""Evidence as rows that add up: what a shard's entities contribute, and back.

The catalog's evidence (`tasks.enrich.catalog.Evidence`, built by its own `add_rows`) is a
set of counters per name key. Written out per story — one row per (field, key, value) with a
count — it adds up across stories, shards and runs, and what a removed story contributed can
be taken off again. So a shard's worker reduces its entities rows to these rows (plus one
posting per (key, story): which stories name which key, with the story's date), and the
corpus step adds them to its state without reading any entities row (tasks.enrich.resolve).

The fields are read off the dataclasses, so a counter, set or count added to `NameStats` or
`Evidence` travels without a change here; a field of another kind fails loudly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from datetime import date

import pyarrow as pa

from tasks.enrich.catalog import Evidence, NameStats
from tasks.store.state_schemas import ENTITY_EVIDENCE, POSTINGS

NAMES = "names"  # the Evidence field holding one NameStats per name key
DATES = ("first_seen", "last_seen")  # kept per key in the keys table, from the postings
Row = tuple[str, str, str]  # (kind, key, value)


def _kinds() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Per-key fields of NameStats (dates aside) and corpus-wide fields of Evidence."""
    per_key = tuple(f.name for f in fields(NameStats) if f.name not in DATES)
    corpus = tuple(f.name for f in fields(Evidence) if f.name != NAMES)
    return per_key, corpus


PER_KEY, CORPUS = _kinds()


def story_rows(ev: Evidence, counts: Counter[Row]) -> None:
    """Add one story's evidence to `counts` (a set counts once per story)."""
    for key, stats in ev.names.items():
        for name in PER_KEY:
            value = getattr(stats, name)
            if isinstance(value, Counter):
                for item, n in value.items():
                    counts[(name, key, item)] += n
            elif isinstance(value, set):
                for item in value:
                    counts[(name, key, item)] += 1
            elif isinstance(value, int):
                counts[(name, key, "")] += value
            else:
                raise TypeError(f"NameStats.{name}: no row form for {type(value).__name__}")
    for name in CORPUS:
        for key, counter in getattr(ev, name).items():
            for item, n in counter.items():
                counts[(name, key, item)] += n
                counts[(f"{name}~", item, key)] += n  # the same link, found from its target


def reduce_rows(rows: Iterable[dict], sign: int = 1) -> tuple[pa.Table, pa.Table]:
    """Entities rows (any number of stories) → (evidence, postings) tables, counts × `sign`."""
    by_story: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_story[row["story_id"]].append(row)
    counts: Counter[Row] = Counter()
    postings: list[tuple[str, str, date | None]] = []
    for sid in sorted(by_story):
        ev = Evidence()
        ev.add_rows(by_story[sid])
        story_rows(ev, counts)
        postings += [(key, sid, stats.first_seen) for key, stats in ev.names.items()]
    return evidence_table(counts, sign), postings_table(postings, sign)


def evidence_table(counts: Counter[Row], sign: int = 1) -> pa.Table:
    rows = sorted((k, v) for k, v in counts.items() if v)
    return pa.table(
        {
            "kind": [k[0] for k, _ in rows],
            "key": [k[1] for k, _ in rows],
            "value": [k[2] for k, _ in rows],
            "n": [sign * v for _, v in rows],
        },
        schema=ENTITY_EVIDENCE,
    )


def postings_table(postings: list[tuple[str, str, date | None]], sign: int = 1) -> pa.Table:
    postings = sorted(postings)
    return pa.table(
        {
            "key": [p[0] for p in postings],
            "story_id": [p[1] for p in postings],
            "date": [p[2] for p in postings],
            "n": [sign] * len(postings),
        },
        schema=POSTINGS,
    )


def to_evidence(
    rows: pa.Table, keys: Iterable[str], dates: dict[str, tuple[date | None, date | None]]
) -> Evidence:
    """The Evidence of the name keys `keys` from combined evidence rows that hold at least
    every row of those keys (their links to other keys included).

    Corpus-wide counters (`acronyms`, `surnames`) are whole for a word in `keys`; for a word
    outside, only its entries that point at `keys` (what the label vote of those keys reads).
    """
    wanted = set(keys)
    ev = Evidence()
    for key in sorted(wanted):
        stats = ev.names[key]
        stats.first_seen, stats.last_seen = dates.get(key, (None, None))
    outside: list[tuple[str, str, str, int]] = []
    for kind, key, value, n in zip(*(rows[c].to_pylist() for c in rows.column_names), strict=True):
        if n <= 0:
            continue
        if kind in PER_KEY and key in wanted:
            _set(ev.names[key], kind, value, n)
        elif kind in CORPUS and key in wanted:
            getattr(ev, kind)[key][value] += n
        elif kind.endswith("~") and kind[:-1] in CORPUS and key in wanted and value not in wanted:
            outside.append((kind[:-1], value, key, n))
    for kind, word, target, n in outside:
        getattr(ev, kind)[word][target] += n
    return ev


def _set(stats: NameStats, name: str, value: str, n: int) -> None:
    current = getattr(stats, name)
    if isinstance(current, Counter):
        current[value] += n
    elif isinstance(current, set):
        current.add(value)
    else:
        setattr(stats, name, current + n)
