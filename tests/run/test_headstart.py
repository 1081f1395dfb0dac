"""The CLI's head start (tasks.run.headstart): shards staged before the flow runs.

The property under test: a head start changes when a shard's work starts, never what a run
writes. The flow adopts a staged shard only when its own plan has the very same shard; all
else is discarded, staging removed. The pool here is a real thread pool running the real
`stage_shard` (parse only, for speed); the flow-level check is tests/test_flow.py's CLI run.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from tasks.run import headstart
from tasks.run.discover import discover_plan
from tasks.run.runlog import new_run
from tasks.run.shard import ShardSpec
from tasks.settings import Limits
from tasks.version import PARSER_VERSION
from tests.etl_helpers import GatedPool

STORY = (
    "NEW DELHI, March 23 (ANI): {who} met the Prime Minister on Wednesday, officials said.\n\n"
    "The meeting lasted an hour.\n"
)


@pytest.fixture(autouse=True)
def _no_head_start_left():
    yield
    headstart.discard_unclaimed()


def _raw(tmp_path: Path, n: int = 3) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(n):
        (raw / f"story{i}.txt").write_text(STORY.format(who=f"Minister Number{i}"))
    return raw


def _request(raw: Path, out: Path, workers: int = 1) -> headstart.RunRequest:
    # shard_size 1: one shard per file, so a change to one file touches one shard only
    return headstart.RunRequest(
        str(raw), str(out), False, "unused", Limits(), 1, None, workers, PARSER_VERSION, ""
    )


def _flow_specs(request: headstart.RunRequest, run) -> list[ShardSpec]:
    """The specs the flow builds from its own plan (flows.wire_etl does the same)."""
    r = request
    plan, _, _ = discover_plan(
        r.raw_dir, r.out_dir, r.limits, r.parser_version, "", r.shard_size, None, r.workers
    )
    n = len(plan.shards)
    base = ShardSpec(0, n, (), r.out_dir, run, r.enrich, r.model, r.limits)
    return [replace(base, shard_no=i, items=tuple(s)) for i, s in enumerate(plan.shards, 1)]


def _staging(out: Path) -> list[str]:
    base = out / "_staging"
    return sorted(p.name for p in base.iterdir()) if base.exists() else []


def _wait_fed(head: headstart.HeadStart, n: int) -> None:
    for _ in range(200):
        if len(head.staged) == n and all(f.done() for _, f in head.staged.values()):
            return
        threading.Event().wait(0.05)
    raise AssertionError(f"head start fed {len(head.staged)} of {n} shards")


def _fed_head_start(tmp_path: Path) -> tuple[Path, Path, headstart.RunRequest, headstart.HeadStart]:
    """Three one-file shards, all staged by a head start in a real thread pool."""
    raw, out = _raw(tmp_path), tmp_path / "out"
    request = _request(raw, out)
    with ThreadPoolExecutor(2) as pool:
        head = headstart.begin_head_start(request, new_run(PARSER_VERSION, None), pool)
        _wait_fed(head, 3)
    return raw, out, request, head


def test_the_flow_adopts_every_shard_it_plans_the_same(tmp_path) -> None:
    _, _, request, head = _fed_head_start(tmp_path)
    assert headstart.claim(request) is head
    run = head.run  # the flow runs under the id the shards were staged with
    for spec in _flow_specs(request, run):
        staged, summary = headstart.take_staged(spec).result()
        assert staged.commit_id == spec.commit_id and summary.stories == 1
        assert headstart.take_staged(spec) is None  # adopted once, never twice
    assert headstart.discard_unclaimed() == {"adopted": 3, "discarded": 0}


def test_a_file_changed_after_the_head_start_is_staged_afresh(tmp_path) -> None:
    raw, out, request, _ = _fed_head_start(tmp_path)
    # edited between the CLI's plan and the flow's: its staged rows hold the old text
    (raw / "story1.txt").write_text(STORY.format(who="Somebody Else"))
    run = headstart.claim(request).run
    adopted = [s.shard_no for s in _flow_specs(request, run) if headstart.take_staged(s)]
    assert adopted == [1, 3]
    stale = f"{run.run_id}-s00002"
    assert stale in _staging(out)
    assert headstart.discard_unclaimed() == {"adopted": 2, "discarded": 1}
    assert stale not in _staging(out)  # nothing of the old text can ever be committed


def test_a_flow_run_with_other_parameters_discards_the_head_start(tmp_path) -> None:
    _, out, request, head = _fed_head_start(tmp_path)
    other = replace(request, limits=replace(Limits(), max_file_bytes=10))  # --max-file-mb
    assert headstart.claim(other) is None
    assert _staging(out) == []
    assert headstart.take_staged(_flow_specs(request, head.run)[0]) is None


def test_the_head_start_stops_handing_out_shards_once_the_flow_claims(tmp_path) -> None:
    raw, out = _raw(tmp_path, n=8), tmp_path / "out"
    request = _request(raw, out, workers=1)
    pool = GatedPool()
    headstart.begin_head_start(request, new_run(PARSER_VERSION, None), pool)
    for _ in range(100):  # one running + one queued per worker, then it waits
        if len(pool.futures) == 2:
            break
        threading.Event().wait(0.02)
    run = headstart.claim(request).run
    pool.gate.set()
    threading.Event().wait(0.3)  # a feeder that ignored the claim would submit now
    assert len(pool.futures) == 2
    specs = _flow_specs(request, run)
    assert [s.shard_no for s in specs if headstart.take_staged(s)] == [1, 2]
    assert headstart.discard_unclaimed() == {"adopted": 2, "discarded": 0}
    pool.shutdown()
