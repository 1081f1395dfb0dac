"""A small dated corpus whose names interact across stories, for tests/test_corpus_state.py.

Self-written Reuters-style `.txt` stories over ten days (one folder per day, so batches can
arrive in date order): people introduced with their full name and later named by surname
alone, an acronym defined once and used alone after, a country written several ways, an
exact copy delivered days later (same story date), a `.jsonl` export of a story, and an
`UPDATE 1-` version of another.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

START = date(2024, 5, 6)
DAYS = [(START + timedelta(days=n)).isoformat() for n in range(10)]

_CITIES = ["GENEVA", "SEATTLE", "WASHINGTON", "LONDON", "NEW DELHI"]

# (file name, day index, body): the body after the dateline
STORIES = [
    (
        "who-1",
        0,
        "The World Health Organization (WHO) said on Monday that cases of measles had "
        "risen in 40 countries. Director-General Tedros Adhanom Ghebreyesus urged governments to "
        'fund vaccination. "We cannot wait," Tedros said in Geneva.',
    ),
    (
        "msft-1",
        1,
        "Microsoft Corp Chief Executive Satya Nadella said the company would invest "
        "$3 billion in cloud computing in India over two years. Nadella spoke at an event in "
        "Bengaluru, where Microsoft employs thousands of engineers.",
    ),
    (
        "us-1",
        1,
        "The United States and India signed a trade agreement on Tuesday, officials "
        "said. U.S. Trade Representative Katherine Tai called it a milestone.",
    ),
    (
        "who-2",
        3,
        "WHO officials said the outbreak in Europe was slowing. Tedros told reporters "
        "that the agency needed more money from member states.",
    ),
    (
        "msft-2",
        4,
        "Nadella told analysts that demand for artificial intelligence tools was "
        "strong. Microsoft shares rose 2 percent in New York.",
    ),
    (
        "tai-1",
        4,
        "Katherine Tai said the U.S. would review tariffs on steel imports. Tai met "
        "European Union officials in Washington on Friday.",
    ),
    (
        "eu-1",
        5,
        "The European Union (EU) proposed new rules for artificial intelligence. The "
        "EU said the rules would apply from 2026, officials in Brussels said.",
    ),
    (
        "who-3",
        6,
        "Tedros said the WHO would send experts to Sudan. The WHO has warned of "
        "cholera in camps near Khartoum.",
    ),
    (
        "india-1",
        7,
        "India's Prime Minister Narendra Modi met Satya Nadella in New Delhi on "
        "Monday. Modi said India welcomed the investment by Microsoft.",
    ),
    (
        "modi-2",
        8,
        "Modi told a rally in Varanasi that the United States was a close partner. "
        "The U.S. embassy said talks would continue.",
    ),
    (
        "eu-2",
        9,
        "EU ministers met in Luxembourg to discuss the budget. The European Union "
        "is expected to agree on a plan next month, diplomats said.",
    ),
]


def _text(day_index: int, body: str, city: str, headline: str = "") -> str:
    day = START + timedelta(days=day_index)
    lead = f"{headline}\n\n" if headline else ""
    return f" date {day.isoformat()} {lead}{city}, May {day.day} (Reuters) - {body}\n Reuter\n"


def write_corpus(raw: Path) -> Path:
    for n, (name, day, body) in enumerate(STORIES):
        _write(raw / DAYS[day] / f"{name}.txt", _text(day, body, _CITIES[n % len(_CITIES)]))
    who = _text(0, STORIES[0][2], _CITIES[0])
    # The same story delivered again four days later, still dated its first day. Its name
    # gives it the smallest story_id of the three copies, so it founds their cluster in a
    # from-scratch run: a run that saw the others first must give the cluster its id too.
    _write(raw / DAYS[4] / "who-1-again.txt", who)
    # an export of the day's copy as a .jsonl line (same text: an exact copy)
    line = {"id": "export-1", "agency": "Reuters", "text": who}
    _write(raw / DAYS[0] / "feed.jsonl", json.dumps(line) + "\n")
    # a later version of the Microsoft story, the next day
    update = STORIES[1][2].replace("two years.", "two years, its biggest bet there.")
    version = _text(2, update, "SEATTLE", "UPDATE 1-Microsoft to invest $3 billion in India")
    _write(raw / DAYS[2] / "msft-1-update.txt", version)
    return raw


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
