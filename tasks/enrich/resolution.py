"""Corpus-level resolution: one label per entity, and which name keys are one entity.

Rules (each a pure function over `tasks.enrich.catalog.Evidence`):
- label: the mention-weighted majority across the corpus, with priors: a name the gazetteer
  knows as a country or state/province is a place (GPE), a city of a million leans that way,
  and mentions written under a title ("Chief Minister Nitish Kumar") or a name that stories
  introduce with its surname count extra for PERSON (a known person is not an ORG);
- merges, applied in this order with a union-find (so chains settle deterministically):
  1. variants: a name that folds to another under its voted label ("US" voted GPE → "United
     States"), or a possessive whose apostrophe was lost ("Air Indias" → "Air India");
     places: names the gazetteer reads as one place, in any language ("Wien", "Vienna");
  2. acronyms: "BJP" joins the expansion stories defined it as ("Bharatiya Janata Party
     (BJP)"), when one expansion holds at least two thirds of those stories;
  3. surnames: a lone word joins the full name stories introduced it with ("Kharge" →
     "Mallikarjun Kharge") when one full name dominates (≥ 80 %) and the word alone is voted
     PERSON or those stories are not outnumbered by the ones using it alone (`_enough`:
     "Ford" the carmaker stays);
     with no such story, a lone word voted PERSON joins the PERSON full name ending in it
     that dominates as much and appears in two stories or more;
     a first name no full name ends in joins the one PERSON full name it opens, whatever the
     model called it ("Nitish" NORP → "Nitish Kumar"), when that name dominates as much and
     its stories are not outnumbered three to one by the lone word's;
     a plural word voted PERSON that no person's name ends in joins the one team (a place,
     then the nickname) it ends ("Rams" → "Los Angeles Rams", not "Jones" → "Dow Jones"):
     the model reads a team's nickname as a person;
- survivor id of a group: the id of its name key first seen earliest (story date; ties: the
  canonical name's, then the smaller id), so a merge keeps the older id when stories arrive in
  date order. The others become retired entries with `merged_into`.
- Everything above is a function of the evidence alone, never of the previous catalog or of
  the order runs saw the stories in: the same stories give the same catalog however they were
  batched (invariant 2). A merge the evidence no longer supports is undone (the id lives
  again); `entities.entity_id` rows keep their name key's id, so they stay right either way.
  The previous catalog only keeps ids whose stories are all gone (stats at zero).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from tasks.enrich.catalog import Evidence, NameStats, id_of_key, is_acronym, junk_free
from tasks.enrich.entity_patterns import PLACE_LABELS
from tasks.enrich.identity import is_nickname, is_team_name
from tasks.enrich.variants import name_key, place_kind, place_of
from tasks.places import place_identity

__all__ = ["CatalogEntry", "Resolution", "resolve", "vote_label"]

ACRONYM_SHARE = 2 / 3
SURNAME_SHARE = 0.8


@dataclass
class CatalogEntry:
    """One row of `entity_catalog` (stats are filled from the rows after resolution)."""

    entity_id: str
    name: str
    label: str
    aliases: list[str]
    acronym: str | None = None
    n_stories: int = 0
    n_mentions: int = 0
    first_seen: date | None = None
    last_seen: date | None = None
    kb_id: str | None = None
    merged_into: str | None = None


@dataclass
class Resolution:
    by_key: dict[str, str]  # name key → surviving entity id
    entries: dict[str, CatalogEntry]  # every id: active and retired
    merged: dict[str, int] = field(default_factory=Counter)  # merges by rule


def vote_label(stats: NameStats, person_links: int = 0) -> str:
    """Weighted majority label with gazetteer and person priors (ties → alphabetical)."""
    votes = Counter({lab: n for lab, n in stats.labels.items() if n > 0})
    total = max(1, sum(votes.values()))
    kind, strong = place_kind(stats.display)
    if kind in ("country", "admin"):
        return "GPE"  # a country or a state is a place, whatever a story's model said
    if strong:
        votes["GPE"] += total // 2 + 1
    votes["PERSON"] += 2 * stats.titled + 2 * person_links if votes["PERSON"] else 0
    if not votes:
        return min(stats.labels, default="ORG")
    return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]


class _Groups:
    """Union-find over name keys; `union(a, b)` makes b's root the root of a's group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(key, key) != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, src: str, dst: str) -> bool:
        a, b = self.find(src), self.find(dst)
        if a == b:
            return False
        self.parent[a] = b
        return True


