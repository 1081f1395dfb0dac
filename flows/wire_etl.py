"""The main flow and its command line: `python -m flows.wire_etl --help`.

The flow is the run engine (`tasks.run.engine.run_pipeline`) with its steps wrapped as
Prefect tasks and its shards staged by Prefect's task runners (`flows.etl_tasks`). Every way
of running — this CLI, the deployments in prefect.yaml, a Dask cluster, a notebook — calls
this one flow, so they all go through the same steps and give the same rows.

Its parameters are the fields of `tasks.run.request.RunRequest` (names, defaults and the
descriptions the UI shows; tests/test_run_request.py holds them together).
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import asdict
from pathlib import Path

from tasks.run import pool
from tasks.run.discover import has_new_work
from tasks.run.request import (
    RunRequest,
    build_parser,
    documented_by_request,
    request_from_args,
)

if __name__ == "__main__":
    # `python -m flows.wire_etl`: the options are read, and the local worker processes
    # started, before Prefect is imported (~1.5 s) and its temporary server boots (~8 s),
    # so the workers load the model meanwhile (tasks.run.pool); `--help` answers at once.
    # Only when the raw folder holds something new (`has_new_work`: a listing and the
    # ledger): a run with nothing new starts no worker, loads no model and no gazetteer.
    _CLI_REQUEST = request_from_args()
    if _CLI_REQUEST.task_runner == "local" and has_new_work(_CLI_REQUEST):
        pool.shared_pool(_CLI_REQUEST.worker_count, _CLI_REQUEST.ner_model)

from prefect import flow
from prefect.settings import (
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    get_current_settings,
    temporary_settings,
)

from flows.etl_tasks import PREFECT_STEPS, prefect_shards
from tasks.run.engine import run_pipeline, start_run
from tasks.run.runlog import summary_line

__all__ = ["build_parser", "main", "wire_etl"]

_D = RunRequest()  # the declared defaults


def _run_name() -> str:
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    return f"wire-etl {flow_run.scheduled_start_time:%Y-%m-%dT%H:%M} {params.get('raw_dir', '')}"


@flow(name="wire-etl", flow_run_name=_run_name)
@documented_by_request  # each parameter's description, from the declaration
def wire_etl(
    raw_dir: str = _D.raw_dir,
    out_dir: str = _D.out_dir,
    shard_size: int = _D.shard_size,
    enrich: bool = _D.enrich,
    model: str = _D.model,
    reprocess: str | None = _D.reprocess,
    workers: int = _D.workers,
    max_file_mb: int = _D.max_file_mb,
    task_runner: str = _D.task_runner,
    dask_address: str | None = _D.dask_address,
    prune_deleted: bool = _D.prune_deleted,
    dedup_threshold: float = _D.dedup_threshold,
    rehash: bool = _D.rehash,
) -> dict:
    """Ingest raw wire copy under `raw_dir` into Parquet datasets under `out_dir`."""
    request = RunRequest(
        raw_dir=raw_dir,
        out_dir=out_dir,
        shard_size=shard_size,
        enrich=enrich,
        model=model,
        reprocess=reprocess,
        workers=workers,
        max_file_mb=max_file_mb,
        task_runner=task_runner,
        dask_address=dask_address,
        prune_deleted=prune_deleted,
        dedup_threshold=dedup_threshold,
        rehash=rehash,
    )
    run = start_run(request)
    with prefect_shards(request) as shards:
        return run_pipeline(request, shards, PREFECT_STEPS, run)


def heartbeats_for_this_server() -> contextlib.AbstractContextManager:
    """Flow-run heartbeats off on Prefect's temporary server, unless set explicitly.

    Heartbeats let a server that outlives a run mark it crashed when they stop; the temporary
    server stops with the run. Prefect's heartbeat thread sleeps in 1 s steps and the flow
    joins it at its end: 0-1 s of every CLI run (measured with py-spy: 0.6 s of a 7 s run)."""
    settings = get_current_settings()
    if (
        settings.api.url
        or not settings.server.ephemeral.enabled
        or "heartbeat_frequency" in settings.flows.model_fields_set
    ):
        return contextlib.nullcontext()
    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def main(argv: list[str] | None = None, request: RunRequest | None = None) -> int:
    """The CLI: 0 when the run completed (rejects included), 1 when it failed."""
    request = request or request_from_args(argv)
    try:
        with heartbeats_for_this_server():
            manifest = wire_etl(**asdict(request))
    except Exception as exc:
        print(f"wire-etl FAILED: {exc}", file=sys.stderr)
        return 1
    out = request.out_dir
    print(f"output: {Path(out).resolve() if '://' not in out else out}")
    print(f"run {manifest['run_id']}: {summary_line(manifest)}")
    return 0


if __name__ == "__main__":
    status = main(request=_CLI_REQUEST)
    # Interpreter exit ends with a collection over every object the run left (~0.8 s of CPU
    # after a 6,000-story run, measured); frozen, they are skipped. Only here: a caller of
    # `main` that goes on (a notebook, a test) keeps its collector.
    import gc

    gc.freeze()
    sys.exit(status)
