"""`python -m flows.report --out-dir DIR`: a terminal summary of an out folder.

A thin CLI over tasks.store.report (not a Prefect flow: it only reads footers and manifests, and
should answer in a second without starting a Prefect server).
"""

from __future__ import annotations

import argparse
import sys

from tasks.store.report import build_report, format_report


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m flows.report",
        description="Summarise wirecopy output: partitions, rows per table, date range, top "
        "entities, rejects by reason and the last runs.",
    )
    p.add_argument(
        "--out-dir",
        default="data/processed",
        help="output folder or fsspec URL (default: data/processed)",
    )
    p.add_argument("--top", type=int, default=10, help="entities to list (10)")
    p.add_argument("--runs", type=int, default=5, help="runs to list (5)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    sys.stdout.write(format_report(build_report(args.out_dir, args.top, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
