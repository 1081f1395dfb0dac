"""Word lists and regexes for entity canonicalisation and case restoration.

Kept apart from the logic so each list can be reviewed on its own; every entry has a comment
and a real example. General English only: no gazetteers of names.
"""

from __future__ import annotations

import re

# A word for case restoration, with an inner apostrophe: "COUNTRY'S" in MUC-3 DEV-0001.
CASE_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Sentence punctuation inside a gap between words: "... CLANDESTINE GROUPS. MEANWHILE".
SENTENCE_END = re.compile(r"[.!?]\s|--")

# Case restoration (tasks.enrich.truecase), all compared lower-case:
# Function words spaCy's STOP_WORDS lacks: "DESPITE THE CHANGE" (MUC-3 DEV-0002).
EXTRA_STOP_WORDS = frozenset({"despite", "amid", "amidst", "unlike", "whilst", "versus"})
# Words that open a noun phrase; a common noun right after one is lower-cased: "THE ARMY
# WOULD CONTINUE ITS OPERATIONS IN THE AREA" → "the army ... its operations ... the area".
DETERMINERS = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
     "these", "those", "each", "every", "any", "some", "no", "another", "same", "other"}
)  # fmt: skip
# Deictic time words are never part of a name: "PONCE TODAY SAID", "YESTERDAY MORNING".
TIME_WORDS = frozenset(
    {"today", "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night",
     "day", "days", "week", "weeks", "month", "months", "year", "years", "weekend", "hour",
     "hours", "minute", "minutes"}
)  # fmt: skip
# Month and weekday names keep their capital even after "last"/"this": "LAST MONDAY".
CALENDAR_WORDS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"}
)  # fmt: skip
# Labels that are numeric or temporal: never rows in the entities dataset.
NON_ENTITY_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
# Labels counted as places in StoryEntities.n_places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Honorifics before a name: "Mr. Kharge", "Dr Manmohan Singh". Compared lower-case, no dot.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "sheikh",
     "shri", "smt", "sri", "hon", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "adm", "gov",
     "sen", "rep", "pres", "supt", "insp", "fr", "st"}
)  # fmt: skip

# Role words that make a title: "Pakistan Prime Minister Imran Khan", "senior Congress
# leader Mallikarjun Kharge", "Chancellor Helmut Kohl", "coach Glenn Hoddle".
ROLE_WORDS = frozenset(
    {"president", "vice", "prime", "minister", "ministers", "chancellor", "premier", "king",
     "queen", "prince", "princess", "emperor", "pope", "cardinal", "bishop", "archbishop",
     "leader", "chief", "chairman", "chairwoman", "chairperson", "chair", "secretary",
     "general", "director", "spokesman", "spokeswoman", "spokesperson", "governor", "mayor",
     "senator", "congressman", "congresswoman", "ambassador", "envoy", "judge", "justice",
     "speaker", "deputy", "commander", "colonel", "captain", "lieutenant", "sergeant",
     "officer", "inspector", "superintendent", "admiral", "marshal", "coach", "manager",
     "striker", "midfielder", "defender", "goalkeeper", "president-elect", "ceo", "cfo",
     "founder", "head", "foreign", "finance", "defence", "defense", "interior", "home",
     "external", "affairs", "opposition", "mp", "mla", "lawmaker", "legislator", "analyst",
     "economist", "executive", "dictator", "rebel", "sultan", "emir", "ayatollah", "rabbi",
     "imam", "pastor", "father", "brother", "sister", "professor", "trainer", "skipper",
     "owner", "attorney", "prosecutor", "counsel", "lawyer", "dr.", "union", "state", "junior",
     "senior", "former", "acting", "then", "incumbent", "veteran", "party"}
)  # fmt: skip
# Role words that really mark a title (the others above only extend one): a title needs one.
ROLE_HEADS = ROLE_WORDS - {"vice", "prime", "general", "foreign", "finance", "defence",
                           "defense", "interior", "home", "external", "affairs", "union",
                           "state", "junior", "senior", "former", "acting", "then",
                           "incumbent", "veteran", "party", "head", "opposition"}  # fmt: skip
