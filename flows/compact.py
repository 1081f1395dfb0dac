"""Compaction flow + CLI: merge each partition's small per-commit files into big sorted ones.

`python -m flows.compact --out-dir DIR` (DIR: a folder or fsspec URL). Safe to run while
wire-etl runs on the same out folder: each partition is rewritten under the out folder's
commit lock through the journal protocol (tasks.store.compact, tasks.store.journal); then
the NER cache and the corpus steps' state tables, each folded into one file
(tasks.run.maintenance). The nightly `wire-compact/wire-compact-nightly` deployment runs it.
"""

from __future__ import annotations

import argparse
import sys

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.dedup.signature import DedupSettings
from tasks.run.maintenance import compact_cache, fold_state
from tasks.store.compact import (
    MAX_ROWS_PER_FILE,
    compact_store,
    files_per_partition,
    new_compaction_id,
)
from tasks.store.outdir import Store
from tasks.store.schemas import DATASETS


@task(
    name="compact-dataset",
    task_run_name="compact {dataset}",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=5,
)
def compact_dataset(out_dir: str, dataset: str, compaction_id: str, max_rows_per_file: int) -> dict:
    result = compact_store(Store(out_dir), [dataset], max_rows_per_file, compaction_id)
    get_run_logger().info(
        "%s: %d partitions rewritten (%d → %d files, %d rows), %d already compact",
        dataset,
        result.partitions,
        result.files_before,
        result.files_after,
        result.rows,
        result.skipped,
    )
    return {
        "dataset": dataset,
        "partitions": result.partitions,
        "skipped": result.skipped,
        "files_before": result.files_before,
        "files_after": result.files_after,
        "rows": result.rows,
    }


@task(name="compact-ner-cache", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def compact_ner_cache(out_dir: str, compaction_id: str) -> dict:
    """One NER cache file of only the entries committed stories use (after the datasets)."""
    got = compact_cache(Store(out_dir), compaction_id)
    get_run_logger().info(
        "NER cache: %d files, %d entries → 1 file, %d entries in use",
        got["files_before"],
        got["entries_before"],
        got["entries_after"],
    )
    return {"dataset": "_ner_cache", **got}


@task(name="fold-state", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def fold_corpus_state(out_dir: str, compaction_id: str, dedup_threshold: float) -> dict:
    """The corpus steps' log-structured state tables, each folded into one file."""
    before = fold_state(Store(out_dir), DedupSettings(threshold=dedup_threshold), compaction_id)
    get_run_logger().info("state tables folded (files before): %s", before)
    return {"dataset": "_state", "files_before": before}


@flow(name="wire-compact")
def compact(
    out_dir: str = "data/processed",
    datasets: list[str] | None = None,
    max_rows_per_file: int = MAX_ROWS_PER_FILE,
    dedup_threshold: float = DedupSettings().threshold,
) -> list[dict]:
    """Compact every partition with two or more files, one dataset after the other; then
    (for the whole out folder) the NER cache and the corpus steps' state tables."""
    cid = new_compaction_id()
    done = [compact_dataset(out_dir, ds, cid, max_rows_per_file) for ds in datasets or DATASETS]
    if not datasets:  # the whole out folder: the cache too, once the stories are compact
        done.append(compact_ner_cache(out_dir, cid))
        done.append(fold_corpus_state(out_dir, cid, dedup_threshold))
    return done


def describe(counts: dict[str, dict], limit: int = 10) -> list[str]:
    """Files per partition, per dataset: every partition when few, else a summary."""
    lines = []
    for dataset, days in counts.items():
        total = sum(days.values())
        lines.append(f"  {dataset}: {len(days)} partitions, {total} files")
        shown = sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        lines += [f"    day={day}: {n} files" for day, n in shown]
        if len(days) > limit:
            lines.append(f"    … {len(days) - limit} more partitions")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m flows.compact", description=__doc__.split("\n")[0])
    p.add_argument("--out-dir", default="data/processed", help="output folder or fsspec URL")
    p.add_argument(
        "--dataset",
        action="append",
        choices=list(DATASETS),
        help="only this dataset (repeatable; default: all)",
    )
    p.add_argument("--max-rows-per-file", type=int, default=MAX_ROWS_PER_FILE)
    args = p.parse_args(argv)
    store = Store(args.out_dir)
    before = files_per_partition(store, args.dataset)
    print("files per partition before:", *describe(before), sep="\n")
    from flows.compact import compact as flow_fn  # the importable module's flow, not __main__'s

    try:
        results = flow_fn(
            out_dir=args.out_dir, datasets=args.dataset, max_rows_per_file=args.max_rows_per_file
        )
    except Exception as exc:
        print(f"wire-compact FAILED: {exc}", file=sys.stderr)
        return 1
    after = files_per_partition(store, args.dataset)
    print("files per partition after:", *describe(after), sep="\n")
    for r in results:
        if r["dataset"] == "_state":
            print(f"state tables folded into one file each (files before: {r['files_before']})")
            continue
        if r["dataset"] == "_ner_cache":
            print(f"NER cache: {r['entries_before']} → {r['entries_after']} entries in use")
            continue
        print(
            f"{r['dataset']}: {r['partitions']} partitions rewritten, "
            f"{r['files_before']} → {r['files_after']} files, {r['rows']} rows"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
