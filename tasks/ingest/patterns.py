"""Regexes of the ingest stage (text repairs, paragraph breaks), each with a real example.

Kept apart from tasks/parse/patterns.py because ingest runs before (and may not import)
the parser. All are bounded; the repairs are applied per line.
"""

from __future__ import annotations

import re

# A `?` that stood for an apostrophe before a contraction or possessive ending: "India?s",
# "didn?t", "we?ll", "they?re", "I?ve", "she?d", "I?m". `t` only after `n` (n't); the ending
# must close the word (an abbreviation may precede `?s`: "B.C.?s"), so "aspx?ticker=" and
# "?s=1" in a URL never match (the URL guard below skips any token with "/", "=" or "&").
APOSTROPHE_RE = re.compile(
    r"(?:(?<=[A-Za-z])|(?<=[A-Z]\.))\?(?=(?:s|ll|re|ve|d|m)\b(?![=&/])|(?<=n\?)t\b)"
)

# A `?` for the apostrophe of an Irish/Indian surname: "O?Brien", "D?Souza", "D?Mello".
NAME_APOSTROPHE_RE = re.compile(r"(?<=\b[ODL])\?(?=[A-Z][a-z])")

# A `?` for the apostrophe of a plural possessive: "farmers? protest" → "farmers’ protest";
# a real question is not followed by a lower-case word, and this runs only on copy that
# already shows certain damage.
PLURAL_POSSESSIVE_RE = re.compile(r"(?<=[a-z]s)\?(?= [a-z])")

# A `?` that opened a quotation: start of line, or after a space/bracket/dash (or a first
# opening mark), and right before a word: ` ?It has been decided? he said`, ` ??Chairman?`.
# A real question mark is never glued to the word after it with a space before it.
OPEN_QUOTE_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-])|(?<=[\s(\[—–-]\?))\?(?=[A-Za-z0-9‘'])")
# Two opening marks, a quotation inside a quotation: ` ??Chairman? is an honorific`; the
# first of the two (the one OPEN_QUOTE_RE cannot see, as a word does not follow it).
DOUBLE_OPEN_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))\?(?=\?[A-Za-z0-9])")

# A `?` that can only be a closing quote, opener or not: after a comma (`for,? said Sevaun`),
# or after a lower-case word's full stop at the end of a line or before a lower-case word
# (`back to tweeting.?`); "in the U.S.?" is left alone.
SURE_CLOSE_RE = re.compile(r"(?<=,)\?(?=\s|\Z)|(?<=[a-z]\.)\?(?=\Z|\s+[a-z])")

# A `?` that may close a quotation: after a word, a figure, a bracket or sentence punctuation,
# and before a space, punctuation or the end of the line: `decided?`, `said,?`, `it??`.
CLOSE_CANDIDATE_RE = re.compile(r"(?<=[A-Za-z0-9).,!?%’])\?(?=[\s,.;:)\]—–-]|\Z)")

# A token that is part of a URL or query string, left alone: "FullQuote.aspx?ticker=SPLS.O".
URL_TOKEN_RE = re.compile(r"[^\s/=&]{0,200}(?:/|=|&|www\.)\S{0,500}")

# A paragraph break: a blank line, maybe holding spaces or tabs ("\n\n", "\n  \n"); how
# preformatted deliveries separate paragraphs and how ParsedStory.body joins them.
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