# Lower-case words that may sit inside a title phrase: "Leader of Opposition", "Minister for
# External Affairs", "Secretary of State".
TITLE_GLUE = frozenset({"of", "for", "and", "the", "in"})
# Lower-case words inside a name restored from upper case: "Bank of England", "San Luis de
# la Reina" keeps "of"/"de"; any other lower-case word in a name gets its capital back.
NAME_GLUE = TITLE_GLUE | {"on", "at", "de", "del", "y", "da", "di", "do", "dos", "van", "von",
                          "der", "den", "du", "des", "bin", "al"}  # fmt: skip

# Leading words CoNLL-style gold leaves out of ORG/GPE/LOC/NORP spans: "the European Union".
LEADING_DETERMINERS = frozenset({"the", "The", "THE"})
# What may join two halves of one name the model cut in two before its acronym:
# "Chennai Metropolitan Water Supply and Sewerage Board (CMWSSB)".
EXPANSION_JOINERS = frozenset({" and ", " & ", " of ", " for ", " on "})
# Possessive endings spaCy keeps inside a span: "Kharge's", "Bally 's" (CoNLL tokens), and a
# left quote typed for the apostrophe, "Donald Trump‘s" (modern Reuters copy).
POSSESSIVES = ("'s", "’s", "‘s", "'S", "’S", "‘S", "'", "’")
# Characters that never end an entity: "Article 35A." (spaCy keeps the full stop), "Trent
# Bridge :". A full stop after a one-letter or dotted abbreviation (U.S., Co.) is kept.
# "<" and ">" are left from escaped ticker brackets: "&lt;NTT&gt;" → "Corp>" (Reuters-21578).
TRAILING_PUNCT = ".,;:!?-–—\"'“”‘’([<>"
LEADING_PUNCT = ",;:!?-–—\"'“”‘’)]<>"
# Words that only glue two entities together when they end a span: "Article 370 of the
# Constitution and", "Seat and Porsche" is a different (split) case.
TRAILING_GLUE = frozenset({"and", "or", "of", "the", "in", "at", "for", "to", "v", "vs"})
# Generational suffixes after a surname: "Donald Trump Jr." is introduced as "Trump".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Abbreviations whose full stop belongs to the name: "Sony Corp.", "Walt Disney Co.".
KEEP_DOT = frozenset({"corp", "co", "inc", "ltd", "jr", "sr", "bros", "st", "plc", "mt", "ft"})
# A span that is only a number / score / code is noise: "62 67 .481 12", "+17" (CoNLL tables).
NUMERIC_WORD = re.compile(r"^[+\-]?[\d.,/:%-]+$")
# Entity-internal separators in tables and headlines: "Gloria Bistrita - Ilie Lazar".
SPLIT_DASH = " - "
# Initial-plus-surname is a person in scorecards: "M. Vaughan", "D.A. Weibring".
INITIAL_SURNAME = re.compile(r"^(?:[A-Z]\.){1,3}(?:-[A-Z]\.)? ?[A-Z][a-zA-Z'\-]+$")
# An acronym in parentheses right after its expansion: "Cooperation (OIC)", "Ministers (CFM)".
PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&.]{1,9})\)?")
# Ordinals glued to a name in results lists: "Klinsmann 44th", "Vurens 3rd".
ORDINAL_WORD = re.compile(r"^\d+(?:st|nd|rd|th)$")
# Words that join two separate entities inside one model span: "Partizan v Olympiakos".
SPLIT_WORDS = frozenset({"v", "vs", "vs."})
# Sports score line: a team then its score then the next team, "Aston Villa 2 Derby 1";
# tested on the few characters after a span.
SCORE_NEXT = re.compile(r"[ \t]+\d{1,3}[ \t]+\(?[A-Z]")
# ... and on the characters before the second team: "Aston Villa 2 Derby".
SCORE_PREV = re.compile(r"[A-Za-z.)][ \t]+\d{1,3}[ \t]+$")
# A standings row: a name then three or more number columns, "CINCINNATI 60 70 .462 11".
STANDINGS_NEXT = re.compile(r"(?:[ \t]+[-+]?\d*\.?\d+){3,}[ \t]*(?:\n|$)")
# "the town of Suchitoto": the name after a place noun + "of" is a place (GPE), whatever
# the model says (it often calls an unknown one-word name a PERSON); tested on the ~30
# characters before a span.
PLACE_OF_PREV = re.compile(
    r"\b(?:town|city|village|province|department|municipality|district|county|region|"
    r"island|port|capital|state|hamlet|canton)\s+of\s+$",
    re.IGNORECASE,
)
# A fixture: "Notts County v York".
FIXTURE_PREV = re.compile(r"\sv\.? $")
FIXTURE_NEXT = re.compile(r" v\.?\s")
# Title words after which the next words are a person's name and stay capitalised (case
# restoration): "COLONEL RENE EMILIO PONCE", "PRESIDENT ALFREDO CRISTIANI", "MAJOR RENE".
# Vaguer role heads ("leader", "rebel", "officer") are left out: "THE REBEL ARMY".
NAME_TITLES = HONORIFICS | {
    "president", "vice", "general", "major", "colonel", "captain", "lieutenant", "sergeant",
    "commander", "admiral", "marshal", "minister", "chancellor", "premier", "king", "queen",
    "prince", "princess", "pope", "cardinal", "bishop", "archbishop", "senator", "governor",
    "mayor", "ambassador", "judge", "deputy", "chairman", "secretary", "inspector",
    "superintendent", "congressman", "ayatollah", "emir", "sultan", "rabbi", "imam",
    "pastor", "father", "professor", "coach", "spokesman", "president-elect",
}  # fmt: skip

