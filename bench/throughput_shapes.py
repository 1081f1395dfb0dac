"""Whole process against whole process: the flow's CLI vs a bare NER script (bench/bare_ner.py).

Both sides are timed from the outside as fresh processes on the same stories, so each pays
its own start-up (imports, model load, for the flow Prefect's server). Measured, in order:

  1. N real Reuters-21578 stories as one .txt file each: the bare script as spaCy ships
     (target: the flow >= 1.2x its speed), the bare script tuned like the flow's workers
     (numpy GEMM, one BLAS thread per process; target >= 0.95x), then the flow
  2. the same stories as one .jsonl file: bare script, then the flow
  3. `--reprocess all` on (1)'s output with the model unchanged (NER served by the cache;
     target <= 35% of (1)'s flow run)
  4. a one-story run: ephemeral Prefect server, then against a running local server
  5. `deploy`: on a running server, the CLI run of (1)'s stories against a deployment run of
     them by a process worker (bench/deployment_run.py; target <= 1.10x)

and prints seconds, ratios (bare / flow: > 1 means the flow is faster), the peak RSS of each
process tree, the manifest's start-up stages and NER cache counters, and the 1-minute load
average before each measurement (the machine may be shared: re-run when it is quiet).

Usage: .venv/bin/python bench/throughput.py --shapes [--n 6000] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from throughput_support import (
    ROOT,
    TreeRSS,
    build_jsonl_corpus,
    build_txt_corpus,
    reuters_stories,
)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def _timed(cmd: list[str], env: dict[str, str]) -> dict:
    """Run `cmd` as a fresh process; wall seconds and peak RSS of its whole tree."""
    load = _load()
    with TreeRSS() as rss:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        secs = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return {"seconds": secs, "rss": rss.peak, "load": load, "stdout": proc.stdout}


def _flow(raw: Path, out: Path, env: dict, workers: int, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "flows.wire_etl", "--raw-dir", str(raw), "--out-dir", str(out)]
    res = _timed([*cmd, "--workers", str(workers), *extra], env)
    runs = sorted((out / "_runs").glob("*.json"), key=lambda p: p.stat().st_mtime)
    res["manifest"] = json.loads(runs[-1].read_text())
    return res


def _bare(raw: Path, env: dict, workers: int, *extra: str) -> dict:
    script = str(ROOT / "bench" / "bare_ner.py")
    return _timed([sys.executable, script, str(raw), "--n-process", str(workers), *extra], env)


def _show(label: str, res: dict) -> None:
    mem = f"peak RSS {res['rss'] / 2**20:5.0f} MB"
    print(f"  {label:<44} {res['seconds']:7.1f} s  {mem}  ({res['load']})")
    m = res.get("manifest")
    if m:
        secs = m["seconds"]
        keys = ("discover", "shards", "resolve", "cluster")
        stages = ", ".join(f"{k} {secs[k]:.1f}" for k in keys if k in secs)
        print(
            f"      stages: {stages}; shards {m['shards']['planned']} on "
            f"{m.get('worker_processes', '?')} workers; NER cache {m.get('ner_cache', {})}"
        )


PARTS = ("txt", "jsonl", "reprocess", "one", "deploy")


def shapes_report(n: int, workers: int, tmp: Path, parts: tuple[str, ...] = PARTS) -> None:
    """Measure `parts` (all by default; `reprocess` needs `txt` or a kept `--keep` folder)."""
    stories = reuters_stories(n)
    txt, jsonl = tmp / "raw-txt", tmp / "raw-jsonl"
    for d in (txt, jsonl):
        shutil.rmtree(d, ignore_errors=True)
    build_txt_corpus(stories, txt)
    build_jsonl_corpus(stories, jsonl)
    home = tmp / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)  # the ephemeral server: what a new user gets
    print(f"whole-process bench: {n} Reuters stories, {workers} workers ({_load()})")

    one = tmp / "raw-one"
    shutil.rmtree(one, ignore_errors=True)
    build_txt_corpus(stories[:1], one)
    warm = _flow(one, tmp / "out-warm", env, workers)  # migrates the fresh Prefect home
    print(f"  (Prefect home migration run, not compared: {warm['seconds']:.1f} s)")

    results = {}
    for shape, raw in (("txt", txt), ("jsonl", jsonl)):
        if shape not in parts:
            continue
        out = tmp / f"out-{shape}"
        shutil.rmtree(out, ignore_errors=True)
        results[f"bare-{shape}"] = bare = _bare(raw, env, workers)
        _show(f"bare nlp.pipe(n_process={workers}), .{shape}", bare)
        if shape == "txt":
            results["tuned-txt"] = tuned = _bare(raw, env, workers, "--tuned")
            _show(f"bare script tuned like ours, {workers} procs, .txt", tuned)
        results[f"flow-{shape}"] = flow = _flow(raw, out, env, workers)
        _show(f"flow (CLI), .{shape}", flow)
        ratio = bare["seconds"] / flow["seconds"]
        target = "1.2" if shape == "txt" else "1.0"
        print(f"  => .{shape}: flow is {ratio:.2f}x the bare script's speed (target >= {target})")
        if shape == "txt":
            ratio = tuned["seconds"] / flow["seconds"]
            print(f"  => .txt: flow is {ratio:.2f}x the tuned script's speed (target >= 0.95)")

    if "reprocess" in parts:
        again = _flow(txt, tmp / "out-txt", env, workers, "--reprocess", "all")
        _show("flow --reprocess all (model unchanged), .txt", again)
        if "flow-txt" in results:
            share = again["seconds"] / results["flow-txt"]["seconds"]
            print(f"  => --reprocess all: {100 * share:.0f}% of the full run (target <= 35%)")
    if "one" in parts:
        _one_story(one, tmp, env, workers)
    if "deploy" in parts:
        from deployment_run import deployment_vs_cli

        got = deployment_vs_cli(txt, tmp, workers, _flow)
        _show("CLI on a running server, .txt", got["cli"])
        secs = got["deployment_seconds"]
        print(f"  deployment run by a process worker, .txt  {secs:7.1f} s (pickup to end)")
        ratio = secs / got["cli"]["seconds"]
        print(f"  => deployment run: {ratio:.2f}x the CLI run on that server (target <= 1.10)")


def _one_story(one: Path, tmp: Path, env: dict, workers: int) -> None:
    for k in range(2):
        res = _flow(one, tmp / f"out-one-{k}", env, workers)
        _show(f"one story, ephemeral server (run {k + 1})", res)
    from flows.local_server import local_prefect_server

    with local_prefect_server(tmp / "prefect-server-home") as server_env:
        for k in range(2):
            res = _flow(one, tmp / f"out-one-srv-{k}", server_env, workers)
            _show(f"one story, running server (run {k + 1})", res)
