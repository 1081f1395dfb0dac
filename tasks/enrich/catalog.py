"""The corpus-level entity catalog: stable ids and the evidence resolution votes on.

Identity: an entity's id is a hash of its *name key*, the folded canonical name
(`tasks.enrich.variants.name_key`: case, accents, spacing, "U.S."/"United States", NORP
plurals folded; the label is not part of it). So the id is known in the shard, before any
catalog exists, is the same in every run and every order, and never changes for an entity
that keeps its name. Merges found later (acronym, surname, variant) keep one id and record the
others as retired entries with `merged_into` (`tasks.enrich.resolution`).

Evidence is gathered file by file from `entities` rows (memory grows with distinct names,
not with rows): mentions per label and display form, the surface forms, and the in-story
links the canonical layer made ("BJP" folded into "Bharatiya Janata Party", "Kharge" into
"Mallikarjun Kharge"), which the resolution applies across stories.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tasks.enrich import entity_patterns as P
from tasks.enrich.variants import fold_key, name_key

__all__ = ["Evidence", "NameStats", "entity_id_for", "id_of_key", "is_acronym"]


def id_of_key(key: str) -> str:
    """16 hex chars of sha256("entity" NUL key): the id of a name key."""
    return hashlib.sha256(f"entity\0{key}".encode()).hexdigest()[:16]


def entity_id_for(name: str, label: str) -> str:
    """The entity id of a canonical name with the label it was found under.

    Pure and catalog-free (shards, quotes' speakers and tests call it): "U.S." (GPE) and
    "United States" give the same id; "Trump" (ORG) and "Trump" (PERSON) too. An id retired
    by a merge still resolves through the catalog's `merged_into`.
    """
    return id_of_key(name_key(name, label))


def is_acronym(surface: str) -> bool:
    """ "BJP", "OIC", "MoRTH": 2-9 chars, no space, starts and mostly is upper case."""
    core = surface.replace(".", "").replace("&", "")
    if " " in surface or not 2 <= len(core) <= 9 or not core[:1].isupper():
        return False
    return sum(c.isupper() for c in core) >= max(2, len(core) - 2)


@dataclass
class NameStats:
    """Everything seen of one name key across the corpus."""

    names: Counter[str] = field(default_factory=Counter)  # display form → mentions
    labels: Counter[str] = field(default_factory=Counter)  # label → mentions
    titled: int = 0  # mentions under a title ("Chief Minister Nitish Kumar"): a person
    aliases: set[str] = field(default_factory=set)
    stories: int = 0
    first_seen: date | None = None
    last_seen: date | None = None

    @property
    def mentions(self) -> int:
        return sum(self.labels.values())

    @property
    def display(self) -> str:
        """Most mentioned form; ties → the longer, then the alphabetically first."""
        return min(self.names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]

    def seen(self, day: date | None) -> None:
        if day is not None:
            self.first_seen = min(self.first_seen or day, day)
            self.last_seen = max(self.last_seen or day, day)


@dataclass
class Evidence:
    """Per name key: stats; per acronym / lone word: the full names stories linked it to."""

    names: dict[str, NameStats] = field(default_factory=lambda: defaultdict(NameStats))
    # fold_key("BJP") → Counter({"bharatiya janata party": stories})
    acronyms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # fold_key("Kharge") → Counter({"mallikarjun kharge": stories})
    surnames: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add_rows(self, rows: Iterable[dict]) -> None:
        """Fold one file's entities rows in (a story's rows all live in one file)."""
        counted: set[tuple[str, str]] = set()
        for row in rows:
            key = name_key(row["entity"], row["label"])
            stats = self.names[key]
            n = int(row["mentions"] or 0)
            stats.names[" ".join(row["entity"].split())] += n
            stats.labels[row["label"]] += n
            stats.titled += n if row.get("title") and row["label"] == "PERSON" else 0
            stats.seen(row.get("date"))
            if (key, row["story_id"]) not in counted:
                counted.add((key, row["story_id"]))
                stats.stories += 1
            self._links(key, row, stats)

    def _links(self, key: str, row: dict, stats: NameStats) -> None:
        entity = " ".join(row["entity"].split())
        words = entity.split()
        for alias in row.get("aliases") or ():
            alias = " ".join(alias.split())
            stats.aliases.add(alias)
            if alias == entity or len(words) < 2:
                continue
            if is_acronym(alias) and row["label"] != "PERSON" and alias not in words:
                self.acronyms[fold_key(alias)][key] += 1  # "BJP" defined in this story
            elif row["label"] == "PERSON" and alias == words[-1]:
                # "Kharge" introduced in this story; a first name ("Ali") is too common a
                # name to carry across stories.
                self.surnames[fold_key(alias)][key] += 1
        stats.aliases.add(entity)


def junk_free(names: Iterable[str]) -> list[str]:
    """Aliases worth listing: display forms without damaged or possessive leftovers."""
    return sorted({n for n in names if "?" not in n and not n.endswith(P.POSSESSIVES)})
