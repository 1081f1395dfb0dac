"""Agate and results tables on real agency deliveries give no entities (issue 28, tables).

AP's ANPA-1312 agate (standings and a world weather table: rows of `;`-separated cells) and
dpa's IPTC 7901 league table (rows of `|`-separated cells), read in place from
../shared/corpus, run through the whole engine: no entity name holds a cell separator, no
entity is found only on a table line, and the body still carries the table as delivered.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.conftest import require_corpus
from tests.etl_helpers import run_in_process

# A table row, written here independently of tasks.enrich.segments: three or more short
# cells between `;` or `|`, a framed `| … |` row, or a tab between two cells.
TAB_CELLS = re.compile(r"\S\t+\S")


def is_row(line: str) -> bool:
    text = line.strip()
    if TAB_CELLS.search(text) or (text.startswith("|") and text.endswith("|") and len(text) > 1):
        return True
    return any(
        len(cells) >= 3 and all(len(c.split()) <= 4 for c in cells)
        for cells in ([c for c in text.split(sep) if c.strip()] for sep in ";|")
    )


FILES = [
    ("wire-formats", "ap_anpa-2.tst"),  # AL standings "Baltimore;23;13;.639;…" and results
    ("wire-formats", "anpa-3.tst"),  # world weather "Colombo;77;87;pc;0.00;…"
    ("wire-formats-dpa", "spe-tab.iptc"),  # Bundesliga table "| 1. | Bayern München | 6 |"
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for folder, name in FILES:  # copied to a temporary folder, never into the repository
        # discovery sniffs extension-less files; it does not list ".iptc"
        shutil.copyfile(require_corpus(folder, name), raw / name.removesuffix(".iptc"))
    out = tmp_path_factory.mktemp("out")
    run_in_process(raw, out)
    return out


def _table(out: Path, name: str):
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.mark.slow
def test_no_entity_from_a_table_line(out: Path) -> None:
    stories = {s["story_id"]: s["body"] for s in _table(out, "stories")}
    # the tables are in the bodies as delivered
    assert any("Baltimore;23;13;.639" in body for body in stories.values())
    assert any("| Bayern München" in body for body in stories.values())
    entities = _table(out, "entities")
    assert not [e["entity"] for e in entities if re.search(r"[;\t|]", e["entity"])]
    only_tables = []
    for e in entities:
        lines = [
            ln for ln in stories[e["story_id"]].split("\n") if any(a in ln for a in e["aliases"])
        ]
        if lines and all(is_row(ln) for ln in lines):
            only_tables.append(e["entity"])
    assert only_tables == []
    catalog = ds.dataset(out / "entity_catalog", format="parquet").to_table().to_pylist()
    assert not [c["name"] for c in catalog if re.search(r"[;\t|]", c["name"])]
