"""Quotation and attribution patterns: quote marks, speech verbs, who-said-it forms.

Split from `tasks.parse.patterns` (which keeps datelines, bylines, headlines and trailers);
the same rule holds: every pattern has a comment and a real example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.parse.patterns import (
    LETTER,
    SPEECH_VERBS,
    word_set,
)

# --- quotations --------------------------------------------------------------------------

# A quotation mark of any language we read: straight or curly English ("Imran Khan is ...",
# “We have failed ...”), German „Wir schaffen das“ (Polish, Romanian „…”), guillemets
# « Nous partons » (French, Italian, Spanish) and »Det er slut« (Danish, German books), Swedish
# and Finnish ”Det är bra”, CJK 「…」 and 『…』. Which open and which close: `CLOSERS` and
# tasks/parse/quotes.py (a straight mark by its neighbours).
QUOTE_MARKS = '"“”„«»「」『』'
QUOTE_MARK_RE = re.compile(f"[{QUOTE_MARKS}]")
# What closes a quotation each mark opened: “…” or “…"; „…“ or „…”; «…»; »…«; ”…” (Swedish).
CLOSERS: dict[str, str] = {
    '"': '"”',
    "“": '”"',
    "„": '“”"',
    "«": "»",
    "»": "«",
    "「": "」",
    "『": "』",
    "”": "”",
}
# Languages that open a quotation with ” as well as close it: `”Det är bra”, sade han.`
SAME_MARK_LANGUAGES = frozenset({"sv", "fi"})

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


# --- attribution in other languages -------------------------------------------------------
# The languages whose attribution verbs we read; other languages get quotes without speakers.
# English also reads stories whose language is undetermined (`und`): its patterns need an
# English speech verb, so they cannot fire on another language.
ENGLISH_PATTERN_LANGUAGES = frozenset({"en", "und"})
# A word of a speaker in a language with accents, apostrophes and hyphens: "l'Intérieur",
# "Jean-Luc", "Mélenchon", "Müller".
_W = r"[^\W\d_][\w'’.\-]*"


def _verbs(text: str) -> str:
    return "|".join(sorted(text.split(), key=len, reverse=True))


# French speech verbs, past participle (after "a"/"avait": `a déclaré`) and present (`déclare`).
_FR_VERBS = _verbs(
    "déclaré déclare dit affirmé affirme ajouté ajoute expliqué explique souligné souligne "
    "estimé estime indiqué indique précisé précise assuré assure lancé lance confié confie "
    "poursuivi poursuit insisté insiste résumé résume raconté raconte noté note observé "
    "observe averti avertit déploré déplore dénoncé dénonce rappelé rappelle reconnu reconnaît "
    "martelé martèle répondu répond commenté commente annoncé annonce écrit jugé juge conclu "
    "conclut regretté regrette prévenu prévient promis promet ironisé ironise réagi réagit "
    "tranché tranche argué argumente plaidé plaide soutenu soutient interrogé demandé demande "
    "témoigné témoigne"
)
# Where a French speaker ends: punctuation, or a word that starts what follows it: `a déclaré
# Emmanuel Macron lors d'une conférence` → "Emmanuel Macron".
_FR_STOP = (
    r"(?=\s*(?:[.,;:!?()«»\"“”]|\Z)|\s+(?:lors|dans|devant|à|au|aux|sur|en|pendant|après|avant|"
    r"hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|auprès|mais|et|qui|dont|ce|cette)\b)"
)
_FR_SPEAKER = rf"(?P<speaker>(?:{_W}\s+){{0,7}}?{_W}){_FR_STOP}"
# German speech verbs: `sagte`, `erklärte`, `betonte`, present and past, singular and plural.
_DE_VERBS = _verbs(
    "sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten meinte meint "
    "warnte warnt kritisierte kritisiert schrieb schreibt ergänzte ergänzt räumte unterstrich "
    "unterstreicht bekräftigte forderte fordert mahnte mahnt sprach versicherte versichert "
    "berichtete berichtet antwortete antwortet"
)
_DE_STOP = (
    r"(?=\s*(?:[.,;:!?()„“”»«\"]|\Z)|\s+(?:am|im|in|bei|auf|vor|nach|gegenüber|zu|zur|zum|"
    r"laut|und|aber|der\s+Deutschen|dem|den|heute|gestern|mit)\b)"
)
_DE_SPEAKER = rf"(?P<speaker>(?:{_W}\s+){{0,7}}?{_W}){_DE_STOP}"


@dataclass(frozen=True)
class AttributionPatterns:
    """One language's attribution forms: after a closing mark (`after`, matched at its start)
    and leading into an opening mark (`before`, searched at the end of the text before it)."""

    after: tuple[re.Pattern[str], ...]
    before: tuple[re.Pattern[str], ...]


FOREIGN_ATTRIBUTION: dict[str, AttributionPatterns] = {
    "fr": AttributionPatterns(
        after=(
            # inverted pronoun: `», a-t-il déclaré.`, `», ont-elles ajouté`, `», estime-t-elle.`
            re.compile(
                rf"\A\s*,?\s*(?:(?:a|ont|avait|avaient)-t?-?(?P<speaker>il|elle|ils|elles|on)"
                rf"\s+(?P<verb>{_FR_VERBS})|(?P<verb2>{_FR_VERBS})-t?-?(?P<speaker2>il|elle|ils|elles|on))\b"
            ),
            # verb then speaker: `», a déclaré le président Emmanuel Macron.`, `», dit Mme Dupont.`
            re.compile(
                rf"\A\s*,?\s*(?:a\s+|avait\s+|ont\s+)?(?P<verb>{_FR_VERBS})\s+{_FR_SPEAKER}"
            ),
            # `», selon le ministère.`, `», d'après Jean Dupont.`
            re.compile(rf"\A\s*,?\s*(?P<verb>selon|d['’]après)\s+{_FR_SPEAKER}"),
        ),
        before=(
            # `Le ministre a déclaré : « …`, `Jean Dupont affirme : « …`, `… a-t-il dit : « …`
            re.compile(
                rf"(?:\A|[.;!?]\s+)(?P<speaker>(?:{_W}\s+){{0,6}}?{_W})\s+(?:a\s+|avait\s+)?"
                rf"(?P<verb>{_FR_VERBS})(?:\s+(?:que|à\s+\S+))?\s*:?\s*\Z"
            ),
            # `Selon le ministre, « …`
            re.compile(
                r"(?:\A|[.;!?]\s+)(?P<verb>Selon|D['’]après)\s+(?P<speaker>[^,«»]{2,80}),\s*\Z"
            ),
            # a name and a colon: `Emmanuel Macron : « …`
            re.compile(
                rf"(?:\A|[.!?]\s+)(?P<speaker>[A-ZÀ-Ý][\w'’\-]*(?:\s+{_W}){{0,4}})\s*:\s*\Z"
            ),
        ),
    ),
    "de": AttributionPatterns(
        after=(
            # `“, sagte er.`, `“, sagte Scholz am Montag.`, `“, erklärte die Ministerin.`
            re.compile(rf"\A\s*,?\s*(?P<verb>{_DE_VERBS})\s+{_DE_SPEAKER}"),
            # `“, so Scholz.`, `“, so die Polizei.`
            re.compile(rf"\A\s*,?\s*(?P<verb>so)\s+{_DE_SPEAKER}"),
        ),
        before=(
            # `Scholz sagte: „…`, `Die Ministerin erklärte am Montag: „…`
            re.compile(
                rf"(?:\A|[.;!?]\s+)(?P<speaker>(?:{_W}\s+){{0,6}}?{_W})\s+(?P<verb>{_DE_VERBS})"
                rf"(?:\s+[\w.]+){{0,4}}?\s*:\s*\Z"
            ),
            # a name and a colon: `Scholz: „…`
            re.compile(rf"(?:\A|[.!?]\s+)(?P<speaker>[A-ZÄÖÜ][\w'’\-]*(?:\s+{_W}){{0,4}}):\s*\Z"),
        ),
    ),
}
