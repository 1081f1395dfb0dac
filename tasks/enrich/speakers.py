"""Who each quote's speaker is: pronouns, roles and surnames resolved to the story's entities.

The parse stage keeps the speaker as written ("she", "the Congress leader", "Traeger") and
where it is written; here the story's entity mentions say who that is at that point:

- a name → the PERSON (or ORG) mention written there, else the person whose full name holds
  every word of it ("Traeger" → "Jeff Traeger");
- `he` / `she` → the nearest person named before it as a subject (outside quotation marks)
  whose gender, read from the pronouns that follow their mentions, is not the other one;
  names the text gives as speakers count even when the model missed them;
- `the minister`, `the Congress leader` → the person introduced with that title, else the most
  recent person; `the company`, `the commission` → the organisation with that word in its name,
  else (company-like nouns) the most recent organisation; `they` / `it` → the most recent
  organisation;
- indefinite speakers ("a spokesperson", "one of the players") stay as written, unresolved.

Linear in mentions × quotes of one story, no model call.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tasks.enrich import entity_patterns as P
from tasks.enrich.canonical import Mention
from tasks.enrich.catalog import entity_id_for
from tasks.parse.records import ParsedStory, Quote

__all__ = ["quoted_people", "resolve_speakers", "speaker_entity_id"]

# A pronoun after a mention tells that person's gender only this close to it.
GENDER_WINDOW = 250
_NAME_LABELS = ("PERSON", "ORG")
_TITLE_WORDS = P.ROLE_WORDS | P.HONORIFICS
# A subject this close before a pronoun (about a paragraph) is preferred even when its gender
# is unknown: "…, Lohmar said. "…," he said." over a man named earlier.
NEAR = 400


def speaker_entity_id(name: str | None, label: str | None = None) -> str | None:
    """The entity catalog's stable id for a resolved speaker (null when unresolved).

    The same pure function stamps `entities.entity_id`, so a quote's speaker joins the
    catalog like any mention; an id a later merge retires still resolves through the
    catalog's `merged_into`.
    """
    if not name:
        return None
    return entity_id_for(name, label or "PERSON")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    entity: str
    label: str
    title: str | None
    subject: bool  # heads its sentence or its attribution: who later pronouns most likely mean


def resolve_speakers(story: ParsedStory, mentions: Sequence[Mention]) -> list[Quote]:
    """The story's quotes with `speaker_entity` (and its id) filled where the text allows."""
    quoted = _quoted_regions(story.quotes)
    body = story.body
    cands = [
        _Candidate(m.start, m.end, m.entity, m.label, m.title, _heads(body, m))
        for m in mentions
        if m.label in _NAME_LABELS and not _inside(m.start, quoted) and _not_object(body, m)
    ]
    counts = Counter(c.entity for c in cands if c.label == "PERSON")
    cands = sorted(cands + _named_speakers(story.quotes, cands, counts), key=lambda c: c.start)
    genders = _genders(story.body, cands)
    starts = [c.start for c in cands]
    out = []
    for q in story.quotes:
        found = _resolve(q, cands, starts, genders, counts) if q.speaker else None
        if found is None:
            out.append(q)
            continue
        entity, label = found
        out.append(
            replace(q, speaker_entity=entity, speaker_entity_id=speaker_entity_id(entity, label))
        )
    return out


def quoted_people(quotes: Sequence[Quote], mentions: Sequence[Mention]) -> list[str]:
    """Distinct people the story quotes, directly or in reported speech (not phrases), resolved
    to a PERSON, in order of first quote."""
    persons = {m.entity for m in mentions if m.label == "PERSON"}
    seen: dict[str, None] = {}
    for q in quotes:
        if q.kind != "phrase" and q.speaker_entity in persons:
            seen.setdefault(q.speaker_entity, None)
    return list(seen)


def _resolve(
    q: Quote,
    cands: list[_Candidate],
    starts: list[int],
    genders: dict[str, str],
    counts: Counter[str],
) -> tuple[str, str] | None:
    speaker = q.speaker or ""
    at = q.speaker_offset if q.speaker_offset is not None else q.offset
    words = [w.strip(",.'’") for w in speaker.replace("’s", "").replace("'s", "").split()]
    low = [w.lower() for w in words if w]
    if not low:
        return None
    before = cands[: bisect_left(starts, at)]
    if len(low) == 1 and low[0] in P.PERSON_PRONOUNS:
        return _pronoun(P.PERSON_PRONOUNS[low[0]], min(at, q.offset), at, before, genders)
    if len(low) == 1 and low[0] in P.GROUP_PRONOUNS:
        return _last(before, "ORG")
    # A name inside the speaker as written: "Rally Canada volunteer media coordinator Tom
    # Hinderks", "Sen. Richard Shelby of Alabama"; an organisation only as its head ("Surrey
    # staff" is not Surrey).
    stop = at + len(speaker.rstrip(".’'s"))
    inside = [
        c for c in cands if at <= c.start and c.end <= at + len(speaker) and c.entity[:1].isupper()
    ]
    person = [c for c in inside if c.label == "PERSON" and _heads_speaker(speaker, at, c, stop)]
    org = [c for c in inside if c.label == "ORG" and c.end >= stop - 3]
    if person or org:
        pick = (person or org)[-1]
        return pick.entity, pick.label
    if low[0] in P.DEFINITE or low[0] in ("a", "an", "one", "another", "some"):
        if low[0] not in P.DEFINITE:
            return None  # "a spokesperson": nobody named
        return _role(low[1:], before, counts)
    if words[0][:1].isupper():  # a name: "Traeger" → "Jeff Traeger"
        wanted = set(low)
        named = [e for e in counts if wanted <= {w.lower() for w in e.split()}]
        if named:
            return max(named, key=lambda e: (counts[e], e)), "PERSON"
    return None


