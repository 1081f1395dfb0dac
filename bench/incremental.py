"""What an incremental run costs as the corpus grows: the same 100 new stories, 1k → 50k.

    .venv/bin/python bench/incremental.py [--sizes 1000,10000,50000] [--work DIR] [--new 100]

One out folder grows to each size in turn (real stories: Reuters-21578 and AG News from
../shared/corpus, dated over a year; past what they hold, stories made of the sentences of
two of them). At each size, on copies of it, the same 100 new stories (held out of every
corpus) are ingested by `python -m flows.wire_etl` — whole process, wall time — and then a
run with nothing new; once with Prefect's temporary server (what the CLI does alone), once
against a running `prefect server` (what a scheduled run sees). Each line shows the run
manifest's seconds per stage (`_runs/<run_id>.json` → `seconds`) and the state's size.

Targets (issue 29): the 100-story run at 10,000 stories ≤ 1.15 × at 1,000; no stage grows
with the corpus beyond reading the state; a run with nothing new ≤ 5% of a full run on the
biggest corpus (the full run: the runs that built it, from nothing to its size).

`--work DIR` keeps the grown out folders (and reuses them: building 50,000 stories runs NER
on all of them, ~10 minutes on two idle cores). Timings on a shared machine are indicative.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from throughput_support import base_stories  # noqa: E402

from flows.local_server import OFFLINE_ENV, local_prefect_server  # noqa: E402

AGNEWS = ROOT.parent / "shared" / "corpus" / "agnews" / "test.csv"
STAGES = ("discover", "shards", "resolve", "cluster")
YEAR = date(2023, 1, 1)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")


def pool() -> tuple[list[str], list[str]]:
    """(corpus texts, the held-out new texts), distinct real stories, no dateline year."""
    texts = [s["text"] for s in base_stories() if s.get("agency") == "REUTERS"]
    with AGNEWS.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            texts.append(f"{row['title']}. {row['description'].replace(chr(92), ' ')}")
    return texts[100:], texts[:100]


def story(texts: list[str], n: int) -> str:
    """Story n of the corpus: a real one, or past the pool, the first half of one real story
    and the second half of another (new text, real names)."""
    if n < len(texts):
        return texts[n]
    a, b = texts[n % len(texts)], texts[(n * 7919 + 13) % len(texts)]
    first, second = SENTENCE.split(a), SENTENCE.split(b)
    return " ".join(first[: max(1, len(first) // 2)] + second[len(second) // 2 :])


def write(raw: Path, name: str, day: date, text: str) -> None:
    path = raw / f"{day:%Y-%m}" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {day.isoformat()} {text}\n", encoding="utf-8")


def grow(raw: Path, texts: list[str], start: int, stop: int, size: int) -> None:
    """Stories start..stop-1 of a corpus of `size`, dated evenly over a year."""
    for n in range(start, stop):
        write(raw, f"s{n:06d}", YEAR + timedelta(days=n * 364 // size), story(texts, n))


def cli(raw: Path, out: Path, env: dict[str, str]) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "flows.wire_etl", "--raw-dir", str(raw), "--out-dir", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"CLI failed:\n{done.stderr[-3000:]}")
    runs = sorted((out / "_runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    return seconds, json.loads(runs[-1].read_text())


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def state_sizes(out: Path) -> dict[str, float]:
    """MB of what the corpus steps keep (and read, at most, per run)."""
    mb = lambda p: round(size_of(p) / 2**20, 2)  # noqa: E731
    return {
        "entity_state": mb(out / "_state" / "entities"),
        "catalog": mb(out / "entity_catalog"),
        "cluster_state": mb(out / "_state" / "clusters"),
        "discovery": mb(out / "_state" / "discovery.parquet"),
        "ledger": mb(out / "_ledger"),
    }


def measure(
    base_raw: Path, base_out: Path, new: list[str], env: dict, tmp: Path, reps: int
) -> dict:
    """The same new stories on a copy of the grown corpus, then a run with nothing new; each
    `reps` times on a fresh copy, the median kept. A flow run waits 0-1 s at its end for
    Prefect's heartbeat thread (it sleeps in 1 s steps): one run alone is that noisy."""
    got = []
    for _ in range(reps):
        raw, out = tmp / "raw", tmp / "out"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(base_raw, raw)
        shutil.copytree(base_out, out)
        for n, text in enumerate(new):
            write(raw, f"new{n:04d}", YEAR + timedelta(days=365), text)
        inc, m_inc = cli(raw, out, env)
        noop, m_noop = cli(raw, out, env)
        assert m_inc["inputs"]["new"] == len(new) and m_noop["inputs"]["new"] == 0
        got.append((inc, noop, m_inc, m_noop))
    inc, _, m_inc, _ = sorted(got, key=lambda g: g[0])[len(got) // 2]
    _, noop, _, m_noop = sorted(got, key=lambda g: g[1])[len(got) // 2]
    return {"inc": inc, "inc_stages": m_inc["seconds"], "noop": noop,
            "noop_stages": m_noop["seconds"], "catalog": m_inc["catalog"],
            "dedup": m_inc["dedup"], "inc_all": sorted(g[0] for g in got),
            "noop_all": sorted(g[1] for g in got)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--work", default=None, help="keep (and reuse) the grown corpora here")
    ap.add_argument("--reps", type=int, default=3, help="runs per measurement (the median)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work or tempfile.mkdtemp(prefix="wirecopy-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **OFFLINE_ENV, "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)
    env["PREFECT_HOME"] = str(work / "prefect-home")
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "180"
    texts, new = pool()
    new = new[: args.new]
    raw, out = work / "corpus" / "raw", work / "corpus" / "out"
    built = json.loads((work / "built.json").read_text()) if (work / "built.json").exists() else {}
    rows = []
    for size in sizes:
        have = int(built.get("size", 0))
        if have > size:
            print(f"(the kept corpus already holds {have:,} stories: {size:,} skipped)")
            continue
        if have < size:  # grow the corpus to `size` in one run (its seconds: a full run's share)
            grow(raw, texts, have, size, max(sizes))
            seconds, _ = cli(raw, out, env)
            built = {"size": size, "build_seconds": built.get("build_seconds", 0) + seconds}
            (work / "built.json").write_text(json.dumps(built))
        row = {"size": size, "state_mb": state_sizes(out)}
        row["temporary"] = measure(raw, out, new, env, work / "try", args.reps)
        with local_prefect_server(work / "server-home") as server_env:
            row["server"] = measure(raw, out, new, {**env, **server_env}, work / "try", args.reps)
        rows.append(row)
        report(row)
    summary(rows, built)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def report(row: dict) -> None:
    print(f"\n== corpus of {row['size']:,} stories; state MB {row['state_mb']}")
    for how in ("temporary", "server"):
        r = row[how]
        stages = ", ".join(f"{k} {r['inc_stages'].get(k, 0):.2f}" for k in STAGES)
        runs = ", ".join(f"{x:.2f}" for x in r["inc_all"])
        print(f"  {how:9} new stories: {r['inc']:6.2f} s whole process ({stages}); runs {runs}")
        shard = {k: v for k, v in r["inc_stages"].items() if k.startswith("shard_")}
        print(f"  {'':9}   per-shard stages: {json.dumps(shard)}")
        noop = ", ".join(f"{k} {v:.3f}" for k, v in r["noop_stages"].items())
        runs = ", ".join(f"{x:.2f}" for x in r["noop_all"])
        print(f"  {'':9}   nothing new: {r['noop']:6.2f} s ({noop}); runs {runs}")
    c, d = row["temporary"]["catalog"], row["temporary"]["dedup"]
    print(
        f"  resolve: {c['keys_touched']} keys touched, {c['keys_resolved']} resolved, "
        f"{c['stories_recounted']} recounted; cluster: {d['candidates']} candidates read, "
        f"{d['clusters_touched']} clusters touched, {d['files_rewritten']} files rewritten"
    )


def summary(rows: list[dict], built: dict) -> None:
    by = {r["size"]: r for r in rows}
    print("\n== targets (indicative: a shared machine)")
    for how in ("temporary", "server"):
        if 1000 in by and 10000 in by:
            ratio = by[10000][how]["inc"] / by[1000][how]["inc"]
            print(f"  {how:9} +100 at 10,000 / at 1,000: {ratio:.2f} (target <= 1.15)")
    big = max(by)
    full = built.get("build_seconds", 0.0)
    for how in ("temporary", "server"):
        share = by[big][how]["noop"] / full if full else float("nan")
        print(
            f"  {how:9} nothing new at {big:,}: {by[big][how]['noop']:.2f} s = {share:.1%} of "
            f"the full run ({full:.0f} s, the runs that built it) (target <= 5%)"
        )
    print(json.dumps({"rows": rows, "built": built}, default=str))


if __name__ == "__main__":
    main()
