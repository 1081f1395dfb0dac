"""Which name keys can sway each other's resolution: the links a run follows from its new rows.

A run resolves only the name keys its new rows touch and every key linked to them, directly
or through others (their *neighbourhood*), instead of the whole catalog. That gives the same
catalog as resolving everything if, and only if, every key a rule of
`tasks.enrich.resolution` reads when it decides about a key is linked to it here. The rules
read, for a key k:

- `name_key(display, label)` of k's display under its voted label (the variant rule): linked
  to every key a form of k folds to under a label k could be voted (one it was seen with, or
  GPE, the gazetteer prior);
- k without its final "s" (the lost-apostrophe rule);
- the expansions stories defined an acronym as, and the full names a lone word introduced
  (`Evidence.acronyms` / `surnames`: links both ways);
- for a lone word voted PERSON, every full name voted PERSON ending in it (`by_last`): a
  `link_last` between a full name seen as PERSON and its last word, followed only while the
  lone word has been seen as PERSON too (else the rule never looks).

A rule that reads another key must add its link here; tests/enrich/test_neighbours.py
resolves neighbourhoods and the whole corpus and compares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from tasks.enrich.catalog import NameStats
from tasks.enrich.variants import name_key

LINK, LINK_LAST = "link", "link_last"
LINK_KINDS = (LINK, LINK_LAST)
PLACE_PRIOR = "GPE"  # the label the gazetteer prior can vote, whatever the rows said


def links_of(
    key: str, stats: NameStats, acronyms: Counter[str] | None, surnames: Counter[str] | None
) -> set[tuple[str, str]]:
    """(kind, other key) for every key `key`'s resolution may read (see the module doc)."""
    out: set[tuple[str, str]] = set()
    labels = set(stats.labels) | {PLACE_PRIOR}
    for form in stats.names:
        for label in sorted(labels):
            other = name_key(form, label)
            if other != key:
                out.add((LINK, other))
    if key.endswith("s") and len(key) > 1:
        out.add((LINK, key[:-1]))
    if " " in key and stats.labels.get("PERSON", 0) > 0:
        out.add((LINK_LAST, key.rsplit(" ", 1)[1]))
    for target in [*(acronyms or ()), *(surnames or ())]:
        if target != key:
            out.add((LINK, target))
    return out


def follows(kind: str, a: str, b: str, is_person: Callable[[str], bool]) -> bool:
    """Whether a link between keys a and b is followed now: a `link_last` only while its
    lone word has PERSON mentions."""
    if kind != LINK_LAST:
        return True
    lone = b if " " not in b else a
    return is_person(lone)


def closure(
    seeds: Iterable[str],
    links: Callable[[set[str]], Iterable[tuple[str, str, str]]],
    exists: Callable[[str], bool],
    is_person: Callable[[str], bool],
) -> set[str]:
    """Every existing key reachable from `seeds` over followed links (the seeds included,
    existing or not). `links(keys)` gives (kind, key, other) for links touching `keys`."""
    found = set(seeds)
    frontier = set(found)
    while frontier:
        nxt = set()
        for kind, a, b in links(frontier):
            for near in (a, b):
                if near not in found and exists(near) and follows(kind, a, b, is_person):
                    nxt.add(near)
        found |= nxt
        frontier = nxt
    return found