def _dominant(counter: Counter[str], share: float) -> str | None:
    if not counter:
        return None
    best, n = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return best if n >= share * sum(counter.values()) else None


def resolve(ev: Evidence, prior: dict[str, CatalogEntry] | None = None) -> Resolution:
    prior = prior or {}
    keys = sorted(ev.names)
    person_links: Counter[str] = Counter()
    for targets in ev.surnames.values():
        person_links.update(targets)
    labels = {k: vote_label(ev.names[k], person_links[k]) for k in keys}
    groups = _Groups()
    merged: Counter[str] = Counter()
    for k in keys:  # variants: "US" (voted GPE) → "United States"
        folded = name_key(ev.names[k].display, labels[k])
        if folded != k and folded in ev.names:
            merged["variant"] += groups.union(k, folded)
        elif _lost_apostrophe(k, labels, ev):  # "Air Indias" (from "Air India's")
            merged["variant"] += groups.union(k, k[:-1])
    merged["place"] += _same_places(keys, labels, ev, groups)  # "Wien", "Vienna", "Vienne"
    for acr in sorted(ev.acronyms):
        target = _dominant(ev.acronyms[acr], ACRONYM_SHARE)
        if acr in ev.names and target and labels[acr] != "PERSON":
            merged["acronym"] += groups.union(acr, target)
    by_last: dict[str, Counter[str]] = defaultdict(Counter)
    by_first: dict[str, Counter[str]] = defaultdict(Counter)
    teams: dict[str, Counter[str]] = defaultdict(Counter)  # ORG names by their last word
    for k in keys:
        if labels[k] == "PERSON" and " " in k:
            by_last[k.rsplit(" ", 1)[1]][k] += ev.names[k].stories
            by_first[k.split(" ", 1)[0]][k] += ev.names[k].stories
        elif labels[k] == "ORG" and is_team_name(ev.names[k].display):
            teams[k.rsplit(" ", 1)[1]][k] += ev.names[k].stories
    for k in keys:
        if " " in k or _is_strong_place(ev.names[k]):
            continue
        links = ev.surnames.get(k, Counter())
        enough = labels[k] == "PERSON" or _enough(links, ev.names[k])
        target = _dominant(links, SURNAME_SHARE) if enough else None
        if target is None and labels[k] == "PERSON" and k not in ev.surnames:
            target = _dominant(by_last.get(k, Counter()), SURNAME_SHARE)
            target = target if target and ev.names[target].stories >= 2 else None
        if target is None and k not in ev.surnames and not by_last.get(k):
            target = _first_name(k, labels[k], ev, by_first) or _nickname(k, labels, ev, teams)
        if target and target in ev.names:
            merged["surname"] += groups.union(k, target)
    return _entries(ev, keys, labels, groups, prior, merged)


def _same_places(keys: list[str], labels: dict[str, str], ev: Evidence, groups: _Groups) -> int:
    """Names the gazetteer reads as one place ("Wien", "Vienna"; "Lisboa", "Lisbonne") are one
    entity, named by its most mentioned name: stories in several languages name the same
    places in their own words. Only names voted places; returns the merges made."""
    by_place: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if labels[k] in PLACE_LABELS and (identity := place_identity(ev.names[k].display)):
            by_place[identity].append(k)
    made = 0
    for members in by_place.values():
        target = min(members, key=lambda k: (-ev.names[k].mentions, k))
        made += sum(groups.union(k, target) for k in members if k != target)
    return made


def _first_name(
    key: str, label: str, ev: Evidence, by_first: dict[str, Counter[str]]
) -> str | None:
    """The one full name a lone first name stands for: "Nitish" (NORP, 264 mentions) →
    "Nitish Kumar". Not a place's name, and not when the full name is rare beside it."""
    if label in PLACE_LABELS or place_kind(ev.names[key].display)[1]:
        return None
    target = _dominant(by_first.get(key, Counter()), SURNAME_SHARE)
    if target is None or ev.names[target].stories < 2:
        return None
    return target if 3 * ev.names[target].stories >= ev.names[key].stories else None


def _nickname(
    key: str, labels: dict[str, str], ev: Evidence, teams: dict[str, Counter[str]]
) -> str | None:
    """The team a plural word voted PERSON ends: "Rams" → "Los Angeles Rams"."""
    if labels[key] != "PERSON" or not is_nickname(ev.names[key].display):
        return None
    target = _dominant(teams.get(key, Counter()), SURNAME_SHARE)
    return target if target and ev.names[target].stories >= 2 else None


