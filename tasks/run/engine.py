"""THE run engine: the one definition of a run, whoever starts it.

    discover → reject what discovery rejected → (prune) → shards, each staged by the executor
    and committed here as it completes → entity resolution → clustering (each only when
    its inbox holds something) → manifest

The Prefect flow (`flows.wire_etl`, hence the CLI and every deployment), Dask runs, benches
and tests all call `run_pipeline`; only two things vary, both passed in:

- `Steps`: how each corpus-level step is called. Plain calls by default; the flow passes the
  same functions wrapped as Prefect tasks (retries, names, logs, artifacts).
- an executor (`tasks.run.executors`): where shards are staged (this process, local worker
  processes, a Dask cluster; in the flow, Prefect's task runners). An executor that sends
  shards to other machines has a `preflight(specs)` too, called before anything is
  committed: when it raises `PreflightFailed` the run stops there (tasks.run.preflight).

Shards are committed in this process, one at a time under the out lock, as their staging
completes: workers never write anything visible, so a worker killed mid-shard leaves only
staging behind, and the out folder has one writer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from tasks import version
from tasks.enrich.registry import ModelRegistry
from tasks.run import steps as S
from tasks.run.preflight import PreflightFailed
from tasks.run.request import RunRequest
from tasks.run.runlog import build_manifest, new_run
from tasks.run.shard import STAGE_NOTE, ShardSpec, ShardSummary, Staged, commit_shard
from tasks.store.inbox import CLUSTERS, ENTITIES
from tasks.store.rows import RunInfo

log = logging.getLogger("wirecopy.run")


class Executor(Protocol):
    """Stages shards somewhere and yields each (spec, (staged, summary) or the exception) as
    it completes; an exception fails that shard only."""

    def stage(
        self, specs: list[ShardSpec]
    ) -> Iterator[tuple[ShardSpec, Staged | BaseException]]: ...


@dataclass(frozen=True)
class Steps:
    """How the engine calls each step: the plain functions of `tasks.run.steps` by default."""

    discover: Callable[[RunRequest, RunInfo], S.Discovered] = S.discover
    reject_discovered: Callable[..., ShardSummary | None] = S.reject_discovered
    prune_deleted: Callable[[RunRequest, RunInfo, set[str]], int] = S.prune_deleted
    resolve_entities: Callable[[RunRequest, RunInfo], dict] = S.resolve_entities
    cluster_stories: Callable[[RunRequest, RunInfo], dict] = S.cluster_stories
    publish: Callable[[dict], Any] = S.publish


class RunFailed(RuntimeError):
    """Some shards (or the clustering) failed; what committed stays, the manifest says what."""

    def __init__(self, message: str, manifest: dict) -> None:
        super().__init__(message)
        self.manifest = manifest


def start_run(request: RunRequest) -> RunInfo:
    """A new run id, stamped with the parser and model versions the request implies: every
    language's model (`en=…-3.8.0,fr=…`), each checked installed and of its language first."""
    if request.enrich:  # a missing model fails the run here, not in every shard
        ModelRegistry.from_spec(request.model).check()
    # the version read per run: tests patch it
    return new_run(version.PARSER_VERSION, request.model_versions())