# Corpus-level identity (tasks.enrich.catalog, tasks.enrich.variants):
# A dotted acronym, "U.S.", "U.N.", "U.S.A.": folded to its letters ("US") before lookup.
DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,4}$")
# A word that may open a name in lower case: "de Klerk", "al-Assad", "van Gogh", "bin Salman".
LOWER_NAME_OPENERS = NAME_GLUE | {"el", "la", "le", "ibn"}
# A lower-case start followed by a capital is a brand, not a sentence fragment: "eBay", "iPhone".
CAMEL_BRAND = re.compile(r"^[a-z]{1,2}[A-Z]")
# Demonyms / group names written as plurals that fold to one NORP entity: "Republicans" →
# "Republican", "Indians" → "Indian", "Sikhs" → "Sikh"; "Swiss", "Chinese" have no plural -s.
NORP_PLURAL = re.compile(r"^(?P<stem>[A-Z][\w-]*[^s\W])s$")
# More words than any real name: a run-on span the model glued across a headline.
MAX_NAME_WORDS = 10

# Sports result tables (tasks.enrich.tables): team names the model leaves untagged because a
# line of names and numbers is no sentence. A team name: capitalised words, with "of", "de",
# "'s", "St", "&", dots and hyphens inside ("Queen of South", "Queen 's Park", "St Johnstone").
_TEAM = r"[A-Z][\w.&'’-]*(?: (?:of|de|del|la|'s|’s|[A-Z0-9][\w.&'’-]*))*?"
# A score line: "Hull 0 Barnet 0", "TEXAS 5 Cleveland 3", "Saracens 25 Leicester 23".
SCORE_LINE = re.compile(rf"^(?P<a>{_TEAM}) \d{{1,3}} (?P<b>{_TEAM}) \d{{1,3}}(?: \(.*\))?[ .]*$")
# A standings row: a name, then three or more small-number columns, "Brentford 4 3 1 0 9 3
# 10", "NEW YORK 72 60 .545 -"; finance rows ("Net 650 million ...", "1,234") do not match.
STANDINGS_LINE = re.compile(rf"^(?P<a>{_TEAM})(?: (?:\d{{1,3}}|\.\d{{3}}|-|\d+ 1/2)){{3,}} *$")
# A fixture or schedule line: "KANSAS CITY AT DETROIT", "Notts County v York".
FIXTURE_LINE = re.compile(rf"^(?P<a>{_TEAM}) (?:at|AT|v|vs\.?) (?P<b>{_TEAM})[ .]*$")
# A cricket innings total: "Gloucestershire 183 and 185-6", "Hampshire 232 and 109-5".
INNINGS = re.compile(rf"(?:^|: |, )(?P<a>{_TEAM}) \d{{1,3}}(?: and \d{{1,3}}(?:-\d{{1,2}})?)")
# What follows the label of a results row, "Revs 25.1 mln vs 23.2 mln", "Avg shrs 3.1 mln vs
# 2.9 mln" (Reuters earnings copy): up to two more label words, a figure, a unit, then "vs".
# The label is not a name (the model calls "Revs" and "Avg" people).
ROW_LABEL_NEXT = re.compile(
    r"(?:[ \t]+[A-Za-z.]+){0,2}[ \t]+[-+]?[\d.,]+[ \t]*(?:mln|billion|bln|dlrs|cts|pct|%)?"
    r"[ \t]+vs\b",
    re.IGNORECASE,
)

