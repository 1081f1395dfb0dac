"""`--task-runner dask` on a real cluster: `dask scheduler` and two `dask worker` processes on
127.0.0.1, started as README "Scale out" says, raw and out in a temp folder standing for a
shared mount (an s3:// out folder reaches worker processes the same way: tests/test_s3.py).

- a run equals the local run row for row, its shards staged (NER included) by both workers;
- a worker that lacks the project stops the run before any shard, with one message;
- a worker SIGKILLed while it stages a shard: Dask re-runs the shard on the other worker
  (Prefect does not refuse the task run's second attempt) and the rows equal a clean run;
- a shard whose staging the output storage refuses fails alone, its worker and the reason
  named; the accounting holds, and the next run redoes only that shard;
- a worker that does not see the raw folder stops the run at the preflight, or, joining
  after it, fails its shards instead of committing their stories as `vanished` rejects.
"""

from __future__ import annotations

import shutil
import threading
import time
import tomllib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.local_dask import DaskProcesses, can_hide_folders
from flows.local_server import free_port
from flows.wire_etl import build_parser, main, wire_etl
from tasks.run.engine import RunFailed, run_pipeline, start_run
from tasks.run.executors import DaskCluster, executor_for
from tasks.run.request import RunRequest
from tasks.settings import DEFAULT_MODEL
from tests.conftest import RAW_SAMPLES, ROOT
from tests.etl_helpers import (
    accounting_holds,
    build_corpus,
    check_out_folder,
    manifests,
    run_in_process,
    snapshot,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
CATALOG_COLUMNS = ["entity_id", "name", "label", "aliases", "acronym", "n_stories", "kb_id"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """One scheduler and two single-threaded worker processes for the whole module."""
    with DaskProcesses(tmp_path_factory.mktemp("dask")) as procs:
        procs.add_worker()
        procs.add_worker()
        yield procs


def two_workers(cluster: DaskProcesses) -> None:
    """A test that killed a worker leaves one: start another so every test sees two."""
    while len(cluster.worker_pids()) < 2:
        cluster.add_worker()


def dask_request(raw: Path, out: Path, address: str) -> RunRequest:
    """A parse-only run of the samples in shards of 4 on the Dask cluster at `address`."""
    return RunRequest(
        raw_dir=str(raw),
        out_dir=str(out),
        enrich=False,
        shard_size=4,
        task_runner="dask",
        dask_address=address,
    )


def test_a_run_equals_the_local_run_row_for_row(cluster, tmp_path):
    two_workers(cluster)
    raw, out = tmp_path / "raw", tmp_path / "dask"
    shutil.copytree(RAW_SAMPLES, raw)
    local = run_in_process(raw, tmp_path / "local", shard_size=4)

    got = wire_etl(
        raw_dir=str(raw),
        out_dir=str(out),
        shard_size=4,
        task_runner="dask",
        dask_address=cluster.address,
    )

    assert got["status"] == "completed" and got["inputs"] == local["inputs"]
    assert got["shards"]["committed"] == got["shards"]["planned"] >= 3
    assert got["worker_processes"] == 2  # both workers staged shards, this process none
    assert "preflight" in got["seconds"]
    assert snapshot(out) == snapshot(tmp_path / "local")
    assert _catalog(out) == _catalog(tmp_path / "local")
    check_out_folder(out)
    assert not list((out / "_staging").rglob("*.*")), "staging (the probe's token too) is clean"
    # NER ran on the workers, each loading the model once (module-level cache).
    assert cluster.client is not None
    loaded = cluster.client.run(
        lambda: sorted(__import__("tasks.enrich.entities").enrich.entities._NLP)
    )
    assert all(models == [DEFAULT_MODEL] for models in loaded.values()), loaded


def test_a_worker_without_the_project_stops_the_run_before_any_shard(cluster, tmp_path, capsys):
    two_workers(cluster)
    good = set(cluster.worker_pids())
    bare = cluster.add_worker(project=False)
    (address,) = set(cluster.worker_pids()) - good
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    argv = ["--raw-dir", str(raw), "--out-dir", str(out), "--no-enrich", "--shard-size", "4"]
    try:
        status = main([*argv, "--task-runner", "dask", "--dask-address", cluster.address])
    finally:
        cluster.stop_worker(bare)

    err = capsys.readouterr().err
    message = (
        f"workers at {address} cannot import wirecopy {VERSION} (ModuleNotFoundError: No module "
        "named 'tasks'): install the project on every worker (see README, Scale out)"
    )
    assert status == 1 and err.count(message) == 1, err
    assert not any(worker in err for worker in good), "only the worker that lacks it is named"
    (manifest,) = manifests(out)
    assert manifest["status"] == "failed" and manifest["failures"] == [message]
    assert manifest["inputs"]["failed"] == manifest["inputs"]["new"] > 0
    assert manifest["inputs"]["stories"] == manifest["shards"]["committed"] == 0
    assert accounting_holds(manifest)
    # Nothing committed: no dataset, no ledger; the probe's token is gone from staging.
    # the manifest and the empty state of a new out folder (discovery's cache, the corpus
    # steps' empty tables): no data, nothing in the ledger or the corpus steps' inbox
    written = sorted(p.name for p in out.iterdir() if any(p.rglob("*.*")))
    assert written in (["_runs"], ["_runs", "_state"]), written


def test_a_worker_killed_mid_shard_has_its_shard_rerun_and_rows_equal_a_clean_run(
    cluster, tmp_path
):
    two_workers(cluster)
    raw = tmp_path / "raw"
    build_corpus(raw, 200)
    clean = run_in_process(raw, tmp_path / "clean", enrich=False, shard_size=20)
    killed: dict = {}
    stop = threading.Event()

    def kill_the_first_worker_staging_a_shard() -> None:
        while not stop.is_set():
            for address, keys in cluster.executing().items():
                if any("stage_shard" in key for key in keys):
                    killed.update(address=address, keys=keys, pid=cluster.kill(address))
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_the_first_worker_staging_a_shard, daemon=True)
    killer.start()
    try:
        got = wire_etl(
            raw_dir=str(raw),
            out_dir=str(tmp_path / "out"),
            enrich=False,
            shard_size=20,
            task_runner="dask",
            dask_address=cluster.address,
        )
    finally:
        stop.set()
        killer.join(10)

    assert killed, "no worker was seen staging a shard"
    assert got["status"] == "completed" and got["inputs"] == clean["inputs"]
    assert got["shards"]["committed"] == got["shards"]["planned"] >= 10
    # Killed in its first shard: every shard, that one included, was staged by the other.
    assert got["worker_processes"] == 1
    assert accounting_holds(got)
    check_out_folder(tmp_path / "out")
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "clean")


