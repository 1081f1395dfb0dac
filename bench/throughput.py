"""Throughput and memory of the pipeline against the bare-NER floor, in one invocation.

Builds a corpus of N stories from ../shared/corpus (Reuters-21578 DATELINE + BODY, the
indian-wire stories and the seed; replicated with varied ids to reach N) as .jsonl feeds in
a temp dir, then measures on the same machine, one after the other:

  (a) floor     bare `nlp.pipe` (same model, NER only) over the parsed story bodies, in a
                2-process pool (one per core), model loaded before the clock starts
  (b) parse     the wire-etl flow with enrichment off
  (c) full      the wire-etl flow with NER

and prints stories/s, words/s, peak RSS of the whole process tree (this process, the shard
worker pool, the Prefect server child; sampled every 50 ms with psutil), the ratio (c)/(a),
per-stage seconds from the run manifests (`<out>/_runs/*.json` → "seconds"), and compaction
(files per partition before/after). Prefect's import and server start are measured and
reported apart from the flow time; the flow's worker processes start (and load the model)
inside it, as in every run.

`--shapes` instead measures whole process against whole process (bench/throughput_shapes.py):
6,000 Reuters stories as .txt files and as one .jsonl, `--reprocess all`, one-story runs.

`--memory-check` runs (c) again at 5,000 and 50,000 stories (fresh processes, so the peaks
are comparable) and reports the peak RSS of each and their ratio (target: flat within 10%).

Usage: .venv/bin/python bench/throughput.py [--n 5000] [--memory-check] [--keep DIR]
       .venv/bin/python bench/throughput.py --shapes [--n 6000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput_support import (
    TreeRSS,
    bench_floor,
    build_corpus,
)

# --- (b) / (c) the flow ---------------------------------------------------------------------------


def run_flow(raw: Path, out: Path, enrich: bool, workers: int, shard_size: int) -> dict:
    from flows.wire_etl import wire_etl

    with TreeRSS() as rss:
        t0 = time.perf_counter()
        manifest = wire_etl(
            raw_dir=str(raw),
            out_dir=str(out),
            enrich=enrich,
            workers=workers,
            shard_size=shard_size,
        )
        secs = time.perf_counter() - t0
    return {"seconds": secs, "rss": rss, "manifest": manifest}


def stage_table(manifest: dict, wall: float) -> list[str]:
    secs = manifest["seconds"]
    total = sum(v for k, v in secs.items() if k.startswith("shard_"))
    rows = []
    for key, value in secs.items():
        share = (
            f"{100 * value / total:5.1f}% of shard time"
            if key.startswith("shard_")
            else (f"{100 * value / wall:5.1f}% of flow wall time")
        )
        rows.append(f"    {key:<22} {value:8.2f} s   {share}")
    return rows


def line(label: str, stories: int, words: int, secs: float, rss: TreeRSS | None) -> str:
    mem = f", peak RSS {rss.describe()}" if rss else ""
    cpu = f", CPU {rss.cpu:.1f} s ({words / max(rss.cpu, 1e-9):.0f} words/CPU-s)" if rss else ""
    return (
        f"{label:<34} {secs:7.2f} s  {stories / secs:8.0f} stories/s  "
        f"{words / secs:9.0f} words/s{mem}{cpu}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="stories in the corpus (5000)")
    ap.add_argument("--workers", type=int, default=0, help="shard worker processes (0 = cores)")
    ap.add_argument(
        "--shard-size", type=int, default=0, help="stories per shard (0 = the flow's auto size)"
    )
    ap.add_argument("--model", default=None, help="spaCy model (settings default)")
    ap.add_argument(
        "--memory-check",
        action="store_true",
        help="also run (c) at 5,000 and 50,000 stories and compare peak RSS",
    )
    ap.add_argument(
        "--only", choices=["a", "b", "c", "abc", "c-rss"], default="abc", help=argparse.SUPPRESS
    )  # c-rss: one full run in a fresh process (memory)
    ap.add_argument("--keep", default=None, help="keep corpus and outputs in this folder")
    ap.add_argument(
        "--shapes",
        action="store_true",
        help="whole process vs whole process: .txt, one .jsonl, --reprocess all, one story",
    )
    ap.add_argument(
        "--shape-parts",
        default="txt,jsonl,reprocess,one",
        help="with --shapes: which measurements (comma-separated)",
    )
    args = ap.parse_args()
    if args.shapes:
        from throughput_shapes import shapes_report

        from tasks.run.request import default_workers

        tmp = Path(args.keep or tempfile.mkdtemp(prefix="wirecopy-shapes-"))
        n, parts = args.n if args.n != 5000 else 6000, tuple(args.shape_parts.split(","))
        shapes_report(n, args.workers or default_workers(), tmp, parts)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        return

    t_start = time.perf_counter()
    from tasks.run.request import default_workers
    from tasks.settings import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    workers = args.workers or default_workers()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="wirecopy-throughput-"))
    os.environ.setdefault("PREFECT_HOME", str(tmp / "prefect-home"))
    raw = tmp / "raw"
    if raw.exists():
        shutil.rmtree(raw)
    n_files = build_corpus(args.n, raw)
    print(
        f"corpus: {args.n} stories in {n_files} .jsonl files under {raw}  "
        f"(load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}, cores {os.cpu_count()})"
    )

    if args.only == "c-rss":  # one measured run in this fresh process, JSON on the last line
        res = _fixed_costs_and_flow(raw, tmp, True, workers, model, args.shard_size, quiet=True)
        print(
            json.dumps(
                {
                    "n": args.n,
                    "peak_rss": res["rss"].peak,
                    "parts": res["rss"].peak_parts,
                    "seconds": res["seconds"],
                }
            )
        )
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        return

    corpus_s = time.perf_counter() - t_start
    t_imp = time.perf_counter()
    import flows.wire_etl  # noqa: F401  (prefect, pyarrow, ...: a per-process fixed cost)

    print(
        f"fixed: corpus build {corpus_s:.1f} s, flow module import (Prefect) "
        f"{time.perf_counter() - t_imp:.1f} s"
    )

    results: dict[str, dict] = {}
    from tasks.ingest.discovery import discover_inputs
    from tasks.ingest.sources import read_records
    from tasks.parse.story import parse_story

    if "a" in args.only:
        t0 = time.perf_counter()
        bodies, words = [], 0
        for inp in discover_inputs(str(raw)).inputs:
            for rec in read_records(inp):
                try:
                    story = parse_story(
                        rec.text, header_date=rec.header_date, agency_hint=rec.agency_hint
                    )
                except Exception:
                    continue
                bodies.append(story.body)
                words += story.n_words
        print(
            f"(a) inputs: {len(bodies)} parsed bodies, {words} words "
            f"(read + parse in one process: {time.perf_counter() - t0:.1f} s, not timed)"
        )
        res = bench_floor(bodies, model, workers)
        res.update(stories=len(bodies), words=words)
        results["a"] = res
        print(f"    pool spawn + model load {res['warmup']:.1f} s (not timed)")
        print(
            line(
                f"(a) floor: nlp.pipe x{workers} procs",
                len(bodies),
                words,
                res["seconds"],
                res["rss"],
            )
        )

    for key, enrich in (("b", False), ("c", True)):
        if key not in args.only:
            continue
        res = _fixed_costs_and_flow(raw, tmp, enrich, workers, model, args.shard_size)
        results[key] = res
        m = res["manifest"]
        label = "(b) flow, parse only" if key == "b" else "(c) flow, parse + NER"
        print(line(label, m["rows"]["stories"], m["words"], res["seconds"], res["rss"]))
        print(f"    {m['shards']['planned']} shards; stages (summed over shards, worker CPU):")
        print("\n".join(stage_table(m, res["seconds"])))
        if key == "b":
            per_core = m["rows"]["stories"] / res["seconds"] / workers
            print(f"    parse-only per core: {per_core:.0f} stories/s/core (target >= 2000)")
    if "a" in results and "c" in results:
        a, c = results["a"], results["c"]
        ratio = (c["manifest"]["words"] / c["seconds"]) / (a["words"] / a["seconds"])
        cpu_ratio = (c["manifest"]["words"] / c["rss"].cpu) / (a["words"] / a["rss"].cpu)
        print(
            f"ratio (c)/(a) words/s: {ratio:.2f} (target >= 0.90); per CPU-second: "
            f"{cpu_ratio:.2f} (less sensitive to other users' load)"
        )
        pure = c["manifest"]["seconds"]
        ner = pure.get("shard_ner", 0.0)
        print(
            f"    NER inside the flow: {ner:.1f} worker-s vs floor {a['seconds'] * workers:.1f}"
            f" worker-s ({ner / max(1e-9, a['seconds'] * workers):.2f}x)"
        )

    if "c" in results:
        _noop_report(raw, Path(results["c"]["out"]), workers, results["c"]["seconds"])
        _compaction_report(Path(results["c"]["out"]))

    if args.memory_check:
        print("memory check: (c) in fresh processes at N=5,000 and N=50,000 …")
        peaks = {}
        for n in (5000, 50000):
            cmd = [
                sys.executable,
                __file__,
                "--n",
                str(n),
                "--only",
                "c-rss",
                "--workers",
                str(workers),
                "--model",
                model,
            ]
            if args.shard_size:
                cmd += ["--shard-size", str(args.shard_size)]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(f"  N={n}: FAILED\n{proc.stderr[-3000:]}")
                break
            got = json.loads(proc.stdout.strip().splitlines()[-1])
            peaks[n] = got["peak_rss"]
            parts = ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(got["parts"].items()))
            print(
                f"  N={n}: peak RSS {got['peak_rss'] / 2**20:.0f} MB ({parts}); flow "
                f"{got['seconds']:.1f} s = {n / got['seconds']:.0f} stories/s "
                f"(process {time.perf_counter() - t0:.0f} s)"
            )
        if len(peaks) == 2:
            growth = peaks[50000] / peaks[5000] - 1
            print(f"  RSS growth 5k → 50k: {100 * growth:+.1f}% (target within ±10%)")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


def _noop_report(raw: Path, out: Path, workers: int, full_seconds: float) -> None:
    """The same flow again on (c)'s output: nothing is new, so this is the incremental cost."""
    noop = run_flow(raw, out, True, workers, 0)
    m = noop["manifest"]
    print(
        f"no-op re-run of (c): {noop['seconds']:.2f} s ({m['inputs']['new']} new, "
        f"{m['inputs']['unchanged']} unchanged) = {100 * noop['seconds'] / full_seconds:.1f}% "
        "of the full run (target < 5%)"
    )