def run_pipeline(
    request: RunRequest, executor: Executor, steps: Steps = Steps(), run: RunInfo | None = None
) -> dict:
    """Run the request to the end and return its manifest; raise `RunFailed` (manifest
    written) when a shard or the clustering failed."""
    run = run or start_run(request)
    clock = _Clock()
    found = clock.time("discover", steps.discover, request, run)
    plan = found.plan
    specs = S.shard_specs(request, run, found)
    if specs and hasattr(executor, "preflight"):
        try:
            clock.time("preflight", executor.preflight, specs)
        except PreflightFailed as exc:  # before any commit: every new input is `failed`
            manifest = build_manifest(
                run, request.raw_dir, request.out_dir, plan, None, [], [str(exc)], clock.seconds
            )
            steps.publish(manifest)
            raise RunFailed(f"{exc}. Nothing was committed; re-run once fixed", manifest) from None
    discovery = steps.reject_discovered(request, run, plan) if plan.discovery_rejects else None
    if request.prune_deleted:
        steps.prune_deleted(request, run, plan.present)
    if plan.shards:
        S.prewarm_corpus_steps(request)
    summaries, failures = clock.time("shards", run_shards, specs, executor)
    # The corpus steps take in what commits left in their inboxes (this run's shards, or a
    # killed run's): nothing there, nothing to do — a run with nothing new skips them.
    catalog = S.nothing_resolved()
    if S.has_pending(request, ENTITIES):
        catalog = clock.time("resolve", steps.resolve_entities, request, run)
    dedup, cluster_error = S.nothing_clustered(), None
    try:
        if S.has_pending(request, CLUSTERS):
            dedup = clock.time("cluster", steps.cluster_stories, request, run)
    except Exception as exc:  # the rows stay committed, unclustered: the next run clusters them
        cluster_error = f"clustering failed: {type(exc).__name__}: {exc}"
        log.error("%s", cluster_error)
    failed = failures + [cluster_error] * bool(cluster_error)
    manifest = build_manifest(
        run, request.raw_dir, request.out_dir, plan, discovery, summaries, failed, clock.seconds
    )
    manifest["catalog"], manifest["dedup"] = catalog, dedup
    steps.publish(manifest)
    if failures:
        n = len(plan.shards)
        raise RunFailed(f"{len(failures)} of {n} shards failed; re-run to redo only them", manifest)
    if cluster_error:
        raise RunFailed(f"{cluster_error}; the next run clusters the pending stories", manifest)
    return manifest


def run_shards(specs: list[ShardSpec], executor: Executor) -> tuple[list[ShardSummary], list[str]]:
    """Stage every shard with the executor and commit each here as it completes."""
    summaries: list[ShardSummary] = []
    failures: list[str] = []
    for spec, outcome in executor.stage(specs):
        try:
            if isinstance(outcome, BaseException):
                raise outcome
            staged, summary = outcome
            summaries.append(commit_shard(spec, staged, summary))
            log.info(
                "shard %d/%d: %d stories, %d rejected, %d quotes, %d entities%s",
                spec.shard_no,
                spec.n_shards,
                summary.stories,
                summary.records - summary.stories,
                summary.quotes,
                summary.entities,
                f", {summary.rows_replaced} older rows replaced" if summary.rows_replaced else "",
            )
        except Exception as exc:  # the run goes on; committed shards stay committed
            failures.append(describe_failure(spec, exc))
            log.error("%s", failures[-1])
    return summaries, failures


WORKER_NOTE = "wirecopy worker: "  # exception note naming the worker a shard failed on


def describe_failure(spec: ShardSpec, exc: BaseException) -> str:
    inputs = [it.input.source_path for it in spec.items]
    paths = ", ".join(inputs[:5]) + ("…" if len(inputs) > 5 else "")
    stage, worker = stage_of(exc), _note(exc, WORKER_NOTE)
    reason = f"{type(exc).__name__}: {exc}"
    if stage == "write" and isinstance(exc, OSError):
        reason = f"cannot write to the output storage {spec.out_url}: {reason}"
    where = f" on worker {worker}" if worker else ""
    shard = f"shard {spec.shard_no}/{spec.n_shards} ({paths})"
    return f"{shard} failed at stage {stage}{where}: {reason}"


def stage_of(exc: BaseException) -> str:
    """The stage a shard failed in, as `tasks.run.shard` noted it on the exception."""
    return _note(exc, STAGE_NOTE) or "unknown (see the task's log)"


def _note(exc: BaseException, prefix: str) -> str:
    notes = [n for n in getattr(exc, "__notes__", ()) if n.startswith(prefix)]
    return notes[0].removeprefix(prefix) if notes else ""


class _Clock:
    """Wall seconds per step, for the manifest's `seconds` (task overhead included)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def time(self, name: str, fn: Callable[..., Any], *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
