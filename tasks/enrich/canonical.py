"""Canonical entities from raw NER spans: pure functions over (start, end, label) tuples.

Why a separate, spaCy-free layer: the model's spans are noisy in ways that are cheap to fix
with local rules (a leading "the", a possessive, a span broken at a parenthesis, a surname the
model calls an ORG), and a story needs one name per real-world entity. Everything here is
linear in the number of spans and looks only at a few characters around each span.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.enrich import entity_patterns as P
from tasks.enrich.identity import (
    fix_person_spans,
    is_team_initials,
    person_label,
    team_short_names,
)
from tasks.enrich.tables import is_row_label, team_spans, with_teams
from tasks.enrich.variants import canonical_name, is_junk_name, place_prior

__all__ = ["CANONICAL_VERSION", "Mention", "Span", "canonicalize", "find_title", "repair_spans"]

# Version of this layer's output (names, labels, which spans survive) and of what feeds the
# model (tasks.enrich.segments, truecase, the `?` apostrophe repair). Part of every NER cache
# key (tasks.enrich.cached_ner, with the text hash and the model identity): bump it whenever a
# rule here, in `variants`, `identity`, `tables`, `segments`, `entity_patterns` or the
# gazetteer (`tasks.places`) changes what `canonicalize` returns or what the model is given.
# 3: damaged apostrophes repaired, junk names dropped, gazetteer label priors, variant folding,
#    sports tables; the model runs per paragraph segment, tables of figures skipped.
# 4: rows of delimited cells never reach the model; PERSON spans that name a company, platform,
#    team or event relabelled, spans cut at the next sentence or a named organisation
#    (tasks.enrich.identity); team nicknames fold into the team; "Britain" is the United
#    Kingdom and a bare "Washington" the capital (tasks.places).
CANONICAL_VERSION = "4"


Span = tuple[int, int, str]  # (start, end, spaCy label), char offsets into the text


@dataclass(frozen=True)
class Mention:
    """One entity mention; start/end index the text given to the extractor."""

    start: int
    end: int
    text: str  # surface form, after span repair
    label: str  # spaCy label, corrected where our rules know better
    entity: str  # canonical name shared by every mention of the same entity in a text
    title: str | None = None  # "Pakistan Prime Minister" for PERSON mentions
    # Surface form in display case: `text` itself, except for case-restored (ALL-CAPS) input,
    # where it is read from the restored text ("Rene Emilio Ponce" for "RENE EMILIO PONCE").
    display: str = ""


def _words_before(text: str, start: int, window: int = 80) -> list[str]:
    """Words in the `window` chars before `start`, never reaching back across a line break."""
    lo = max(0, start - window)
    nl = text.rfind("\n", lo, start)
    return text[nl + 1 if nl >= 0 else lo : start].split()


def _ends_sentence(word: str) -> bool:
    """ "Department." ends a sentence; "Mr.", "Gen.", "U.S." and an initial "J." do not."""
    if word[-1] in "!?":
        return True
    if word[-1] != ".":
        return False
    core = word.rstrip(".").lstrip('"“(')
    return not (len(core) <= 1 or "." in core or core.lower() in P.HONORIFICS)


def find_title(text: str, start: int) -> str | None:
    """The title/role phrase written right before a person's name, if any.

    Walks back word by word from `start` while words are role words, honorifics, glue words
    ("of", "and") or capitalised words (countries, parties); the phrase must end in a role
    word or honorific right before the name. Never crosses sentence punctuation (". ", ";",
    ":") or a line break: "... IN CUSCATLAN DEPARTMENT.\n\nCOLONEL RENE" → "COLONEL".
    Bounded to 80 characters, so it stays cheap.
    """
    words = _words_before(text, start)
    if not words or _bare(words[-1]) not in (P.ROLE_HEADS | P.HONORIFICS):
        return None
    if start > 0 and not text[start - 1].isspace():
        return None
    kept: list[str] = []
    for word in reversed(words):
        low = _bare(word)
        if word[-1] in ',;:"”)' or not low or (kept and _ends_sentence(word)):
            break
        if low in P.ROLE_WORDS or low in P.HONORIFICS or low in P.TITLE_GLUE or word[0].isupper():
            kept.append(word)
        else:
            break
    while kept and (_bare(kept[-1]) in P.TITLE_GLUE or _bare(kept[-1]) == "the"):
        kept.pop()  # the phrase starts after "the"/"of": "the Pakistan Prime Minister"
    return " ".join(reversed(kept)) or None


def _bare(word: str) -> str:
    return word.strip(".,'’\"“”()").lower()


def _strip_inner_title(text: str, start: int, end: int) -> tuple[int, str | None]:
    """Move `start` past a title inside a PERSON span.

    "President Bill Clinton" → "Bill Clinton"; also a capitalised title that only ends in a
    role word, "Senate Majority Leader Chuck Schumer" → "Chuck Schumer" (the role word must
    be among the first four words and two words must stay: "Martin Luther King" is kept).
    """
    words = text[start:end].split(" ")
    n = 0
    while n < len(words) - 1 and (
        _bare(words[n]) in P.ROLE_WORDS or _bare(words[n]) in P.HONORIFICS
    ):
        n += 1
    head = max((i for i, w in enumerate(words[:4]) if _bare(w) in P.ROLE_HEADS), default=-1)
    if head >= n and len(words) - head > 2 and all(w[:1].isupper() for w in words[: head + 1]):
        n = head + 1
    if not n:
        return start, None
    return end - len(" ".join(words[n:])), " ".join(words[:n])


def canonicalize(text: str, spans: Sequence[Span], display: str | None = None) -> list[Mention]:
    """Repair spans, fix labels and give every mention its canonical entity name.

    `display` is the text in display case when `text` was case-restored before NER (same
    length, so the offsets are shared): rules, entity names, titles and `Mention.display` read
    it, while `Mention.text` stays the slice of `text`, the text the caller gave.
    """
    original = text
    if display is not None and len(display) == len(text):
        text = display
    teams = team_spans(text)
    repaired, acronyms = repair_spans(text, with_teams(fix_person_spans(text, spans), teams))
    items: list[tuple[int, int, str, str | None]] = []
    for start, end, label in repaired:
        if label == "PERSON":  # on the trimmed span: "<Autorama Inc>" (a Reuters ticker)
            label = person_label(" ".join(text[start:end].split()))
        label = _table_label(text, start, end, place_prior(text[start:end], label))
        title = None
        if label == "PERSON":
            outer = find_title(text, start)
            start, inner = _strip_inner_title(text, start, end)
            title = " ".join(t for t in (outer, inner) if t) or None
        items.append((start, end, label, title))

    surfaces = [" ".join(text[s:e].split()) for s, e, _, _ in items]
    if text is not original:  # names from ALL-CAPS lines: "united states" → "United States"
        surfaces = [
            _name_case(surface) if original[s:e].isupper() else surface
            for surface, (s, e, _, _) in zip(surfaces, items, strict=True)
        ]
    # Majority label per surface form within the text: one "Kharge" is one kind of thing.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for surface, (_, _, label, _) in zip(surfaces, items, strict=True):
        votes[surface][label] += 1
    for s, e, _ in teams:  # a name in a result table is a team wherever the story names it
        votes[" ".join(text[s:e].split())]["ORG"] += len(items)
    # Multi-word PERSON names, indexed by their last and first word for short-name folding.
    full_names: Counter[str] = Counter()
    for surface, (_, _, label, _) in zip(surfaces, items, strict=True):
        if label == "PERSON" and " " in surface:
            full_names[surface] += 1
    # Words that begin or end a multi-word non-person name ("Senate" in "U.S. Senate"): a lone
    # "Senate" is that kind of thing, so it never folds into a person's name.
    non_person_parts: set[str] = set()
    standalone: set[str] = set()  # one-word non-person surfaces: "U.S." (GPE)
    for surface, (_, _, label, _) in zip(surfaces, items, strict=True):
        if label != "PERSON" and label not in P.NON_ENTITY_LABELS:
            parts = surface.split()
            non_person_parts.update((parts[0], parts[-1]) if len(parts) > 1 else ())
            if len(parts) == 1:
                standalone.add(surface)
    by_part: dict[str, str] = {}
    for name, _ in sorted(full_names.items(), key=lambda kv: -kv[1]):
        parts = [w for w in name.split() if w.lower().rstrip(".") not in P.NAME_SUFFIXES]
        for part in (parts[-1], parts[0]) if parts else ():
            if part not in non_person_parts:
                by_part.setdefault(part, name)

    teams_by_nickname = team_short_names(zip(surfaces, [it[2] for it in items], strict=True))
    out: list[Mention] = []
    for surface, (start, end, label, title) in zip(surfaces, items, strict=True):
        if label in P.NON_ENTITY_LABELS:
            out.append(Mention(start, end, original[start:end], label, surface, None, surface))
            continue
        label = _vote(votes[surface], label)
        entity = surface
        if " " not in surface and surface in by_part:
            entity, label = by_part[surface], "PERSON"  # "Kharge" (ORG) → Mallikarjun Kharge
        elif label == "PERSON" and surface in teams_by_nickname:
            entity, label = teams_by_nickname[surface], "ORG"  # "Rams" → Los Angeles Rams
        elif surface in acronyms:
            entity = acronyms[surface]  # "OIC" → Organisation of Islamic Cooperation
        if label in ("ORG", "GPE", "LOC", "NORP") and _initial_surname(
            text, start, surface, standalone
        ):
            label = "PERSON"  # scorecards: "M. Vaughan"
        entity = canonical_name(entity, label)  # "U.S." → "United States", "Republicans"
        if is_junk_name(entity) or is_junk_name(surface) or is_row_label(text, start, end):
            continue  # "India?s", "didn?t", "A", "the government", "Revs 25.1 mln vs": no name
        out.append(Mention(start, end, original[start:end], label, entity, title, surface))
    return out


def _initial_surname(text: str, start: int, surface: str, standalone: set[str]) -> bool:
    """ "M. Vaughan" is a person; "the U.S. Senate" (after a determiner) is not, nor is
    "U.S. Treasury" when the text also has "U.S." as a name of its own."""
    if not P.INITIAL_SURNAME.match(surface) or is_team_initials(surface):
        return False  # "N.Y. Yankees" is a team
    if text[max(0, start - 4) : start].lower() == "the ":
        return False
    return surface.split(" ", 1)[0] not in standalone


def _name_case(surface: str) -> str:
    """Capitalise the words case restoration left lower-case in a name, except glue words."""
    return " ".join(
        w[0].upper() + w[1:] if w[:1].islower() and w not in P.NAME_GLUE else w
        for w in surface.split(" ")
    )


def _vote(counts: Counter[str], label: str) -> str:
    best, n = counts.most_common(1)[0]
    return best if n > counts[label] else label


def repair_spans(text: str, spans: Sequence[Span]) -> tuple[list[Span], dict[str, str]]:
    """Split spans at line breaks, " - " and parentheses, then trim noise off both ends.

    Also returns the acronyms the text defines, `{"OIC": "Organisation of Islamic
    Cooperation"}`, from "Expansion (ACR)" whether spaCy tagged it as one broken span
    ("the Organisation of Islamic Cooperation (OIC") or as an expansion alone.
    """
    out: list[Span] = []
    acronyms: dict[str, str] = {}
    for start, end, label in _join_split_expansions(text, spans):
        if label in P.NON_ENTITY_LABELS:
            out.append((start, end, label))
            continue
        for s, e in _pieces(text, start, end):
            trimmed = _trim(text, s, e, label)
            if trimmed is None:
                continue
            s, e = trimmed
            if out and out[-1][1] > s:  # pieces never overlap what we already emitted
                continue
            out.append((s, e, label))
            acr = P.PAREN_ACRONYM.match(text, e)
            if acr and label != "PERSON" and _initials_fit(acr.group(1), text[s:e]):
                acronyms[acr.group(1)] = " ".join(text[s:e].split())
                a_s, a_e = acr.start(1), acr.end(1)
                if not any(a_s < oe and os_ < a_e for os_, oe, _ in spans if os_ >= e):
                    out.append((a_s, a_e, label))  # the model left "(OIC)" untagged
    return out, acronyms


def _join_split_expansions(text: str, spans: Sequence[Span]) -> list[Span]:
    """Join two name spans the model cut at "and"/"of" when the acronym after them spells
    both: "Chennai Metropolitan Water Supply" + "and" + "Sewerage Board" + "(CMWSSB)"."""
    ordered = sorted(spans)
    out: list[Span] = []
    i = 0
    while i < len(ordered):
        s1, e1, l1 = ordered[i]
        if i + 1 < len(ordered) and l1 not in P.NON_ENTITY_LABELS and l1 != "PERSON":
            s2, e2, l2 = ordered[i + 1]
            acr = P.PAREN_ACRONYM.match(text, e2)
            if (
                l2 not in P.NON_ENTITY_LABELS
                and text[e1:s2] in P.EXPANSION_JOINERS
                and acr
                and _spells(acr.group(1), text[s1:e2])
            ):
                out.append((s1, e2, "ORG"))
                i += 2
                continue
        out.append(ordered[i])
        i += 1
    return out


def _spells(acronym: str, expansion: str) -> bool:
    """Every capitalised word of the expansion gives the acronym's next letter, in order."""
    words = [w for w in expansion.split() if w[:1].isupper() and w not in P.LEADING_DETERMINERS]
    capitals = "".join(c for c in acronym if c.isupper())  # "MoRTH": the "o" is for "of"
    return len(words) >= 3 and "".join(w[0] for w in words).upper() == capitals


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span at newlines, table dashes and parentheses (never entity-internal in news)."""
    cuts = [start]
    for i in range(start, end):
        ch = text[i]
        if ch in "\n()[]" or (ch == "-" and text[i - 1 : i + 2] == P.SPLIT_DASH):
            cuts += [i, i + 1]
        elif ch == " " and i > start:
            j = text.find(" ", i + 1, end)
            if j > 0:
                word = text[i + 1 : j]
                score = P.NUMERIC_WORD.match(word) and text[j + 1 : j + 2].isupper()
                if word in P.SPLIT_WORDS or score:
                    cuts += [i, j]  # "Aston Villa 2 Derby", "Partizan v Olympiakos"
    cuts.append(end)
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i] < cuts[i + 1]]


def _trim(text: str, s: int, e: int, label: str) -> tuple[int, int] | None:
    """Strip leading "the", numbers and punctuation, trailing possessives, glue and dots."""
    while True:
        s0, e0 = s, e
        while s < e and (text[s].isspace() or text[s] in P.LEADING_PUNCT):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in P.TRAILING_PUNCT):
            if text[e - 1] == "." and _keeps_dot(text, s, e):
                break
            e -= 1
        for poss in P.POSSESSIVES:
            if text.endswith(poss, s, e) and e - s > len(poss):
                e -= len(poss)
                break
        first_end = text.find(" ", s, e)
        if first_end > 0:
            first = text[s:first_end]
            if (first in P.LEADING_DETERMINERS and label != "WORK_OF_ART") or (
                P.NUMERIC_WORD.match(first)
            ):
                s = first_end + 1
        last_start = text.rfind(" ", s, e)
        if last_start > 0:
            last = text[last_start + 1 : e]
            if (
                last.lower() in P.TRAILING_GLUE
                or P.NUMERIC_WORD.match(last)
                or P.ORDINAL_WORD.match(last)
            ):
                e = last_start
        if (s, e) == (s0, e0):
            break
    if not any(ch.isalpha() for ch in text[s:e]):
        return None
    if all(_bare(w) in P.ROLE_WORDS or _bare(w) in P.TITLE_GLUE for w in text[s:e].split()):
        return None  # a bare title is not an entity: "Leader of Opposition", "Interior"
    return s, e


def _keeps_dot(text: str, s: int, e: int) -> bool:
    """ "U.S." and "Corp." keep their full stop; "Article 35A." loses it."""
    word = text[text.rfind(" ", s, e - 1) + 1 if " " in text[s : e - 1] else s : e - 1]
    return len(word) == 1 or "." in word or word.lower() in P.KEEP_DOT


def _initials_fit(acronym: str, expansion: str) -> bool:
    """ "OIC" fits "Organisation of Islamic Cooperation": same first letter, enough words."""
    words = [w for w in expansion.split() if w[:1].isupper()]
    if words and words[0] in P.LEADING_DETERMINERS:
        words = words[1:]
    return bool(words) and acronym[0].upper() == words[0][0].upper() and len(words) >= 2


def _table_label(text: str, start: int, end: int, label: str) -> str:
    """Places (and names) in score lines, fixtures and standings rows are teams: ORG.

    Why: sports results are a large share of wire copy, and teams are named after cities
    ("CINCINNATI 60 70 .462", "Aston Villa 2 Derby 1"). Only ~40 chars either side are read.
    """
    if label in P.NON_ENTITY_LABELS:
        return label
    if label in ("PERSON", "ORG") and P.PLACE_OF_PREV.search(text, max(0, start - 30), start):
        return "GPE"  # "the town of Suchitoto", "the city of Lahore"
    if label == "ORG":
        return label
    after = text[end : end + 40]
    before = text[max(0, start - 12) : start]
    if P.SCORE_NEXT.match(after) or (P.SCORE_PREV.search(before) and after[:1] in (" ", "\n", "")):
        return "ORG"
    if P.FIXTURE_NEXT.match(after) or P.FIXTURE_PREV.search(before):
        return "ORG"
    if label in P.PLACE_LABELS and P.STANDINGS_NEXT.match(after):
        return "ORG"
    return label
