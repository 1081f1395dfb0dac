"""Quotation and attribution patterns: quote marks, speech verbs, who-said-it forms.

Split from `tasks.parse.patterns` (which keeps datelines, bylines, headlines and trailers);
the same rule holds: every pattern has a comment and a real example.
"""

from __future__ import annotations

import re

from tasks.parse.patterns import (
    LETTER,
    SPEECH_VERBS,
    word_set,
)

# --- quotations --------------------------------------------------------------------------

# A double quote mark, straight or curly: "Imran Khan is ...", “We have failed ...”. Whether a
# straight mark opens or closes is decided by its neighbours (see tasks/parse/quotes.py).
QUOTE_MARK_RE = re.compile(r"[\"“”]")

# Characters after which a straight quote mark opens a quotation: ` "`, `("`, `—"`.
QUOTE_OPENERS = frozenset(" \t([{—–-/:")

_VERB = "|".join(SPEECH_VERBS)
# Honorifics whose dot is not a sentence end: "Dr. Matthew Bowes", "Rep. Jim McGovern".
_HON = r"(?:Mr|Mrs|Ms|Dr|Prof|Rep|Sen|Gov|Rev|Gen|Lt|Col|Capt|Sgt|Insp|Supt|Hon|St|Jr|Sr)\."
_WORD = rf"(?:{_HON}|(?!{_HON})[{LETTER}0-9][{LETTER}0-9.'’\-]*)"
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
    rf"(?:\A|[.!?]\s+)(?P<speaker>[A-Z][{LETTER}.'’\-]*(?:\s+{_WORD}){{0,4}}):\s*\Z"
)
# A colon lead-in whose sentence opens with a name: `Martell, the addictions doctor on Nova
# Scotia's South Shore, is more blunt: "…"` → "Martell".
COLON_SUBJECT_RE = re.compile(
    rf"\A(?P<speaker>[A-Z][{LETTER}'’\-]+(?:\s+[A-Z][{LETTER}'’\-]+){{0,3}})[,\s][^\"“”]*:\s*\Z"
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
    rf"{_ADV}{{0,2}}(?P<verb>{_REPORTING})\b(?:\s+(?:reporters|[A-Z][{LETTER}]+"
    rf"(?:\s+[A-Z][{LETTER}]+){{0,2}}))?(?:\s+that)?\s+(?P<clause>\S.*)\Z"
)
# Reported speech, attribution last: `Accessibility is a major problem, Howell said.`,
# `… at the school, said Sarah Buckley.`
REPORTED_LAST_RE = re.compile(
    rf"\A(?P<clause>.+?),\s+(?:(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})\s+{_ADV}{{0,2}}"
    rf"(?P<verb>{_REPORTING})|(?P<verb2>said|says)\s+"
    rf"(?P<speaker2>(?:[A-Z][{LETTER}.'’\-]*\s+){{0,4}}?[A-Z][{LETTER}'’\-]+))[.!]?\Z"
)
# A speech verb in the sentence before a partial quotation: `The prime minister said he was
# "deeply concerned" about …` → the reported clause after "said" carries the quote.
CLAUSE_VERB_RE = re.compile(
    rf"(?:\A|,\s+|\s(?:but|and|when|as|while|after|because|since|if)\s+)(?P<speaker>(?:{_WORD}\s+){{0,5}}?{_WORD})(?:,\s+[^;\"“”]{{1,140}}?,)?\s+"
    rf"{_ADV}{{0,2}}"
    rf"(?P<verb>{_REPORTING})\b(?:\s+(?:reporters|[A-Z][{LETTER}]+(?:\s+News)?))?(?:\s+that)?\s+"
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
NAME_ABBREVIATIONS: frozenset[str] = word_set(
    "mr mrs ms dr prof rep sen gov rev gen lt col capt sgt insp supt hon st jr sr no vs mt ft"
)
# Leading words that show the "speaker" is really a clause or an adverbial: `" and police
# said`, `," said in a brief written reply` (no speaker: the speaker is elsewhere).
NOT_SPEAKER_START: frozenset[str] = word_set(
    "and but that which who when while as if because so or than to in on at after before "
    "during from with by for this these those there here it's what how where why yet then "
    "not no nor also just"
)

# A sentence opening with a name and a verb, maybe after a short lead-in and with an
# appositive: `On Tuesday, Donald Tusk, the president of the European Council, urged Britain
# "to clarify …"` → "Donald Tusk".
SUBJECT_NAME_RE = re.compile(
    rf"\A(?:[^\"“”]{{1,60}}?,\s+)?(?P<speaker>(?:{_HON}\s+)?[A-Z][{LETTER}'’\-]+(?:\s+(?:{_HON}|[A-Z][{LETTER}'’\-]+)){{0,5}})"
    rf"(?:,[^\"“”]{{1,120}}?,)?\s+(?:also\s+|later\s+)?[a-z]{{3,}}(?:ed|s)\b"
)

# The complementizer that opens the reported clause nearest a partial quotation: `said she
# agreed with Carver that the board's ruling was based more on "hope than reason."`
THAT_RE = re.compile(r"\bthat\s+")

# A lone word that is never a speaker: `The team` cut to "The", `Some members … including:`,
# the web furniture "Story continues below advertisement".
NOT_SPEAKER_WORD: frozenset[str] = word_set(
    "the a an some many one another this that these those story advertisement"
)
# A participle attribution that leaves the speaker to the sentence's subject: `He voiced his
# anger on Twitter, writing "It's unbelievable …"`, `…, adding: "…"`.
PARTICIPLE_LEAD_RE = re.compile(
    r",\s+(?P<verb>adding|saying|writing|telling\s+\w+|noting|explaining|tweeting)\b"
    r"[^\"“”.]{0,40}?[,:]?\s*\Z"
)

# Last words that show a "speaker" is a clause cut short: `Google declined to comment`.
NOT_SPEAKER_END: frozenset[str] = word_set(
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
