"""Who each quote's speaker is: pronouns, roles and surnames resolved to the story's entities.

The parse stage keeps the speaker as written ("she", "the Congress leader", "Traeger") and
where it is written; here the story's entity mentions say who that is at that point:

- a name → the PERSON (or ORG) mention written there, else the person whose full name holds
  every word of it ("Traeger" → "Jeff Traeger");
- `he` / `she` → by salience: the speaker of the last attributed quote, unless their gender
  is the other one or a subject of the pronoun's gender was named since; else the nearest
  person named before it as a subject (outside quotation marks) whose gender, read from the
  pronouns that follow their mentions outside quotes, is not the other one; names the text
  gives as speakers count even when the model missed them;
- a statement or document ("his statement", "the report", "a report titled …", "The RCMP
  statement") → its issuer: a name in the phrase, the possessive's person or organisation,
  else the author the sentence first naming that kind of document gives (after "by" /
  "from", else its first name); `speaker_entity_id` may point at an ORG;
- `the minister`, `the Congress leader` → the person introduced with that title, else the most
  recent person; `the company`, `the commission` → the organisation with that word in its name,
  else (company-like nouns) the most recent organisation, `the team` a team (a place, then a
  plural nickname) first; `they` / `it` → the most recent organisation named as a subject,
  else the most recent one;
- indefinite speakers ("a spokesperson", "one of the players") stay as written, unresolved.

Linear in mentions × quotes of one story, no model call.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from tasks.enrich import entity_patterns as P
from tasks.enrich.canonical import Mention
from tasks.enrich.catalog import entity_id_for
from tasks.enrich.identity import is_team_name
from tasks.enrich.pronouns import Candidate as _Candidate
from tasks.enrich.pronouns import genders as _genders
from tasks.enrich.pronouns import inside as _inside
from tasks.enrich.pronouns import pronoun as _pronoun
from tasks.enrich.pronouns import salient as _salient
from tasks.parse.records import ParsedStory, Quote

__all__ = ["quoted_people", "resolve_speakers", "speaker_entity_id"]

_NAME_LABELS = ("PERSON", "ORG")
_TITLE_WORDS = P.ROLE_WORDS | P.HONORIFICS


def speaker_entity_id(name: str | None, label: str | None = None) -> str | None:
    """The entity catalog's stable id for a resolved speaker (null when unresolved).

    The same pure function stamps `entities.entity_id`, so a quote's speaker joins the
    catalog like any mention; an id a later merge retires still resolves through the
    catalog's `merged_into`.
    """
    if not name:
        return None
    return entity_id_for(name, label or "PERSON")


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
    genders = _genders(story.body, cands, _quoted_regions(story.quotes, reported=True))
    starts = [c.start for c in cands]
    resolved: dict[int, Quote] = {}
    last: tuple[str, int] | None = None  # the last quote's person and where it stands
    order = sorted(range(len(story.quotes)), key=lambda i: story.quotes[i].offset)
    for i in order:
        q = story.quotes[i]
        found = _resolve(q, cands, starts, genders, counts, last, body) if q.speaker else None
        if found is None:
            resolved[i] = q
            continue
        entity, label = found
        if label == "PERSON" and q.kind != "phrase":
            last = (entity, q.offset)
        sid = speaker_entity_id(entity, label)
        resolved[i] = replace(q, speaker_entity=entity, speaker_entity_id=sid)
    return [resolved[i] for i in range(len(story.quotes))]


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
    last: tuple[str, int] | None = None,
    body: str = "",
) -> tuple[str, str] | None:
    speaker = q.speaker or ""
    at = q.speaker_offset if q.speaker_offset is not None else q.offset
    words = [w.strip(",.'’") for w in speaker.replace("’s", "").replace("'s", "").split()]
    low = [w.lower() for w in words if w]
    if not low:
        return None
    before = cands[: bisect_left(starts, at)]
    if len(low) == 1 and low[0] in P.PERSON_PRONOUNS:
        want = P.PERSON_PRONOUNS[low[0]]
        return _salient(want, at, before, genders, last, counts) or _pronoun(
            want, min(at, q.offset), at, before, genders
        )
    if len(low) == 1 and low[0] in P.GROUP_PRONOUNS:
        return _last_org(before)
    simple = not any(w in P.PREPOSITIONS for w in low[:-1])  # not "one of the players in …"
    if low[-1] in P.THING_NOUNS and simple:  # "his statement", "the report", "a report titled …"
        doc = _issuer(q, low, at, before, cands, genders, last, counts, body)
        if doc is not None:
            return doc
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


def _issuer(
    q: Quote,
    low: list[str],
    at: int,
    before: list[_Candidate],
    cands: list[_Candidate],
    genders: dict[str, str],
    last: tuple[str, int] | None,
    counts: Counter[str],
    body: str,
) -> tuple[str, str] | None:
    """Who issued the statement or document a quote is attributed to.

    A name in the phrase ("The RCMP statement", "Trump's letter"); a possessive pronoun as
    `he` / `she` or `they` / `it` would be ("his statement"); else whoever the sentence that
    first names that kind of document gives as its author: after "by" / "from" ("a report by
    the Fraser Institute"), else the sentence's first name ("The RCMP issued a statement").
    """
    end = at + len(q.speaker or "")
    named = [c for c in cands if at <= c.start and c.end <= end and c.label in _NAME_LABELS]
    if named:
        return named[0].entity, named[0].label
    owner = low[0]
    if owner in P.POSSESSIVE_PRONOUNS:
        want = P.POSSESSIVE_PRONOUNS[owner]
        if want is None:
            return _last_org(before)
        found = _salient(want, at, before, genders, last, counts)
        return found or _pronoun(want, min(at, q.offset), at, before, genders)
    m = re.search(rf"\b{re.escape(low[-1])}s?\b", body[:end], re.I)
    if m is None:
        return None
    lo = max((b.end() for b in P.SENTENCE_BREAK.finditer(body, 0, m.start())), default=0)
    stop = P.SENTENCE_BREAK.search(body, m.end())
    hi = stop.start() if stop else len(body)
    in_sentence = [c for c in cands if lo <= c.start < hi and c.label in _NAME_LABELS]
    by = [
        c
        for c in in_sentence
        if c.start > m.end() and P.AUTHOR_BEFORE.search(body, m.end(), c.start)
    ]
    pick = (by or in_sentence or [None])[0]
    return (pick.entity, pick.label) if pick else None


def _last_org(before: list[_Candidate]) -> tuple[str, str] | None:
    """`it` / `they`: the last organisation named as a subject, else the last one named."""
    return _last([c for c in before if c.subject], "ORG") or _last(before, "ORG")


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
        if head in P.TEAM_NOUNS:  # "the team" after "the Raptors": a team, not "CBC Sports"
            teams = [c for c in before if c.label == "ORG" and is_team_name(c.entity)]
            if teams:
                return teams[-1].entity, "ORG"
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


def _quoted_regions(quotes: Sequence[Quote], reported: bool = False) -> list[tuple[int, int]]:
    """Where quotes stand in the body: quotations and phrases, and reported speech too when
    asked (a pronoun in "Lohmar said Emery fled in his pickup" is about someone else)."""
    return [
        (q.offset, q.offset + len(q.quote) + 2) for q in quotes if reported or q.kind != "reported"
    ]