def _heads_speaker(speaker: str, at: int, c: _Candidate, stop: int) -> bool:
    """The person ends the speaker as written, or only an affiliation follows: "Sen. Richard
    Shelby of Alabama"; not "Surrey staff"."""
    rest = speaker[c.end - at :].strip()
    return c.end >= stop - 3 or rest.split(" ", 1)[0] in ("of", "with", "from", "at", "who")


def _named_speakers(
    quotes: Sequence[Quote], cands: list[_Candidate], counts: Counter[str]
) -> list[_Candidate]:
    """Speakers written as names where the model found no person ("Wojtaszek said she
    agreed …", or a name it called an organisation): named subjects all the same, for the
    pronouns after them."""
    covered = [(c.start, c.end) for c in cands if c.label == "PERSON"]
    out = []
    for q in quotes:
        at, name = q.speaker_offset, _bare_name(q.speaker or "")
        if at is None or q.kind == "phrase" or not P.PROPER_NAME.match(name):
            continue
        at += len(q.speaker or "") - len(name)
        if any(lo < at + len(name) and at < hi for lo, hi in covered):
            continue
        words = {w.lower() for w in name.split()}
        named = [e for e in counts if words <= {w.lower() for w in e.split()}]
        entity = max(named, key=lambda e: (counts[e], e)) if named else name
        out.append(_Candidate(at, at + len(name), entity, "PERSON", None, True))
        covered.append((at, at + len(name)))
    return out


def _bare_name(speaker: str) -> str:
    """ "NDP MP Nathan Cullen" → "Nathan Cullen", "Wet'suwet'en Hereditary Chief Na'moks" →
    "Na'moks": the words after the last title word, acronyms off the front."""
    words = speaker.split()
    titles = [i for i, w in enumerate(words) if w.lower().rstrip(".") in _TITLE_WORDS]
    if titles and titles[-1] < len(words) - 1:
        words = words[titles[-1] + 1 :]
    while len(words) > 1 and words[0].isupper():
        words = words[1:]
    return " ".join(words)


def _pronoun(
    want: str, quote_at: int, at: int, before: list[_Candidate], genders: dict[str, str]
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


def _role(words: list[str], before: list[_Candidate], counts: Counter[str]):
    """A definite role phrase: the titled person, the named organisation, or the last one."""
    role = set(words)
    if role & P.THING_NOUNS:
        return None
    head = words[-1] if words else ""
    if head in P.ORG_NOUNS:
        for c in reversed(before):
            if c.label == "ORG" and head in c.entity.lower():
                return c.entity, c.label
        return _last(before, "ORG") if head in P.ORG_FALLBACK_NOUNS else None
    overlap: Counter[str] = Counter()
    for c in before:
        if c.label == "PERSON" and c.title:
            overlap[c.entity] = max(overlap[c.entity], len(role & set(c.title.lower().split())))
    best = max(overlap, key=lambda e: (overlap[e], counts[e], e), default=None)
    if best is not None and overlap[best] > 0:
        return best, "PERSON"
    return _last([c for c in before if c.subject], "PERSON") or _last(before, "PERSON")


def _last(before: list[_Candidate], label: str) -> tuple[str, str] | None:
    for c in reversed(before):
        if c.label == label:
            return c.entity, c.label
    return None


def _genders(body: str, cands: list[_Candidate]) -> dict[str, str]:
    """Each person's gender ("m" / "f") by the subject pronoun that first follows their
    mentions as a subject, and by their honorific."""
    votes: dict[str, Counter[str]] = {}
    persons = [c for c in cands if c.label == "PERSON"]
    for i, c in enumerate(persons):
        stop = min(
            c.end + GENDER_WINDOW, persons[i + 1].start if i + 1 < len(persons) else len(body)
        )
        m = P.GENDERED_PRONOUN.search(body, c.end, stop)
        tally = votes.setdefault(c.entity, Counter())
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


def _heads(body: str, m: Mention) -> bool:
    """The mention opens its sentence (after title words: "NDP MP Nathan Cullen"), a verb
    follows it ("McCallum expressed", "Traeger said") or it follows a verb of speech
    (`," said Jeff Traeger`)."""
    if P.VERB_AFTER_NAME.match(body, m.end) or P.SPEECH_BEFORE_NAME.search(
        body, max(0, m.start - 12), m.start
    ):
        return True
    lead = P.SENTENCE_BREAK.split(body[max(0, m.start - 80) : m.start])[-1].split()
    return all(w[:1].isupper() or w.lower().strip(",") in P.ROLE_WORDS for w in lead)


def _not_object(body: str, m: Mention) -> bool:
    """A mention that can be who a pronoun or role means: not after a preposition ("a letter
    to Fleming") and not a possessive ("Howell's frustrations")."""
    before = body[max(0, m.start - 12) : m.start].split()
    if before and before[-1].lower() in P.PREPOSITIONS:
        return False
    return not body.startswith(P.POSSESSIVES, m.end) or m.label != "PERSON"


def _quoted_regions(quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    return [(q.offset, q.offset + len(q.quote) + 2) for q in quotes if q.kind != "reported"]


def _inside(at: int, regions: list[tuple[int, int]]) -> bool:
    return any(lo < at < hi for lo, hi in regions)
