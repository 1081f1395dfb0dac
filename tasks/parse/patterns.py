"""Every regex and gazetteer the story parser uses, each with a real example.

Kept in one place so a reviewer can audit backtracking risk and coverage without reading
parser logic. Dateline regexes are applied to the first ~300 characters only and use bounded
quantifiers, so a pathological story cannot make them slow.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A gazetteer written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


# How far into a story the dateline may reach (bylines + dateline + credit).
DATELINE_WINDOW = 300

# --- gazetteers --------------------------------------------------------------------------

# Month names and abbreviations → month number. Lower-case keys; matched case-insensitively.
# Examples: "March 23" (ANI), "Aug 2" (PTI), "Nov. 5", "21 Oct", "3 JAN 90" (MUC), "Sept 3".
MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], start=1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1)},
    "sept": 9,
}  # fmt: skip

# Credit as written (upper-cased, spaces collapsed, spaces around "-" removed) → agency code.
# Examples: "(ANI)", "(PTI)", "(Reuters)", "Reuter", "(AP)", "AFP -", "(ACAN-EFE)", "(Xinhua)".
AGENCY_CODES: dict[str, str] = {
    "ANI": "ANI", "ASIAN NEWS INTERNATIONAL": "ANI",
    "PTI": "PTI", "PRESS TRUST OF INDIA": "PTI",
    "IANS": "IANS", "UNI": "UNI", "UNITED NEWS OF INDIA": "UNI",
    "REUTERS": "REUTERS", "REUTER": "REUTERS",
    "AP": "AP", "ASSOCIATED PRESS": "AP", "THE ASSOCIATED PRESS": "AP",
    "AFP": "AFP", "AGENCE FRANCE-PRESSE": "AFP", "AGENCE FRANCE PRESSE": "AFP",
    "EFE": "EFE", "ACAN-EFE": "EFE",
    "DPA": "DPA", "XINHUA": "XINHUA", "XINHUANET": "XINHUA", "NEW CHINA NEWS AGENCY": "XINHUA",
    "ANSA": "ANSA", "TASS": "TASS", "ITAR-TASS": "TASS", "KYODO": "KYODO", "UPI": "UPI",
    "BERNAMA": "BERNAMA", "YONHAP": "YONHAP", "APP": "APP", "BSS": "BSS", "IRNA": "IRNA",
    "MENA": "MENA", "KUNA": "KUNA", "WAM": "WAM", "SPA": "SPA", "PAP": "PAP", "CTK": "CTK",
    "INTERFAX": "INTERFAX", "NOTIMEX": "NOTIMEX", "PRENSA LATINA": "PRENSA LATINA",
    "BLOOMBERG": "BLOOMBERG", "IPS": "IPS", "INTERPRESS AGENCY [IPS]": "IPS",
    "CP": "CP", "CANADIAN PRESS": "CP", "THE CANADIAN PRESS": "CP", "AFX": "AFX",
    "JIJI": "JIJI", "ANTARA": "ANTARA", "MTI": "MTI", "ATS": "ATS", "APA": "APA",
}  # fmt: skip

# US state / Canadian province abbreviations seen as dateline regions ("PORTLAND, Ore.",
# "WEST PALM BEACH, Fla", "St. Paul, MN"). Lower-case, dots removed.
US_STATE_ABBREVS: frozenset[str] = _words(
    "ala ariz ark calif cal colo conn del fla ga ill ind kan kans ky la md mass mich minn "
    "miss mo mont neb nev nh nj nm ny nc nd okla ore pa ri sc sd tenn tex va vt wash wva wis "
    "wisc wyo dc al ak az ar ca co ct de fl hi id il in ia ks me mi mn ms mt ne nv oh ok or "
    "sd tn tx ut vt wa wv wi wy que ont bc alta man sask ns nb"
)

# Words that start multi-word city names, used to split "By Lalit K Jha New Delhi" between the
# byline and the city ("New Delhi", "San Salvador", "St. Louis", "Los Angeles").
CITY_PREFIXES: frozenset[str] = _words(
    "new san santa santo los las la el le st st. saint port rio buenos kuala hong abu dar sao "
    "são tel ho mexico panama guatemala kansas salt oklahoma"
)

# Lower-case joining words inside city names, kept lower when title-casing an upper-case
# city: "DAR ES SALAAM" → "Dar es Salaam", "PORT-AU-PRINCE" → "Port-au-Prince".
CITY_CONNECTORS: frozenset[str] = _words("of de del la es au da do dos das du des y")

# Placeholder "cities" in FBIS datelines that are not places: "NO CITY (COLOMBIA), 26 SEP 89".
NO_CITY: frozenset[str] = frozenset({"no city"})

# Speech verbs that attribute a quotation: `"…," said Kharge.`, `Khan said, "…"`,
# `"…," then-Surrey mayoral candidate Doug McCallum responded at one debate.`
SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "added", "adds", "told", "tells", "asked", "asks", "stated",
    "states", "noted", "notes", "remarked", "asserted", "claimed", "claims", "declared",
    "explained", "explains", "insisted", "insists", "wrote", "writes", "tweeted", "commented",
    "stressed", "urged", "warned", "warns", "announced", "replied", "recalled", "recalls",
    "argued", "argues", "observed", "maintained", "quipped", "alleged", "responded", "joked",
    "continued", "acknowledged", "admitted", "admits", "conceded", "suggested",
    "suggests", "confirmed", "cautioned", "countered", "recounted", "shouted", "testified",
    "predicted", "concluded", "emphasized", "emphasised", "agreed", "reiterated", "posted",
    "answered", "laughed", "mused", "boasted", "complained", "pleaded", "vowed", "predicts",
    "reflected", "lamented", "scoffed", "exclaimed", "whispered", "cried", "yelled",
    "announces", "describes", "described", "adding", "saying", "telling", "writing",
)  # fmt: skip

# Pronouns that may stand as a quote's speaker; enrichment resolves them to a named subject.
SPEAKER_PRONOUNS: frozenset[str] = _words("he she they it we i")

# FBIS editorial tags before the text proper: "[REPORT] [ARMED FORCES PRESS COMMITTEE,
# COPREFA] [TEXT] THE ARCE ..." — everything up to the last of these markers is not body.
FBIS_MARKERS: frozenset[str] = frozenset(
    {"TEXT", "EXCERPT", "EXCERPTS", "CONTINUED", "SUMMARY", "PASSAGE OMITTED"}
)

# --- regex building blocks ---------------------------------------------------------------

_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿ"
# A month word: a month's three-letter stem plus up to six letters, so that wire typos still
# read as months ("Marc 3", "Marchg 12", "Apri 1" in Reuters); the stem gives the number.
_MONTH = "(?i:(?:" + "|".join(m for m in MONTHS if len(m) == 3) + r")[a-z]{0,6})\b"


def _sep(tag: str) -> str:
    """A separator after the dateline; a fresh group name per branch (re forbids repeats)."""
    return rf"(?P<sep_{tag}>--+|-|—|–|:)"


def _credit(tag: str) -> str:
    """An agency credit in brackets; MUC oddities included ("[INRAVISION ... 1)")."""
    return rf"[(\[](?P<credit_{tag}>[^()\[\]\n]{{1,40}}(?:\[[^\]\n]{{1,10}}\])?)\)"


# The ` date YYYY-MM-DD ` header of the seed layout, on the same line as the dateline:
# " date 2022-03-23 New Delhi [India], March 23 (ANI): Leader of ..."
HEADER_RE = re.compile(r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})(?=\s|\Z)\s*")

# A byline on its own line: "By JOHN SMITH, Associated Press Writer\n" → "JOHN SMITH".
BYLINE_LINE_RE = re.compile(r"\A\s*By\s+(?P<name>[^\n,]{2,60}?)\s*(?:,[^\n]{0,60})?\n")

# A byline set off from the dateline by a run of spaces (AG News / AP):
# "By RACHEL KONRAD     CARSON CITY, Nev. (AP) -- In what ..." → "RACHEL KONRAD".
BYLINE_SPACED_RE = re.compile(r"\A\s*By\s+(?P<name>[A-Z][^\n]{1,58}?)[ \t]{2,}(?=[A-Z])")

# A byline glued to the dateline: "By Sajjad Hussain Islamabad, Jul 31 (PTI) The ruling ...";
# the dateline regex then runs on the text after "By " and the city words are split off.
BYLINE_GLUED_RE = re.compile(r"\A\s*By\s+(?=[A-Z])")

# A date in a dateline, month-first or day-first, optional year, or FBIS "NO DATE":
# "March 23", "Nov. 5", "21 Oct", "3 JAN 90", "March 13, 2004", "March 187" and "March 2O"
# (garbled in Reuters: still a date token so the city parses; resolved to None later).
_DATE = (
    rf"(?:(?P<mon1>{_MONTH})(?:\.\s*|\s+)(?P<day1>[\dOl]{{1,3}})(?!\w)"
    rf"(?:,?\s+(?P<year1>\d{{4}})\b)?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\.?(?:\s+(?P<year2>\d{{4}}|\d{{2}})\b)?"
    r"|(?P<nodate>NO DATE))"
)

# The full dateline: city, optional [Country] / (Region) / ", Region" parts, then a tail that
# is a date followed by a credit or separator, or a credit, or a bare separator. Examples:
# "New Delhi [India], March 23 (ANI): ", "Amethi (UP), Jul 30 (PTI) ", "PORTLAND, Ore., Feb
# 26 - ", "RICHMOND, Va. Feb 26 -", "WASHINGTON (Reuters) - ", "SAN SALVADOR, 3 JAN 90
# (EFE) -- ", "MOSCOW (USSR), NO DATE (DOMESTIC SERVICE) -- ", "OKLAHOMA CITY, Okla. March
# 11, Reuter - ", "CHEVY CHASE, Md., - March 4 - ", "TOKYO - ". Bounded quantifiers only.
DATELINE_RE = re.compile(
    rf"\A[\s*]*(?P<city>[{_LETTER}][{_LETTER}.'’/\- ]{{0,40}}?)\s*"
    rf"(?:\[(?P<region_b>[{_LETTER} .]{{1,30}})\]\s*)?"
    rf"(?:\((?P<region_p>[{_LETTER} .\-]{{1,30}})\)\s*)?"
    rf"(?P<regions>(?:,\s*[{_LETTER}][{_LETTER}.'’\- ]{{0,30}}?){{0,3}}?)"
    rf"(?:(?P<comma>\s*,[\s,.]*|\s+)(?:-\s+)?{_DATE}"
    rf"(?:\s*,\s*(?P<reuter>Reuter)\b)?\s*,?\s*(?:{_credit('d')}\s*{_sep('d')}?|{_sep('d2')})"
    rf"|\s*,?\s*{_credit('c')}\s*{_sep('c')}?"
    rf"|\s*,?\s*{_sep('s')}(?=\s))"
)

# Agency-only credit with no city: "AFP - A group calling itself ...", "AP - It's barely dawn".
AGENCY_ONLY_RE = re.compile(r"\A\s*(?P<credit>[A-Z][A-Za-z]{1,12})\s*(?:--?|—|–|:)\s+")

# A feed's source label before the real dateline (AG News): "Canadian Press - VANCOUVER (CP) -
# The ...", "Canadian Press - CANBERRA, Australia (AP) - Prime Minister ..."; only counted when
# the label is an agency in AGENCY_CODES and a dateline follows.
SOURCE_PREFIX_RE = re.compile(
    r"\A\s*(?P<source>[A-Z][A-Za-z.]{1,20}(?: [A-Z][A-Za-z.]{1,20}){0,2})\s+(?:--?|—|–)\s+(?=[A-Z])"
)

# A wire trailer at the very end of a story, stripped repeatedly: "... recent years. (ANI)",
# "\n Reuter\n&#3;", "total 55.8 (33.7).        REUTER", "\n REUTE" (truncated), "-- IANS",
# "--IANS", "PTI ABC XYZ" (PTI desk initials), "(PTI)". "Reuters" only on its own line, so
# "... he told Reuters." survives.
TRAILER_RE = re.compile(
    r"(?:\((?P<credit1>ANI|PTI|IANS|UNI|AP|AFP|Reuters|Xinhua|DPA|EFE)\)"
    r"|(?:--?|—|–)\s*(?P<credit2>IANS|PTI|UNI|ANI|Xinhua)"
    r"|(?<=\s)(?P<credit3>Reuter|REUTER|reuter)\.{0,3}(?:\^M)?"
    r"|(?:\A|\n)[ \t]*(?P<credit5>Reuters|REUTERS|REUTE)\.{0,3}(?:\^M)?"
    r"|(?<![\w.])(?P<credit4>PTI)(?:\s+[A-Z]{2,4}){1,4}"
    r"|&#3;|\x03)\s*\Z"
)

# Paragraph breaks: a blank line ("\n\n", "\n  \n").
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")

# Runs of whitespace (including the spaces inside a joined hard-wrapped line).
SPACES_RE = re.compile(r"\s+")

# A leading FBIS bracketed tag: "[TEXT] ", "[ARMED FORCES PRESS COMMITTEE, COPREFA] ".
FBIS_TAG_RE = re.compile(r"\s*\[(?P<tag>[^\[\]\n]{1,120})\]")

# A headline line: short, no final sentence punctuation ("Kharge slams Imran Khan over PoK").
HEADLINE_END_RE = re.compile(r"[.!?;:,\"”’)\-]\Z")

# --- quotations --------------------------------------------------------------------------

# A double quote mark, straight or curly: "Imran Khan is ...", “We have failed ...”. Whether a
# straight mark opens or closes is decided by its neighbours (see tasks/parse/quotes.py).
QUOTE_MARK_RE = re.compile(r"[\"“”]")

# Characters after which a straight quote mark opens a quotation: ` "`, `("`, `—"`.
QUOTE_OPENERS = frozenset(" \t([{—–-/:")

_VERB = "|".join(SPEECH_VERBS)
# Honorifics whose dot is not a sentence end: "Dr. Matthew Bowes", "Rep. Jim McGovern".
_HON = r"(?:Mr|Mrs|Ms|Dr|Prof|Rep|Sen|Gov|Rev|Gen|Lt|Col|Capt|Sgt|Insp|Supt|Hon|St|Jr|Sr)\."
_WORD = rf"(?:{_HON}|(?!{_HON})[{_LETTER}0-9][{_LETTER}0-9.'’\-]*)"
# Adverbs between speaker and verb: "the Congress leader further said", "Singh today said".
_ADV = (
    r"(?:(?:further|also|later|then|earlier|today|yesterday|tonight|again|had|has|have|"
    r"recently|previously|once|simply|just|would|will|has\s+since)\s+)"
)
# The end of an attribution: punctuation, then a space, a quote mark or the end.
_END = r"\s*(?:[.,;:!?](?=\s|[\"“”]|\Z)|\Z)"

# Attribution right after a quote, verb first: `," said Kharge.` → "Kharge";
# `," said a senior police officer.` → "a senior police officer"; `," said Dr. Matthew Bowes.`;
# `," said Terry Chapman with the International Union of Operating Engineers` → "Terry Chapman".
AFTER_VERB_FIRST_RE = re.compile(
    rf"\A\s*,?\s*(?P<verb>{_VERB})\s+(?P<speaker>(?:{_WORD}\s+){{0,7}}?{_WORD})"
    rf"(?:{_END}|(?=\s+(?:with|from|at|who)\s))"
)
# Attribution right after a quote, speaker first: `," the Congress leader further said.`,
# `," Kelly wrote on Facebook.`, `," Trivedi told PTI.`, `," he said.`, `," University of the
# Fraser Valley political scientist Hamish Telford said.` (up to 11 words); also the next
# sentence after a closed quote: `"We are upset." Traeger said.`
AFTER_SPEAKER_FIRST_RE = re.compile(
    rf"\A\s*,?\s*(?P<speaker>(?:{_WORD}\s+){{0,10}}?{_WORD})\s+{_ADV}{{0,2}}(?P<verb>{_VERB})\b"
)
# Speaker, appositive, verb: `," Jeff Traeger, president of UFCW Local 832, said.`,
# `," Gillis, who coaches the team, told CBC.`
AFTER_APPOSITIVE_RE = re.compile(
    rf"\A\s*,?\s*(?P<speaker>(?:{_WORD}\s+){{0,4}}?{_WORD}),\s+[^;\"“”]{{1,140}}?,\s+"
    rf"{_ADV}{{0,2}}(?P<verb>{_VERB})\b"
)
# "according to" after a quote: `," according to Sandra Williamson.`, `," according to the memo.`
AFTER_ACCORDING_RE = re.compile(
    rf"\A\s*,?\s*(?P<verb>according to)\s+(?P<speaker>(?:{_WORD}\s+){{0,7}}?{_WORD}){_END}"
)
# Attribution before a quote: `Khan said, "…"`, `Kharge said "…"`, `he said: "…"`, with up to
# eight words between verb and quote: `Mehbooba Mufti yesterday said at a function in New
# Delhi "Who is doing it?`. The speaker is the words after the last comma/sentence start.
BEFORE_RE = re.compile(
    rf"(?:\A|[,;.:!?]\s+)(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})\s+{_ADV}{{0,2}}"
    rf"(?P<verb>{_VERB})\b(?P<gap>(?:\s+[\w'’\-]+){{0,8}})\s*[,:]?\s*\Z"
)
# Speaker, appositive, verb before a quote: `Jeff Traeger, president of UFCW Local 832,
# said: "…"`.
BEFORE_APPOSITIVE_RE = re.compile(
    rf"(?:\A|[.;:!?]\s+)(?P<speaker>(?:{_WORD}\s+){{0,4}}?{_WORD}),\s+[^;\"“”]{{1,140}}?,\s+"
    rf"{_ADV}{{0,2}}(?P<verb>{_VERB})\b(?P<gap>(?:\s+[\w'’\-]+){{0,8}})\s*[,:]?\s*\Z"
)
# "According to X" leading into a quote: `According to the memo, "…"`.
BEFORE_ACCORDING_RE = re.compile(
    rf"(?i:according to)\s+(?P<speaker>(?:{_WORD}\s+){{0,7}}?{_WORD}),?\s*\Z"
)
# A colon introduction with no verb, a name or role before it: `Trudeau: "We will fight."`,
# `Mayor Doug McCallum: "…"`.
BEFORE_COLON_RE = re.compile(
    rf"(?:\A|[.!?]\s+)(?P<speaker>[A-Z][{_LETTER}.'’\-]*(?:\s+{_WORD}){{0,4}}):\s*\Z"
)
# A colon lead-in whose sentence opens with a name: `Martell, the addictions doctor on Nova
# Scotia's South Shore, is more blunt: "…"` → "Martell".
COLON_SUBJECT_RE = re.compile(
    rf"\A(?P<speaker>[A-Z][{_LETTER}'’\-]+(?:\s+[A-Z][{_LETTER}'’\-]+){{0,3}})[,\s][^\"“”]*:\s*\Z"
)
# Verbs that report speech without quote marks (a subset of SPEECH_VERBS: no "asked",
# "shouted"): `Education Minister Rob Fleming said the government has prioritized …`.
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "told", "tells", "added", "adds", "explained", "explains", "argued",
    "argues", "noted", "notes", "stated", "insisted", "insists", "warned", "warns", "claimed",
    "claims", "acknowledged", "admitted", "admits", "stressed", "maintained", "suggested",
    "suggests", "confirmed", "predicted", "predicts", "believes", "thinks", "agreed",
)  # fmt: skip
# Cheap gate before the reported-speech patterns run on a sentence: "said", "says", ….
_REPORTING = "|".join(REPORTING_VERBS)
REPORTING_VERB_RE = re.compile(rf"\b(?:{_REPORTING})\b")
# Reported speech, speaker first: `Howell, who has two children in the school, says about 550
# students attend …` (appositive), `Education Minister Rob Fleming said the government …`.
REPORTED_FIRST_RE = re.compile(
    rf"(?:\A|,\s+)(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})(?:,\s+[^;]{{1,140}}?,)?\s+"
    rf"{_ADV}{{0,2}}(?P<verb>{_REPORTING})\b(?:\s+(?:reporters|[A-Z][{_LETTER}]+"
    rf"(?:\s+[A-Z][{_LETTER}]+){{0,2}}))?(?:\s+that)?\s+(?P<clause>\S.*)\Z"
)
# Reported speech, attribution last: `Accessibility is a major problem, Howell said.`,
# `… at the school, said Sarah Buckley.`
REPORTED_LAST_RE = re.compile(
    rf"\A(?P<clause>.+?),\s+(?:(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})\s+{_ADV}{{0,2}}"
    rf"(?P<verb>{_REPORTING})|(?P<verb2>said|says)\s+"
    rf"(?P<speaker2>(?:[A-Z][{_LETTER}.'’\-]*\s+){{0,4}}?[A-Z][{_LETTER}'’\-]+))[.!]?\Z"
)
# A speech verb in the sentence before a partial quotation: `The prime minister said he was
# "deeply concerned" about …` → the reported clause after "said" carries the quote.
CLAUSE_VERB_RE = re.compile(
    rf"(?:\A|,\s+|\s(?:but|and|when|as|while|after|because|since|if)\s+)(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})(?:,\s+[^;\"“”]{{1,140}}?,)?\s+"
    rf"{_ADV}{{0,2}}"
    rf"(?P<verb>{_REPORTING})\b(?:\s+(?:reporters|[A-Z][{_LETTER}]+(?:\s+News)?))?(?:\s+that)?\s+"
)
# Reported speech that sets up the quotes after it, speaker first at a sentence start:
# `Traeger said the union will fight for the workers.` → "Traeger" speaks the next quote.
REPORTED_RE = re.compile(
    rf"(?:\A|[.!?:;]\s+|,\s+(?:but\s+|and\s+)?|\s(?:but|and)\s+)"
    rf"(?P<speaker>(?:{_WORD}\s+){{0,8}}?{_WORD}),?\s+{_ADV}{{0,2}}"
    rf"(?P<verb>{_VERB})\b"
)
# A candidate sentence end inside a paragraph: ". The", "? He", '." She'; the word before it
# is checked against NAME_ABBREVIATIONS, so "Dr. Bowes" and "U.S. officials" are not ends.
SENTENCE_END_RE = re.compile(r"[.!?][\"”’]?\s+(?=[\"“‘A-Z])")
# Words whose dot does not end a sentence: "Dr. Matthew Bowes", "Rep. Jim McGovern".
NAME_ABBREVIATIONS: frozenset[str] = _words(
    "mr mrs ms dr prof rep sen gov rev gen lt col capt sgt insp supt hon st jr sr no vs mt ft"
)
# Leading words that show the "speaker" is really a clause or an adverbial: `" and police
# said`, `," said in a brief written reply` (no speaker: the speaker is elsewhere).
NOT_SPEAKER_START: frozenset[str] = _words(
    "and but that which who when while as if because so or than to in on at after before "
    "during from with by for this these those there here it's what how where why yet then "
    "not no nor also just"
)

# A sentence opening with a name and a verb, maybe after a short lead-in and with an
# appositive: `On Tuesday, Donald Tusk, the president of the European Council, urged Britain
# "to clarify …"` → "Donald Tusk".
SUBJECT_NAME_RE = re.compile(
    rf"\A(?:[^\"“”]{{1,60}}?,\s+)?(?P<speaker>(?:{_HON}\s+)?[A-Z][{_LETTER}'’\-]+(?:\s+(?:{_HON}|[A-Z][{_LETTER}'’\-]+)){{0,5}})"
    rf"(?:,[^\"“”]{{1,120}}?,)?\s+(?:also\s+|later\s+)?[a-z]{{3,}}(?:ed|s)\b"
)

# The complementizer that opens the reported clause nearest a partial quotation: `said she
# agreed with Carver that the board's ruling was based more on "hope than reason."`
THAT_RE = re.compile(r"\bthat\s+")

# A lone word that is never a speaker: `The team` cut to "The", `Some members … including:`,
# the web furniture "Story continues below advertisement".
NOT_SPEAKER_WORD: frozenset[str] = _words(
    "the a an some many one another this that these those story advertisement"
)
# A participle attribution that leaves the speaker to the sentence's subject: `He voiced his
# anger on Twitter, writing "It's unbelievable …"`, `…, adding: "…"`.
PARTICIPLE_LEAD_RE = re.compile(
    r",\s+(?P<verb>adding|saying|writing|telling\s+\w+|noting|explaining|tweeting)\b"
    r"[^\"“”.]{0,40}?[,:]?\s*\Z"
)

# Last words that show a "speaker" is a clause cut short: `Google declined to comment`.
NOT_SPEAKER_END: frozenset[str] = _words(
    "to that the a an of and has have had was were is are will would could can"
)

# A party-and-state tag set off after a US politician's name is not a speaker: "D-Mich.",
# "R-Ky".
PARTY_TAG_RE = re.compile(r"\A[DRI]-[A-Z][A-Za-z.]{1,5}\Z")

# Abbreviations whose final dot belongs to a speaker's name ("John Smith Jr."); any other
# final dot is the sentence's full stop (`," said Kharge.` → "Kharge").
ABBREVIATIONS: frozenset[str] = frozenset({"Jr", "Sr", "Co", "Inc", "Ltd", "Corp", "St"})

# An affiliation after a speaker's name: "Tim Guest with the Nova Scotia Health Authority",
# "Terry Chapman at the union" → the name alone ("of" stays: "Secretary of State …").
SPEAKER_AFFILIATION_RE = re.compile(r"(?<=[a-z])\s+(?:with|from|at)\s+\S.*\Z")

# A time phrase at the end of a speaker: "Kharge on Wednesday" → "Kharge".
SPEAKER_TIME_TAIL_RE = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
    r"|tonight|also|further|later|in\s+an?\s+\w+|in\s+a\s+statement|(?:was|were)\s+quoted\s+as)\Z",
    re.IGNORECASE,
)