def _fixed_costs_and_flow(
    raw: Path,
    tmp: Path,
    enrich: bool,
    workers: int,
    model: str,
    shard_size: int,
    quiet: bool = False,
) -> dict:
    """Warm the Prefect server, then time the flow (its worker processes start inside it, as
    in every run)."""
    global _SERVER_WARM
    from tasks.settings import DEFAULT_SHARD_SIZE

    t0 = time.perf_counter()
    if not _SERVER_WARM:
        _warm_server()
        _SERVER_WARM = True
    server = time.perf_counter() - t0
    out = tmp / ("out-full" if enrich else "out-parse")
    if out.exists():
        shutil.rmtree(out)
    res = run_flow(raw, out, enrich, workers, shard_size or DEFAULT_SHARD_SIZE)
    res["out"] = str(out)
    if not quiet:
        print(f"    fixed cost: Prefect server start {server:.1f} s (not in flow time)")
    return res


_SERVER_WARM = False


def _warm_server() -> None:
    """Start the ephemeral Prefect server with a trivial flow run (a per-process fixed cost)."""
    from prefect import flow

    @flow(name="bench-warmup")
    def _noop() -> int:
        return 0

    _noop()


def _compaction_report(out: Path) -> None:
    from tasks.store.compact import compact_store, files_per_partition
    from tasks.store.outdir import Store

    store = Store(str(out))
    before = files_per_partition(store)
    t0 = time.perf_counter()
    result = compact_store(store)
    secs = time.perf_counter() - t0
    after = files_per_partition(store)
    print(
        f"compaction of (c)'s output: {secs:.1f} s, {result.partitions} partitions rewritten, "
        f"{result.files_before} → {result.files_after} files"
    )
    for dataset in sorted(before):
        b, a = before[dataset], after.get(dataset, {})
        nb, na = sum(b.values()), sum(a.values())
        print(
            f"    {dataset:<9} {len(b):4d} partitions: files/partition before max "
            f"{max(b.values(), default=0)} mean {nb / max(1, len(b)):.1f} → after max "
            f"{max(a.values(), default=0)} mean {na / max(1, len(a)):.1f}"
        )


if __name__ == "__main__":
    main()
