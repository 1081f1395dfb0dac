"""The same inputs, two versions of the code: are the tables equal row for row?

For refactors that must not change what a run writes (issue 25's "behaviour unchanged"):
runs `python -m flows.wire_etl` of a reference revision (a `git worktree` of REF) and of this
tree on the same raw folder — the shared samples (wire-formats, wire-formats-dpa,
indian-wire, seed, quotes-news) plus N Reuters-21578 stories — then compares every dataset
row for row without run metadata, and prints per dataset the rows only in one side, with
examples and the columns that differ.

Usage: .venv/bin/python bench/same_rows.py [--ref 7766020] [--n 800] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
from throughput_support import build_txt_corpus, reuters_stories

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ("wire-formats", "wire-formats-dpa", "indian-wire", "seed", "quotes-news")
DATASETS = ("stories", "quotes", "entities", "rejects", "entity_catalog")
RUN_METADATA = {"run_id", "ingested_at", "rejected_at", "commit_seq", "day"}


def build_raw(raw: Path, n: int) -> None:
    for name in SAMPLES:  # copies, not links: discovery refuses symlinks
        shutil.copytree(CORPUS / name, raw / name, ignore=shutil.ignore_patterns("*.md"))
    build_txt_corpus(reuters_stories(n), raw / "reuters")


def run_tree(tree: Path, raw: Path, out: Path, home: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": str(tree),
        "PREFECT_HOME": str(home / "prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    cmd = [sys.executable, "-m", "flows.wire_etl", "--raw-dir", str(raw), "--out-dir", str(out)]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"run in {tree} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    print(f"  {tree.name}: {done.stdout.strip().splitlines()[-1]}")


def rows(out: Path, name: str) -> tuple[list[str], Counter]:
    files = sorted(str(p) for p in (out / name).rglob("*.parquet"))
    if not files:
        return [], Counter()
    table = ds.dataset(files, format="parquet").to_table()
    cols = sorted(c for c in table.column_names if c not in RUN_METADATA)
    data = table.select(cols).to_pylist()
    return cols, Counter(repr(tuple(r[c] for c in cols)) for r in data)


def compare(ref: Path, new: Path) -> int:
    differing = 0
    for name in DATASETS:
        cols_a, a = rows(ref, name)
        cols_b, b = rows(new, name)
        if cols_a != cols_b:
            print(f"{name}: columns differ: only ref {sorted(set(cols_a) - set(cols_b))}, "
                  f"only new {sorted(set(cols_b) - set(cols_a))}")  # fmt: skip
            differing += 1
            continue
        only_a, only_b = a - b, b - a
        same = not only_a and not only_b
        verdict = (
            "SAME"
            if same
            else (f"{sum(only_a.values())} only in ref, {sum(only_b.values())} only in new")
        )
        print(f"{name:<15} ref {sum(a.values()):6d} rows, new {sum(b.values()):6d} rows: {verdict}")
        if not same:
            differing += 1
            for tag, only in (("ref", only_a), ("new", only_b)):
                for row in list(only)[:3]:
                    print(f"    only {tag}: {row[:300]}")
    return differing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default="7766020", help="reference revision (before issue 25)")
    ap.add_argument("--n", type=int, default=800, help="Reuters stories added (800)")
    ap.add_argument("--keep", default=None, help="work folder to keep")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="wirecopy-same-rows-"))
    raw, ref_tree = work / "raw", work / "ref-tree"
    shutil.rmtree(raw, ignore_errors=True)
    build_raw(raw, args.n)
    if not ref_tree.exists():
        git = ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(ref_tree), args.ref]
        subprocess.run(git, check=True, capture_output=True)
    try:
        print(f"raw: {sum(1 for p in raw.rglob('*') if p.is_file())} files; ref {args.ref}")
        for tree, out in ((ref_tree, work / "out-ref"), (ROOT, work / "out-new")):
            shutil.rmtree(out, ignore_errors=True)
            run_tree(tree, raw, out, work)
        differing = compare(work / "out-ref", work / "out-new")
        print(f"=> {differing} of {len(DATASETS)} datasets differ")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(ref_tree)])
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
