"""Raw and out on an object store: s3:// URLs against a local S3 endpoint (moto, 127.0.0.1).

The endpoint reaches every process (this one, the shard worker pool, s3fs, pandas, pyarrow)
through botocore's standard `AWS_ENDPOINT_URL` environment variable, which aiobotocore (and
so s3fs 2026.9) honours; fsspec's `FSSPEC_S3_ENDPOINT_URL` would only be read at import.
"""

from __future__ import annotations

import json
import os
import socket
import time

import pandas as pd
import pytest

from flows.wire_etl import wire_etl
from tasks.store import compact
from tasks.store.lock import LockTimeout, out_lock
from tasks.store.outdir import Store
from tests.conftest import RAW_SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

RAW = "s3://raw-bucket/wire"
OUT = "s3://out-bucket/processed"
CHANGED = "reuters/portland-sawmill.txt"


@pytest.fixture(scope="module")
def s3():
    """A moto S3 server on 127.0.0.1 with the samples uploaded; env points every client at it."""
    moto_server = pytest.importorskip("moto.server")
    s3fs = pytest.importorskip("s3fs")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    fs.mkdir("raw-bucket")
    fs.mkdir("out-bucket")
    for path in sorted(RAW_SAMPLES.rglob("*")):
        if path.is_file():
            fs.pipe(
                f"raw-bucket/wire/{path.relative_to(RAW_SAMPLES).as_posix()}", path.read_bytes()
            )
    yield fs
    server.stop()
    s3fs.S3FileSystem.clear_instance_cache()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _stories() -> pd.DataFrame:
    df = pd.read_parquet(f"{OUT}/stories")  # pandas → pyarrow → s3fs, env endpoint
    return df.sort_values("story_id").reset_index(drop=True)


def test_flow_on_s3_incremental(s3):
    first = wire_etl(raw_dir=RAW, out_dir=OUT, shard_size=4, workers=2)
    assert first["status"] == "completed" and first["inputs"]["stories"] == 11
    before = _stories()
    assert len(before) == 11 and before["story_id"].is_unique
    assert not s3.exists("out-bucket/processed/_lock")
    assert not s3.find("out-bucket/processed/_staging")

    again = wire_etl(raw_dir=RAW, out_dir=OUT, shard_size=4, task_runner="in-process")
    assert again["inputs"]["new"] == 0 and again["inputs"]["unchanged"] == 12
    pd.testing.assert_frame_equal(_stories(), before)

    key = f"raw-bucket/wire/{CHANGED}"
    s3.pipe(key, s3.cat(key).replace(b"sawmill", b"lumber mill"))
    third = wire_etl(raw_dir=RAW, out_dir=OUT, shard_size=4, task_runner="in-process")
    assert third["inputs"]["new"] == 1 and third["rows"]["replaced"] == 1
    after = _stories()
    assert len(after) == len(before)
    changed = after["source_path"] == CHANGED
    assert changed.sum() == 1 and "lumber mill" in after.loc[changed, "body"].item()
    unchanged = after[~changed].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        unchanged, before[before["source_path"] != CHANGED].reset_index(drop=True)
    )


def test_compaction_on_s3(s3):
    from tests.store.test_compact import DAY, fill_rejects

    store = Store("s3://out-bucket/compaction")
    fill_rejects(
        store, {f"run{k}-s00001": [f"feed/{k}-{i}.jsonl" for i in range(30)] for k in range(5)}
    )

    def rows() -> pd.DataFrame:
        df = pd.read_parquet("s3://out-bucket/compaction/rejects")
        return df.sort_values(["source_path", "source_index"]).reset_index(drop=True)

    before = rows()
    result = compact.compact_store(store)
    assert (result.files_before, result.files_after) == (5, 1)
    pd.testing.assert_frame_equal(rows(), before)
    assert len(store.files_in("rejects", DAY)) == 1
    assert not s3.find("out-bucket/compaction/_staging")
    assert not s3.find("out-bucket/compaction/_journal")


def test_commit_lock_is_exclusive_on_s3(s3):
    store, lock = Store(OUT), "out-bucket/processed/_lock"
    with out_lock(store):
        assert json.loads(s3.cat(lock))["pid"] == os.getpid()
        with pytest.raises(FileExistsError), s3.open(lock, "xb") as fh:
            fh.write(b"{}")  # S3 conditional put (If-None-Match: *) refuses an existing key
    assert not s3.exists(lock)
    # Another live holder (as another process would leave it): we wait, then time out.
    s3.pipe(
        lock,
        json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}).encode(),
    )
    with pytest.raises(LockTimeout), out_lock(store, timeout=0.5):
        pass
    # A holder that died long ago (older than stale_after) is broken.
    s3.pipe(lock, json.dumps({"pid": 1, "host": "gone", "at": 0}).encode())
    with out_lock(store, timeout=5):
        assert json.loads(s3.cat(lock))["pid"] == os.getpid()
    assert not s3.exists(lock)


def test_listings_under_the_lock_see_other_processes_commits(s3):
    """s3fs caches directory listings; a commit must not decide from a stale one."""
    import s3fs

    store = Store("s3://out-bucket/listing")
    store.fs.pipe("out-bucket/listing/_ledger/a.parquet", b"x")
    assert store.ledger_files() == ["out-bucket/listing/_ledger/a.parquet"]  # now cached
    other = s3fs.S3FileSystem(skip_instance_cache=True)  # another process's client
    other.pipe("out-bucket/listing/_ledger/b.parquet", b"x")
    with out_lock(store):
        assert len(store.ledger_files()) == 2
