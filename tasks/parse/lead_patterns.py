"""Regexes for what stands at the head of a story before its text: datelines of other scripts
and shapes, hedged places, correction notes, service lines and item metadata. Each with a
real example (or the shape agencies document); bounded quantifiers only, applied to the first
few hundred characters.
"""

from __future__ import annotations

import re

from tasks.parse.patterns import ANY_LETTER, COMMA

# A hedged dateline place, the hedge in any agency language. Proximity hedges keep the place
# ("NEAR KHERSON, Ukraine (AP) —" → Kherson; "Près de Kherson (AFP) -", "Cerca de Kiev
# (EFE).-", "Nahe Bachmut (dpa) -", "قرب حلب (أ ف ب) -", "Под Киевом"); vague ones name no city
# ("Somewhere in Ukraine (AFP) -" → the country only; "Aboard Air Force One (Reuters) -";
# "Said to be in Tehran"; "Quelque part en Ukraine (AFP) -").
HEDGE_NEAR_RE = re.compile(
    r"\A(?i:near|outside|close\s+to|on\s+the\s+outskirts\s+of|outskirts\s+of|bei|nahe|nahe\s+bei"
    r"|in\s+der\s+nähe\s+von|außerhalb\s+von|vor|près\s+de|aux\s+environs\s+de|non\s+loin\s+de"
    r"|dans\s+les\s+environs\s+de|cerca\s+de|en\s+las\s+afueras\s+de|a\s+las\s+afueras\s+de"
    r"|vicino\s+a|nei\s+pressi\s+di|alle\s+porte\s+di|perto\s+de|nos\s+arredores\s+de|nabij"
    r"|bij|nära|utanför|utenfor|nær|ved|uden\s+for|lähellä|под|близ|недалеко\s+от|возле"
    r"|قرب|بالقرب\s+من|ضواحي|في\s+ضواحي)\s+"
)
HEDGE_VAGUE_RE = re.compile(
    r"\A(?i:somewhere\s+(?:in|on|near|along)|aboard|on\s+board|en\s+route\s+to|in\s+transit"
    r"|undisclosed\s+location\s+in|an\s+undisclosed\s+location|said\s+to\s+be(?:\s+in)?"
    r"|reportedly(?:\s+in)?|believed\s+to\s+be(?:\s+in)?|presumably(?:\s+in)?"
    r"|irgendwo\s+(?:in|im)|an\s+bord|vermutlich(?:\s+in)?|angeblich(?:\s+in)?"
    r"|quelque\s+part\s+(?:en|au|dans|à)|à\s+bord\s+(?:de|du)|en\s+algún\s+lugar\s+de|a\s+bordo"
    r"|da\s+qualche\s+parte\s+(?:in|nel)|em\s+algum\s+lugar\s+(?:de|em|no|na)|ergens\s+in"
    r"|någonstans\s+i|et\s+sted\s+i|et\s+sted\s+på|где-то\s+в|في\s+مكان\s+ما\s+في)(?:\s+|\Z)"
)

# A multi-city dateline whose first cities carry a state or country of their own, Reuters
# style: "WEST PALM BEACH, Fla./WASHINGTON (Reuters) -", "KING OF PRUSSIA,
# Pennsylvania/WASHINGTON (Reuters) -", "SAN FRANCISCO/NEW YORK (Reuters) -" is the plain
# dateline's. Each part is "CITY[, Region]"; split in tasks.parse.dateline.
_PART = (
    rf"[{ANY_LETTER}][{ANY_LETTER}.'’\- ]{{0,35}}?"
    rf"(?:{COMMA}\s*[{ANY_LETTER}][{ANY_LETTER}. ]{{0,25}}?)?"
)
# The first cities and the slash after each: the last city, its date and its credit are read
# by the ordinary grammar (tasks.parse.patterns.DATELINE_RE) from where this ends.
MULTI_CITY_RE = re.compile(rf"\A[\s*]*(?P<parts>(?:{_PART}\s*/\s*){{1,4}})")
# One part of it: "WEST PALM BEACH, Fla." → city, region.
CITY_REGION_RE = re.compile(rf"\A\s*(?P<city>[^,،]+?)\s*(?:{COMMA}\s*(?P<region>.+?))?\s*\Z")

