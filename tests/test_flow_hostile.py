"""The flow on a hostile raw folder: nothing crashes, every input lands in exactly one place,
no path is built from story text, and the raw folder is left untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.wire_etl import wire_etl
from tasks.ingest.rawio import file_kind

pytestmark = pytest.mark.usefixtures("prefect_harness")

HOSTILE = Path(__file__).parent / "hostile"

# Stories whose text tries to steer paths: agency / city strings with ../, /, NUL, %2F, \n.
PATH_ATTACKS = {
    "attack-dotdot.txt": "../../etc, Mar 3 (../PTI) Officials said nothing happened today.",
    "attack-slash.txt": "New/Delhi, Mar 3 (A/B) The minister spoke to reporters in the city.",
    "attack-pct.txt": "%2F..%2Fx, Mar 3 (%2FAFP) Markets rose on Tuesday after the report.",
    "attack-nul.txt": "Del\x00hi, Mar 3 (P\x00TI) Rain lashed the capital on Wednesday evening.",
    "attack-newline.jsonl": '{"text": "Pune, Mar 3 (PTI) Story.", "agency": "../\\n/etc"}\n',
}
ODD_DATES = {
    "feb30.txt": " date 2023-03-01 Mumbai, Feb 30 (PTI) The civic body approved the budget.",
    "future.txt": " date 2023-03-01 Mumbai, Dec 30 (PTI) A date the header cannot allow here.",
    "disagree.txt": " date 2023-03-05 Mumbai, Mar 1 (PTI) Header four days after dateline.",
    "dateline-only.txt": "Mumbai, Mar 1 (PTI)",
}
LAYOUT = re.compile(
    r"^((stories|quotes|entities|rejects|_dedup)/day=\d{4}-\d{2}-\d{2}/part-[A-Za-z0-9_.-]+"
    r"\.parquet|_ledger/[A-Za-z0-9_.-]+\.parquet|_clusters/[A-Za-z0-9_.-]+\.parquet"
    r"|_runs/[A-Za-z0-9_.-]+\.json|_prefect_results/.+|_lock"
    r"|_ner_cache/part-[A-Za-z0-9_.-]+\.parquet"
    # the corpus steps' inboxes and state: fixed names, commit ids we mint, sequence numbers
    r"|_inbox/(entities|clusters)/\d{20}-[A-Za-z0-9_.-]+\.parquet"
    r"|_state/(discovery|entities/keys|clusters/members)\.parquet"
    r"|_state/(entities/(evidence|postings)|clusters/prints-[0-9a-f]{12})/"
    r"(L\d-\d{20}-[A-Za-z0-9_.-]+\.parquet|\.keep)"
    r"|entity_catalog/catalog\.parquet)$"  # one fixed name, never from story text
)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for p in HOSTILE.iterdir():
        if p.suffix != ".py":
            shutil.copy(p, raw / p.name)
    for name, text in {**PATH_ATTACKS, **ODD_DATES}.items():
        (raw / name).write_bytes(text.encode())
    (raw / "name with spaces é\nnewline.txt").write_text("Goa, Mar 2 (IANS) Beaches reopened.")
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("London, Mar 2 (Reuters) - A story outside the raw folder.")
    (raw / "link.txt").symlink_to(outside)
    with open(raw / "huge.txt", "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 2**20)
    before = _digest(raw)
    out = tmp_path_factory.mktemp("out")
    manifest = wire_etl(raw_dir=str(raw), out_dir=str(out), task_runner="in-process", shard_size=16)
    return raw, out, manifest, before


def _table(out: Path, name: str):
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table()


def test_every_input_lands_in_exactly_one_place(hostile_run):
    raw, out, m, _ = hostile_run
    stories = {(r["source_path"], r["source_index"]) for r in _table(out, "stories").to_pylist()}
    rejects = [(r["source_path"], r["source_index"]) for r in _table(out, "rejects").to_pylist()]
    assert len(rejects) == len(set(rejects)), "a bad input gave more than one reject row"
    assert not stories & set(rejects), "an input is both a story and a reject"
    landed = {p for p, _ in stories} | {p for p, _ in rejects}
    files = {
        str(p.relative_to(raw))
        for p in raw.rglob("*")
        if p.is_symlink() or (p.is_file() and file_kind(p.name) is not None)
    }
    assert files == landed
    # a multi-item delivery: one row per item, at its position
    assert {i for p, i in stories if p == "message.xml"} == {0, 2}
    assert [i for p, i in rejects if p == "message.xml"] == [1]
    i = m["inputs"]
    assert i["seen"] == i["stories"] + i["rejected"] + i["unchanged"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("huge.txt", "too_large"),  # rejected by size, never read
        ("link.txt", "symlink"),  # points outside the raw folder: reported, not followed
        ("dateline-only.txt", "no_body"),
        ("empty.txt", "empty"),
        ("png.txt", "binary"),
        ("corrupt.txt.gz", "corrupt_gzip"),
        ("bomb.xml", "unsafe_xml"),  # entity expansion bomb: refused, never expanded
        ("xxe.nitf", "unsafe_xml"),  # external entity: refused, never fetched
        ("broken.xml", "malformed_xml"),
    ],
)
def test_specific_reject_reasons(hostile_run, name, reason):
    _, out, _, _ = hostile_run
    got = [r["reason"] for r in _table(out, "rejects").to_pylist() if r["source_path"] == name]
    assert got == [reason]


def test_no_path_is_built_from_story_text(hostile_run):
    _, out, _, _ = hostile_run
    for p in out.rglob("*"):
        if p.is_file():
            rel = p.relative_to(out).as_posix()
            assert LAYOUT.match(rel), rel
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_path_attacks_are_just_text(hostile_run):
    _, out, _, _ = hostile_run
    rows = {r["source_path"]: r for r in _table(out, "stories").to_pylist()}
    assert {n for n in PATH_ATTACKS} <= set(rows)  # they are stories, stored as text
    # "New/Delhi" reads as a two-city dateline (like "WASHINGTON/NEW YORK"): still only text
    assert rows["attack-slash.txt"]["dateline_places"] == ["New", "Delhi"]
    assert rows["attack-slash.txt"]["dateline_city"] == "New"
    assert rows["attack-slash.txt"]["agency_credit"] == "A/B"
    assert rows["attack-dotdot.txt"]["body"].startswith("../../etc, Mar 3 (../PTI)")
    assert all("\x00" not in (r["body"] + (r["dateline_city"] or "")) for r in rows.values())


@pytest.mark.parametrize(
    ("name", "dateline_date", "date"),
    [
        ("feb30.txt", None, "2023-03-01"),  # no Feb 30: the header date is the story date
        ("disagree.txt", "2023-03-01", "2023-03-01"),  # the dateline wins over the header
    ],
)
def test_impossible_and_disagreeing_dates(hostile_run, name, dateline_date, date):
    _, out, _, _ = hostile_run
    (row,) = [r for r in _table(out, "stories").to_pylist() if r["source_path"] == name]
    assert str(row["dateline_date"]) == str(dateline_date) and str(row["date"]) == date


def test_raw_folder_is_untouched(hostile_run):
    raw, _, _, before = hostile_run
    assert _digest(raw) == before
    assert (raw / "link.txt").is_symlink()


def test_second_run_adds_nothing(hostile_run):
    raw, out, first, _ = hostile_run
    m = wire_etl(raw_dir=str(raw), out_dir=str(out), task_runner="in-process", shard_size=16)
    assert m["inputs"]["new"] == 0 and m["inputs"]["unchanged"] == first["inputs"]["seen"]
