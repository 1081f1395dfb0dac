"""Verify flow + CLI: the corpus steps' state against the datasets, and a repair.

`python -m flows.verify --out-dir DIR [--raw-dir RAW] [--repair]`. The full reads a scheduled
run never does (tasks.run.verify): the entity state and catalog rebuilt from every
`entities` row, the clusters' state from every story and signature, the invariants (every
story clustered, one primary per cluster, every entity id in the catalog) and, with a raw
folder, every raw file hashed again against what discovery trusts. Exit 1 when something is
off; `--repair` then rebuilds the state (and has changed raw files read again). Safe beside
running wire-etl runs (it reads without the lock, and checks again if a commit landed).
The weekly `wire-verify/wire-verify-weekly` deployment runs it.
"""

from __future__ import annotations

import argparse
import sys

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.dedup.signature import DedupSettings
from tasks.run.verify import repair_state, verify_state
from tasks.store.outdir import Store


@task(name="verify-state", cache_policy=NO_CACHE)
def check(out_dir: str, raw_dir: str | None, dedup_threshold: float) -> dict:
    settings = DedupSettings(threshold=dedup_threshold)
    report = verify_state(Store(out_dir), settings, raw_dir)
    logger = get_run_logger()
    for name, problems in report.checks.items():
        line = f"{name}: {'ok' if not problems else f'{problems} problem(s)'}"
        (logger.info if not problems else logger.warning)(line)
        if problems:
            logger.warning("  e.g. %s", ", ".join(report.examples[name]))
    return {
        "ok": report.ok,
        "checks": report.checks,
        "examples": report.examples,
        "changed_raw": report.changed_raw,
    }


@task(name="repair-state", cache_policy=NO_CACHE)
def repair(out_dir: str, dedup_threshold: float, changed_raw: list[str]) -> None:
    repair_state(Store(out_dir), DedupSettings(threshold=dedup_threshold), changed_raw)
    get_run_logger().info("state rebuilt from the datasets")


@flow(name="wire-verify")
def verify(
    out_dir: str = "data/processed",
    raw_dir: str | None = None,
    repair_found: bool = False,
    dedup_threshold: float = DedupSettings().threshold,
    fail_on_problems: bool = True,
) -> dict:
    """Check the corpus steps' state against the datasets (and the raw files' hashes against
    what discovery trusts, given `raw_dir`); with `repair_found`, rebuild what is off. The
    run fails when something is (still) off, so a scheduled check shows up red."""
    result = check(out_dir, raw_dir, dedup_threshold)
    if repair_found and not result["ok"]:
        repair(out_dir, dedup_threshold, result["changed_raw"])
        result = {**check(out_dir, raw_dir, dedup_threshold), "repaired": True}
    if fail_on_problems and not result["ok"]:
        off = ", ".join(name for name, n in result["checks"].items() if n)
        raise RuntimeError(f"state verification found problems: {off}")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m flows.verify", description=__doc__.split("\n")[0])
    p.add_argument("--out-dir", default="data/processed", help="output folder or fsspec URL")
    p.add_argument("--raw-dir", default=None, help="raw folder: hash every file again")
    p.add_argument("--repair", action="store_true", help="rebuild the state when it is off")
    p.add_argument("--dedup-threshold", type=float, default=DedupSettings().threshold)
    args = p.parse_args(argv)
    from flows.verify import verify as flow_fn  # the importable module's flow, not __main__'s

    result = flow_fn(
        out_dir=args.out_dir,
        raw_dir=args.raw_dir,
        repair_found=args.repair,
        dedup_threshold=args.dedup_threshold,
        fail_on_problems=False,
    )
    for name, problems in result["checks"].items():
        print(f"{name}: {'ok' if not problems else f'{problems} problem(s)'}")
        for example in result["examples"].get(name, []):
            print(f"  {example}")
    print("state repaired from the datasets" if result.get("repaired") else "", end="")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
