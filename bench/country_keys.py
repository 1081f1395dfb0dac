"""Country answer keys for the dateline benches, written by hand and independent of tasks/.

How each corpus is keyed (printed by bench/parse_accuracy.py too):

- Reuters-21578: the region in the `<DATELINE>` (the comma parts between city and date):
  a US state as AP/Reuters writes it (`Calif.`, `N.J.`, `Ohio`) → US, a Canadian province
  (`Alberta`, `Ont.`) → CA, a country name (`West Germany`, `Japan`) → its code. No region:
  the city in REUTERS_CITIES, a hand-keyed table of the ~200 most frequent dateline cities of
  the corpus. Cities that are ambiguous without context (PORTLAND, KINGSTON, BIRMINGHAM, SAN
  JOSE, PERTH, HANOVER, TOLEDO, GREENWICH, SALVADOR, ...), UNITED NATIONS and table headers
  misread as datelines are left unkeyed.
- MUC-3: the country in brackets of `DC.coverage` ("MANAGUA (NICARAGUA)"); without one, the
  city in MUC_CITIES (the corpus is Latin American news, 1989–90: LIMA → PE, SANTIAGO → CL);
  "CLANDESTINE" and "NO CITY" without a country are unkeyed.
- Seed + indian-wire: the city in INDIAN_CITIES (the 10 dateline cities of those 36 stories).
"""

from __future__ import annotations

import re

