"""Regexes of bylines, each with a real example (tasks.parse.byline)."""

from __future__ import annotations

import re

# "By", "Von", "Par", "Por", "Di", "Av", "Af", "Door", "Por:" before the names: "By BERNARD
# CONDON", "Von Thomas Est" (dpa), "Par Jean Dupont" (AFP), "Por María López" (EFE).
BY_PREFIX_RE = re.compile(
    r"\A(?:By|BY|by|Von|VON|von|Par|PAR|par|Por|POR|por|Di|Av|Af|Door)\b:?\s+"
)

# Between the people of a byline: "A, B and C", "A and B", "A und B", "A et B", "A y B",
# "A / B", "A with B", "A mit B", "A avec B", "A & B", "A; B". The words of one or two letters
# ("e", "y", "i", "en", "ja", "og") are initials and names too: in mixed-case copy only
# lower case joins people ("John E. Smith", "Ha Ja Kim" are one person), and never before a
# full stop; an all-caps byline ("JUAN PEREZ Y ANA LOPEZ") is split by PEOPLE_SPLIT_CAPS_RE.
_JOIN_WORDS = r"and|und|et|with|mit|avec|con|com|met|med|kanssa|och|и"
_SHORT_JOIN_WORDS = r"e|y|i|en|ja|og"
PEOPLE_SPLIT_RE = re.compile(
    rf"\s*(?:,|;|/|&|\b(?i:{_JOIN_WORDS})\b|\b(?:{_SHORT_JOIN_WORDS})\b(?!\.))\s*"
)
PEOPLE_SPLIT_CAPS_RE = re.compile(
    rf"\s*(?:,|;|/|&|\b(?:{_JOIN_WORDS}|{_SHORT_JOIN_WORDS})\b(?!\.))\s*", re.IGNORECASE
)
# A byline's own word for "and", to join its people with: "Anna Berg und Jan Krüger".
CONJUNCTION_RE = re.compile(r"\s((?i:and|und|et|och|и)|e|y|og|en|ja|i)\s(?!\.)")
CONJUNCTION_CAPS_RE = re.compile(r"\s(and|und|et|y|e|og|och|en|ja|i|и)\s(?!\.)", re.IGNORECASE)

# Where one of the people reported from: "Dan Williams in Jerusalem", "Anna Berg aus Kiew".
REPORTED_FROM_RE = re.compile(
    r"\s+(?P<word>in|aus|à|en|a|em|from|desde|da|i|från|fra)\s+"
    r"(?P<place>[A-ZÀ-Ý][\w.'’\- ]{1,40})\Z"
)
# Of those, the words names are also made with ("João da Costa", "Luiz Inacio da Silva",
# Catalan "Puig i Cadafalch"): they end a name at a place the gazetteer knows, only.
NAME_PARTICLE_WORDS = frozenset({"da", "a", "i"})

# A string of agency codes: "XYZ-AFP-DPA", "AFP/DPA", "dpa-AFX"; each part checked against
# the agency table.
CREDIT_STRING_RE = re.compile(r"\A[A-Za-z]{1,8}(?:\s*[-/]\s*[A-Za-z]{1,8}){1,5}\Z")
CREDIT_PARTS_RE = re.compile(r"\s*[-/]\s*")

# A desk code with a slash between single words, not two people: "futurezone/KN", "dpa/lnw".
DESK_CODE_RE = re.compile(r"(?:\A|\s)[^\s/]+/[^\s/]+(?:\s|\Z)")

# A role credit inside a byline, Reuters style: "Editing by Peter Cooney", "Additional
# reporting by Sylvia Westall", "Writing by ...".
ROLE_CREDIT_RE = re.compile(
    r"\A(?:additional\s+)?(?:reporting|editing|writing|compiled|produced|graphics)\s+by\b",
    re.IGNORECASE,
)
