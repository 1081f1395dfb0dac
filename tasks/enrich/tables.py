"""Team names in sports result tables: spans the model misses, and one label for each.

Why: results, standings and schedules are a large share of wire copy ("Hull 0 Barnet 0",
"Brentford 4 3 1 0 9 3 10", "KANSAS CITY AT DETROIT"), and the model, reading a line of names
and numbers as no sentence at all, leaves most team names untagged or calls them places
and people. A name in such a line is a team (ORG), and so is the same name elsewhere in the
story ("Leicestershire beat Somerset"). Line patterns live in `entity_patterns`.
"""

from __future__ import annotations

import re

from tasks.enrich import entity_patterns as P

__all__ = ["team_spans"]

# Line kinds: in a standings row a person's name is an athlete's ("Greg Norman 66 67 70").
_LINE_PATTERNS = (
    ("score", P.SCORE_LINE),
    ("standings", P.STANDINGS_LINE),
    ("fixture", P.FIXTURE_LINE),
)

TeamSpan = tuple[int, int, str]  # (start, end, line kind)


def team_spans(text: str) -> list[TeamSpan]:
    """(start, end, kind) of every team name in a result, standings or schedule line."""
    out: list[TeamSpan] = []
    pos = 0
    for line in text.split("\n"):
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
    return 0 < len(words) <= 5 and any(len(re.sub(r"\W", "", w)) > 1 for w in words)