# US states as written in Reuters datelines, lower-cased without dots or spaces.
_ABBREVS = (
    "ala alaska ariz ark calif cal colo conn del dc fla ga hawaii idaho ill ind iowa kan kans ky "
    "la maine md mass mich minn miss mo mont neb nebr nev nh nj nm ny nc nd ohio okla ore oreg "
    "pa penn ri sc sd tenn tex texas utah vt va wash wva wis wisc wyo"
)
US_STATES = set(_ABBREVS.split()) | {
    "alabama", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "illinois", "indiana", "kansas", "kentucky", "louisiana", "maryland",
    "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "newhampshire", "newjersey", "newmexico", "newyork", "northcarolina",
    "northdakota", "oklahoma", "oregon", "pennsylvania", "rhodeisland", "southcarolina",
    "southdakota", "tennessee", "vermont", "virginia", "washington", "westvirginia",
    "wisconsin", "wyoming",
}  # fmt: skip
CA_PROVINCES = {
    "alberta", "alta", "britishcolumbia", "bc", "ontario", "ont", "quebec", "que", "manitoba",
    "man", "saskatchewan", "sask", "novascotia", "ns", "newbrunswick", "nb", "newfoundland",
    "nfld",
}  # fmt: skip
COUNTRIES = {
    "westgermany": "DE", "germany": "DE", "eastgermany": "DE", "newzealand": "NZ",
    "netherlands": "NL", "japan": "JP", "switzerland": "CH", "italy": "IT", "belgium": "BE",
    "australia": "AU", "france": "FR", "brazil": "BR", "england": "GB", "scotland": "GB",
    "wales": "GB", "uk": "GB", "britain": "GB", "ireland": "IE", "spain": "ES",
    "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI", "austria": "AT",
    "portugal": "PT", "greece": "GR", "india": "IN", "pakistan": "PK", "china": "CN",
    "southkorea": "KR", "taiwan": "TW", "philippines": "PH", "indonesia": "ID",
    "malaysia": "MY", "thailand": "TH", "singapore": "SG", "mexico": "MX", "argentina": "AR",
    "chile": "CL", "peru": "PE", "colombia": "CO", "venezuela": "VE", "ecuador": "EC",
    "bolivia": "BO", "uruguay": "UY", "paraguay": "PY", "elsalvador": "SV", "honduras": "HN",
    "nicaragua": "NI", "guatemala": "GT", "costarica": "CR", "panama": "PA", "cuba": "CU",
    "haiti": "HT", "dominicanrepublic": "DO", "barbados": "BB", "jamaica": "JM",
    "ussr": "RU", "sovietunion": "RU", "czechoslovakia": "CZ", "poland": "PL",
    "hungary": "HU", "bulgaria": "BG", "yugoslavia": "RS", "israel": "IL", "egypt": "EG",
    "southafrica": "ZA", "nigeria": "NG", "kenya": "KE", "canada": "CA", "usa": "US",
    "unitedstates": "US", "japan.": "JP", "vaticancity": "VA", "roc": "TW", "rok": "KR",
    "northkorea": "KP", "saudiarabia": "SA", "kuwait": "KW", "iran": "IR", "iraq": "IQ",
    "turkey": "TR", "luxembourg": "LU", "cyprus": "CY", "bahamas": "BS", "bermuda": "BM",
    "puertorico": "PR", "iceland": "IS", "lebanon": "LB", "jordan": "JO", "syria": "SY",
}  # fmt: skip
REUTERS_CITIES = {
    "US": "NEW YORK, WASHINGTON, CHICAGO, HOUSTON, LOS ANGELES, DALLAS, DETROIT, MINNEAPOLIS, "
    "BOSTON, MIAMI, ATLANTA, SAN FRANCISCO, DENVER, PITTSBURGH, CLEVELAND, PHILADELPHIA, "
    "ST. LOUIS, ST LOUIS, KANSAS CITY, CINCINNATI, OKLAHOMA CITY, SEATTLE, INDIANAPOLIS, "
    "SALT LAKE CITY, SAN DIEGO, NEW ORLEANS, BALTIMORE, MILWAUKEE, ST. PAUL, ST PAUL, OMAHA, "
    "LAS VEGAS, PHOENIX, TULSA, SIOUX CITY, SIOUX FALLS, HONOLULU, DES MOINES, SAN ANTONIO, "
    "SOUTH SAN FRANCISCO, PROVIDENCE, MEMPHIS, ANNAPOLIS, BOISE, PEORIA, JOLIET, AMARILLO, "
    "BOCA RATON, FORT WORTH, AUSTIN, LOUISVILLE, DODGE CITY, SANTA BARBARA, OAKLAND, "
    "NEW HAVEN, STAMFORD, ST JOSEPH",
    "GB": "LONDON", "JP": "TOKYO, OSAKA", "CA": "TORONTO, MONTREAL, OTTAWA, WINNIPEG, VANCOUVER, "
    "CALGARY, EDMONTON", "FR": "PARIS, STRASBOURG", "BE": "BRUSSELS, ZEEBRUGGE",
    "DE": "FRANKFURT, BONN, HAMBURG, WIESBADEN, MUNICH, DUESSELDORF, WEST BERLIN, STUTTGART, "
    "WOLFSBURG, COLOGNE, RATZEBURG, BREMEN, KIEL",
    "CN": "PEKING, SHANGHAI", "CH": "ZURICH, GENEVA, BERNE, BASLE", "HK": "HONG KONG",
    "AU": "SYDNEY, MELBOURNE, CANBERRA, ADELAIDE, BRISBANE", "PH": "MANILA", "TW": "TAIPEI",
    "IT": "ROME, MILAN, TURIN, SANREMO", "SE": "STOCKHOLM", "NZ": "WELLINGTON",
    "ES": "MADRID, SARAGOSSA", "BR": "RIO DE JANEIRO, SAO PAULO, BRASILIA",
    "NL": "AMSTERDAM, ROTTERDAM, THE HAGUE, EINDHOVEN", "ID": "JAKARTA", "SG": "SINGAPORE",
    "AR": "BUENOS AIRES", "MY": "KUALA LUMPUR", "KR": "SEOUL", "TH": "BANGKOK",
    "ZA": "JOHANNESBURG, PRETORIA, CAPE TOWN", "VE": "CARACAS", "BH": "BAHRAIN",
    "IN": "NEW DELHI, BOMBAY", "FI": "HELSINKI", "EC": "QUITO", "RS": "BELGRADE",
    "CO": "BOGOTA", "IQ": "BAGHDAD", "AE": "ABU DHABI", "RU": "MOSCOW", "PE": "LIMA",
    "LU": "LUXEMBOURG", "DK": "COPENHAGEN", "BD": "DHAKA, CHITTAGONG", "LK": "COLOMBO",
    "TR": "ANKARA, ISTANBUL", "BO": "LA PAZ", "KW": "KUWAIT", "ZM": "LUSAKA", "AT": "VIENNA",
    "MX": "MEXICO CITY", "NO": "OSLO", "ZW": "HARARE", "GR": "ATHENS", "KE": "NAIROBI",
    "HU": "BUDAPEST", "NG": "LAGOS", "PT": "LISBON", "EG": "CAIRO", "LB": "BEIRUT",
    "PK": "KARACHI, ISLAMABAD", "SA": "RIYADH, JEDDAH", "CI": "ABIDJAN", "TZ": "DAR ES SALAAM",
    "CL": "SANTIAGO", "PL": "WARSAW", "UG": "KAMPALA", "IE": "DUBLIN", "CU": "HAVANA",
    "CY": "NICOSIA", "DZ": "ALGIERS", "JO": "AMMAN", "MG": "ANTANANARIVO", "NI": "MANAGUA",
    "IL": "TEL AVIV, JERUSALEM", "HT": "PORT-AU-PRINCE", "ET": "ADDIS ABABA", "BW": "GABORONE",
    "QA": "DOHA", "SR": "PARAMARIBO", "SD": "KHARTOUM", "MM": "RANGOON", "TD": "N'DJAMENA",
    "MU": "PORT LOUIS", "CM": "YAOUNDE", "PA": "PANAMA CITY", "DO": "SANTO DOMINGO",
    "PG": "PORT MORESBY", "MA": "RABAT",
}  # fmt: skip
MUC_CITIES = {
    "SAN SALVADOR": "SV", "SAN SALVADROR": "SV", "BOGOTA": "CO", "LIMA": "PE",
    "GUATEMALA CITY": "GT", "SANTIAGO": "CL", "TEGUCIGALPA": "HN", "LA PAZ": "BO",
    "BUENOS AIRES": "AR", "MEDELLIN": "CO", "QUITO": "EC", "AYACUCHO": "PE", "MANAGUA": "NI",
    "CARTAGENA": "CO", "SAN PEDRO SULA": "HN", "SAN JOSE": "CR", "ROSARIO": "AR",
    "TRUJILLO": "PE", "SUCRE": "BO", "OSORNO": "CL", "CALI": "CO", "CUSCO": "PE",
    "HUANCAYO": "PE", "BARRANQUILLA": "CO", "COCHABAMBA": "BO", "SANTA CRUZ": "BO",
}  # fmt: skip
INDIAN_CITIES = {
    "New Delhi": "IN", "Mumbai": "IN", "Lucknow": "IN", "Jammu": "IN", "Amethi": "IN",
    "Allahabad": "IN", "London": "GB", "Los Angeles": "US", "Islamabad": "PK",
    "Washington": "US",
}  # fmt: skip

