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
  `link_last` between a full name seen as PERSON and its last word, followed while the lone
  word has been seen as PERSON (before or after the run: a merge it made must be undone), or
  while it opens a full name seen as PERSON (the first-name rule below looks at `by_last`
  first: a word some person's name ends in is no first name);
- for a lone word, whatever its label, every full name voted PERSON it opens (`by_first`, the
  first-name rule: "Nitish" → "Nitish Kumar"): a `link_first` between a full name seen as
  PERSON and its first word, always followed;
- for a plural word voted PERSON, every team it ends (`teams`, the nickname rule: "Rams" →
  "Los Angeles Rams"): a `link_team` between a name seen as ORG that reads as a team
  (`is_team_name`) and its last word, followed like `link_last` while the word has been seen
  as PERSON;
- for a key voted a place, every key voted a place that the gazetteer reads as the same place
  (`place_identity`, the places rule: "Wien", "Vienna", "Vienne"): a `link_place` between a
  key that could be voted a place (seen with a place label, or a form the gazetteer makes a
  place) and its place's *node*, `place_node(identity)`. A node is no name key: the closure
  walks through it and never resolves it, so "Wien" reaches "Vienne" though neither is the
  place's English name and no key "vienna" exists, and a place's names link to one node
  instead of to each other.

A link depends only on its key's own evidence, so it is computed again whenever that changes
(tasks.enrich.resolve_update) and never taken back: one that no longer holds only makes a
neighbourhood a little larger. A rule that reads another key must add its link here;
tests/enrich/test_neighbours.py resolves neighbourhoods and the whole corpus and compares.

Walking every link both ways made a neighbourhood grow with the corpus: a touched "John
Kerry" reaches "John", whose first-name rule reads every "John …" full name, each of which
reaches its own last word and that word's full names (4,058 keys resolved for 433 touched on
a 50,000-story corpus, in 2 s). But a lone word's rule reads only the *own* evidence of the
full names it ends, opens or nicknames (their label and stories, from their own rows): walked
to from the lone word, such a name is *context*, resolved along but not walked on from nor
rewritten (609 keys walked on the same corpus, 1 s with their context). `resolve_hood`
promotes a context key to a walked one while a group joins it to a walked key, in the new
resolution (the word joined it) or in the stored one (the word left it), and resolves again:
every walked key's group is then whole (see there why).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from tasks.enrich.catalog import NameStats
from tasks.enrich.entity_patterns import PLACE_LABELS
from tasks.enrich.identity import is_team_name
from tasks.enrich.resolution import Resolution
from tasks.enrich.variants import name_key, place_kind
from tasks.places import place_identity

LINK, LINK_LAST, LINK_FIRST = "link", "link_last", "link_first"
LINK_TEAM, LINK_PLACE = "link_team", "link_place"
LINK_KINDS = (LINK, LINK_LAST, LINK_FIRST, LINK_TEAM, LINK_PLACE)
PLACE_PRIOR = "GPE"  # the label the gazetteer prior can vote, whatever the rows said
# A place node's prefix: upper case, which no name key has (they are case-folded).
PLACE_NODE = "PLACE "


def place_node(identity: str) -> str:
    """The node every key read as the place `identity` (a kb_id) links to."""
    return PLACE_NODE + identity


def is_node(key: str) -> bool:
    return key.startswith(PLACE_NODE)


def links_of(
    key: str, stats: NameStats, acronyms: Counter[str] | None, surnames: Counter[str] | None
) -> set[tuple[str, str]]:
    """(kind, other key) for every key `key`'s resolution may read (see the module doc)."""
    out: set[tuple[str, str]] = set()
    labels = {label for label, n in stats.labels.items() if n > 0}  # seen with
    for form in stats.names:
        for label in sorted(set(stats.labels) | {PLACE_PRIOR}):
            other = name_key(form, label)
            if other != key:
                out.add((LINK, other))
    if key.endswith("s") and len(key) > 1:
        out.add((LINK, key[:-1]))
    if " " in key and "PERSON" in labels:
        out.add((LINK_LAST, key.rsplit(" ", 1)[1]))
        out.add((LINK_FIRST, key.split(" ", 1)[0]))
    if " " in key and "ORG" in labels and any(is_team_name(form) for form in stats.names):
        out.add((LINK_TEAM, key.rsplit(" ", 1)[1]))
    for form in stats.names:
        if (labels & PLACE_LABELS or place_kind(form)[1]) and (identity := place_identity(form)):
            out.add((LINK_PLACE, place_node(identity)))
    for target in [*(acronyms or ()), *(surnames or ())]:
        if target != key:
            out.add((LINK, target))
    return out


