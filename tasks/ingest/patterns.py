"""Regexes of the ingest stage's text repairs, each with a real example.

Kept apart from tasks/parse/patterns.py because ingest runs before (and may not import)
the parser. All are bounded and applied per line.
"""

from __future__ import annotations

import re

# A `?` that stood for an apostrophe before a contraction or possessive ending: "India?s",
# "didn?t", "we?ll", "they?re", "I?ve", "she?d", "I?m". `t` only after `n` (n't); the ending
# must close the word, so "aspx?ticker=" and "?s=1" in a URL never match (the URL guard
# below also skips any token holding "/", "=" or "&").
APOSTROPHE_RE = re.compile(r"(?<=[A-Za-z])\?(?=(?:s|ll|re|ve|d|m)\b(?![=&/])|(?<=n\?)t\b)")

# A `?` for the apostrophe of an Irish/Indian surname: "O?Brien", "D?Souza", "D?Mello".
NAME_APOSTROPHE_RE = re.compile(r"(?<=\b[ODL])\?(?=[A-Z][a-z])")

# A `?` for the apostrophe of a plural possessive: "farmers? protest" → "farmers’ protest";
# a real question is not followed by a lower-case word, and this runs only on copy that
# already shows certain damage.
PLURAL_POSSESSIVE_RE = re.compile(r"(?<=[a-z]s)\?(?= [a-z])")

# A `?` that opened a quotation: start of line, or after a space/bracket/dash, and right
# before a word: ` ?It has been decided? he said`. A real question mark is never glued to
# the word after it with a space before it.
OPEN_QUOTE_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))\?(?=[A-Za-z0-9‘'])")

# A `?` that may close a quotation: after a word, a figure, a bracket or sentence punctuation,
# and before a space, punctuation or the end of the line: `decided?`, `said,?`, `it??`.
CLOSE_CANDIDATE_RE = re.compile(r"(?<=[A-Za-z0-9).,!?%’])\?(?=[\s,.;:)\]—–-]|\Z)")

# A token that is part of a URL or query string, left alone: "FullQuote.aspx?ticker=SPLS.O".
URL_TOKEN_RE = re.compile(r"[^\s/=&]{0,200}(?:/|=|&|www\.)\S{0,500}")
