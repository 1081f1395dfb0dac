"""Command line of the main flow: `python -m flows.wire_etl --help`.

Kept apart from the flow so the flow module stays its table of contents; `flows.wire_etl`
re-exports `build_parser` and `main`, and its `__main__` calls `main`.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path

# Only light imports here: the server and the workers are spawned before Prefect (~1.5 s) is
# imported.
from flows.temporary_server import start_temporary_server, use_server
from tasks.settings import (
    DEFAULT_MODEL,
    DEFAULT_SHARD_SIZE,
    NER_SHARD_CAP,
    PARSE_SHARD_CAP,
    TASK_RUNNERS,
    Limits,
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m flows.wire_etl",
        description="Turn raw wire copy into partitioned Parquet (stories, quotes, entities, "
        "rejects). Re-runs only process what is new or changed.",
    )
    p.add_argument(
        "--raw-dir",
        default="data/raw",
        help="raw input folder or fsspec URL "
        "(default: data/raw); *.txt, *.txt.gz, *.jsonl and agency deliveries (*.tst, *.anpa, "
        "*.xml, *.nitf, *.json, extension-less: ANPA, IPTC 7901, NITF, NewsML, ninjs), "
        "recursively",
    )
    p.add_argument(
        "--out-dir",
        default="data/processed",
        help="output folder or fsspec URL (default: data/processed)",
    )
    p.add_argument(
        "--shard-size",
        type=int,
        default=DEFAULT_SHARD_SIZE,
        help=f"stories per shard task (0 = auto: at most {NER_SHARD_CAP} with NER, "
        f"{PARSE_SHARD_CAP} parse-only)",
    )
    p.add_argument("--no-enrich", action="store_true", help="parse only, skip NER")
    p.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline ({DEFAULT_MODEL})")
    p.add_argument(
        "--prune-deleted",
        action="store_true",
        help="remove rows of raw files that no longer exist (kept by default)",
    )
    p.add_argument(
        "--reprocess",
        default=None,
        metavar="all|DAY|DAY:DAY",
        help="redo committed stories: all, or those whose date is in the range",
    )
    p.add_argument(
        "--dedup-threshold",
        type=float,
        default=0.8,
        help="near-duplicate threshold: estimated Jaccard of word 5-shingles (0.8)",
    )
    p.add_argument("--workers", type=int, default=0, help="worker processes (0 = one per core)")
    p.add_argument(
        "--max-file-mb",
        type=int,
        default=Limits.max_file_bytes // 2**20,
        help="reject raw files larger than this, unread (64)",
    )
    p.add_argument(
        "--task-runner",
        choices=TASK_RUNNERS,
        default="local",
        help="local: threads + one worker process per core (default); dask: run "
        "shards on the existing Dask cluster at --dask-address",
    )
    p.add_argument(
        "--dask-address",
        default=None,
        metavar="tcp://HOST:8786",
        help="scheduler address of the Dask cluster (with --task-runner dask)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.task_runner == "dask" and not args.dask_address:
        build_parser().error("--task-runner dask needs --dask-address")
    # The longest start-up first: Prefect's server boots while the workers load and the head
    # start plans, and while the flow imports Prefect.
    server = start_temporary_server()
    head_started = False
    if args.task_runner == "local":
        from tasks.run.workers import default_workers, prestart_pool

        workers = args.workers or default_workers()
        prestart_pool(workers, None if args.no_enrich else args.model)
        head_started = _head_start(args, workers)
    # The flow object of the importable module, not of `__main__`: Dask workers unpickle the
    # shard task by reference to `flows.wire_etl`.
    from flows.wire_etl import wire_etl as flow_fn

    try:
        with use_server(server):
            manifest = _run_flow(flow_fn, args)
    except Exception as exc:
        print(f"wire-etl FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if head_started:  # the flow failed before adopting it: nothing staged may linger
            from tasks.run.headstart import discard_unclaimed

            discard_unclaimed()
    from tasks.run.runlog import summary_line

    out = Path(args.out_dir)
    print(f"output: {out.resolve() if '://' not in args.out_dir else args.out_dir}")
    print(f"run {manifest['run_id']}: {summary_line(manifest)}")
    return 0


def run_program() -> int:
    """`python -m flows.wire_etl`: `main`, in a process that ends right after.

    Interpreter exit ends with a collection that walks every object the run left (~0.8 s of
    CPU after a 6,000-story run, measured); frozen, they are skipped, and the exit handlers
    (Prefect's last logs, stopping the server and the workers) still run. Only here: a
    caller of `main` that goes on (a notebook, a test) keeps its collector.
    """
    status = main()
    gc.freeze()
    return status


def _run_flow(flow_fn: Callable[..., dict], args: argparse.Namespace) -> dict:
    return flow_fn(
        raw_dir=args.raw_dir,
        out_dir=args.out_dir,
        shard_size=args.shard_size,
        enrich=not args.no_enrich,
        model=args.model,
        reprocess=args.reprocess,
        prune_deleted=args.prune_deleted,
        dedup_threshold=args.dedup_threshold,
        workers=args.workers,
        max_file_mb=args.max_file_mb,
        task_runner=args.task_runner,
        dask_address=args.dask_address,
    )


def _head_start(args: argparse.Namespace, workers: int) -> bool:
    """Plan the run and start staging its shards now; the flow adopts them (run.headstart).

    Any failure here only costs the head start: the flow plans and stages everything itself.
    """
    try:
        from tasks.run.headstart import begin_head_start, run_request
        from tasks.run.runlog import new_run
        from tasks.run.workers import get_pool

        request = run_request(
            args.raw_dir,
            args.out_dir,
            enrich=not args.no_enrich,
            model=args.model,
            max_file_mb=args.max_file_mb,
            shard_size=args.shard_size,
            reprocess=args.reprocess,
            workers=workers,
        )
        pool = get_pool(workers, None if args.no_enrich else args.model)
        run = new_run(request.parser_version, request.model_version or None)
        begin_head_start(request, run, pool)
        return True
    except Exception as exc:
        print(f"wire-etl: no head start ({type(exc).__name__}: {exc})", file=sys.stderr)
        return False