_CITY_COUNTRY = {
    city.strip(): cc for cc, cities in REUTERS_CITIES.items() for city in cities.split(",")
}


def _squash(text: str) -> str:
    return re.sub(r"[\s.]", "", text).lower()


def region_country(region: str) -> str | None:
    """A dateline region as written → alpha-2, or None when the key cannot say."""
    key = _squash(region)
    if key in US_STATES:
        return "US"
    if key in CA_PROVINCES:
        return "CA"
    return COUNTRIES.get(key)


def reuters_country(city: str, regions: list[str]) -> str | None:
    """Key for a Reuters dateline: the last region part that maps, else the city table."""
    for region in reversed(regions):
        if found := region_country(region):
            return found
    if regions:
        return None  # a region we cannot key: better unkeyed than guessed
    return _CITY_COUNTRY.get(" ".join(city.upper().split()))


def muc_country(coverage: str) -> str | None:
    """Key for a MUC-3 message from its DC.coverage ("MANAGUA (NICARAGUA)")."""
    m = re.match(r"\s*(?P<city>[^(]*?)\s*(?:\((?P<country>[^)]*)\))?\s*$", coverage)
    if not m:
        return None
    if m.group("country"):
        return region_country(m.group("country"))
    return MUC_CITIES.get(m.group("city").upper())
