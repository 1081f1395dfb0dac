"""One resolution update: a run's evidence delta + the stored state → what changes.

The touched name keys (any whose evidence changed) and every key linked to them
(tasks.enrich.neighbours) are resolved with the rules of `tasks.enrich.resolution`, from their
stored evidence plus the delta; no other key is read beyond the keys table and the catalog.
Counts are exact: per key they add up; an entity's distinct stories are the previous count
plus its new stories while its members stay the same and only new stories arrive, else they
are counted again from the postings of its keys (a merge, a split, a story whose rows went).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from tasks.enrich.catalog import id_of_key
from tasks.enrich.entity_state import EntityState, entries_of, entry_row
from tasks.enrich.evidence_rows import to_evidence
from tasks.enrich.neighbours import (
    LINK_FIRST,
    LINK_KINDS,
    LINK_LAST,
    closure,
    links_of,
    resolve_hood,
)
from tasks.enrich.resolution import CatalogEntry, Resolution, resolve
from tasks.store.catalog_schema import ENTITY_CATALOG
from tasks.store.state_schemas import ENTITY_EVIDENCE, ENTITY_KEYS


@dataclass
class Delta:
    """What a run changed: evidence and postings (combined, signed), and the stories whose
    rows were removed (replaced or pruned)."""

    evidence: pa.Table
    postings: pa.Table
    modified: set[str] = field(default_factory=set)


@dataclass
class Update:
    keys: pa.Table  # the whole new keys table
    catalog: pa.Table | None  # the whole new catalog; None when no entry changed
    links: pa.Table  # link rows to add to the evidence state
    touched: int = 0
    resolved: int = 0
    recounted: int = 0
    merged: dict[str, int] = field(default_factory=dict)
    retired: int = 0  # catalog rows with `merged_into` (after the update)
    entries: int = 0  # catalog rows


@dataclass
class KeyStats:
    entity_id: str
    stories: int
    mentions: int
    person: int
    first_seen: date | None
    last_seen: date | None


def _strings(values) -> pa.Array:
    return pa.array(sorted(values), pa.string())


class _Lookup:
    """Stored evidence of the keys visited so far, their existence and PERSON mentions."""

    def __init__(
        self, state: EntityState, delta: Delta, keys_old: pa.Table, stats: dict, old: dict
    ) -> None:
        self.state, self.delta, self.keys_old = state, delta, keys_old
        # the touched keys with stories now: their links are computed afresh (`stats` is the
        # touched keys' new stats; `update` adds other keys to it later, so it is not kept)
        self.live = {k for k, s in stats.items() if s.stories > 0}
        self.parts: list[pa.Table] = []
        self.fetched: set[str] = set()
        # a touched key seen as PERSON before the run counts as one: what it merged into
        # while it was one must be resolved again (`neighbours.follows`)
        self.scalars: dict[str, tuple[bool, bool]] = {
            k: (s.stories > 0, s.person > 0 or (k in old and old[k].person > 0))
            for k, s in stats.items()
        }
        self.fresh: dict[str, set[tuple[str, str]]] = defaultdict(set)  # new links, both ways
        self.linked: set[str] = set()  # keys whose links were computed afresh
        self.openers: set[str] = set()  # lone words a `link_first` touches (of those checked)
        self.checked: set[str] = set()

    def fetch(self, keys: set[str]) -> None:
        todo = keys - self.fetched
        if todo:
            self.parts.append(self.state.lookup_evidence(todo))
            self.fetched |= todo

    def rows(self, keys: set[str]) -> pa.Table:
        """Combined evidence rows (stored + delta) of `keys`."""
        parts = [*self.parts, self.delta.evidence]
        value_set = _strings(keys)
        parts = [t.filter(pc.is_in(t["key"], value_set=value_set)) for t in parts]
        return self.state.evidence.combine(
            pa.concat_tables([p.cast(ENTITY_EVIDENCE) for p in parts])
        )

    def know(self, keys: set[str]) -> None:
        unknown = keys - self.scalars.keys()
        if not unknown:
            return
        t = self.keys_old.filter(pc.is_in(self.keys_old["key"], value_set=_strings(unknown)))
        for k, n, p in zip(*(t[c].to_pylist() for c in ("key", "stories", "person")), strict=True):
            self.scalars[k] = (n > 0, p > 0)
        for k in unknown - self.scalars.keys():
            self.scalars[k] = (False, False)

    def exists(self, key: str) -> bool:
        return self.scalars[key][0]

    def is_person(self, key: str) -> bool:
        return self.scalars.get(key, (False, False))[1]

    def add_fresh_links(self, keys: set[str]) -> None:
        """Links of `keys` from their whole evidence now; only those not stored yet are new."""
        rows = self.rows(keys)
        ev = to_evidence(rows, keys, {})
        stored = set(_link_tuples(rows))
        for k in sorted(keys):
            got = links_of(k, ev.names[k], ev.acronyms.get(k), ev.surnames.get(k))
            for kind, other in got:
                if (kind, k, other) not in stored:
                    self.fresh[k].add((kind, other))
                    self.fresh[other].add((kind, k))

    def links(self, frontier: set[str]):
        self.fetch(frontier)
        touched_here = frontier & self.live
        self.add_fresh_links(touched_here - self.linked)
        self.linked |= touched_here
        found = list(_link_tuples(self.rows(frontier)))
        found += [(kind, k, o) for k in frontier for kind, o in self.fresh.get(k, ())]
        self.know({x for _, a, b in found for x in (a, b)})
        self.check_openers({a if " " not in a else b for kind, a, b in found if kind == LINK_LAST})
        return found

    def check_openers(self, words: set[str]) -> None:
        """Which of these lone words open a full name (`neighbours.follows` asks it of a word
        no PERSON mention vouches for): their `link_first` rows, one lookup."""
        todo = {w for w in words - self.checked if not self.is_person(w)}
        if not todo:
            return
        self.fetch(todo)
        self.checked |= todo
        found = [(kind, k) for kind, k, _ in _link_tuples(self.rows(todo))]
        found += [(kind, k) for k in todo for kind, _ in self.fresh.get(k, ())]
        self.openers |= {k for kind, k in found if kind == LINK_FIRST}

    def opens(self, word: str) -> bool:
        return word in self.openers

    def fresh_table(self) -> pa.Table:
        rows = sorted((kind, k, o) for k, links in self.fresh.items() for kind, o in links)
        return pa.table(
            {
                "kind": [r[0] for r in rows],
                "key": [r[1] for r in rows],
                "value": [r[2] for r in rows],
                "n": [1] * len(rows),
            },
            schema=ENTITY_EVIDENCE,
        )


def _link_tuples(rows: pa.Table):
    kinds = rows["kind"].to_pylist()
    keys, values = rows["key"].to_pylist(), rows["value"].to_pylist()
    for kind, k, v in zip(kinds, keys, values, strict=True):
        if kind in LINK_KINDS:
            yield kind, k, v


def update(state: EntityState, delta: Delta, run_id: str, everything: bool = False) -> Update:
    """Resolve the neighbourhoods of the keys `delta` touches (every key with `everything`)."""
    keys_old, catalog_old = state.read_keys(), state.read_catalog()
    touched = set(delta.evidence["key"].to_pylist()) | set(delta.postings["key"].to_pylist())
    old = _rows_by_key(keys_old, touched)
    stats = _touched_stats(state, delta, touched, old)
    look = _Lookup(state, delta, keys_old, stats, old)
    removed: set[str] = set()
    prior: dict[str, tuple[CatalogEntry, str]] = {}

    def resolve_keys(expanded: set[str], context: set[str]) -> Resolution:
        """Resolve the neighbourhood; `prior` from the expanded keys' ids only."""
        nonlocal prior
        look.fetch(context)  # a context key is not walked on from: its rows are read here
        existing = {k for k in expanded | context if look.exists(k)}
        removed.update(k for k in touched if not look.exists(k) and k in old)
        old.update(_rows_by_key(keys_old, existing - old.keys()))
        for k in existing - stats.keys():
            stats[k] = old[k]
        dates = {k: (stats[k].first_seen, stats[k].last_seen) for k in existing}
        ev = to_evidence(look.rows(existing), existing, dates)
        mine = (expanded & existing) | removed
        ids = {id_of_key(k) for k in mine} | {old[k].entity_id for k in expanded if k in old}
        prior_rows = catalog_old.filter(pc.is_in(catalog_old["entity_id"], value_set=_strings(ids)))
        prior = entries_of(prior_rows)
        return resolve(ev, {eid: e for eid, (e, _) in prior.items()})

    if everything:
        every = set(keys_old["key"].to_pylist()) | touched
        look.fetch(every)
        look.know(every)
        look.add_fresh_links({k for k in every if look.exists(k)})
        reach, res = every, resolve_keys(every, set())
    else:
        look.know(touched)

        def walk(seeds: set[str], expanded: set[str], context: set[str]):
            return closure(
                seeds, look.links, look.exists, look.is_person, look.opens, expanded, context
            )

        def stored_id(k: str) -> str | None:  # before this update (`old`: stored rows)
            return old[k].entity_id if k in old else None

        reach, res = resolve_hood(touched, walk, resolve_keys, stored_id)
    existing = {k for k in reach if look.exists(k)}
    keep = {res.by_key[k] for k in existing} | {id_of_key(k) for k in existing | removed}
    entries = {eid: e for eid, e in res.entries.items() if eid in keep or eid in prior}
    groups: dict[str, list[str]] = defaultdict(list)
    for k in sorted(existing):
        groups[res.by_key[k]].append(k)
    stories, recounted = _group_stories(state, delta, keys_old, catalog_old, groups, old)
    for sid, members in groups.items():
        _set_stats(entries[sid], [stats[k] for k in members], stories[sid])
    catalog = _catalog(catalog_old, prior, entries, run_id)
    new_keys = [{**vars(stats[k]), "key": k, "entity_id": res.by_key[k]} for k in sorted(existing)]
    kept = keys_old.filter(
        pc.invert(pc.is_in(keys_old["key"], value_set=_strings(reach | touched)))
    )
    keys = pa.concat_tables([kept, pa.Table.from_pylist(new_keys, schema=ENTITY_KEYS)])
    merged = dict(Counter(res.merged))
    final = catalog if catalog is not None else catalog_old
    return Update(
        keys,
        catalog,
        look.fresh_table(),
        len(touched),
        len(existing),
        recounted,
        merged,
        final.num_rows - final["merged_into"].null_count,
        final.num_rows,
    )


