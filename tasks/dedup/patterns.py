"""Version markers and text normalisation for dedup, each pattern with a real example.

Agencies re-send a developing story with a marker in its headline or slug line; the marker
says which version a delivery is, so the cluster's primary can be the latest one. Ranks are
ordered within one agency's scheme: an update outranks the version it updates, and a refile or
correction of version n sits between n and n + 1.
"""

from __future__ import annotations

import re

# One step of rank between versions; a refile / correction adds 1 to the version it re-sends.
RANK_STEP = 10

# Reuters headline prefixes, possibly stacked: "UPDATE 2-Oil jumps as ...",
# "REFILE-UPDATE 1-Fed holds rates", "CORRECTED-Toyota recalls ...", "RPT-INSIGHT-...".
REUTERS_PREFIX = re.compile(
    r"^\s*(?P<tag>UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|RPT|REPEAT|INSIGHT|EXCLUSIVE"
    r"|BRIEF|ANALYSIS|FACTBOX|TIMELINE|URGENT|FLASH)(?:\s+(?P<n>\d{1,2}))?\s*-\s*",
    re.IGNORECASE,
)

# Tags of REUTERS_PREFIX that mark a re-send of the same version ("REFILE-", "CORRECTED-").
RESEND_TAGS = frozenset({"REFILE", "CORRECTED", "CORRECTION", "RPT", "REPEAT"})
# Tags that number versions ("UPDATE 2-": the third version; a bare "UPDATE-" is the second).
NUMBERED_TAGS = frozenset({"UPDATE", "WRAPUP"})

# AP ANPA slug / version field: "BC-CA--Earthquake, 1st Ld-Writethru", "2ndLd",
# "BC-EU--Greece-Debt,3rd Ld-Writethru,0654", "Eds: APNewsNow. 4th Ld-Writethru".
AP_LEAD = re.compile(
    r"\b(?P<n>\d{1,2})\s*(?:st|nd|rd|th)\s*[- ]?\s*(?:Ld|Lead)\b(?:\s*-\s*Writethru)?",
    re.IGNORECASE,
)

# AP write-through without a lead number: "BC-Quake, Writethru", "2nd Writethru".
AP_WRITETHRU = re.compile(
    r"\b(?:(?P<n>\d{1,2})\s*(?:st|nd|rd|th)\s*[- ]?\s*)?Writethru\b", re.IGNORECASE
)

# AP first take of a budgeted story, the version later leads replace: "BC-Quake,Bjt".
AP_BJT = re.compile(r"[,\s-]Bjt\b")

# AP correction slugs: "BC-Quake, Correction", "Corrective" (a re-send of a version).
AP_CORRECTION = re.compile(r"\b(?:Correction|Corrective|Corrected)\b", re.IGNORECASE)

# A slug line as the first line of a text delivery: "BC-US--Earthquake,1stLd-Writethru,0412"
# or Reuters' "LOS ANGELES-QUAKE/" style keyword ("US-USA-QUAKE/ (UPDATE 2)").
SLUG_LINE = re.compile(r"^\s*(?P<slug>BC-[A-Za-z0-9][^\n]{1,120})$", re.MULTILINE)

# Reuters version in parentheses after a keyword slug: "USA-QUAKE/ (UPDATE 2)", "(REFILE)".
PAREN_VERSION = re.compile(
    r"\((?P<tag>UPDATE|WRAPUP|REFILE|CORRECTED|RPT)(?:\s+(?P<n>\d{1,2}))?\)", re.IGNORECASE
)

# Slug body without the version part, for matching versions of one slug:
# "BC-US--Earthquake,1stLd-Writethru,0412" → "BC-US--Earthquake".
SLUG_VERSION_TAIL = re.compile(
    r"[, ]+(?:\d{1,2}\s*(?:st|nd|rd|th)|Bjt|Writethru|Correct|\d{3,4}\b).*$", re.IGNORECASE
)

# Words for shingles and the exact-text hash: letters and digits, any script
# ("Kharge's" → "kharge", "s"; "3.5 pct" → "3", "5", "pct"): punctuation, case and line
# wrapping never make two deliveries of one text differ.
WORD = re.compile(r"\w+")
