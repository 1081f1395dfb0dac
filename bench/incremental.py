"""Full run vs no-op re-run on the same corpus: is an incremental run nearly free?

    .venv/bin/python bench/incremental.py [--stories 2000] [--enrich] [--shard-size 500]

Builds a deterministic corpus (tests/etl_helpers.build_corpus: AG News items from
../shared/corpus when present, else self-written stories), then measures, on one out folder:

1. the flow's own time (in this process, `wire_etl(...)` call to return): full run, then a
   no-op run (nothing changed);
2. the process wall time of the CLI (`python -m flows.wire_etl`), which adds interpreter and
   Prefect import, client start-up and the end-of-run heartbeat wait;
3. what a no-op run costs without Prefect: discovery (stat + sha256 of every raw file), the
   ledger read and the plan.

Both (1) and (2) talk to one `prefect server` this script starts (unless PREFECT_API_URL is
set), so the ephemeral server's 8-15 s start-up is not counted in every process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flows.local_server import local_prefect_server

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@contextlib.contextmanager
def prefect_server(home: Path):
    """The API URL to run against: $PREFECT_API_URL, or a throwaway local server."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    with local_prefect_server(home) as env:
        yield env["PREFECT_API_URL"]


def cli_run(raw: Path, out: Path, args: argparse.Namespace) -> tuple[float, str]:
    cmd = [
        sys.executable,
        "-m",
        "flows.wire_etl",
        "--raw-dir",
        str(raw),
        "--out-dir",
        str(out),
        "--shard-size",
        str(args.shard_size),
    ] + ([] if args.enrich else ["--no-enrich"])
    t0 = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"CLI failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout.strip().splitlines()[-1]


def noop_core(raw: Path, out: Path, enrich: bool) -> dict[str, float]:
    """A no-op run's own work, without Prefect: discover, read the ledger, plan."""
    from tasks.ingest.discovery import discover_inputs
    from tasks.run.plan import plan_run
    from tasks.settings import DEFAULT_MODEL
    from tasks.store.ledger import current_state, read_ledger_files
    from tasks.store.outdir import Store
    from tasks.version import PARSER_VERSION, model_version

    model_v = model_version(DEFAULT_MODEL) if enrich else ""
    t0 = time.perf_counter()
    found = discover_inputs(str(raw))
    t1 = time.perf_counter()
    store = Store(str(out))
    state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    t2 = time.perf_counter()
    plan = plan_run(found, state, PARSER_VERSION, model_v, 500)
    t3 = time.perf_counter()
    assert plan.records_new == 0, plan.records_new
    return {
        "discover (stat + sha256)": t1 - t0,
        "ledger read": t2 - t1,
        "plan": t3 - t2,
        "total": t3 - t0,
        "files": len(found.inputs),
        "ledger files": len(store.ledger_files()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--enrich", action="store_true", help="run NER too (default: parse only)")
    args = ap.parse_args()

    from tests.etl_helpers import build_corpus

    tmp = Path(tempfile.mkdtemp(prefix="wirecopy-bench-"))
    os.environ["PREFECT_HOME"] = str(tmp / "prefect-home")
    raw = tmp / "raw"
    n = build_corpus(raw, args.stories)
    with prefect_server(tmp / "prefect-home") as url:
        os.environ["PREFECT_API_URL"] = url
        from flows.wire_etl import wire_etl

        kw = {"shard_size": args.shard_size, "enrich": args.enrich}
        out = tmp / "out-flow"
        t0 = time.perf_counter()
        full = wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)
        flow_full = time.perf_counter() - t0
        t0 = time.perf_counter()
        noop = wire_etl(raw_dir=str(raw), out_dir=str(out), **kw)
        flow_noop = time.perf_counter() - t0
        assert noop["inputs"]["new"] == 0
        core = noop_core(raw, out, args.enrich)

        cli_out = tmp / "out-cli"
        cli_full, _ = cli_run(raw, cli_out, args)
        cli_noop, line = cli_run(raw, cli_out, args)

    mode = "parse + NER" if args.enrich else "parse only"
    print(
        f"\ncorpus: {n} inputs in {core['files']} files ({args.stories} stories asked), "
        f"{mode}, shard size {args.shard_size}, {full['shards']['planned']} shards"
    )
    print(f"{'':34}{'full':>9}{'no-op':>9}{'ratio':>8}")
    print(
        f"{'flow (in process, call→return)':34}{flow_full:9.2f}{flow_noop:9.2f}"
        f"{flow_noop / flow_full:8.1%}"
    )
    print(f"{'CLI process wall time':34}{cli_full:9.2f}{cli_noop:9.2f}{cli_noop / cli_full:8.1%}")
    print(
        f"{'no-op core (no Prefect)':34}{'':9}{core['total']:9.3f}{core['total'] / flow_full:8.1%}"
    )
    for k in ("discover (stat + sha256)", "ledger read", "plan"):
        print(f"  {k:32}{'':9}{core[k]:9.3f}")
    print(f"  ledger files after one run: {core['ledger files']}")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"no-op CLI said: {line}")
    print(
        json.dumps(
            {
                "flow_full_s": round(flow_full, 3),
                "flow_noop_s": round(flow_noop, 3),
                "cli_full_s": round(cli_full, 3),
                "cli_noop_s": round(cli_noop, 3),
                "noop_core_s": round(core["total"], 3),
                "inputs": n,
            }
        )
    )


if __name__ == "__main__":
    main()
