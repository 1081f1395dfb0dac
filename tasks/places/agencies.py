"""The one agency table: every way a news agency is written → one code, and its home country.

A credit in a dateline (`(AFP)`, `(EFE).-`, `(أ ف ب) -`, `/ТАСС/`), a provider or copyright
holder delivered by a format (`DEUTSCHE PRESSE-AGENTUR GMBH`, `AGENCIA EFE`, `Copyright 2024,
dpa (www.dpa.de)`), a byline credit (`XYZ-AFP-DPA`) and a `.jsonl` hint all go through the same
lookup, so `stories.agency` is always a code of this table while `agency_credit` keeps what was
written. No package keeps such a list (there is no registry of agencies like ISO's of
countries), so it is reviewed by hand: each row is an agency's own name, its usual credit
abbreviations and the forms its credits take in the languages it publishes in (checked
against the agencies' sites and their wire copy). The home country is the geocoder's
tie-breaker (tasks.places.geocode): PTI's "Aurangabad" is the Indian one. Global wires
(Reuters, AP, Bloomberg, UPI) have no home bias.

Lives in `places` because the geocoder, the lowest stage that needs it, must not import parse.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Agency:
    code: str  # what `stories.agency` holds
    home: str | None  # ISO 3166-1 alpha-2 of its home country; None for global wires
    names: tuple[str, ...]  # names, abbreviations and credits as written, any language


def _words(text: str) -> list[str]:
    return text.split()


def _a(code: str, home: str | None, *names: str) -> Agency:
    return Agency(code, home, (code, *names))


# fmt: off
AGENCIES: tuple[Agency, ...] = (
    # Global wires: no home bias for the geocoder.
    _a("REUTERS", None, "Reuter", "Thomson Reuters", "Reuters News", "رويترز", "路透",
       "路透社", "Рейтер", "Рейтерс", "ロイター"),
    _a("AP", None, "Associated Press", "The Associated Press", "AP Interactive",
       "أسوشيتد برس", "أ ب", "美联社", "Ассошиэйтед Пресс", "АП", "共同AP"),
    _a("BLOOMBERG", None, "Bloomberg News", "Bloomberg LP", "彭博", "彭博社"),
    _a("UPI", None, "United Press International"),
    _a("DOW JONES", None, "Dow Jones Newswires", "Dow Jones & Company"),
    _a("IPS", None, "Inter Press Service", "Interpress Agency [IPS]", "Interpress Agency"),
    # Press-release wires.
    _a("BUSINESSWIRE", None, "Business Wire", "BusinessWire"),
    _a("PRNEWSWIRE", None, "PR Newswire", "PRNewswire", "PRNewswire-FirstCall", "Cision"),
    _a("GLOBENEWSWIRE", None, "GlobeNewswire", "Globe Newswire", "GLOBE NEWSWIRE"),
    _a("OTS", "AT", "news aktuell", "ots", "APA-OTS", "OTS-Originaltext"),
    # Europe.
    _a("AFP", "FR", "Agence France-Presse", "Agence France Presse", "AFP-Services",
       "أ ف ب", "فرانس برس", "وكالة فرانس برس", "法新社", "Франс Пресс", "Франс-Пресс", "АФП"),
    _a("DPA", "DE", "Deutsche Presse-Agentur", "Deutsche Presse Agentur", "dpa-infocom",
       "dpa Deutsche Presse-Agentur", "dpa international", "د ب أ", "德新社", "ДПА"),
    _a("DPA-AFX", "DE", "dpa-AFX", "dpa-AFX Wirtschaftsnachrichten"),
    _a("AFX", None, "AFX News"),
    _a("EFE", "ES", "Agencia EFE", "ACAN-EFE", "إفي", "埃菲社", "ЭФЕ"),
    _a("EUROPA PRESS", "ES", "Europa Press"),
    _a("ANSA", "IT", "Agenzia ANSA", "Agenzia Nazionale Stampa Associata", "安莎社"),
    _a("AGI", "IT", "Agenzia Italia"),
    _a("ADNKRONOS", "IT", "Adnkronos"),
    _a("LUSA", "PT", "Agência Lusa", "Agencia Lusa"),
    _a("ANP", "NL", "Algemeen Nederlands Persbureau"),
    _a("BELGA", "BE", "Agence Belga"),
    _a("APA", "AT", "Austria Presse Agentur", "APA-Austria Presse Agentur"),
    _a("SDA", "CH", "ATS", "Keystone-SDA", "Keystone-ATS", "Keystone-SDA-ATS",
       "Schweizerische Depeschenagentur", "Agence Télégraphique Suisse",
       "Agenzia Telegrafica Svizzera"),
    _a("KNA", "DE", "Katholische Nachrichten-Agentur"),
    _a("EPD", "DE", "Evangelischer Pressedienst"),
    _a("SID", "DE", "Sport-Informations-Dienst"),
    _a("PA", "GB", "PA Media", "PA Sport", "Press Association", "The Press Association"),
    _a("TT", "SE", "TT Nyhetsbyrån", "Tidningarnas Telegrambyrå", "TT News Agency"),
    _a("NTB", "NO", "Norsk Telegrambyrå", "NTB Scanpix", "NTB Arkiv"),
    _a("RITZAU", "DK", "Ritzaus Bureau", "Ritzau Scanpix"),
    _a("STT", "FI", "STT-Info", "Suomen Tietotoimisto", "FNB", "Finska Notisbyrån"),
    _a("PAP", "PL", "Polska Agencja Prasowa"),
    _a("CTK", "CZ", "ČTK", "Česká tisková kancelář", "Ceska tiskova kancelar"),
    _a("TASR", "SK", "Tlačová agentúra Slovenskej republiky"),
    _a("MTI", "HU", "Magyar Távirati Iroda"),
    _a("AGERPRES", "RO", "Agerpres"),
    _a("BTA", "BG", "Bulgarian News Agency", "БТА"),
    _a("HINA", "HR", "Hrvatska izvještajna novinska agencija"),
    _a("TANJUG", "RS", "Танјуг"),
    _a("STA", "SI", "Slovenska tiskovna agencija"),
    _a("ANA-MPA", "GR", "ANA-MPE", "Athens-Macedonian News Agency", "ΑΠΕ-ΜΠΕ"),
    _a("ANADOLU", "TR", "AA", "Anadolu Agency", "Anadolu Ajansı", "Anadolu Ajansi",
       "الأناضول"),
    _a("TASS", "RU", "ITAR-TASS", "ТАСС", "ИТАР-ТАСС", "塔斯社", "تاس"),
    _a("RIA", "RU", "RIA Novosti", "РИА Новости", "РИА", "Sputnik"),
    _a("INTERFAX", "RU", "Интерфакс", "INTERFAX.RU"),
    _a("UKRINFORM", "UA", "Укрінформ", "Укринформ"),
    _a("UNIAN", "UA", "УНІАН", "УНИАН"),
    _a("BELTA", "BY", "БелТА"),
    # Middle East and Africa.
    _a("MENA", "EG", "Middle East News Agency", "أ ش أ"),
    _a("KUNA", "KW", "Kuwait News Agency", "كونا"),
    _a("WAM", "AE", "Emirates News Agency", "وام"),
    _a("SPA", "SA", "Saudi Press Agency", "واس"),
    _a("QNA", "QA", "Qatar News Agency", "قنا"),
    _a("SANA", "SY", "Syrian Arab News Agency", "سانا"),
    _a("IRNA", "IR", "Islamic Republic News Agency", "إرنا", "ایرنا"),
    _a("PETRA", "JO", "Jordan News Agency", "بترا"),
    _a("MAP", "MA", "Maghreb Arabe Presse", "لاماب"),
    _a("APS", "DZ", "Algérie Presse Service"),
    _a("TAP", "TN", "Tunis Afrique Presse"),
    _a("NAN", "NG", "News Agency of Nigeria"),
    _a("SAPA", "ZA", "South African Press Association"),
    # Asia and the Pacific.
    _a("XINHUA", "CN", "Xinhuanet", "Xinhua News Agency", "New China News Agency",
       "新华社", "新華社", "شينخوا", "Синьхуа"),
    _a("CNS", "CN", "China News Service", "中新社", "中国新闻社"),
    _a("CNA", "TW", "Central News Agency", "中央社"),
    _a("KYODO", "JP", "Kyodo News", "共同社", "共同通信", "共同", "Киодо"),
    _a("JIJI", "JP", "Jiji Press", "時事通信", "時事"),
    _a("YONHAP", "KR", "Yonhap News Agency", "연합뉴스", "韩联社", "韓聯社"),
    _a("KCNA", "KP", "Korean Central News Agency", "朝中社"),
    _a("PTI", "IN", "Press Trust of India"),
    _a("IANS", "IN", "Indo-Asian News Service"),
    _a("ANI", "IN", "Asian News International"),
    _a("UNI", "IN", "United News of India"),
    _a("APP", "PK", "Associated Press of Pakistan"),
    _a("BSS", "BD", "Bangladesh Sangbad Sangstha"),
    _a("BERNAMA", "MY", "Malaysian National News Agency"),
    _a("ANTARA", "ID", "Antara News"),
    _a("PNA", "PH", "Philippine News Agency"),
    _a("VNA", "VN", "Vietnam News Agency"),
    _a("AAP", "AU", "Australian Associated Press"),
    # The Americas.
    _a("CP", "CA", "Canadian Press", "The Canadian Press", "La Presse Canadienne", "PC"),
    _a("NOTIMEX", "MX"),
    _a("PRENSA LATINA", "CU", "PL"),
    _a("TELAM", "AR", "Télam"),
    _a("AGENCIA BRASIL", "BR", "Agência Brasil", "ABr"),
    _a("ANDINA", "PE", "Agencia Andina"),
)
# fmt: on

# Words around an agency's name in a copyright notice or a company name, never part of it:
# "Copyright 2024, dpa (www.dpa.de). Alle Rechte vorbehalten", "DEUTSCHE PRESSE-AGENTUR GMBH",
# "© AFP 2019", "Agencia EFE, S.A.", "NTB AS".
NOISE_WORDS: frozenset[str] = frozenset(
    _words(
        "copyright © c all rights reserved alle rechte vorbehalten tous droits réservés todos "
        "los derechos reservados tutti i diritti riservati gmbh ag sa s a spa s p a ltd limited "
        "inc llc plc corp corporation co kg ab as asa oy oyj nv bv srl sl ltda"
    )
)
# Legal forms that end a company name: "DEUTSCHE PRESSE-AGENTUR GMBH" → "deutsche presse agentur".
LEGAL_FORMS: frozenset[str] = frozenset(
    _words(
        "gmbh ag sa spa ltd limited inc llc plc corp corporation co kg ab as asa oy oyj nv bv "
        "srl sl ltda"
    )
)
# Punctuation that separates the words of a name: "Agence France-Presse", "أ.ف.ب", "(dpa)".
_PUNCTUATION = str.maketrans({c: " " for c in ".,;:()[]{}/\\|'’‘\"«»“”-–—_+*!?&#<>=@~"})
LONGEST_NAME_WORDS = 6


def name_key(text: str) -> str:
    """The lookup key of a name as written: case, width and punctuation folded."""
    words = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCTUATION).split()
    letters = 0  # "S.A." / "S.p.A." after a name: one legal form written letter by letter
    while (
        letters < len(words) - 1 and len(words[-1 - letters]) == 1 and words[-1 - letters].isascii()
    ):
        letters += 1
    if letters > 1:
        words[-letters:] = ["".join(words[-letters:])]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    if len(words) > 1 and words[0] in ("the", "die", "la", "el"):
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str | None]]:
    codes: dict[str, str] = {}
    for agency in AGENCIES:
        for name in agency.names:
            key = name_key(name)
            if codes.setdefault(key, agency.code) != agency.code:
                raise ValueError(f"{name!r} names both {codes[key]} and {agency.code}")
    return codes, {a.code: a.home for a in AGENCIES}


def agency_code(written: str | None) -> str | None:
    """The code of an agency written exactly so (any case, punctuation or legal form), or None:
    "Deutsche Presse-Agentur GmbH" → DPA, "AGENCIA EFE" → EFE, "أ ف ب" → AFP, "ACAN-EFE" → EFE."""
    if not written or not written.strip():
        return None
    return _table()[0].get(name_key(written))


def agency_in(written: str | None) -> str | None:
    """The first agency named anywhere in a credit, provider or copyright notice: "Copyright
    2024, dpa (www.dpa.de). Alle Rechte vorbehalten" → DPA, "XYZ-AFP-DPA" → AFP. Longest
    names first at each position, so "Agence France-Presse" is not read as its first word."""
    code = agency_code(written)
    if code is not None or not written:
        return code
    codes = _table()[0]
    words = [w for w in name_key(written).split() if w not in NOISE_WORDS and not w.isdigit()]
    for start in range(len(words)):
        for end in range(min(len(words), start + LONGEST_NAME_WORDS), start, -1):
            if found := codes.get(" ".join(words[start:end])):
                return found
    return None


def home_country(code: str | None) -> str | None:
    """The agency's home country (ISO alpha-2), None for a global wire or an unknown code."""
    return _table()[1].get(code or "")
