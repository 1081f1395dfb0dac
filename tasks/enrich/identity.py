"""What a PERSON span really names: the model's identity mistakes, fixed by rule per story.

Why: the model reads any capitalised run before a verb as a person. Counts by person are what
analysts read first, so each kind of mistake it makes on news copy gets the rule behind it:

- a company, platform or team is no person: "Twitter Inc" (a company suffix), "Twitter" (a
  platform), "N.Y. Yankees" (a state's initials before a plural: a team), "Brexit" (a coinage
  on "exit": an event);
- a span that swallowed its neighbour is cut back: "Trump Jr. Had" (the next sentence's
  first word after an abbreviation), "Rashtriya Janata Dal Twitter" (a platform after the
  party), "Trump White House" (a name the story gives elsewhere as an organisation or place).

Pure functions over (start, end, label) spans, a few words looked at per span.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tasks.enrich import entity_patterns as P
from tasks.enrich.variants import place_kind

__all__ = [
    "fix_person_spans",
    "is_nickname",
    "is_team_initials",
    "is_team_name",
    "person_label",
    "team_short_names",
]

Span = tuple[int, int, str]


def is_team_initials(surface: str) -> bool:
    """ "N.Y. Yankees", "L.A. Angels": a team city's dotted initials, then a plural nickname.

    Not "M. Vaughan" (one letter is a first name), nor "C.A. Thomas" (no team city's
    initials), nor "N.C. Wyeth".
    """
    m = P.TEAM_INITIALS.match(surface)
    return bool(m) and m["initials"].replace(".", "").upper() in P.TEAM_CITY_INITIALS


def person_label(surface: str) -> str:
    """The label a PERSON span gets when its words say it names no person."""
    words = surface.split()
    if not words:
        return "PERSON"
    last = words[-1].strip(".,").lower()
    if len(words) > 1 and (last in P.COMPANY_SUFFIXES or last in P.INSTITUTION_HEADS):
        return "ORG"  # "Twitter Inc", "Reliance Industries Ltd", "Trump Organization"
    if surface in P.PLATFORMS or is_team_initials(surface):
        return "ORG"  # "Twitter", "N.Y. Yankees"
    if len(words) == 1 and P.EXIT_COINAGE.match(surface):
        return "EVENT"  # "Brexit", "Grexit"
    return "PERSON"


def fix_person_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """PERSON spans cut back to the person and relabelled where they name no person."""
    others = {
        _name(text[s:e]): lab
        for s, e, lab in spans
        if lab != "PERSON" and lab not in P.NON_ENTITY_LABELS
    }
    out: list[Span] = []
    for s, e, label in spans:
        if label != "PERSON":
            out.append((s, e, label))
            continue
        e = _before_next_sentence(text, s, e)
        for ps, pe, plab in _split_tail(text, s, e, others):
            out.append((ps, pe, person_label(text[ps:pe]) if plab == "PERSON" else plab))
    return out


def _name(surface: str) -> str:
    """A span's words without a leading "the": "The Rashtriya Janata Dal" → the party."""
    words = surface.split()
    return " ".join(words[1:] if words and words[0] in P.LEADING_DETERMINERS else words)


def _words(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for word in text[s:e].split(" "):
        if word:
            out.append((pos, pos + len(word)))
        pos += len(word) + 1
    return out


def _before_next_sentence(text: str, s: int, e: int) -> int:
    """ "Donald Trump Jr. Had" → "Donald Trump Jr.": a capitalised function word after a
    word with a full stop opens the next sentence."""
    words = _words(text, s, e)
    for i in range(1, len(words)):
        prev = text[words[i - 1][0] : words[i - 1][1]]
        word = text[words[i][0] : words[i][1]]
        if prev.endswith(".") and word[:1].isupper() and word.lower() in P.SENTENCE_OPENERS:
            return words[i - 1][1]
    return e


def _split_tail(text: str, s: int, e: int, others: dict[str, str]) -> list[Span]:
    """ "Rashtriya Janata Dal Twitter" → the party + "Twitter" (ORG); "Trump White House" →
    "Trump" + "White House" when the story names "White House" as something else (a tail
    of two or three words)."""
    words = _words(text, s, e)
    for k in (3, 2, 1):
        if len(words) <= k:
            continue
        tail = " ".join(text[a:b] for a, b in words[-k:])
        # one word is a platform or nothing: a lone surname the model called an ORG
        # ("Kharge") must not cut "Mallikarjun Kharge"
        label = ("ORG" if tail in P.PLATFORMS else None) if k == 1 else others.get(tail)
        if label is None:
            continue
        head_end = words[-k - 1][1]
        head = " ".join(text[s:head_end].split())
        return [(s, head_end, others.get(head, "PERSON")), (words[-k][0], e, label)]
    return [(s, e, "PERSON")]


def is_nickname(word: str) -> bool:
    """A team's plural nickname: "Rams", "Yankees" (not "Jones"-like "ss" endings)."""
    return bool(P.PLURAL_NICKNAME.match(word))


def is_team_name(name: str) -> bool:
    """A place, then a plural nickname: "Los Angeles Rams", "Toronto Raptors", "N.Y. Mets";
    not "Dow Jones" (no place before "Jones")."""
    words = name.split()
    if len(words) < 2 or not is_nickname(words[-1]):
        return False
    return is_team_initials(name) or place_kind(" ".join(words[:-1]))[0] is not None


def team_short_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Short names of the teams and companies a story names in full: {"Rams": "Los Angeles
    Rams", "Autorama": "Autorama Inc"}; the model reads them alone as people.

    `names` are (surface, label) pairs; only ORG team names (`is_team_name`) and company
    names (a company suffix) give one, and a short name two of them share ("Giants") none.
    """
    found: dict[str, set[str]] = {}
    for surface, label in names:
        words = surface.split()
        if label == "ORG" and is_team_name(surface):
            found.setdefault(words[-1], set()).add(surface)
        elif (
            label == "ORG"
            and len(words) > 1
            and words[-1].strip(".,").lower() in P.COMPANY_SUFFIXES
        ):
            found.setdefault(" ".join(words[:-1]), set()).add(surface)  # "Autorama Inc"
    return {short: next(iter(full)) for short, full in found.items() if len(full) == 1}
