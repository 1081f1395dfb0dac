"""Crashes and concurrency with real processes: SIGKILL the CLI mid-run, re-run, compare.

One real `prefect server start` serves every run of this module (a run then costs ~3 s of
Prefect overhead instead of 8-15 s of ephemeral server start-up); it is stopped by process
group at the end. The corpus (~700 stories, shard size 20 → ~36 commits) is built once;
a clean run's dataset is the reference every crashed-and-resumed run must equal, row for row
(run metadata aside), with no duplicate story_id and the accounting invariant in every manifest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.local_server import local_prefect_server, stop_process_group
from tests.etl_helpers import (
    ROOT,
    accounting_holds,
    build_corpus,
    check_out_folder,
    manifests,
    snapshot,
)

pytestmark = pytest.mark.slow

N_STORIES = 700
SHARD_SIZE = 20
N_COPIES = 40  # re-deliveries (copies and versions): the clusters must survive a kill too
RUN_TIMEOUT = 120


@pytest.fixture(scope="module")
def prefect_env(tmp_path_factory):
    with local_prefect_server(tmp_path_factory.mktemp("prefect-home")) as env:
        yield {**env, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    n = build_corpus(raw, N_STORIES, copies=N_COPIES)
    return raw, n


def _start(env, raw: Path, out: Path, log: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "flows.wire_etl",
        "--raw-dir",
        str(raw),
        "--out-dir",
        str(out),
        "--no-enrich",
        "--shard-size",
        str(SHARD_SIZE),
        "--workers",
        "1",
    ]
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _finish(proc: subprocess.Popen, log: Path) -> int:
    try:
        return proc.wait(RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        stop_process_group(proc)
        pytest.fail(f"run did not finish in {RUN_TIMEOUT}s:\n{log.read_text()[-3000:]}")


def _run(env, raw: Path, out: Path, log: Path) -> int:
    return _finish(_start(env, raw, out, log), log)


@pytest.fixture(scope="module")
def clean(prefect_env, corpus, tmp_path_factory):
    raw, n = corpus
    out = tmp_path_factory.mktemp("clean") / "out"
    log = out.parent / "run.log"
    t0 = time.monotonic()
    assert _run(prefect_env, raw, out, log) == 0, log.read_text()[-3000:]
    seconds = time.monotonic() - t0
    (m,) = manifests(out)
    assert m["inputs"]["seen"] >= n and accounting_holds(m)
    check_out_folder(out)
    stories = pq.read_table(out / "stories", columns=["is_primary", "duplicate_kind"])
    kinds = stories["duplicate_kind"].drop_null().to_pylist()
    assert kinds.count("exact") >= N_COPIES // 2 and kinds.count("version") >= N_COPIES // 4
    assert stories["is_primary"].null_count == 0  # every story clustered
    return snapshot(out), m, seconds


class _Reader(threading.Thread):
    """A reader polling the datasets during a run: every file it can list must open whole."""

    def __init__(self, out: Path) -> None:
        super().__init__(daemon=True)
        self.out, self.stop, self.opened, self.errors = out, threading.Event(), 0, []

    def run(self) -> None:
        while not self.stop.is_set():
            for dataset in ("stories", "quotes", "rejects"):
                base = self.out / dataset
                for f in base.rglob("*.parquet") if base.exists() else []:
                    try:
                        pq.read_table(f)
                        self.opened += 1
                    except FileNotFoundError:
                        pass  # replaced by a commit between listing and opening: fine
                    except Exception as exc:
                        self.errors.append(f"{f}: {type(exc).__name__}: {exc}")
            time.sleep(0.2)  # two cores are shared with the run under test


def _ledger_count(out: Path) -> int:
    try:
        return sum(1 for n in os.listdir(out / "_ledger") if n.endswith(".parquet"))
    except FileNotFoundError:
        return 0


def _journal_pending(out: Path, suffix: str = ".json") -> bool:
    try:
        return any(n.endswith(suffix) for n in os.listdir(out / "_journal"))
    except FileNotFoundError:
        return False


KILL_POINTS = {
    # after the first shard is committed
    "first-commit": lambda out: _ledger_count(out) >= 1,
    # after several commits (and before the run ends: ~36 shards)
    "several-commits": lambda out: _ledger_count(out) >= 12,
    # while a commit's journal exists: renames half done, the next run must finish them
    "mid-commit": lambda out: _ledger_count(out) >= 3 and _journal_pending(out),
    # while the clustering's journal exists (every shard committed, the corpus step's stories
    # rewrites, state and inbox deletions half done): the next run has nothing new to do
    "mid-clustering": lambda out: _journal_pending(out, "-clusters.json"),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_then_rerun_equals_a_clean_run(prefect_env, corpus, clean, tmp_path, point):
    raw, _ = corpus
    reference, clean_manifest, _ = clean
    out = tmp_path / "out"
    reader = _Reader(out)
    reader.start()
    proc = _start(prefect_env, raw, out, tmp_path / "killed.log")
    hit = KILL_POINTS[point]
    deadline = time.monotonic() + RUN_TIMEOUT
    nap = 0.0002 if point.startswith("mid-") else 0.005  # a journal lives for milliseconds
    while not hit(out):  # poll the filesystem at high frequency
        time.sleep(nap)
        if proc.poll() is not None:
            pytest.fail(f"run ended before {point}:\n{(tmp_path / 'killed.log').read_text()}")
        assert time.monotonic() < deadline, f"{point} never happened"
    os.killpg(proc.pid, signal.SIGKILL)  # the flow process and its worker processes
    proc.wait(10)
    journal_left = _journal_pending(out)
    committed = _ledger_count(out)
    reader.stop.set()
    reader.join(5)
    assert not reader.errors, reader.errors[:3]
    # what the crash left is readable: every visible file opens whole
    for f in out.rglob("*.parquet"):
        if "_staging" not in f.parts:
            pq.ParquetFile(f)
    assert not manifests(out), "a killed run writes no manifest"
    if point.startswith("mid-"):
        assert journal_left, "killed while a journal existed: it must still be there"

    assert _run(prefect_env, raw, out, tmp_path / "rerun.log") == 0, (
        tmp_path / "rerun.log"
    ).read_text()[-3000:]

    check_out_folder(out)
    assert snapshot(out) == reference  # row for row, nothing missing, nothing twice
    (m,) = manifests(out)
    assert accounting_holds(m) and m["status"] == "completed"
    assert m["inputs"]["seen"] == clean_manifest["inputs"]["seen"]
    if point == "mid-clustering":  # every shard had committed: nothing left but to finish
        assert m["inputs"]["new"] == 0
    else:
        assert 0 < m["inputs"]["unchanged"] < m["inputs"]["seen"]  # resumed, not redone
    assert committed >= 1
    assert "interrupted commit" in (tmp_path / "rerun.log").read_text() or not journal_left


def test_two_runs_at_once_on_one_out_folder(prefect_env, corpus, clean, tmp_path):
    raw, _ = corpus
    reference, clean_manifest, _ = clean
    out = tmp_path / "out"
    reader = _Reader(out)
    reader.start()
    procs = [_start(prefect_env, raw, out, tmp_path / f"run{i}.log") for i in (1, 2)]
    codes = [_finish(p, tmp_path / f"run{i}.log") for i, p in enumerate(procs, start=1)]
    reader.stop.set()
    reader.join(5)
    assert codes == [0, 0], [(tmp_path / f"run{i}.log").read_text()[-2000:] for i in (1, 2)]
    assert not reader.errors, reader.errors[:3]
    check_out_folder(out)
    assert snapshot(out) == reference
    runs = manifests(out)
    assert len(runs) == 2
    for m in runs:
        assert accounting_holds(m) and m["status"] == "completed"
        assert m["inputs"]["seen"] == clean_manifest["inputs"]["seen"]
    # each record was committed at least once; work done twice replaced, never duplicated
    assert (
        sum(m["inputs"]["stories"] + m["inputs"]["rejected"] for m in runs)
        >= (clean_manifest["inputs"]["seen"])
    )
