"""Regexes of bylines, each with a real example (tasks.parse.byline)."""

from __future__ import annotations

import re

# "By", "Von", "Par", "Por", "Di", "Av", "Af", "Door", "Por:" before the names: "By BERNARD
# CONDON", "Von Thomas Est" (dpa), "Par Jean Dupont" (AFP), "Por María López" (EFE).
BY_PREFIX_RE = re.compile(
    r"\A(?:By|BY|by|Von|VON|von|Par|PAR|par|Por|POR|por|Di|Av|Af|Door)\b:?\s+"
)

# Between the people of a byline: "A, B and C", "A and B", "A und B", "A et B", "A y B",
# "A / B", "A with B", "A mit B", "A avec B", "A & B", "A; B".
PEOPLE_SPLIT_RE = re.compile(
    r"\s*(?:,|;|/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bog\b|\boch\b|\ben\b|\bja\b|\bi\b"
    r"|\bwith\b|\bmit\b|\bavec\b|\bcon\b|\bcom\b|\bmet\b|\bmed\b|\bkanssa\b|\bи\b)\s*",
    re.IGNORECASE,
)
# A byline's own word for "and", to join its people with: "Anna Berg und Jan Krüger".
CONJUNCTION_RE = re.compile(r"\s(and|und|et|y|e|og|och|en|ja|i|и)\s", re.IGNORECASE)

# Where one of the people reported from: "Dan Williams in Jerusalem", "Anna Berg aus Kiew".
REPORTED_FROM_RE = re.compile(
    r"\s+(?:in|aus|à|en|a|em|from|desde|da|i|från|fra)\s+[A-ZÀ-Ý][\w.'’\- ]{1,40}\Z"
)

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