# --- speakers (tasks.enrich.speakers) --------------------------------------------------------

# Pronouns that tell a person's gender, read after their name as a subject: "Darian Lonechild
# … She said", "Traeger … his union". Used only to pick which named subject a pronoun means.
GENDERED_PRONOUN = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.I)
# A name's verb of speech, then a pronoun: the pronoun is the speaker's own, "Wojtaszek said
# she agreed", "Lohmar says he" (matched right after the name).
SAID_PRONOUN = re.compile(r"\s+(?:said|says|told\s+\w+|added|argued)\s+(?:that\s+)?(?:he|she)\b")
# Honorifics that tell gender: "Mr. Trudeau", "Ms. Raitt".
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "father", "king", "prince", "sheikh", "shri"})
FEMALE_HONORIFICS = frozenset(
    {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "smt", "madam"}
)
# Speakers that are pronouns: `"…," she said.`, `"…," they said.`
PERSON_PRONOUNS = {"he": "m", "she": "f"}
GROUP_PRONOUNS = frozenset({"they", "it"})
# Determiners of a role phrase: "the company", "the Congress leader", "The prime minister".
DEFINITE = frozenset({"the", "this", "that"})
# Nouns that make a role phrase an organisation: "the company" → the last ORG named before.
ORG_NOUNS = frozenset(
    {"company", "firm", "corporation", "business", "automaker", "carmaker", "retailer",
     "agency", "ministry", "department", "government", "commission", "union", "police",
     "board", "council", "city", "club", "team", "group", "office", "party", "committee",
     "bank", "airline", "university", "school", "hospital", "organization", "organisation",
     "association", "network", "league", "startup", "brand", "service", "province", "court"}
)  # fmt: skip
# Of those, the ones that mean the organisation last named even when its name lacks the
# noun: "the company" after "Google", "the team" after "the Raptors" (not "the commission").
ORG_FALLBACK_NOUNS = frozenset(
    {"company", "firm", "corporation", "business", "automaker", "carmaker", "retailer",
     "team", "club", "startup", "brand", "airline", "network", "league"}
)  # fmt: skip
# Of those, the ones a sports team is called by: "the team" means the Raptors, not the
# broadcaster named after them.
TEAM_NOUNS = frozenset({"team", "club", "squad", "franchise"})
# Nouns that make a role phrase a thing, never a person: "the memo", "the report".
THING_NOUNS = frozenset(
    {"memo", "report", "statement", "study", "letter", "document", "release", "email",
     "website", "post", "tweet", "survey", "complaint", "lawsuit", "filing", "ruling",
     "decision", "order", "bill", "law", "video", "note", "sign", "message", "poll", "article",
     "book", "paper", "data", "proposal", "plan", "policy", "sheet", "notice", "site", "app"}
)  # fmt: skip
# A possessive before a document names its issuer: "his statement" (he), "their report"
# (the organisation last named), "its filing".
POSSESSIVE_PRONOUNS = {"his": "m", "her": "f", "their": None, "its": None}
# What joins a document to its author after it: "a report by the Fraser Institute", "a
# statement from the RCMP", "the lawsuit filed by …" (searched between the noun and the name).
AUTHOR_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?\Z|\b(?:by|from)\b", re.I)
# Words before a name that make it an object, not who later pronouns mean: "a letter to
# Fleming", "talks with Trudeau".
PREPOSITIONS = frozenset(
    {"to", "with", "by", "of", "for", "from", "at", "about", "against", "on", "toward",
     "towards", "like", "than", "into", "between"}
)  # fmt: skip
# A verb right after a name (maybe after an appositive) makes it a subject: "Traeger said",
# "McCallum expressed serious concern", "Mike McFadden also rejoiced", "Howell, who has two
# children in the school, says".
VERB_AFTER_NAME = re.compile(
    r"(?:,[^,.;\"“”]{1,80},)?\s+(?:also\s+|later\s+|then\s+|has\s+|had\s+|was\s+|is\s+)?"
    r"(?:said|says|told|tells|wrote|writes|[a-z]{3,}ed|[a-z]{3,}s)\b(?!\s+(?:of|by|for)\b)"
)
# A speech verb right before a name: `," said Jeff Traeger`.
SPEECH_BEFORE_NAME = re.compile(r"\b(?:said|says|added|wrote)\s+\Z")
# Where a sentence or line ends, to find the words before a name in its own sentence.
SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\n")
# A speaker written as a person's name: one to three capitalised words, "Dr." allowed
# ("Wojtaszek", "Dr. Allan Garland"); not a pronoun, determiner or organisation-like word.
PROPER_NAME = re.compile(
    r"\A(?:(?:Mr|Mrs|Ms|Dr|Prof)\.\s+)?(?!(?:The|A|An|He|She|They|It|We|I|This|That|Some)\b)"
    r"[A-Z][a-z][A-Za-z'’\-]*(?:\s+[A-Z][A-Za-z'’\-]+){0,2}\Z"
)
# Tables of figures (tasks.enrich.segments): lines the NER model is not run on.
# A number as written in a results table: "3,400,000", "1.20", "(1.5)", "$2.30", "12.5%".
FIGURE_NUMBER = re.compile(r"^[(\-+$]*\d[\d,.]*%?\)?[.,;:]?$")
# The column separator of an earnings table: "Shr 1.20 dlrs vs 1.10 dlrs" (Reuters-21578).
FIGURE_VS = frozenset({"vs", "vs.", "versus"})
# Capitalised words a table line may carry besides numbers (compared lower-case); any other
# capitalised word may be a name, so the line goes to the model. Examples, all Reuters-21578:
# "Shr 1.20 dlrs vs 1.10 dlrs", "Net 3,400,000 vs 2,900,000", "Revs 5.1 mln vs 3.7 mln",
# "Avg shrs 6,037,640 vs 4,937,378", "Qtly div 18 cts vs 18 cts prior",
# "Oper net loss 178,000 vs profit 4,165,000", "Nine mths Shr 2.10 dlrs vs 1.95 dlrs",
# "NOTE: Net excludes ... 50 cts a share vs a loss of 720,000 dlrs".
FIGURE_LABELS = frozenset(
    {"shr", "shrs", "net", "revs", "revenues", "revenue", "sales", "avg", "qtr", "qtly", "qtrly",
     "oper", "div", "dividend", "loss", "profit", "income", "earnings", "pretax", "gross",
     "primary", "diluted", "fully", "note", "notes", "year", "yr", "nine", "six", "three",
     "four", "first", "second", "third", "fourth", "mths", "months", "qtrs", "total", "assets",
     "deposits", "loans", "turnover", "operating", "extraordinary", "tax", "per", "share",
     "shares", "dlrs", "cts", "mln", "billion", "vs", "vs.", "versus", "prior", "backlog",
     "orders", "cash", "interest", "consolidated", "attributable", "a", "the", "of", "and",
     "or", "from", "to", "on", "in", "for", "one", "two", "five", "seven", "eight", "ten",
     "ct", "pct"}
)  # fmt: skip
# A table line is short: a sentence this long with a "vs" in it is prose.
FIGURE_MAX_WORDS = 40
# A `;` that separates cells: a cell follows it at once, "Baltimore;23;13;.639;_;_;8-2"
# (AP ANPA agate standings), "Colombo;77;87;pc;0.00" (AP weather table), ";W;L;Pct" (header).
# Prose puts a space after a semicolon ("rose 5 pct; profits fell").
CELL_SEMICOLON = re.compile(r";(?=\S)")
# Words in a table cell at most ("Hong Kong", "Bor. Mönchengladbach", "2:1 (1:0)"); a
# "cell" of a sentence is longer: "Roddick#39;s win over Federer#39;s …" (AG News entities).
CELL_MAX_WORDS = 4
# A tab between two cells, "Baltimore\t23\t13" (a tab-separated table); an indent is no cell.
CELL_TAB = re.compile(r"\S[ ]*\t+[ ]*\S")
# Characters a name never holds: cell separators of a table row ("Baltimore;23;13").
TABLE_SEPARATORS = frozenset(";\t|")