def _rows_by_key(keys_old: pa.Table, keys: set[str]) -> dict[str, KeyStats]:
    if not keys:
        return {}
    t = keys_old.filter(pc.is_in(keys_old["key"], value_set=_strings(keys)))
    return {r.pop("key"): KeyStats(**r) for r in t.to_pylist()}


def _touched_stats(
    state: EntityState, delta: Delta, touched: set[str], old: dict[str, KeyStats]
) -> dict[str, KeyStats]:
    """New per-key stats of the touched keys: counts add up; a first or last date a removed
    story held is found again in the postings."""
    out = {k: KeyStats(**vars(old[k])) if k in old else KeyStats("", 0, 0, 0, None, None)
           for k in touched}  # fmt: skip
    ev = delta.evidence
    for kind, k, value, n in zip(*(ev[c].to_pylist() for c in ev.column_names), strict=True):
        if kind == "stories":
            out[k].stories += n
        elif kind == "labels":
            out[k].mentions += n
            out[k].person += n if value == "PERSON" else 0
    redo: set[str] = set()
    post = delta.postings
    for k, d, n in zip(*(post[c].to_pylist() for c in ("key", "date", "n")), strict=True):
        if n < 0:
            redo.add(k)
        elif d is not None:
            s = out[k]
            s.first_seen = min(s.first_seen or d, d)
            s.last_seen = max(s.last_seen or d, d)
    if redo:
        live = _live_postings(state, delta, redo)
        for k in redo:
            out[k].first_seen = out[k].last_seen = None
        for k, d in zip(live["key"].to_pylist(), live["date"].to_pylist(), strict=True):
            if d is not None:
                s = out[k]
                s.first_seen = min(s.first_seen or d, d)
                s.last_seen = max(s.last_seen or d, d)
    return out