def _lost_apostrophe(key: str, labels: dict[str, str], ev: Evidence) -> bool:
    """ "Air Indias", "Trumps": a possessive whose apostrophe the copy lost, when the name
    without the "s" is the same kind of entity and more common ("Reuters" stays: no
    "Reuter" is more common than it)."""
    base = key[:-1]
    if not key.endswith("s") or key.endswith("ss") or base not in ev.names:
        return False
    if labels[base] != labels[key] or labels[key] == "NORP":
        return False
    return ev.names[base].stories > ev.names[key].stories


def _enough(links: Counter[str], lone: NameStats) -> bool:
    """Do the stories that introduced a lone word speak for the stories that use it alone?

    "Trump" alone in 5 stories, introduced as "Donald Trump" in 6: yes. "Ford" alone in 10
    stories (the carmaker), introduced once as "Doug Ford": no.
    """
    support = sum(links.values())
    return support >= lone.stories or (support >= 2 and 3 * support >= lone.stories)


def _is_strong_place(stats: NameStats) -> bool:
    return place_kind(stats.display)[0] in ("country", "admin")


def _entries(
    ev: Evidence,
    keys: list[str],
    labels: dict[str, str],
    groups: _Groups,
    prior: dict[str, CatalogEntry],
    merged: Counter[str],
) -> Resolution:
    members: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        members[groups.find(k)].append(k)
    by_key: dict[str, str] = {}
    entries: dict[str, CatalogEntry] = {}
    for root, group in sorted(members.items()):
        survivor = _survivor(root, group, ev)
        stats = ev.names[root]
        aliases = set().union(*(ev.names[k].aliases | set(ev.names[k].names) for k in group))
        label = labels[root]
        place = place_of(stats.display) if label in ("GPE", "LOC", "FAC") else None
        entries[survivor] = CatalogEntry(
            entity_id=survivor,
            name=stats.display,
            label=label,
            aliases=junk_free(aliases),
            acronym=_acronym(root, group, ev),
            kb_id=place.kb_id if place else None,
        )
        for k in group:
            by_key[k] = survivor
            kid = id_of_key(k)
            if kid != survivor:
                entries[kid] = CatalogEntry(
                    kid, ev.names[k].display, label, junk_free(ev.names[k].names), None
                )
                entries[kid].merged_into = survivor
    for old in sorted(prior.values(), key=lambda e: e.entity_id):
        if old.entity_id not in entries:  # no rows now: keep the id, stats go to zero
            # a name that now folds to another ("Britain" → United Kingdom) is retired into it
            refolded = by_key.get(name_key(old.name, old.label)) if not old.merged_into else None
            target = refolded or _follow(old.merged_into, entries, prior)
            entries[old.entity_id] = replace(
                old, n_stories=0, n_mentions=0, first_seen=None, last_seen=None,
                merged_into=target if target != old.entity_id else None,
            )  # fmt: skip
    return Resolution(by_key, entries, merged)


def _survivor(root: str, group: list[str], ev: Evidence) -> str:
    """The group's id: its name key first seen earliest (undated last), then the root's, then
    the smaller id. Evidence only, so every batching of the same stories agrees."""
    first = min(group, key=lambda k: (ev.names[k].first_seen or date.max, k != root, id_of_key(k)))
    return id_of_key(first)


def _follow(
    target: str | None, entries: dict[str, CatalogEntry], prior: dict[str, CatalogEntry]
) -> str | None:
    """Where a retired id now leads: follow `merged_into` to an active entry."""
    seen: set[str] = set()
    while target and target not in seen:
        seen.add(target)
        entry = entries.get(target) or prior.get(target)
        if entry is None or entry.merged_into is None:
            return target
        target = entry.merged_into
    return target


def _acronym(root: str, group: list[str], ev: Evidence) -> str | None:
    """The group's acronym: a member written as one ("BJP"), else one stories defined."""
    for k in sorted(group):
        display = ev.names[k].display
        if k != root and is_acronym(display):
            return display
    for alias in sorted(ev.names[root].aliases):
        if is_acronym(alias) and alias != ev.names[root].display:
            return alias
    display = ev.names[root].display
    return display if is_acronym(display) else None