# A Chinese or Japanese dateline: the credit, the city, the date, "电"/"讯" ("dispatch"), an
# optional reporter's credit: "新华社北京3月5日电（记者张三）", "中新社北京3月5日电 (记者 李四)",
# "（法新社巴黎5日电）", "路透北京3月5日 - ", "【ワシントン共同】".
CJK_DATELINE_RE = re.compile(
    r"\A\s*[（(]?(?P<credit>新华社|新華社|中新社|法新社|路透社?|美联社|共同社|德新社|埃菲社|安莎社"
    r"|韩联社|韓聯社|塔斯社|中央社|彭博社?|朝中社)\s*(?P<city>[\u4e00-\u9fff]{1,8}?)\s*"
    r"(?:(?P<mon>\d{1,2})月)?(?P<day>\d{1,2})日(?:电|電|讯|訊)?"
    r"\s*(?:[（(][^（）()\n]{0,40}[）)])?\s*[）)]?\s*(?:[-—–:：]\s*)?"
    r"|\A\s*【(?P<jcity>[\u3040-\u30ff\u4e00-\u9fff]{1,10}?)(?P<jcredit>共同|時事)】\s*"
)

# An agency credit after the dateline's separator, RIA Novosti style: "МОСКВА, 5 мар —
# РИА Новости. Текст ..." (checked against the agency table before it is taken).
TRAILING_CREDIT_RE = re.compile(
    rf"\A\s*(?P<credit>[{ANY_LETTER}][{ANY_LETTER} .\-]{{1,25}}?)[.,]\s+"
)

# A correction, refile or repeat note before the dateline, Reuters style: "(This version of
# the Nov. 2 story corrects paragraph 7 to show ...)", "(Refiles to add dropped word in
# headline)", "(Corrects paragraph 7 ...)", "(Updates with comments)", "(Repeats story
# first published on Friday)", "(Adds details, quotes)"; dpa's "(Berichtigung: Uhrzeit
# korrigiert)" and "(Korrektur: ...)", AFP's "(Corrige ...)" / "(CORRECTION ...)". `kind`
# says which: correction, refile, repeat or update.
EDITORS_NOTE_RE = re.compile(
    r"\A\s*[(\[]\s*(?P<note>(?:This\s+(?:version|story)\s+of\s+[^()\n]{0,60}?|This\s+story\s+)?"
    r"(?P<kind>(?i:corrects?|corrected|correction|corrige|corrigé|corregido|corrige|"
    r"corrección|berichtigung|berichtigt|korrektur|korrigiert|refiles?|refiled|repeats?|"
    r"repeated|updates?|adds|recasts|changes|fixes|removes|deletes|inserts|clarifies))"
    r"\b[^\n]{0,400}?)\s*[)\]]\s*(?:\n|\Z)"
)

# A byline line of its own before the dateline, in the agencies' languages: "By Jeff Mason",
# "Von Thomas Est", "Par Jean Dupont", "Por María López", "Di Mario Rossi", "Av Anna Berg",
# "Af Peder Top Poulsen", "Door Jan Jansen".
BYLINE_WORD_LINE_RE = re.compile(
    r"\A\s*(?P<prefix>By|BY|Von|VON|Par|PAR|Por|POR|Di|Av|Af|Door|Por:|By:)\s+"
    r"(?P<name>[^\n]{2,120}?)\s*\n"
)

# A timestamp or date standing alone, item metadata in a body ("12.03.2019 09:15",
# "2019-03-12 09:15", "12.03.2019, 09:15 Uhr", "09:15"); never story text.
TIMESTAMP_LINE_RE = re.compile(
    r"\A\s*(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2})?[,\sT]*(?:\d{1,2}[:.]\d{2}"
    r"(?::\d{2})?)?\s*(?:Uhr|h|hrs|GMT|UTC|MEZ|MESZ|CET|CEST)?\s*\Z"
)
# The same timestamp inside a line of metadata: "Politik / Deutschland / 12.03.2019 09:15".
TIMESTAMP_IN_RE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Items of a " / "-separated metadata line: "Politik / Deutschland / Bundestag / Zusammenfassung".
METADATA_SPLIT_RE = re.compile(r"\s+/\s+|\s*\|\s*|\s*;\s*")

# A paragraph that is CSS, not text: the style sheet of an HTML press release delivered as text
# (".someclass {text-align: center} .other {font-weight: bold}", "p { margin: 0 }",
# "@media print { ... }").
CSS_RULES_RE = re.compile(r"\A\s*(?:[@.#\w][^{}\n]{0,200}?\{[^{}]{0,2000}\}\s*|\}\s*){1,200}\Z")
# The same style sheet opening a paragraph that goes on with text: ".a {color: red} Acme Corp
# today announced ...".
CSS_PREFIX_RE = re.compile(r"\A\s*(?:[@.#\w][^{}\n]{0,200}?\{[^{}]{0,2000}\}\s*){1,200}")
# The ASCII letters of a CSS declaration: "text-align: center", "font-weight:bold".
CSS_DECLARATION_RE = re.compile(r"[a-z-]{2,30}\s*:\s*[^;{}]{1,80};?")

# The end of a sentence, for telling a line of text from a line of furniture.
SENTENCE_END_RE = re.compile(r"[.!?:;…»”\"')\]]\s*\Z")