# --- what a PERSON span names (tasks.enrich.identity) ----------------------------------------

# Last words that make a name a company's, never a person's: "Twitter Inc", "Reliance
# Industries Ltd", "Walt Disney Co." (compared lower-case, full stop stripped).
COMPANY_SUFFIXES = frozenset(
    {"inc", "corp", "corporation", "ltd", "llc", "plc", "co", "gmbh", "ag", "sa", "nv", "bv",
     "spa", "limited", "incorporated", "holdings", "group", "pvt", "llp", "lp", "kk"}
)  # fmt: skip
# Last words of an institution's name, never a person's: "Trump Organization", "Clinton
# Foundation", "Obama Administration", "Rashtriya Janata Party", "Deutsche Bank".
INSTITUTION_HEADS = frozenset(
    {"organization", "organisation", "foundation", "administration", "institute", "university",
     "party", "council", "committee", "ministry", "department", "agency", "commission",
     "association", "federation", "league", "bank", "fund", "campaign", "trust", "society"}
)  # fmt: skip
# Social platforms the model reads as a person when a party or a name comes before them:
# "Rashtriya Janata Dal Twitter" (the party's Twitter handle), "Trump Twitter".
PLATFORMS = frozenset(
    {"Twitter", "Facebook", "Instagram", "YouTube", "WhatsApp", "TikTok", "LinkedIn",
     "Snapchat", "Telegram", "Reddit", "WeChat", "Weibo", "Koo", "Threads", "Bluesky"}
)  # fmt: skip
# A team in agate and sports copy: a city's dotted initials, then a plural nickname,
# "N.Y. Yankees", "L.A. Angels", "N.J. Devils", "K.C. Royals".
TEAM_INITIALS = re.compile(r"^(?P<initials>(?:[A-Z]\.){2})\s?[A-Z][a-z]+[^s\W]s$")
# The initials AP agate writes for team cities (dots removed): New York, Los Angeles, Kansas
# City, San Francisco, Tampa Bay, New Jersey, Washington D.C., San Diego. A person's
# initials ("C.A. Thomas", "A.W. Clements") are none of these.
TEAM_CITY_INITIALS = frozenset({"NY", "LA", "KC", "SF", "TB", "NJ", "DC", "SD"})
# A plural nickname, the last word of a team's full name: "Rams" in "Los Angeles Rams",
# "Yankees"; not "Jones"-like names ending in "ss" or shorter than four letters.
PLURAL_NICKNAME = re.compile(r"^[A-Z][a-z]+[^s\W]s$")
# A coinage on "exit" names an event, never a person: "Brexit", "Grexit", "Megxit".
EXIT_COINAGE = re.compile(r"^[A-Z][a-z]*xit$")
# Capitalised function words that open a sentence and never continue a name: a span that
# reaches one after a word with a full stop ran into the next sentence ("Trump Jr. Had").
SENTENCE_OPENERS = frozenset(
    {"a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its",
     "their", "our", "this", "that", "these", "those", "there", "here", "had", "has", "have",
     "was", "were", "is", "are", "will", "would", "could", "should", "can", "may", "might",
     "did", "does", "do", "but", "and", "or", "so", "yet", "in", "on", "at", "after",
     "before", "when", "while", "if", "as", "since", "though", "although", "because", "said",
     "says", "also", "then", "not", "no", "what", "who", "which", "how", "why", "for", "to"}
)  # fmt: skip
