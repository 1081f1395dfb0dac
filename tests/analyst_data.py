"""A tiny raw corpus with known answers, and the flow run that turns it into Parquet.

Shared by the analyst-facing tests (readers, notebook, schema doc metadata): the flow costs
seconds (Prefect + spaCy), so its output is built once per session per test process and
only ever read afterwards. Each day is chosen to exercise one edge an analyst query hits:

| day        | stories (agency)           | quotes | entities                     |
|------------|----------------------------|--------|------------------------------|
| 2024-03-04 | PTI, PTI, ANI              | yes    | yes                          |
| 2024-03-05 | REUTERS, AFP               | none   | yes                          |
| 2024-03-06 | REUTERS                    | yes    | none (no names in the body)  |
| no date    | AP (dateline has no date)  | none   | yes                          |

plus one malformed .jsonl line, which must land in `rejects` as `malformed_json`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

DAY_QUOTES_AND_ENTITIES = date(2024, 3, 4)
DAY_NO_QUOTES = date(2024, 3, 5)
DAY_NO_ENTITIES = date(2024, 3, 6)

_TXT: dict[str, str] = {
    "pti/budget.txt": (
        " date 2024-03-04 New Delhi, Mar 4 (PTI) Finance Minister Nirmala Sitharaman on Monday"
        " announced a new fund for highway projects in Maharashtra and Gujarat.\n\n"
        '"We will keep spending on roads and railways," Sitharaman said.\n\n'
        "The Ministry of Finance said the fund would be managed by the State Bank of India.\n"
    ),
    "pti/monsoon.txt": (
        " date 2024-03-04 Kolkata, Mar 4 (PTI) The India Meteorological Department on Monday"
        " forecast an early monsoon over Kerala and West Bengal this year.\n\n"
        "Farmers in Bihar welcomed the forecast, officials said.\n"
    ),
    "ani/port.txt": (
        " date 2024-03-04 Mumbai [India], March 4 (ANI): Maharashtra Chief Minister Eknath"
        " Shinde on Monday inaugurated a new container terminal at the Jawaharlal Nehru Port.\n\n"
        '"This terminal will double our capacity," said Shinde.\n'
    ),
    "reuters/senate.txt": (
        " date 2024-03-05 WASHINGTON, March 5 (Reuters) - The U.S. Senate on Tuesday passed a"
        " bill to fund highway repairs in Ohio and Texas, sending it to President Joe Biden.\n\n"
        "The measure was backed by the American Trucking Associations.\n"
    ),
    # No names at all in the body: enrichment must yield zero entity rows for this day.
    "reuters/rain.txt": (
        " date 2024-03-06 LONDON, March 6 (Reuters) - Heavy rain fell all day and most roads"
        " stayed closed, officials said.\n\n"
        '"We are watching the river levels very closely," a spokesman said.\n'
    ),
    # No header and a dateline without a date: `date` is null, the partition is the run date.
    "ap/quake.txt": (
        "LOS ANGELES (AP) — A small earthquake shook Southern California early Tuesday, the"
        " U.S. Geological Survey said.\n\nThere were no reports of damage in Pasadena.\n"
    ),
}
_JSONL: dict[str, list[str]] = {
    "afp/feed.jsonl": [
        json.dumps(
            {
                "id": "afp-1",
                "date": "2024-03-05",
                "agency": "AFP",
                "text": "PARIS (AFP) - French farmers blocked motorways around Paris on Tuesday"
                " to protest against fuel costs, the interior ministry said.",
            }
        ),
        '{"id": "afp-2", "date": "2024-03-05", "text": "PARIS (AFP) - truncated',  # a reject
    ],
}

# Known answers (parser output only; entity counts depend on the NER model and are checked
# for shape, not value). `None` is the undated story.
STORIES_PER_AGENCY_DAY: list[tuple[date | None, str, int]] = [
    (DAY_QUOTES_AND_ENTITIES, "ANI", 1),
    (DAY_QUOTES_AND_ENTITIES, "PTI", 2),
    (DAY_NO_QUOTES, "AFP", 1),
    (DAY_NO_QUOTES, "REUTERS", 1),
    (DAY_NO_ENTITIES, "REUTERS", 1),
    (None, "AP", 1),
]
N_STORIES = 7
N_REJECTS = 1


def write_raw(raw: Path) -> Path:
    """Write the corpus under `raw` and return it."""
    for rel, text in _TXT.items():
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text(text, encoding="utf-8")
    for rel, lines in _JSONL.items():
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


_BUILT: dict[Path, tuple[Path, dict]] = {}


def build_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Run the real flow once per session (in process, small shards); (out dir, manifest).

    Call it from a fixture that depends on `prefect_harness`. Readers must not write to
    the returned folder: several test modules share it.
    """
    key = tmp_path_factory.getbasetemp()
    if key not in _BUILT:
        from flows.wire_etl import wire_etl

        raw = write_raw(tmp_path_factory.mktemp("analyst_raw"))
        out = tmp_path_factory.mktemp("analyst_out")
        manifest = wire_etl(
            raw_dir=str(raw), out_dir=str(out), shard_size=3, task_runner="in-process"
        )
        _BUILT[key] = (out, manifest)
    return _BUILT[key]
