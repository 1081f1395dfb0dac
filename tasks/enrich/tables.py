"""Team names in sports result tables: spans the model misses, and one label for each.

Why: results, standings and schedules are a large share of wire copy ("Hull 0 Barnet 0",
"Brentford 4 3 1 0 9 3 10", "KANSAS CITY AT DETROIT"), and the model, reading a line of names
and numbers as no sentence at all, leaves most team names untagged or calls them places
and people. A name in such a line is a team (ORG), and so is the same name elsewhere in the
story ("Leicestershire beat Somerset"). Line patterns live in `entity_patterns`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.enrich import entity_patterns as P
from tasks.enrich.segments import is_table_line

__all__ = ["TeamSpan", "is_row_label", "team_spans", "with_teams"]

# Line kinds: in a standings row a person's name is an athlete's ("Greg Norman 66 67 70").
_LINE_PATTERNS = (
    ("score", P.SCORE_LINE),
    ("standings", P.STANDINGS_LINE),
    ("fixture", P.FIXTURE_LINE),
)

TeamSpan = tuple[int, int, str]  # (start, end, line kind)
Span = tuple[int, int, str]  # (start, end, spaCy label), as in tasks.enrich.canonical


def team_spans(text: str) -> list[TeamSpan]:
    """(start, end, kind) of every team name in a result, standings or schedule line."""
    out: list[TeamSpan] = []
    pos = 0
    for line in text.split("\n"):
        if is_table_line(line):  # delimited cells never give entities (tasks.enrich.segments)
            pos += len(line) + 1
            continue
        for kind, pattern in _LINE_PATTERNS:
            m = pattern.match(line)
            if m:
                groups = [g for g in m.groupdict() if m.group(g)]
                out += [(pos + m.start(g), pos + m.end(g), kind) for g in groups]
                break
        else:
            out += [
                (pos + m.start("a"), pos + m.end("a"), "innings") for m in P.INNINGS.finditer(line)
            ]
        pos += len(line) + 1
    return [t for t in out if _plausible(text[t[0] : t[1]])]


def _plausible(name: str) -> bool:
    """At most five words, one of them longer than a letter: "Rad ( B )" is cut to "Rad"."""
    words = name.split()
    return 0 < len(words) <= 5 and any(sum(c.isalnum() for c in w) > 1 for w in words)


def with_teams(spans: Sequence[Span], teams: list[TeamSpan]) -> list[Span]:
    """Team names from result tables replace the model's entity spans that overlap them.

    Except in a standings row the model reads as a person's full name: "Greg Norman 66 67
    70" is a golfer's card (such a team span is dropped from `teams` in place).
    """
    if not teams:
        return list(spans)
    people = [(s, e) for s, e, lab in spans if lab == "PERSON"]
    teams[:] = [
        (ts, te, kind)
        for ts, te, kind in teams
        if kind != "standings" or not any(s < te and ts < e for s, e in people)
    ]
    kept = [
        (s, e, lab)
        for s, e, lab in spans
        if lab in P.NON_ENTITY_LABELS or not any(s < te and ts < e for ts, te, _ in teams)
    ]
    return kept + [(s, e, "ORG") for s, e, _ in teams]


def is_row_label(text: str, start: int, end: int) -> bool:
    """The span opens a line of figures compared with "vs": "Revs 25.1 mln vs 23.2 mln"."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    stop = text.find("\n", end)
    return bool(P.ROW_LABEL_NEXT.match(text[end : stop if stop >= 0 else len(text)]))