def test_a_shard_the_output_storage_refuses_fails_alone_with_its_worker_and_reason(
    cluster, tmp_path
):
    """The engine without Prefect (tasks.run.executors.DaskCluster) on the same cluster."""
    two_workers(cluster)
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    request = dask_request(raw, out, cluster.address)
    run = start_run(request)
    # Shard 2's staging folder cannot be created: a file already holds its name.
    blocked = out / "_staging" / f"{run.run_id}-s00002"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("in the way")

    with pytest.raises(RunFailed) as failed:
        run_pipeline(request, executor_for(request), run=run)

    manifest = failed.value.manifest
    (failure,) = manifest["failures"]
    assert failure.startswith("shard 2/3 (")
    assert " failed at stage write on worker tcp://127.0.0.1:" in failure
    assert f"cannot write to the output storage {out}: " in failure
    assert manifest["shards"]["committed"] == 2 and accounting_holds(manifest)
    assert manifest["inputs"]["failed"] > 0

    blocked.unlink()
    again = run_pipeline(request, executor_for(request))
    assert again["status"] == "completed"
    assert again["inputs"]["new"] == manifest["inputs"]["failed"]
    check_out_folder(out)
    run_in_process(raw, tmp_path / "clean", enrich=False, shard_size=4)
    assert snapshot(out) == snapshot(tmp_path / "clean")


