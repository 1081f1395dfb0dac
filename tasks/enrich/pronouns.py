"""Who a `he` / `she` means: salience first, then the nearest subject of a fitting gender.

Why apart from tasks.enrich.speakers: the pronoun is the one speaker whose person is not
written where the quote is, and most misses on articles never seen were pronouns resolved to
the nearest name rather than to the person the passage is about. The gender of each person
is read from the text around their mentions (never from inside quotes), so a pronoun can skip
a person of the other gender.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.enrich import entity_patterns as P

__all__ = ["Candidate", "genders", "inside", "pronoun", "salient"]

# A pronoun after a mention tells that person's gender only this close to it.
GENDER_WINDOW = 250
# A subject this close before a pronoun (about a paragraph) is preferred even when its gender
# is unknown: "…, Lohmar said. "…," he said." over a man named earlier.
NEAR = 400


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity: str
    label: str
    title: str | None
    subject: bool  # heads its sentence or its attribution: who later pronouns most likely mean


def salient(
    want: str,
    at: int,
    before: list[Candidate],
    genders: dict[str, str],
    last: tuple[str, int] | None,
    counts: Counter[str],
) -> tuple[str, str] | None:
    """The speaker of the last attributed quote, whom a `he` / `she` most likely continues:
    "…, Lohmar said, adding that … . "…," he said" is Lohmar though "Emery" stands nearer.

    Not when that speaker is known to be of the other gender, nor when a subject of the
    pronoun's gender has been named since that quote ("… Knowles wrote. Wojtaszek said she
    agreed … "…," she said"), nor, when the speaker's gender is unknown, any subject since.
    """
    if last is None or genders.get(last[0]) not in (want, None):
        return None
    if last[0] not in genders and counts[last[0]] < 2:
        return None  # named once, gender unknown: a passing mention ("The CBC's … tells us")
    entity, pos = last
    # a speaker of known gender gives way only to a newer subject known to match; one of
    # unknown gender to any newer subject the pronoun may mean
    rivals = (want,) if genders.get(entity) == want else (want, None)
    for c in before:
        newer = c.start > pos and c.subject and c.label == "PERSON" and c.entity != entity
        if newer and at - c.end > 2 and genders.get(c.entity) in rivals:
            return None
    return entity, "PERSON"


def pronoun(
    want: str, quote_at: int, at: int, before: list[Candidate], genders: dict[str, str]
) -> tuple[str, str] | None:
    """The person a `he` / `she` at `at` means.

    Subjects before other mentions ("Trudeau urged people to message the Ford government.
    "…," he said" → Trudeau); subjects near the quote before those further back; within each,
    a person known to match first, then one of unknown gender: "she" skips a man. A name right
    before the pronoun is what the quote is about ("Schumer, he said, "knows …"").
    """
    persons = [c for c in reversed(before) if c.label == "PERSON" and at - c.end > 2]
    subjects = [c for c in persons if c.subject]
    near = [c for c in subjects if quote_at - c.start <= NEAR]
    tiers = [(near, True), (near, False), (subjects, True), (persons, True)]
    tiers += [(subjects, False), (persons, False)]
    for pool, known in tiers:
        for c in pool:
            if (genders.get(c.entity) == want) if known else (c.entity not in genders):
                return c.entity, c.label
    return None


def genders(
    body: str, cands: list[Candidate], spoken: Sequence[tuple[int, int]] = ()
) -> dict[str, str]:
    """Each person's gender ("m" / "f") by the subject pronoun that first follows their
    mentions as a subject (never one inside a quote: "…," Wojtaszek said. "He is an
    extremely scary individual" and "Lohmar said Emery fled in his pickup" are about someone
    else), by "X said she …" (twice the weight), and by their honorific."""
    votes: dict[str, Counter[str]] = {}
    persons = [c for c in cands if c.label == "PERSON"]
    for i, c in enumerate(persons):
        stop = min(
            c.end + GENDER_WINDOW, persons[i + 1].start if i + 1 < len(persons) else len(body)
        )
        tally = votes.setdefault(c.entity, Counter())
        said = P.SAID_PRONOUN.match(body, c.end)  # "Wojtaszek said she agreed"
        if said and c.subject:
            tally["m" if said.group(0).split()[-1].lower() == "he" else "f"] += 2
            continue
        m = P.GENDERED_PRONOUN.search(body, c.end, stop)
        while m and inside(m.start(), spoken):
            m = P.GENDERED_PRONOUN.search(body, m.end(), stop)
        if m and c.subject:  # "Lohmar said Emery strangled her": an object's pronoun
            tally["m" if m.group(1) else "f"] += 1
        hon = (c.title or "").split()[:1]
        if hon and hon[0].lower().rstrip(".") in P.MALE_HONORIFICS:
            tally["m"] += 2
        elif hon and hon[0].lower().rstrip(".") in P.FEMALE_HONORIFICS:
            tally["f"] += 2
    return {e: t.most_common(1)[0][0] for e, t in votes.items() if t and _clear(t)}


def _clear(tally: Counter[str]) -> bool:
    return tally["m"] != tally["f"]


def inside(at: int, regions: list[tuple[int, int]]) -> bool:
    return any(lo < at < hi for lo, hi in regions)