def _live_postings(state: EntityState, delta: Delta, keys: set[str]) -> pa.Table:
    """Postings of `keys` now: stored + delta, combined, only stories that still name them."""
    stored = state.lookup_postings(keys)
    mine = delta.postings.filter(pc.is_in(delta.postings["key"], value_set=_strings(keys)))
    both = state.postings.combine(pa.concat_tables([stored, mine.cast(stored.schema)]))
    return both.filter(pc.greater(both["n"], 0))


def _group_stories(state, delta, keys_old, catalog_old, groups, old) -> tuple[dict, int]:
    """Distinct stories per live group (see the module doc); and how many were recounted."""
    new_by_key: dict[str, set[str]] = defaultdict(set)
    shrinking: set[str] = set()
    post = delta.postings
    for k, sid, n in zip(*(post[c].to_pylist() for c in ("key", "story_id", "n")), strict=True):
        (new_by_key[k].add(sid) if n > 0 else shrinking.add(k))
    old_gids = {old[k].entity_id for members in groups.values() for k in members if k in old}
    was = keys_old.filter(pc.is_in(keys_old["entity_id"], value_set=_strings(old_gids)))
    old_members: dict[str, set[str]] = defaultdict(set)
    for k, gid in zip(was["key"].to_pylist(), was["entity_id"].to_pylist(), strict=True):
        old_members[gid].add(k)
    counts = catalog_old.filter(pc.is_in(catalog_old["entity_id"], value_set=_strings(old_gids)))
    old_n = dict(zip(counts["entity_id"].to_pylist(), counts["n_stories"].to_pylist(), strict=True))
    out: dict[str, int] = {}
    recount: dict[str, list[str]] = {}
    for sid, members in groups.items():
        gids = {old[k].entity_id for k in members if k in old}
        fresh = set().union(*(new_by_key.get(k, set()) for k in members))
        same = len(gids) <= 1 and all(old_members[g] <= set(members) for g in gids)
        if same and not (shrinking & set(members)) and not (fresh & delta.modified):
            out[sid] = sum(old_n.get(g, 0) for g in gids) + len(fresh)
        else:
            recount[sid] = members
    if recount:
        live = _live_postings(state, delta, {k for ks in recount.values() for k in ks})
        story_sets: dict[str, set[str]] = defaultdict(set)
        for k, s in zip(live["key"].to_pylist(), live["story_id"].to_pylist(), strict=True):
            story_sets[k].add(s)
        for sid, members in recount.items():
            out[sid] = len(set().union(*(story_sets.get(k, set()) for k in members)))
    return out, len(recount)