@pytest.mark.skipif(
    not can_hide_folders(), reason="needs `unshare --mount` (root) to hide the raw folder"
)
def test_a_worker_that_does_not_see_the_raw_folder_never_commits_its_stories_as_rejects(tmp_path):
    """There at the start, it stops the run at the preflight; joining after the probe (a
    cluster that grows mid-run), its shards fail: committed, the stories it could not find
    would be `vanished` rejects that the ledger keeps."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    with DaskProcesses(tmp_path / "dask") as cluster:
        cluster.add_worker(hide=raw)  # a machine without the raw mount
        request = dask_request(raw, out, cluster.address)
        with pytest.raises(RunFailed, match=r"workers at tcp://\S+ cannot read the raw input "):
            run_pipeline(request, executor_for(request))
        with pytest.raises(RunFailed) as failed:
            run_pipeline(request, JoinedAfterThePreflight(cluster.address))

    manifest = failed.value.manifest
    assert len(manifest["failures"]) == manifest["shards"]["planned"] == 3
    for failure in manifest["failures"]:
        assert " failed at stage read: RawUnseen: its worker (pid " in failure
        assert "which this machine reads: put raw on storage every worker reaches" in failure
    assert manifest["inputs"]["rejected"] == 0 and accounting_holds(manifest)
    assert not (out / "rejects").exists() and not list((out / "_ledger").glob("*"))
    assert not list((out / "_staging").glob("*-s0*")), "the shards' staging is discarded"


def test_a_scheduler_without_workers_stops_the_run_with_the_command_to_start_one(
    tmp_path, monkeypatch
):
    """A real scheduler nobody has joined: the run waits WORKER_WAIT, then says how to start
    a worker; nothing is committed."""
    from tasks.run import preflight

    monkeypatch.setattr(preflight, "WORKER_WAIT", 2.0)
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    with DaskProcesses(tmp_path / "dask") as cluster:
        request = dask_request(raw, out, cluster.address)
        with pytest.raises(RunFailed) as failed:
            run_pipeline(request, executor_for(request))
    message = str(failed.value)
    assert f"the Dask scheduler at {cluster.address} has no workers after 2 s" in message
    assert f"start `dask worker {cluster.address}` on each machine" in message
    assert failed.value.manifest["shards"]["committed"] == 0
    assert not list((out / "_ledger").glob("*"))


class JoinedAfterThePreflight(DaskCluster):
    """Its workers were not there when the probe ran."""

    def preflight(self, specs) -> None:
        return None


def test_a_run_with_nothing_new_never_contacts_the_cluster(tmp_path):
    """A quarter-hourly deployment with nothing new does not need the cluster to be up."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW_SAMPLES, raw)
    run_in_process(raw, out, enrich=False)
    nobody = f"tcp://127.0.0.1:{free_port()}"
    again = wire_etl(
        raw_dir=str(raw), out_dir=str(out), enrich=False, task_runner="dask", dask_address=nobody
    )
    assert again["status"] == "completed" and again["inputs"]["new"] == 0
    assert "preflight" not in again["seconds"]


def test_dask_needs_an_address():
    with pytest.raises(ValueError, match="dask_address"):
        wire_etl.fn(raw_dir="x", out_dir="y", task_runner="dask")
    with pytest.raises(SystemExit):
        main(["--task-runner", "dask"])
    assert build_parser().parse_args(["--task-runner", "dask", "--dask-address", "tcp://h:1"])


def _catalog(out) -> list[tuple]:
    path = out / "entity_catalog" / "catalog.parquet"
    rows = pq.read_table(path, columns=CATALOG_COLUMNS).to_pylist()
    return sorted(tuple(repr(r[c]) for c in CATALOG_COLUMNS) for r in rows)
