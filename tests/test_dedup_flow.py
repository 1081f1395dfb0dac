"""Clusters through the real flow: copies across formats, a later version, re-runs, reprocess.

Parse-only runs (`enrich=False`) on small self-written raw folders; the stories are read
back from the Parquet the flow wrote. Stories are written as agencies send them: a Reuters
`.txt` drop, the same text as a `.jsonl` export line, and a later `UPDATE 1-` version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import flows.wire_etl as wire
from tests.etl_helpers import accounting_holds, check_out_folder, snapshot, visible_files

pytestmark = pytest.mark.usefixtures("prefect_harness")

BODY = (
    "Northwest Timber Co said it will close its Springfield sawmill for three weeks because "
    "of weak lumber demand, idling about 240 workers.\n\n"
    "The company said the closure would begin March 2 and that workers would receive partial "
    "pay during the shutdown.\n\n"
    '"We expect orders to recover by spring," a spokesman said.'
)
TXT = f" date 1987-02-26 PORTLAND, Ore., Feb 26 - {BODY}\n Reuter\n"
UPDATE = (
    " date 1987-02-26 UPDATE 1-Northwest Timber to close Springfield sawmill\n\n"
    "PORTLAND, Ore., Feb 26 - Northwest Timber Co said on Thursday it will "
    "close its Springfield sawmill for three weeks because of weak lumber demand, idling about "
    "240 workers, and may cut a shift at its Eugene mill.\n\n"
    + BODY.split("\n\n", 1)[1]
    + "\n Reuter\n"
)
OTHER = (
    " date 1987-02-26 WASHINGTON, Feb 26 - The Senate approved a 88 billion dlr highway bill "
    "on Thursday after a long debate over the speed limit on rural interstate roads.\n Reuter\n"
)


def _write(raw: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(text, encoding="utf-8")


def _run(raw: Path, out: Path, **kw) -> dict:
    kw.setdefault("enrich", False)
    kw.setdefault("task_runner", "in-process")
    m = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)
    assert accounting_holds(m)
    check_out_folder(out)
    return m


def _clusters(out: Path) -> dict[str, dict]:
    files = [str(f) for f in visible_files(out, "stories")]
    cols = [
        "source_path",
        "source_index",
        "cluster_id",
        "is_primary",
        "duplicate_kind",
        "similarity",
    ]
    rows = ds.dataset(files, format="parquet").to_table(columns=cols).to_pylist()
    return {f"{r['source_path']}#{r['source_index']}": r for r in rows}


@pytest.fixture
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    jsonl = json.dumps({"id": "RTR-1", "date": "1987-02-26", "agency": "Reuters", "text": TXT})
    _write(
        raw,
        {
            "reuters/portland-sawmill.txt": TXT,
            "feeds/export.jsonl": jsonl + "\n",
            "reuters/washington-highways.txt": OTHER,
        },
    )
    return raw


def test_copies_across_a_txt_and_a_jsonl_share_a_cluster(raw, tmp_path) -> None:
    m = _run(raw, tmp_path / "out")
    got = _clusters(tmp_path / "out")
    txt, line, other = (
        got["reuters/portland-sawmill.txt#0"],
        got["feeds/export.jsonl#0"],
        got["reuters/washington-highways.txt#0"],
    )
    assert txt["cluster_id"] == line["cluster_id"] != other["cluster_id"]
    assert sorted([txt["is_primary"], line["is_primary"]]) == [False, True]
    copy = line if not line["is_primary"] else txt
    assert (copy["duplicate_kind"], copy["similarity"]) == ("exact", 1.0)
    assert (other["is_primary"], other["duplicate_kind"]) == (True, None)
    assert m["dedup"]["pending"] == 3 and m["dedup"]["edges"] == {"exact": 1}


def test_a_new_version_in_a_later_run_takes_primary_and_keeps_the_cluster(raw, tmp_path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before = _clusters(out)
    cluster = before["reuters/portland-sawmill.txt#0"]["cluster_id"]
    _write(raw, {"reuters/portland-sawmill-update.txt": UPDATE})
    m = _run(raw, out)
    after = _clusters(out)
    new = after["reuters/portland-sawmill-update.txt#0"]
    assert new["cluster_id"] == cluster and new["is_primary"]
    assert new["duplicate_kind"] is None
    for key in ("reuters/portland-sawmill.txt#0", "feeds/export.jsonl#0"):
        old = after[key]
        # the old primary's row was rewritten: same cluster, no longer primary
        assert (old["cluster_id"], old["is_primary"], old["duplicate_kind"]) == (
            cluster,
            False,
            "version",
        )
        assert 0.3 < old["similarity"] < 1.0
    assert m["dedup"]["pending"] == 1 and m["dedup"]["rows_changed"] == 3
    assert after["reuters/washington-highways.txt#0"] == before["reuters/washington-highways.txt#0"]
    assert len(after) == 4  # rows replaced in place, none duplicated


def test_reprocess_all_and_a_second_run_keep_every_cluster(raw, tmp_path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    _write(raw, {"reuters/portland-sawmill-update.txt": UPDATE})
    _run(raw, out)
    reference = snapshot(out)
    state = sorted((out / "_state" / "clusters").rglob("*"))

    again = _run(raw, out)  # nothing new: nothing to cluster, nothing written
    assert again["dedup"]["pending"] == 0
    assert snapshot(out) == reference and sorted((out / "_state" / "clusters").rglob("*")) == state

    redo = _run(raw, out, reprocess="all")
    assert redo["dedup"]["pending"] == 4
    assert snapshot(out) == reference  # the same ids, primaries, kinds and similarities


def test_same_stories_in_another_shard_order_give_the_same_clusters(raw, tmp_path) -> None:
    _write(raw, {"reuters/portland-sawmill-update.txt": UPDATE})
    _run(raw, tmp_path / "one", shard_size=10)
    _run(raw, tmp_path / "many", shard_size=1)  # one commit per story, in another order
    assert _clusters(tmp_path / "one") == _clusters(tmp_path / "many")


def test_an_old_out_folder_without_signatures_gets_clustered(raw, tmp_path) -> None:
    """Stories committed before the dedup index existed: signed from their rows, clustered."""
    import shutil

    out = tmp_path / "out"
    _run(raw, out)
    reference = _clusters(out)
    shutil.rmtree(out / "_dedup")
    shutil.rmtree(out / "_state")  # nor the corpus steps' state: that came later still
    for f in visible_files(out, "stories"):  # as if written before the cluster columns
        t = ds.dataset(str(f), format="parquet").to_table()
        keep = [
            c
            for c in t.column_names
            if c not in ("cluster_id", "is_primary", "duplicate_kind", "similarity")
        ]
        import pyarrow.parquet as pq

        pq.write_table(t.select(keep), f)
    m = wire.wire_etl(raw_dir=str(raw), out_dir=str(out), enrich=False, task_runner="in-process")
    assert m["dedup"]["signed_late"] == 3
    assert _clusters(out) == reference
    assert len(visible_files(out, "_dedup")) >= 1


def test_a_pruned_primary_hands_over_to_a_remaining_copy(raw, tmp_path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    got = _clusters(out)
    pair = ["reuters/portland-sawmill.txt#0", "feeds/export.jsonl#0"]
    primary, copy = sorted(pair, key=lambda k: not got[k]["is_primary"])
    (raw / primary.split("#")[0]).unlink()
    _run(raw, out, prune_deleted=True)
    after = _clusters(out)
    assert primary not in after
    assert after[copy]["is_primary"] and after[copy]["cluster_id"] == got[copy]["cluster_id"]
    assert (after[copy]["duplicate_kind"], after[copy]["similarity"]) == (None, 1.0)
