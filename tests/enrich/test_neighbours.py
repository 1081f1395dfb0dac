"""Resolving a neighbourhood gives what resolving the whole corpus gives (tasks.enrich.neighbours).

A run resolves only the name keys its rows touch and the keys linked to them. That is right
only if every key a rule of tasks.enrich.resolution reads is linked: for every key of these
corpora, its neighbourhood resolved alone must give the ids, names, labels, aliases and merges
the whole corpus gives. A new rule that reads another key, without a link, fails here.
"""

from __future__ import annotations

import random

import pytest

from tasks.enrich.catalog import Evidence
from tasks.enrich.evidence_rows import reduce_rows, to_evidence
from tasks.enrich.neighbours import closure, links_of
from tasks.enrich.resolution import resolve
from tasks.store.lsm import sum_by
from tests.enrich.test_resolution import CORPUS, row

# Every rule's case: surname introduced (Reagan), possessive lost (Air Indias), a lone word
# used mostly alone (Ford), acronym defined (UN), country codes (U.S.; UK, only the
# gazetteer prior makes it a place), a lone PERSON word never introduced (Khan: the full
# name ending in it that dominates), surnames people share (Smith).
RULES = [
    row("r1", "Ronald Reagan", "PERSON", 2, ["Reagan"]),
    *[row(f"r{i}", "Reagan", "PERSON", 1) for i in range(2, 5)],
    row("a1", "Air India", "ORG", 3),
    row("a2", "Air India", "ORG"),
    row("a3", "Air Indias", "ORG"),
    row("f1", "Doug Ford", "PERSON", 1, ["Ford"]),
    *[row(f"f{i}", "Ford", "ORG", 1) for i in range(2, 5)],
    row("u1", "United Nations", "ORG", 2, ["UN"]),
    row("u2", "UN", "ORG", 1),
    row("c1", "U.S.", "GPE", 2),
    row("c2", "United States", "GPE", 1, ["US"]),
    row("c3", "US", "ORG", 1),
    row("p1", "Smith", "PERSON", 2),
    row("p2", "Anna Smith", "PERSON", 1, ["Smith"]),
    row("p3", "Anna Smith", "PERSON", 1),
    row("p4", "Bob Smith", "PERSON", 3),
    row("k1", "Khan", "PERSON", 1),
    row("k2", "Khan", "PERSON", 2),
    *[row(f"k{i}", "Imran Khan", "PERSON", 2) for i in range(3, 6)],
    row("g1", "UK", "ORG", 1),
    row("g2", "United Kingdom", "GPE", 2),
    row("g3", "United Kingdom", "GPE", 1),
]


def _random_corpus(seed: int, stories: int = 80) -> list[dict]:
    """Stories drawing on names that interact: people sharing surnames, acronyms with their
    expansions, possessives, the same name under several labels."""
    rng = random.Random(seed)
    people = ["Anna Smith", "Bob Smith", "Carl Jones", "Dana Jones", "Eve Stone"]
    orgs = {"ABC": "Alpha Beta Corp", "UN": "United Nations", "WTO": "World Trade Organization"}
    rows = []
    for n in range(stories):
        sid, day = f"s{n:03d}", rng.randint(1, 28)
        for _ in range(rng.randint(1, 4)):
            pick = rng.random()
            if pick < 0.35:
                full = rng.choice(people)
                alias = [full.split()[-1]] if rng.random() < 0.5 else []
                rows.append(row(sid, full, "PERSON", rng.randint(1, 3), alias, day=day))
            elif pick < 0.5:
                word = rng.choice(people).split()[-1]
                rows.append(row(sid, word, rng.choice(["PERSON", "ORG"]), 1, day=day))
            elif pick < 0.75:
                acr, full = rng.choice(sorted(orgs.items()))
                if rng.random() < 0.5:
                    rows.append(row(sid, full, "ORG", 2, [acr], day=day))
                else:
                    rows.append(row(sid, acr, rng.choice(["ORG", "GPE"]), 1, day=day))
            else:
                name = rng.choice(["India", "Indias", "Jones", "Joness", "U.S."])
                rows.append(row(sid, name, rng.choice(["GPE", "ORG", "PERSON"]), 1, day=day))
    return _one_row_per_entity(rows)


def _one_row_per_entity(rows: list[dict]) -> list[dict]:
    """As the story layer writes them: one row per (story, entity, label)."""
    seen, out = set(), []
    for r in rows:
        if (r["story_id"], r["entity"], r["label"]) not in seen:
            seen.add((r["story_id"], r["entity"], r["label"]))
            out.append(r)
    return out


@pytest.mark.parametrize(
    "rows",
    [CORPUS, RULES, _random_corpus(1), _random_corpus(2)],
    ids=["catalog-corpus", "every-rule", "random-1", "random-2"],
)
def test_each_neighbourhood_resolves_as_the_whole_corpus_does(rows) -> None:
    ev = Evidence()
    ev.add_rows(rows)
    whole = resolve(ev)
    evidence = sum_by(["kind", "key", "value"])(reduce_rows(rows)[0])
    links: list[tuple[str, str, str]] = []
    for k, stats in ev.names.items():
        for kind, other in links_of(k, stats, ev.acronyms.get(k), ev.surnames.get(k)):
            links.append((kind, k, other))
    dates = {k: (s.first_seen, s.last_seen) for k, s in ev.names.items()}
    person = {k for k, s in ev.names.items() if s.labels.get("PERSON", 0) > 0}
    for key in sorted(ev.names):
        hood = closure(
            {key},
            lambda keys: [t for t in links if t[1] in keys or t[2] in keys],
            lambda k: k in ev.names,
            lambda k: k in person,
        )
        part = resolve(to_evidence(evidence, hood, dates))
        for k in hood:
            assert part.by_key[k] == whole.by_key[k], (key, k)
            eid = part.by_key[k]
            assert part.entries[eid] == whole.entries[eid], (key, k)
