"""A byline → its people, in order, and the credits beside them.

"By PAUL BYRNE and ALMUDENA CALATRAVA, Associated Press" → people "Paul Byrne and Almudena
Calatrava", credit "Associated Press"; "A, B and C" and "A / B" keep every person; "A with B in
Jerusalem" → "A and B" (the place is where B reported from); a string of agency credits
("XYZ-AFP-DPA", "dpa correspondents", "By The Associated Press") is a credit, never a person.
People are joined the way the byline joins them: its own word for "and" ("und", "et", "y") if
it has one, else "and"; three or more as "A, B and C".
"""

from __future__ import annotations

from tasks.parse import byline_patterns as B
from tasks.parse import patterns as P
from tasks.places import place_for_name
from tasks.places.agencies import agency_code

_NAME_JOINERS = frozenset({"and", "und", "et", "y", "e", "&", "de", "van", "von", "der", "da"})


def split_byline(raw: str | None, title: str | None) -> tuple[str | None, str | None]:
    """(people, credit): "By BERNARD CONDON" → ("Bernard Condon", title); "By The Associated
    Press" → (None, "The Associated Press"); "futurezone/KN" → (None, "futurezone/KN")."""
    title = " ".join((title or "").split()) or None
    text = B.BY_PREFIX_RE.sub("", " ".join((raw or "").split()).strip(" ,;:-")).strip(" ,;:-")
    if not text:
        return None, title
    names, slash, tail = text.rpartition("/")
    if slash and " " in names.strip() and agency_code(tail):  # "Anna Berg/TT", "Jan Ny/dpa"
        people, _ = split_byline(names, None)
        return people, title or tail.strip()
    if agency_code(text) or _credit_string(text) or B.DESK_CODE_RE.search(text):
        return None, text  # "XYZ-AFP-DPA", "futurezone/KN"
    people: list[str] = []
    credits: list[str] = []
    caps = not any(c.islower() for c in text)
    for part in (B.PEOPLE_SPLIT_CAPS_RE if caps else B.PEOPLE_SPLIT_RE).split(text):
        part = _without_place(part).strip(" ,;:-")
        if not part:
            continue
        if is_credit(part):
            credits.append(part)
        else:
            people.append(_display_name(part))
    if not people:
        return None, title or ", ".join(credits) or None
    return join_people(people, text), title or ", ".join(credits) or None


def join_people(people: list[str], written: str) -> str:
    """ "A and B", "A, B and C", in the byline's own word for "and" when it has one."""
    if len(people) == 1:
        return people[0]
    caps = not any(c.islower() for c in written)
    found = (B.CONJUNCTION_CAPS_RE if caps else B.CONJUNCTION_RE).search(written)
    word = found.group(1).lower() if found else "and"  # "AND" of an all-caps byline
    return ", ".join(people[:-1]) + f" {word} " + people[-1]


def is_credit(text: str) -> bool:
    """A desk, agency or staff credit rather than people's names."""
    words = text.replace("/", " / ").split()
    if not words or any(c.isdigit() or c in "/@" for c in text):
        return True
    lower = [w.lower().strip(".") for w in words]
    if agency_code(text) or lower[-1] in P.CREDIT_WORDS or _credit_string(text):
        return True
    if words[0].isupper() and agency_code(words[0]):  # "AP Business Writer", not "Petra Berg"
        return True
    if B.ROLE_CREDIT_RE.match(text):  # "Editing by Peter Cooney"
        return True
    return any(w in P.CREDIT_WORDS for w in lower) and not any(w in _NAME_JOINERS for w in lower)


def _without_place(part: str) -> str:
    """ "Dan Williams in Jerusalem" → "Dan Williams"; "João da Costa" stays whole."""
    found = B.REPORTED_FROM_RE.search(part)
    if found is None:
        return part
    if found["word"] in B.NAME_PARTICLE_WORDS and place_for_name(found["place"]) is None:
        return part
    return part[: found.start()]


def _credit_string(text: str) -> bool:
    """Agency codes strung together: "XYZ-AFP-DPA", "AFP/DPA"."""
    return bool(B.CREDIT_STRING_RE.match(text)) and any(
        agency_code(t) for t in B.CREDIT_PARTS_RE.split(text)
    )


def _display_name(names: str) -> str:
    """Upper-case names (ANPA, NITF) in display case; mixed case kept as written."""
    if any(c.islower() for c in names.replace(" and ", " ")):
        return names
    return " ".join(w.lower() if w.lower() in _NAME_JOINERS else _cap(w) for w in names.split())


def _cap(word: str) -> str:
    return "-".join("'".join(p.capitalize() for p in part.split("'")) for part in word.split("-"))
