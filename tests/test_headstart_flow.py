"""The CLI's head start end to end: same rows as a flow run without it, each input once.

`python -m flows.wire_etl` plans and starts staging shards in its worker pool before the
flow runs (tasks.run.headstart); the flow adopts them and commits. Here the CLI's `main` runs
in this process against the session's Prefect API, and its output is compared with a plain
`wire_etl(...)` call, which has no head start, on the same raw folder.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from flows.wire_etl import main, wire_etl
from tasks.run import headstart
from tasks.run.runlog import new_run
from tasks.settings import DEFAULT_MODEL, Limits
from tests.conftest import RAW_SAMPLES
from tests.etl_helpers import (
    GatedPool,
    accounting_holds,
    check_out_folder,
    manifests,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_cli_head_start_writes_what_the_flow_alone_writes(tmp_path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_SAMPLES, raw)
    head, plain = tmp_path / "with-head-start", tmp_path / "without"
    args = ["--raw-dir", str(raw), "--no-enrich", "--shard-size", "1", "--workers", "1"]
    assert main([*args, "--out-dir", str(head)]) == 0
    wire_etl(raw_dir=str(raw), out_dir=str(plain), enrich=False, shard_size=1, workers=1)

    (m,) = manifests(head)
    # the flow claimed the run while shards were queued: some adopted, none discarded
    # (nothing changed in between); the flow staged the rest itself
    assert m["head_start"]["adopted"] >= 1 and m["head_start"]["discarded"] == 0
    assert m["shards"]["committed"] == m["shards"]["planned"] > m["head_start"]["adopted"]
    assert accounting_holds(m)
    check_out_folder(head)
    assert snapshot(head) == snapshot(plain)  # run metadata aside, the very same rows
    assert not list(Path(head, "_staging").glob("*"))  # nothing staged left behind


def test_a_head_start_shard_that_failed_to_stage_is_staged_afresh_by_the_flow(tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    feed = raw / "feed.jsonl"
    lines = [
        json.dumps({"id": f"r{i}", "text": f"LONDON, March {i + 1} - Item {i}."}) for i in range(3)
    ]
    feed.write_text("\n".join(lines) + "\n")
    request = headstart.run_request(  # what the flow call below builds: a match
        str(raw),
        str(out),
        enrich=False,
        model=DEFAULT_MODEL,
        max_file_mb=Limits.max_file_bytes // 2**20,
        shard_size=0,
        reprocess=None,
        workers=1,
    )
    pool = GatedPool()
    headstart.begin_head_start(request, new_run(request.parser_version, None), pool)
    while not pool.futures:
        threading.Event().wait(0.01)
    # the out folder's staging area fails while the head start writes there (a file where its
    # folder belongs: NotADirectoryError, like a full or flaky disk); fixed before the flow
    out.mkdir(exist_ok=True)
    (out / "_staging").write_text("not a folder")
    pool.gate.set()
    assert isinstance(pool.futures[0].exception(timeout=30), OSError)
    (out / "_staging").unlink()

    m = wire_etl(raw_dir=str(raw), out_dir=str(out), enrich=False, workers=1)
    # the flow's plan equals the head start's, so it adopted the shard, found its staging
    # failed, and staged it afresh: every record once, nothing left over
    assert m["head_start"] == {"adopted": 1, "discarded": 0}
    assert m["inputs"]["stories"] == 3 and accounting_holds(m)
    check_out_folder(out)
    assert not list(Path(out, "_staging").glob("*"))
    pool.shutdown()
