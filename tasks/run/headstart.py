"""A head start for the CLI: the workers stage shards while Prefect's server comes up.

Why: a flow run on Prefect's ephemeral server only begins after ~8-15 s (the server is a
uvicorn child process that imports Prefect's API and opens SQLite); the worker pool has the
model after ~5-10 s. Waiting for the flow to plan before any shard starts leaves both cores
idle for the difference, every run. So the CLI plans the run itself (the same
`discover_plan` the flow's `discover` task runs) and hands each shard to the worker pool at
once: the workers read, parse, run NER and write the shard's files under `_staging/`.
Nothing becomes visible there.

The flow stays the only thing that commits. Once it has planned (again, its own plan), its
shard task adopts a staged shard only when the two specs are equal (same inputs, content
hashes, record ranges, versions, limits and run), and commits it like any shard; a shard it
does not adopt (a file changed in between, another run committed first) is discarded, its
staging removed, and staged afresh. A head start can change when work starts, never what a
run writes.

The head start only fills the window before the flow runs: it keeps one shard per worker
in flight and stops handing out shards when the flow claims the run; the flow submits the
rest itself. So only a few shards are committed from the flow process, and a flow commit
never queues behind a long line of head-start shards.

Process-local state: the CLI and the flow run in one process; deployments and Dask runs
never see a head start.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from tasks.ingest.discovery import DiscoveryResult
from tasks.run.shard import ShardSpec, stage_shard
from tasks.settings import Limits
from tasks.store.commit import discard_staging
from tasks.store.outdir import Store
from tasks.store.rows import RunInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunRequest:
    """Every flow parameter that changes what a shard stages: equal requests, equal plans."""

    raw_dir: str
    out_dir: str
    enrich: bool
    model: str
    limits: Limits
    shard_size: int
    reprocess: str | None
    workers: int
    parser_version: str
    model_version: str


def run_request(
    raw_dir: str,
    out_dir: str,
    *,
    enrich: bool,
    model: str,
    max_file_mb: int,
    shard_size: int,
    reprocess: str | None,
    workers: int,
) -> RunRequest:
    """The request of a flow call with these parameters: the CLI and the flow both build it
    here, so a head start is adopted exactly when the two would plan the same run."""
    from tasks.version import PARSER_VERSION, model_version

    limits = replace(Limits(), max_file_bytes=max_file_mb * 2**20)
    model_v = model_version(model) if enrich else ""
    return RunRequest(
        raw_dir, out_dir, enrich, model, limits, shard_size, reprocess, workers,
        PARSER_VERSION, model_v,
    )  # fmt: skip


@dataclass
class HeadStart:
    request: RunRequest
    run: RunInfo
    staged: dict[str, tuple[ShardSpec, Future]] = field(default_factory=dict)  # by commit id
    recovered: int = 0  # interrupted commits of an earlier run its planning finished
    discovery: DiscoveryResult | None = None  # the flow's discovery reads only what changed
    adopted: int = 0
    discarded: int = 0
    claimed: threading.Event = field(default_factory=threading.Event)

    def feed(self, specs: list[ShardSpec], pool, in_flight: int) -> None:
        """Submit `specs` in order, at most `in_flight` unfinished, until the flow claims."""
        slots = threading.Semaphore(in_flight)
        for spec in specs:
            while not slots.acquire(timeout=0.1):
                if self.claimed.is_set():
                    return
            with _lock:
                if self.claimed.is_set():
                    return
                future = pool.submit(stage_shard, spec)
                self.staged[spec.commit_id] = (spec, future)
            future.add_done_callback(lambda _: slots.release())


_lock = threading.Lock()
_current: HeadStart | None = None


def begin_head_start(request: RunRequest, run: RunInfo, pool) -> HeadStart:
    """Plan the run and start feeding its shards to `pool` from a thread (returns at once)."""
    from tasks.run.discover import discover_plan

    global _current
    r = request
    plan, _, recovered = discover_plan(
        r.raw_dir,
        r.out_dir,
        r.limits,
        r.parser_version,
        r.model_version,
        r.shard_size,
        r.reprocess,
        r.workers,
    )
    head = HeadStart(request, run, recovered=recovered, discovery=plan.discovery)
    n = len(plan.shards)
    specs = [
        ShardSpec(i, n, tuple(shard), r.out_dir, run, r.enrich, r.model, r.limits)
        for i, shard in enumerate(plan.shards, start=1)
    ]
    with _lock:
        _current = head
    feeder = threading.Thread(
        target=head.feed, args=(specs, pool, 2 * r.workers), name="head-start", daemon=True
    )
    feeder.start()
    return head


def claim(request: RunRequest) -> HeadStart | None:
    """The head start made for exactly this request (its run id is the flow run's).

    A head start for another request (a flow called with other parameters) is discarded.
    """
    with _lock:
        head = _current
        if head is not None:
            head.claimed.set()  # no more shards from here: the flow submits the rest
    if head is None:
        return None
    if head.request != request:
        discard_unclaimed()
        return None
    return head


def take_staged(spec: ShardSpec) -> Future | None:
    """The staging future of a shard whose head-start spec equals `spec` (at most once)."""
    with _lock:
        head = _current
        if head is None or spec.commit_id not in head.staged:
            return None
        staged_spec, future = head.staged[spec.commit_id]
        if staged_spec != spec:
            return None  # the flow planned this shard differently: discard_unclaimed drops it
        del head.staged[spec.commit_id]
        head.adopted += 1
        return future


def discard_unclaimed() -> dict[str, int]:
    """Drop what the flow did not adopt: cancel queued staging, remove finished staging.

    Returns the head start's counts for the manifest ({} when there was none).
    """
    global _current
    with _lock:
        head, _current = _current, None
        if head is not None:
            head.claimed.set()  # under the lock: the feeder submits nothing after this
    if head is None:
        return {}
    store = Store(head.request.out_dir)
    for spec, future in head.staged.values():
        if future.cancel():
            continue
        try:
            future.result()  # still running: wait, so its files exist before they are removed
        except Exception as exc:  # a shard that failed to stage left nothing worth keeping
            log.info("head start of shard %d failed: %s", spec.shard_no, exc)
        discard_staging(store, spec.commit_id)
    head.discarded = len(head.staged)
    if head.discarded:
        log.info("head start: %d staged shards not adopted, discarded", head.discarded)
    return {"adopted": head.adopted, "discarded": head.discarded}
