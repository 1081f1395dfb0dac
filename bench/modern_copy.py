"""Modern-copy numbers for bench/parse_accuracy.py: agency coverage, odd-cased cities, places,
headlines, and the `?` repair measured on quotes damaged on purpose.

The sample is built from the shared corpus, never copied: the seed + indian-wire stories as
they are, and AG News test items rebuilt as plain text (`title`, blank line, `description`;
descriptions open like `LOS ANGELES (Reuters) - `, `AP - `, `(Reuters) - `). The keys are
read with simple, independent code: an agency credit in the first 60 characters of the
description, the title as the headline.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from tasks.errors import InputRejected
from tasks.ingest.repair import repair_question_marks
from tasks.parse.quotes import find_quotes
from tasks.parse.story import parse_story, split_paragraphs

CREDITS = {"reuters": "REUTERS", "ap": "AP", "afp": "AFP", "pti": "PTI", "ians": "IANS",
           "ani": "ANI", "cp": "CP", "xinhua": "XINHUA"}  # fmt: skip
CREDIT_KEY = re.compile(r"(?:\(|^)(Reuters|AP|AFP|PTI|IANS|ANI|CP|Xinhua)(?:\)|\s+-)")
CONNECTORS = {"of", "de", "del", "la", "es", "au", "da", "do", "dos", "das", "du", "des", "y"}
AGNEWS_ARTEFACTS = (("#36;", "$"), ("#39;", "'"), ("\\", " "), ("&lt;", "<"), ("&gt;", ">"))


def modern_sample(corpus: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(name, text, agency key, headline key) for indian-wire + AG News test items."""
    index = json.loads((corpus / "indian-wire" / "_index.json").read_text(encoding="utf-8"))
    agencies = {row["file"]: row["agency"] for row in index}
    out = [
        (p.name, p.read_text(encoding="utf-8"), agencies.get(p.name), None)
        for p in sorted((corpus / "indian-wire").glob("*.txt"))
    ]
    with open(corpus / "agnews" / "test.csv", encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            title, desc = (
                row["title"],
                row["description"],
            )
            for old, new in AGNEWS_ARTEFACTS:
                title, desc = title.replace(old, new), desc.replace(old, new)
            credit = CREDIT_KEY.search(desc[:60])
            agency = CREDITS[credit.group(1).lower()] if credit else None
            out.append((f"agnews:{n}", f"{title}\n\n{desc}", agency, " ".join(title.split())))
    return out


def odd_case(city: str) -> bool:
    """A display city that still looks wrong: all capitals, a lower-case word that is not a
    connector, or a capital inside a word other than Mc/Mac/De/La/O' names."""
    words = city.replace("/", " ").replace("-", " ").split()
    if any(len(w) > 2 and w.isupper() for w in words):
        return True
    for w in words:
        if w[0].islower() and w not in CONNECTORS:
            return True
        inner = re.sub(r"^(Mc|Mac|De|La|Le|O'|D'|St\.)", "", w)
        if any(c.isupper() for c in inner[1:]):
            return True
    return False


def score_modern(corpus: Path, show: int) -> None:
    sample = modern_sample(corpus)
    stats: Counter[str] = Counter()
    odd: list[str] = []
    for name, text, agency, headline in sample:
        try:
            story = parse_story(text)
        except InputRejected:
            stats["rejected"] += 1
            continue
        stats["n"] += 1
        if agency:
            stats["agency_keyed"] += 1
            stats["agency_right"] += story.agency == agency
        if story.dateline_city:
            stats["with_city"] += 1
            stats["with_country"] += story.place is not None
            stats["with_point"] += bool(story.place and story.place.geonameid)
            stats["multi_city"] += len(story.dateline_places) > 1
            if odd_case(story.dateline_city):
                odd.append(f"{name}: {story.dateline_city!r}")
        if headline is not None:
            stats["headline_keyed"] += 1
            stats["headline_right"] += story.headline == headline
        stats["credit_left_in_body"] += bool(re.match(r"\s*\((Reuters|AP|AFP)\)", story.body))
    print(f"modern sample (indian-wire + agnews test, rebuilt as text): n={stats['n']}")
    _rate("agency", stats["agency_right"], stats["agency_keyed"], "with a credit in the text")
    _rate("headline", stats["headline_right"], stats["headline_keyed"], "title = headline")
    _rate("country", stats["with_country"], stats["with_city"], "of stories with a city")
    _rate("point", stats["with_point"], stats["with_city"], "of stories with a city")
    left = stats["credit_left_in_body"]
    print(f"  odd-cased cities {len(odd)} of {stats['with_city']}; multi-city datelines "
          f"{stats['multi_city']}; credit left opening the body {left}")  # fmt: skip
    for line in odd[:show]:
        print(f"    ODD {line}")
    score_repairs(corpus, show)


def _rate(label: str, ok: int, n: int, what: str) -> None:
    print(f"  {label:<8} {ok / n if n else 0:7.2%}  ({ok}/{n} {what})")


REPAIRED_KIND = {"“": "open", "”": "close", "’": "apostrophe"}


def _kinds(text: str, i: int) -> set[str]:
    """What the original mark at i was: ‘ “ open, ” close, ’ an apostrophe inside a word, a
    closing single quote, or either after a plural (`farmers’ `)."""
    mark, after = text[i], text[i + 1 : i + 2]
    if mark in "“‘":
        return {"open"}
    if mark == "”" or (not after.isalpha() and text[i - 1 : i] != "s"):
        return {"close"}
    return {"apostrophe"} if after.isalpha() else {"apostrophe", "close"}


DAMAGE = str.maketrans({"“": "?", "”": "?", "‘": "?", "’": "?"})


def score_repairs(corpus: Path, show: int) -> None:
    """Damage every curly mark of the quotes-news articles into `?`, repair, and compare:
    a damaged mark restored to the right kind is right; a real `?` changed is a false repair."""
    right = missed = wrong = false = 0
    quotes_before = quotes_after = quotes_damaged = 0
    fails: list[str] = []
    for path in sorted((corpus / "quotes-news").glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        damaged = original.translate(DAMAGE)
        repaired, _ = repair_question_marks(damaged)
        for i, (o, d, r) in enumerate(zip(original, damaged, repaired, strict=True)):
            if d != "?":
                continue
            if o == "?":
                false += r != "?"
            elif r == "?":
                missed += 1
                fails.append(f"missed {path.name}: {damaged[max(0, i - 30) : i + 30]!r}")
            elif REPAIRED_KIND.get(r) in _kinds(original, i):
                right += 1
            else:
                wrong += 1
                fails.append(f"wrong {path.name}: {repaired[max(0, i - 30) : i + 30]!r}")
        for text, bucket in ((original, 0), (damaged, 1), (repaired, 2)):
            found = len(find_quotes(split_paragraphs(text)))
            if bucket == 0:
                quotes_before += found
            elif bucket == 1:
                quotes_damaged += found
            else:
                quotes_after += found
    n = right + missed + wrong
    print("`?` repair on quotes-news with every curly mark damaged into `?`:")
    _rate("restored", right, n, "damaged marks restored to the right kind")
    print(f"  wrong kind {wrong}, left as `?` {missed}, real `?` changed {false}")
    print(f"  quotes found: {quotes_before} original, {quotes_damaged} damaged, "
          f"{quotes_after} repaired")  # fmt: skip
    for line in fails[:show]:
        print(f"    {line}")
