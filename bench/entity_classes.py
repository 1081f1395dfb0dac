"""Issue 28's figures on a built catalog: one per identity mistake, and tables.

Each check is written here on its own, with its own word lists, not with the pipeline's rules,
so a figure moves only when the output does:

- people that are companies, platforms, teams or events: live PERSON entries named with a
  company suffix ("Twitter Inc"), a platform, a state's initials before a plural ("N.Y.
  Yankees"), a team's nickname (the last word of a place-named team in the catalog: "Rams"),
  or a coinage on "exit" ("Brexit");
- spans that swallowed a neighbour: live PERSON names with a capitalised function word after
  an abbreviation ("Trump Jr. Had"), a platform at the end, or a live organisation's or
  place's name at the end ("Trump White House");
- first names left apart: a live one-word entry (not a place) that opens exactly one live
  PERSON full name found in two stories or more ("Nitish" beside "Nitish Kumar");
- one country as two entities: countries (kb_id `iso3166:…`) with more than one live entry,
  and whether "Britain", "UK" and "United Kingdom" rows share one id;
- city or state: what the live "Washington" entry links to (the capital is `geonames:4140963`);
- tables: catalog names holding `;`, a tab or `|`, and entities rows every alias of which
  occurs in its story only on table lines (rows of short `;`- or `|`-separated cells, or
  cells with a tab between them).
"""

from __future__ import annotations

import re

from tasks.places import place_for_name

_SUFFIXES = {"inc", "corp", "ltd", "llc", "plc", "co", "gmbh", "ag", "group", "holdings"}
_PLATFORMS = {"Twitter", "Facebook", "Instagram", "YouTube", "WhatsApp", "TikTok", "LinkedIn"}
_TEAM_CITIES = {"NY", "LA", "KC", "SF", "TB", "NJ", "DC", "SD"}  # AP agate's city initials
_INITIALS_TEAM = re.compile(r"^(?P<st>(?:[A-Z]\.){2})\s?[A-Z][a-z]+s$")
_FUNCTION = {"had", "has", "the", "he", "she", "it", "in", "on", "but", "and", "was", "is", "a"}
_TAB_CELLS = re.compile(r"\S\t+\S")


def _table_line(line: str) -> bool:
    """Cells of at most four words between `;` or `|` (three or more), or a tab between two."""
    text = line.strip()
    if _TAB_CELLS.search(text) or (text.startswith("|") and text.endswith("|") and len(text) > 1):
        return True
    for sep in ";|":
        cells = [c for c in text.split(sep) if c.strip()]
        if len(cells) >= 3 and all(len(c.split()) <= 4 for c in cells):
            return True
    return False


def _examples(names: list[str]) -> str:
    return f"{len(names)} {sorted(names)[:8]}"


def identity_classes(live) -> None:
    persons = live[live.label == "PERSON"]
    names = set(live.name)
    others = set(live[live.label != "PERSON"].name)
    teams = {  # a place, then a plural nickname: "Los Angeles Rams" (the gazetteer says place)
        n.split()[-1]
        for n in live[live.label == "ORG"].name
        if len(n.split()) > 1 and place_for_name(" ".join(n.split()[:-1])) is not None
    }
    not_people = [
        n
        for n in persons.name
        if (len(n.split()) > 1 and n.split()[-1].strip(".").lower() in _SUFFIXES)
        or n in _PLATFORMS
        or ((m := _INITIALS_TEAM.match(n)) and m["st"].replace(".", "") in _TEAM_CITIES)
        or (" " not in n and n.endswith("s") and n in teams)
        or re.fullmatch(r"[A-Z][a-z]*xit", n)
    ]
    print(f"people that are companies/platforms/teams/events: {_examples(not_people)}")
    swallowed = []
    for n in persons.name:
        words = n.split()
        after_dot = any(
            words[i - 1].endswith(".") and words[i][:1].isupper() and words[i].lower() in _FUNCTION
            for i in range(1, len(words))
        )
        tail = any(" ".join(words[-k:]) in others for k in (2, 3) if len(words) > k)
        if after_dot or tail or (len(words) > 1 and words[-1] in _PLATFORMS):
            swallowed.append(n)
    print(f"person spans that swallowed a neighbour: {_examples(swallowed)}")
    full = persons[persons.name.str.contains(" ") & (persons.n_stories >= 2)]
    opens: dict[str, list[str]] = {}
    for n in full.name:
        opens.setdefault(n.split()[0], []).append(n)
    lone = live[~live.name.str.contains(" ") & ~live.label.isin(["GPE", "LOC", "FAC"])]
    apart = [f"{n} ({lab}) / {opens[n][0]}" for n, lab in zip(lone.name, lone.label, strict=True)
             if len(opens.get(n, [])) == 1]  # fmt: skip
    print(f"first names apart from their one full name: {_examples(apart)}")
    countries = live[live.kb_id.fillna("").str.startswith("iso3166:")]
    split = countries.groupby("kb_id").name.apply(list)
    split = split[split.map(len) > 1]
    print(f"countries with more than one live entity: {len(split)} {dict(split.head(5))}")
    uk = sorted(n for n in names if n in ("Britain", "UK", "United Kingdom", "Great Britain"))
    print(f"  live entries among Britain / UK / United Kingdom: {uk}")
    wash = live[live.name == "Washington"]
    print(f"'Washington' links to: {list(wash.kb_id)} (the capital is geonames:4140963)")


def tables(live, ents, bodies: dict[str, str]) -> None:
    bad_names = [n for n in live.name if any(c in n for c in ";\t|")]
    print(f"catalog names with ';', a tab or '|': {_examples(bad_names)}")
    from_tables = []
    for sid, entity, aliases in zip(ents.story_id, ents.entity, ents.aliases, strict=True):
        lines = (bodies.get(sid) or "").split("\n")
        hits = [ln for ln in lines if any(a in ln for a in aliases)]
        if hits and all(_table_line(ln) for ln in hits):
            from_tables.append(entity)
    print(f"entities rows only on table lines: {_examples(from_tables)}")
