"""The CLI's head start end to end: same rows as a flow run without it, each input once.

`python -m flows.wire_etl` plans and starts staging shards in its worker pool before the
flow runs (tasks.run.headstart); the flow adopts them and commits. Here the CLI's `main` runs
in this process against the session's Prefect API, and its output is compared with a plain
`wire_etl(...)` call, which has no head start, on the same raw folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.wire_etl import main, wire_etl
from tests.conftest import RAW_SAMPLES
from tests.etl_helpers import accounting_holds, check_out_folder, manifests, snapshot

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