def follows(
    kind: str, a: str, b: str, is_person: Callable[[str], bool], opens: Callable[[str], bool]
) -> bool:
    """Whether a link between keys a and b is followed now: a `link_team` only while its lone
    word has been seen as PERSON, a `link_last` also while the word opens a PERSON name."""
    if kind not in (LINK_LAST, LINK_TEAM):
        return True
    lone = b if " " not in b else a
    return is_person(lone) or (kind == LINK_LAST and opens(lone))


# A lone word's rule reads these full names: their own evidence (label, stories), not what
# they link to ("John" reads every "John …" full name; "Kerry" every "… Kerry").
READS_FULL_NAMES = (LINK_LAST, LINK_FIRST, LINK_TEAM)


def _context_only(kind: str, here: str, near: str) -> bool:
    return kind in READS_FULL_NAMES and " " not in here and " " in near


def closure(
    seeds: Iterable[str],
    links: Callable[[set[str]], Iterable[tuple[str, str, str]]],
    exists: Callable[[str], bool],
    is_person: Callable[[str], bool],
    opens: Callable[[str], bool],
    expanded: set[str] | None = None,
    context: set[str] | None = None,
) -> tuple[set[str], set[str]]:
    """(expanded, context): every existing key reachable from `seeds` over followed links,
    through place nodes too (the seeds included, existing or not), except that a full name
    reached from a lone word over a link that word's rule reads is *context*: resolved with
    the rest for that word's sake, but not walked on from, nor rewritten, unless
    `tasks.enrich.resolve_update.resolve_hood` finds it in a group with an expanded key.
    `expanded` / `context`: a walk already made, to go on from `seeds` (keys promoted).
    `links(keys)` gives (kind, key, other) for links touching `keys`; `opens(word)`: whether
    a `link_first` touches the lone word."""
    found = set(expanded or ()) | set(seeds)
    ctx = set(context or ()) - found
    frontier = set(seeds)
    while frontier:
        nxt: set[str] = set()
        for kind, a, b in links(frontier):
            if not follows(kind, a, b, is_person, opens):
                continue
            for here, near in ((a, b), (b, a)):
                if here not in frontier or near in found or near in nxt:
                    continue
                if not (is_node(near) or exists(near)):
                    continue
                (ctx if _context_only(kind, here, near) else nxt).add(near)
        found |= nxt
        ctx -= found
        frontier = nxt
    return {k for k in found if not is_node(k)}, ctx


Walk = Callable[[set[str], set[str], set[str]], tuple[set[str], set[str]]]


def resolve_hood(
    seeds: set[str],
    walk: Walk,
    resolve_keys: Callable[[set[str], set[str]], Resolution],
    stored_id: Callable[[str], str | None],
) -> tuple[set[str], Resolution]:
    """(expanded keys, their resolution): resolve the neighbourhood of `seeds`, promoting a
    context key to expanded while it shares a group with an expanded key, now (a lone word
    joined it) or in the stored resolution (`stored_id`: a group an expanded key left), and
    resolving again. Then every expanded key's group is whole and resolved as the whole
    corpus would: a group's members are joined by rules that read links, and a context key
    only decides joins of its own evidence (variants, places), so any group reaching past
    the expanded keys shows up as mixed. `walk(seeds, expanded, context)` is `closure` bound
    to its lookups; `resolve_keys(expanded, context)` resolves both."""
    expanded, context = walk(seeds, set(), set())
    while True:
        res = resolve_keys(expanded, context)
        groups = {res.by_key[k] for k in expanded if k in res.by_key}
        left = {stored_id(k) for k in expanded} - {None}
        promote = {c for c in context if res.by_key.get(c) in groups or stored_id(c) in left}
        if not promote:
            return expanded, res
        expanded, context = walk(promote, expanded, context)
