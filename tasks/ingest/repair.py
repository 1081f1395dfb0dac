"""Undo curly apostrophes and quotes that an upstream system turned into `?`, and say so.

Indian copy often arrives with “ ” ‘ ’ replaced by `?` (`India?s`, `didn?t`, `?It has been
decided?`): left alone, quotes cannot be found and NER sees junk tokens. The repair is
deliberately conservative, a real question mark (`Why?`, `it? The`) must survive:

- certain on its own: a `?` between a word and a contraction ending (`India?s`, `didn?t`), in
  a name (`O?Brien`), or glued to the start of a word after a space (an opening quote);
- only with an opening quote repaired on the same line: the `?` that closes it;
- only in copy that already showed certain damage: a plural possessive (`farmers? protest`).

Every repair is recorded (`kind:token as written`) so it is never silent; the list becomes the
stories row's `repairs` column.
"""

from __future__ import annotations

import re

from tasks.ingest import patterns as P

APOSTROPHE = "’"
OPEN_QUOTE = "“"
CLOSE_QUOTE = "”"
MAX_LISTED = 20  # distinct repairs listed per story; the rest are counted in "more:N"
_TOKEN_CHARS = 24  # characters of context either side in a recorded token


def repair_question_marks(text: str) -> tuple[str, list[str]]:
    """Text with damaged apostrophes/quotes restored, and the list of repairs made."""
    if "?" not in text:
        return text, []
    found: list[tuple[str, str]] = []
    lines = [_repair_line(line, found) if "?" in line else line for line in text.split("\n")]
    if found:
        lines = [_plural_possessives(line, found) if "?" in line else line for line in lines]
    return "\n".join(lines), _listed(found)


def _repair_line(line: str, found: list[tuple[str, str]]) -> str:
    protected = _protected_spans(line)
    fixes: dict[int, str] = {}
    kinds: dict[int, str] = {}
    for regex, kind, char in (
        (P.APOSTROPHE_RE, "apostrophe", APOSTROPHE),
        (P.NAME_APOSTROPHE_RE, "apostrophe", APOSTROPHE),
        (P.OPEN_QUOTE_RE, "open_quote", OPEN_QUOTE),
        (P.DOUBLE_OPEN_RE, "open_quote", OPEN_QUOTE),
    ):
        for m in regex.finditer(line):
            if not _inside(m.start(), protected) and m.start() not in fixes:
                fixes[m.start()], kinds[m.start()] = char, kind
    opens = sorted(i for i, c in fixes.items() if c == OPEN_QUOTE)
    for start in reversed(opens):  # innermost first: in "??Chairman?" the second pairs first
        stop = min((o for o in opens if o > start + 1), default=len(line))
        close = _closing(line, start + 1, stop, fixes, protected)
        if close is not None:
            fixes[close], kinds[close] = CLOSE_QUOTE, "close_quote"
    for m in P.SURE_CLOSE_RE.finditer(line):
        if m.start() not in fixes and not _inside(m.start(), protected):
            fixes[m.start()], kinds[m.start()] = CLOSE_QUOTE, "close_quote"
    if not fixes:
        return line
    found.extend((kinds[at], _token(line, at)) for at in sorted(fixes))
    chars = list(line)
    for at, char in fixes.items():
        chars[at] = char
    return "".join(chars)


def _closing(
    line: str, start: int, stop: int, fixes: dict[int, str], protected: list[tuple[int, int]]
) -> int | None:
    """The `?` closing a quote opened before `start`: after punctuation (`said,?`, `it??`), or
    the last candidate before the next opening quote; a `?` followed by a capitalised word
    with another candidate after it is a real question inside the quotation."""
    candidates = [
        m.start()
        for m in P.CLOSE_CANDIDATE_RE.finditer(line, start, stop)
        if m.start() not in fixes and not _inside(m.start(), protected)
    ]
    for n, at in enumerate(candidates):
        if line[at - 1] in ",.!?":
            return at
        after = line[at + 1 : at + 3]
        if after[:1] != " " or not after[1:].isupper() or n == len(candidates) - 1:
            if line[at + 1 : at + 2] == "?":
                continue  # "it??": this one is the question mark, the next closes
            return at
    return None


def _plural_possessives(line: str, found: list[tuple[str, str]]) -> str:
    protected = _protected_spans(line)

    def fix(m: re.Match[str]) -> str:
        if _inside(m.start(), protected):
            return m.group(0)
        found.append(("apostrophe", _token(line, m.start())))
        return APOSTROPHE

    return P.PLURAL_POSSESSIVE_RE.sub(fix, line)


def _protected_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in P.URL_TOKEN_RE.finditer(line)] if "/" in line or "=" in line else []


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def _token(line: str, at: int) -> str:
    """The damaged word as written: "India?s", "?It", "decided?"."""
    left = line[max(0, at - _TOKEN_CHARS) : at].split(" ")[-1].lstrip("(\"“‘'[")
    right = line[at + 1 : at + 1 + _TOKEN_CHARS].split(" ")[0].rstrip(",.;:!)\"”’']")
    return f"{left}?{right}"


def _listed(found: list[tuple[str, str]]) -> list[str]:
    """Distinct `kind:token` entries in order of first appearance, at most MAX_LISTED."""
    keys = [f"{kind}:{token}" for kind, token in found]
    distinct = list(dict.fromkeys(keys))
    if len(distinct) <= MAX_LISTED:
        return distinct
    listed = set(distinct[:MAX_LISTED])
    return [*distinct[:MAX_LISTED], f"more:{sum(k not in listed for k in keys)}"]


def repair_apostrophes(text: str) -> str:
    """Only the apostrophe rules, unrecorded: "India?s" → "India’s", "didn?t" → "didn’t".

    Same length, so entity offsets stay valid. NER input that did not come through cleaning
    (a caller of tasks.enrich.entities on raw text) gets the same rule as stored copy.
    """
    if "?" not in text:
        return text
    return "\n".join(_apostrophes_of_line(line) for line in text.split("\n"))


def _apostrophes_of_line(line: str) -> str:
    guarded = _protected_spans(line)
    chars = list(line)
    for rule in (P.APOSTROPHE_RE, P.NAME_APOSTROPHE_RE):
        for m in rule.finditer(line):
            if not _inside(m.start(), guarded):
                chars[m.start()] = APOSTROPHE
    return "".join(chars)
