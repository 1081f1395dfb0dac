"""docs/schema.md is exactly what tasks.store.schema_doc renders, and says what the files hold."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tasks.store.outdir import PARTITION_KEY
from tasks.store.schema_doc import FILE_METADATA, render_schema_doc
from tasks.store.schemas import DATASETS, SCHEMA_VERSION, SORT_KEYS
from tasks.version import PARSER_VERSION
from tests.analyst_data import build_out
from tests.conftest import ROOT

SCHEMA_MD = ROOT / "docs" / "schema.md"


def test_committed_doc_matches_the_rendering():
    # Drift: a schema edit without `make docs` (python -m tasks.store.schema_doc > docs/schema.md).
    assert SCHEMA_MD.read_text(encoding="utf-8") == render_schema_doc(), (
        "docs/schema.md is stale: run `make docs`"
    )


def _section(doc: str, dataset: str) -> str:
    start = doc.index(f"## `{dataset}`")
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end >= 0 else None]


@pytest.mark.parametrize(
    ("dataset", "field"),
    [(d, f.name) for d, schema in DATASETS.items() for f in schema],
)
def test_every_field_is_documented_with_type_and_nullability(dataset, field):
    f = DATASETS[dataset].field(field)
    row = next(
        (
            r
            for r in _section(render_schema_doc(), dataset).splitlines()
            if r.startswith(f"| `{field}` |")
        ),
        None,
    )
    assert row, f"{dataset}.{field} missing from docs/schema.md"
    assert f"| `{f.type}` | {'yes' if f.nullable else 'no'} |" in row
    meta = f.metadata or {}
    for key in (b"doc", b"example", b"how"):  # the schema must carry all three, non-empty
        assert meta.get(key), f"{dataset}.{field} has no {key.decode()} in tasks/store/schemas.py"


# Facts an analyst needs that are not column rows: each must appear in the doc.
LAYOUT_FACTS = [
    f"{PARTITION_KEY}=YYYY-MM-DD",
    "`story_id`",  # join key
    *[f"| `{d}` | {', '.join(f'`{k}`' for k in SORT_KEYS[d])} |" for d in DATASETS],
    *[f"| `{k}` |" for k in FILE_METADATA],
    f"Schema version **{SCHEMA_VERSION}**",
]


@pytest.mark.parametrize("fact", LAYOUT_FACTS)
def test_layout_keys_and_metadata_are_documented(fact):
    assert fact in render_schema_doc()


@pytest.fixture(scope="module")
def flow_output(prefect_harness, tmp_path_factory) -> tuple[Path, dict]:
    return build_out(tmp_path_factory)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_committed_files_carry_the_documented_metadata(flow_output, dataset):
    out, manifest = flow_output
    files = sorted((out / dataset).rglob("*.parquet"))
    assert files, f"the flow wrote no {dataset}"
    for f in files:
        kv = {
            k.decode(): v.decode()
            for k, v in pq.read_metadata(f).metadata.items()
            if k.startswith(b"wirecopy.")
        }
        assert kv == {
            "wirecopy.schema_version": SCHEMA_VERSION,
            "wirecopy.parser_version": PARSER_VERSION,
            "wirecopy.model_version": manifest["versions"]["model"],
            "wirecopy.run_id": manifest["run_id"],
        }
        assert set(kv) == set(FILE_METADATA)  # the doc lists exactly what is written
        # ...and the file's Arrow schema is the declared one (types, nullability, order).
        assert pq.read_schema(f).remove_metadata().equals(DATASETS[dataset].remove_metadata())
