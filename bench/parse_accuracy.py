"""Score parse_story's dateline fields against the answer keys of the shared corpus.

Prints numbers, it is not a test. The answer keys are read here with deliberately simple,
independent code (never with tasks.parse.patterns), so the parser is not graded by itself.

Country (the geocoded `dateline_country`) is keyed as bench/country_keys.py describes: the
dateline region as written for Reuters (US state → US, province → CA, country name), MUC's
`DC.coverage` country, else hand-keyed tables of the corpora's frequent dateline cities;
ambiguous cities are unkeyed. It prints accuracy over keyed stories, and how many answers
were null (allowed) and wrong (not). A modern-copy section follows (bench/modern_copy.py):
agency coverage, odd-cased cities, headlines and the `?` repair.

    .venv/bin/python bench/parse_accuracy.py [--show-failures N] [--held-out] [--no-modern]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from country_keys import INDIAN_CITIES, muc_country, reuters_country
from modern_copy import score_modern

from tasks.errors import InputRejected
from tasks.parse.story import parse_story

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT.parent / "shared" / "corpus"
MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split()  # noqa: SIM905
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Hand-read cities for indian-wire stories whose first comma is not after the city.
INDIAN_CITY_OVERRIDES = {
    "inshorts_0188_PTI.txt": "Islamabad",  # "By Sajjad Hussain Islamabad, Jul 31 (PTI)"
    "inshorts_0387_PTI.txt": "Washington",  # "By Lalit K Jha Washington, Jul 27 (PTI)"
    "inshorts_0239_PTI.txt": "Amethi",  # "Amethi (UP), Jul 30 (PTI)"
}


@dataclass
class Case:
    """One story with what its source says the dateline holds (None: key has no value)."""

    name: str
    text: str
    header_date: date | None
    city: str | None
    date: date | None
    agency: str | None = None
    has_city_key: bool = True
    has_date_key: bool = True
    country: str | None = None  # ISO alpha-2 key, None: unkeyed


def clean(text: str) -> str:
    """What tasks.ingest.decode does to SGML text: unescape entities, drop control characters."""
    return CONTROL.sub("", html.unescape(text))


def key_month_day(text: str, reference: date) -> date | None:
    """A key's "Month D" resolved to the reference's year (or the year before if later)."""
    m = re.search(r"\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})\b", text)
    if not m or m.group(1).lower() not in MONTHS:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            found = date(year, MONTHS[m.group(1).lower()], int(m.group(2)))
        except ValueError:
            return None
        if found <= reference + timedelta(days=3):
            return found
    return None


def reuters_cases(held_out: bool) -> Iterator[Case]:
    """Reuters-21578: DATELINE + BODY as raw text; DATELINE and DATE as the key."""
    numbers = range(14, 18) if held_out else range(14)
    for n in numbers:
        sgml = (CORPUS / "reuters21578" / f"reut2-{n:03d}.sgm").read_text(encoding="latin-1")
        for doc in re.findall(r"<REUTERS.*?</REUTERS>", sgml, re.S):
            dl = re.search(r"<DATELINE>(.*?)</DATELINE>", doc, re.S)
            body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            stamp = re.search(r"<DATE>\s*(\d+-[A-Z]+-\d{4})", doc)
            if not (dl and body and stamp):
                continue
            dateline = clean(dl.group(1))
            reference = datetime.strptime(stamp.group(1).title(), "%d-%b-%Y").date()
            city = " ".join(re.split(r",|\s-|\s+[A-Z][a-z]{2,}\.? \d", dateline, maxsplit=1)[0]
                            .strip(" *").split())  # fmt: skip
            key_date = key_month_day(dateline, reference)
            parts = [p.strip(" *") for p in dateline.split(",")]
            regions = [p for p in parts[1:-1] if p and not re.match(r"[A-Za-z]{3,}\.? +\d", p)]
            newid = re.search(r'NEWID="(\d+)"', doc)
            yield Case(
                name=f"reut2-{n:03d} NEWID={newid.group(1) if newid else '?'}",
                text=dateline + clean(body.group(1)),
                header_date=reference,
                city=city,
                date=key_date,
                agency="REUTERS",
                has_city_key=bool(city) and not re.search(r"\d|---", city) and len(city) < 40,
                has_date_key=key_date is not None,
                country=reuters_country(city, regions if len(parts) > 2 else []),
            )


def muc_cases() -> Iterator[Case]:
    """MUC-3 dev: <p> paragraphs (minus the first, the corpus's own document id) as raw text."""
    for path in sorted((CORPUS / "muc3" / "dev").glob("*.xhtml")):
        page = path.read_text(encoding="utf-8")
        paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
        coverage = re.search(r'DC.coverage" content="([^"]*)"', page)
        stamp = re.search(r'DC.date" content="([^"]*)"', page)
        city = re.sub(r"\s*\(.*\)\s*$", "", coverage.group(1)).strip() if coverage else None
        yield Case(
            name=path.name,
            text="\n\n".join(paragraphs[1:]),
            header_date=None,
            city=None if city in (None, "NO CITY") else city,
            date=date.fromisoformat(stamp.group(1)) if stamp else None,
            country=muc_country(coverage.group(1)) if coverage else None,
        )


def indian_cases() -> Iterator[Case]:
    """Seed + indian-wire: agency from _index.json; city before the first comma."""
    index = json.loads((CORPUS / "indian-wire" / "_index.json").read_text(encoding="utf-8"))
    agencies = {row["file"]: row["agency"] for row in index}
    paths = [CORPUS / "seed" / "ani-2022-03-23.txt", *sorted(CORPUS.glob("indian-wire/*.txt"))]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ([^,]*),([^(]*)\(", text)
        assert m, path
        header = date.fromisoformat(m.group(1))
        city = INDIAN_CITY_OVERRIDES.get(path.name, re.sub(r"\s*\[.*", "", m.group(2)))
        yield Case(
            name=path.name,
            text=text,
            header_date=None,  # the header inside the text is the reference
            city=city,
            date=key_month_day(m.group(3), header),
            agency=agencies.get(path.name, "ANI"),
            country=INDIAN_CITIES.get(city),
        )


def score(label: str, cases: list[Case], show: int) -> None:
    """Print n, accuracy per field and throughput; optionally a few failures per field."""
    hits = {"city": [0, 0], "date": [0, 0], "agency": [0, 0], "country": [0, 0]}
    country_null = 0
    failures: dict[str, list[str]] = {k: [] for k in hits}
    started = time.perf_counter()
    results = []
    for case in cases:
        try:
            results.append(parse_story(case.text, header_date=case.header_date))
        except InputRejected as exc:
            results.append(exc)
    elapsed = time.perf_counter() - started
    for case, got in zip(cases, results, strict=True):
        parsed = None if isinstance(got, InputRejected) else got
        city = parsed and parsed.dateline_city
        if parsed and case.city and "/" in case.city:  # "DALLAS/FORT WORTH": every place
            city = "/".join(parsed.dateline_places)
        country = parsed.place.country if parsed and parsed.place else None
        country_null += case.country is not None and country is None
        checks = {
            "city": (case.has_city_key, case.city, city),
            "country": (case.country is not None, case.country, country),
            "date": (case.has_date_key, case.date, parsed and parsed.dateline_date),
            "agency": (case.agency is not None, case.agency, parsed and parsed.agency),
        }
        for field, (has_key, want, have) in checks.items():
            if not has_key:
                continue
            ok = _norm(want) == _norm(have)
            hits[field][0] += ok
            hits[field][1] += 1
            if not ok:
                failures[field].append(f"{case.name}: want {want!r} got {have!r} | "
                                       f"{case.text.strip()[:90]!r}")  # fmt: skip
    print(f"{label}: n={len(cases)}  {len(cases) / elapsed:,.0f} stories/s")
    for field, (ok, n) in hits.items():
        if n:
            extra = ""
            if field == "country":
                wrong = n - ok - country_null
                answered = ok / max(1, ok + wrong)
                extra = f"; null {country_null}, wrong {wrong}: {answered:.2%} when answered"
            print(f"  {field:<7} {ok / n:7.2%}  ({ok}/{n} with a key{extra})")
            for line in failures[field][:show]:
                print(f"    FAIL {line}")


def _norm(value: object) -> object:
    """Case- and whitespace-insensitive comparison for strings; dates compare as they are."""
    return " ".join(value.lower().split()) if isinstance(value, str) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    parser.add_argument("--held-out", action="store_true", help="also score reut2-014..017")
    parser.add_argument("--no-modern", action="store_true", help="skip the modern-copy sample")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"needs the shared corpus at {CORPUS}")
    score("reuters21578 (000-013)", list(reuters_cases(held_out=False)), args.show_failures)
    if args.held_out:
        score("reuters21578 held-out (014-017)", list(reuters_cases(True)), args.show_failures)
    score("muc3/dev", list(muc_cases()), args.show_failures)
    score("seed + indian-wire", list(indian_cases()), args.show_failures)
    if not args.no_modern:
        score_modern(CORPUS, args.show_failures)


if __name__ == "__main__":
    main()
