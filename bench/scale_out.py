"""Scale out: the same Reuters stories on 1 and on 2 Dask worker processes, against the local
executor with as many worker processes.

Builds N Reuters-21578 stories (bench/throughput_support.py, one .txt file each), starts a
Prefect server (flows.local_server: the Dask workers must reach the run's API) and, for each
worker count, runs the wire-etl flow twice on fresh out folders: `--task-runner local
--workers n`, then `--task-runner dask` on a cluster of `dask scheduler` + n `dask worker
--nthreads 1` processes on 127.0.0.1 (flows.local_dask), started before the run as a
user's cluster is. Both start cold: the local pool spawns its workers inside the run, each
Dask worker imports the project and loads the model at its first shard.

Prints per run: wall time of the flow call, of its shards stage (staging + commits), of the
preflight, stories/s; the speed-up from 1 to 2 workers; and the Dask path's overhead per
shard against the local executor at the same worker count: (shards_dask - shards_local) /
shards. Then what a shard moves: raw bytes read, bytes written to staging (= committed),
and the per-shard stage seconds of the 2-worker Dask run's manifest (docs/operations.md,
"A million stories a day", is grounded on these).

On a 2-core machine the speed-up is bounded by the cores, and other jobs move every figure:
read them as indicative, and rerun on a quiet machine.

Usage: .venv/bin/python bench/scale_out.py [--stories 6000] [--no-enrich] [--workers 1,2]
       [--shard-size 250]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from throughput_support import build_txt_corpus, reuters_stories

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def run(raw: Path, out: Path, enrich: bool, shard_size: int, **runner) -> dict:
    import logging

    from flows.wire_etl import wire_etl

    logging.getLogger("wirecopy").setLevel(logging.WARNING)  # one line per run, not per shard
    t0 = time.perf_counter()
    manifest = wire_etl(
        raw_dir=str(raw), out_dir=str(out), enrich=enrich, shard_size=shard_size, **runner
    )
    manifest["wall"] = time.perf_counter() - t0
    return manifest


def dask_run(raw: Path, out: Path, workers: int, logs: Path, **options) -> dict:
    from flows.local_dask import DaskProcesses

    with DaskProcesses(logs) as cluster:
        for _ in range(workers):
            cluster.add_worker(nthreads=1)
        manifest = run(raw, out, task_runner="dask", dask_address=cluster.address, **options)
        rss = cluster.client.run(lambda: __import__("psutil").Process().memory_info().rss)
        manifest["worker_rss_mib"] = sorted(round(v / 2**20) for v in rss.values())
        return manifest


def bytes_under(path: Path) -> Counter:
    sizes: Counter = Counter()
    for f in path.rglob("*"):
        if f.is_file():
            sizes[f.relative_to(path).parts[0]] += f.stat().st_size
    return sizes


def line(name: str, m: dict, stories: int) -> str:
    s = m["seconds"]
    return (
        f"{name:<22} {m['wall']:7.1f} s  shards {s['shards']:6.1f} s  "
        f"preflight {s.get('preflight', 0.0):4.1f} s  {stories / m['wall']:6.1f} stories/s  "
        f"({m['shards']['committed']} shards, {m['worker_processes']} worker processes)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=6000)
    parser.add_argument("--no-enrich", dest="enrich", action="store_false")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--shard-size", type=int, default=250)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    from flows.local_server import local_prefect_server

    work = Path(tempfile.mkdtemp(prefix="scale-out-"))
    raw = work / "raw"
    n = build_txt_corpus(reuters_stories(args.stories), raw)
    raw_bytes = sum(bytes_under(raw).values())
    print(
        f"{n} stories, {raw_bytes / 2**20:.1f} MiB raw, shards of {args.shard_size}, "
        f"enrich={args.enrich}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"
    )
    options = {"enrich": args.enrich, "shard_size": args.shard_size}
    results: dict[tuple[str, int], dict] = {}
    with local_prefect_server(work / "prefect") as env:
        os.environ.update(env)  # this process's flow and every Dask worker report there
        for k in counts:
            out = work / f"local-{k}"
            results["local", k] = run(raw, out, task_runner="local", workers=k, **options)
            print(line(f"local, {k} workers", results["local", k], n), flush=True)
            out = work / f"dask-{k}"
            results["dask", k] = dask_run(raw, out, k, work / f"dask-logs-{k}", **options)
            print(line(f"dask, {k} workers", results["dask", k], n), flush=True)
    print(f"load after: {os.getloadavg()[0]:.2f}")

    lo, hi = min(counts), max(counts)
    for kind in ("local", "dask"):
        if hi > lo:
            speedup = results[kind, lo]["wall"] / results[kind, hi]["wall"]
            print(f"speed-up {kind} {lo} -> {hi} workers: {speedup:.2f}x")
    for k in counts:
        d, loc = results["dask", k], results["local", k]
        per_shard = (d["seconds"]["shards"] - loc["seconds"]["shards"]) / d["shards"]["planned"]
        print(
            f"dask overhead per shard vs local, {k} workers: {per_shard * 1000:+.0f} ms "
            f"(whole run {d['wall'] - loc['wall']:+.1f} s)"
        )

    m, shards = results["dask", hi], results["dask", hi]["shards"]["planned"]
    out_bytes = bytes_under(work / f"dask-{hi}")
    skip = ("_runs", "_prefect_results", "_clusters", "entity_catalog")  # not staged by shards
    data = {k: v for k, v in out_bytes.items() if k not in skip}
    print(
        f"per shard ({shards} shards, dask {hi} workers): raw read "
        f"{raw_bytes / shards / 2**10:.0f} KiB, committed from staging "
        f"{sum(data.values()) / shards / 2**10:.0f} KiB: "
        + ", ".join(f"{k} {v / shards / 2**10:.0f}" for k, v in sorted(data.items()))
    )
    per_stage = {k: round(v / shards, 3) for k, v in m["seconds"].items() if k.startswith("shard_")}
    print(f"per shard seconds: {json.dumps(per_stage)}")
    print(f"dask worker RSS after the run: {m['worker_rss_mib']} MiB")
    print(
        f"corpus steps: resolve {m['seconds'].get('resolve', 0):.1f} s, "
        f"cluster {m['seconds'].get('cluster', 0):.1f} s; out folder kept at {work}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