def _set_stats(entry: CatalogEntry, members: list[KeyStats], stories: int) -> None:
    firsts = [m.first_seen for m in members if m.first_seen is not None]
    lasts = [m.last_seen for m in members if m.last_seen is not None]
    entry.n_stories, entry.n_mentions = stories, sum(m.mentions for m in members)
    entry.first_seen, entry.last_seen = min(firsts, default=None), max(lasts, default=None)


def _catalog(
    catalog_old: pa.Table,
    prior: dict[str, tuple[CatalogEntry, str]],
    entries: dict[str, CatalogEntry],
    run_id: str,
) -> pa.Table | None:
    """The new catalog: resolved entries (an unchanged one keeps the run that last changed
    it), other retired ids re-pointed where their target was retired now; None: no change."""
    rows, changed = [], 0
    for eid in sorted(entries):
        before = prior.get(eid)
        same = before is not None and before[0] == entries[eid]
        changed += not same
        rows.append(entry_row(entries[eid], before[1] if same else run_id))
    retired = {eid: e.merged_into for eid, e in entries.items() if e.merged_into}
    others = catalog_old.filter(
        pc.invert(pc.is_in(catalog_old["entity_id"], value_set=_strings(entries)))
    )
    stale = pc.is_in(others["merged_into"], value_set=_strings(retired)).fill_null(False)
    for row in others.filter(stale).to_pylist():
        rows.append({**row, "merged_into": retired[row["merged_into"]], "run_id": run_id})
        changed += 1
    if not changed:
        return None
    fresh = pa.Table.from_pylist(rows, schema=ENTITY_CATALOG)
    return pa.concat_tables([others.filter(pc.invert(stale)), fresh])
