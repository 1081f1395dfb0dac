"""Consistency of the entity catalog on a corpus built from the shared files.

Corpus (written to a temporary raw folder, never into the repo): the first N Reuters-21578
stories with a body (rebuilt as `DATELINE + BODY`, the README's answer-key layout), every
indian-wire story (damaged `?` apostrophes, PTI/IANS), the seed ANI story, N AG News
descriptions (one .jsonl), and the quotes-news articles. The pipeline's own steps run on it
without Prefect (the run engine in this process: `run_pipeline` with the `in-process`
executor: shards, entity resolution, clustering), then we print:

- junk share among the top-200 entities by mentions (target 0): `variants.is_junk_name`
  plus the issue's symptoms (`?`, a possessive ending, a lower-case start, one letter);
- names with more than one label, in the catalog (target 0) and in the per-story rows
  (model labels, for comparison);
- alias groups merged (retired ids by rule) and a sample of merges;
- ids stable: a second run over the same out folder changes no id and no row;
- a figure per identity mistake of issue 28 and for tables (`bench/entity_classes.py`).

Usage: .venv/bin/python bench/entity_catalog.py [--reuters 1000] [--agnews 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as ds
from entity_classes import identity_classes, tables

from tasks.enrich.variants import is_junk_name
from tasks.run.engine import run_pipeline
from tasks.run.executors import executor_for
from tasks.run.request import RunRequest

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT.parent / "shared" / "corpus"
_REUTERS = re.compile(r"<REUTERS.*?</REUTERS>", re.S)
_TAG = {t: re.compile(rf"<{t}>(.*?)</{t}>", re.S) for t in ("DATELINE", "BODY", "DATE")}


def reuters_stories(limit: int) -> list[tuple[str, str]]:
    """(date, text) of the first `limit` Reuters-21578 stories that have a body."""
    out: list[tuple[str, str]] = []
    for sgm in sorted((CORPUS / "reuters21578").glob("reut2-0*.sgm"))[:14]:
        for doc in _REUTERS.findall(sgm.read_text(encoding="latin-1")):
            body, line = _TAG["BODY"].search(doc), _TAG["DATELINE"].search(doc)
            if not body or not line:
                continue
            text = html.unescape(line.group(1).strip() + " " + body.group(1))
            text = text.replace("\x03", "").replace("\x1e", "").replace("\x1f", "")
            out.append((_TAG["DATE"].search(doc).group(1).strip(), text.strip()))
            if len(out) >= limit:
                return out
    return out


def build_corpus(raw: Path, n_reuters: int, n_agnews: int) -> int:
    """Write the bench corpus under `raw`; returns the number of stories."""
    n = 0
    (raw / "reuters").mkdir(parents=True)
    for i, (_, text) in enumerate(reuters_stories(n_reuters)):
        (raw / "reuters" / f"r{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
        n += 1
    for folder in ("indian-wire", "seed", "quotes-news"):
        dest = raw / folder
        dest.mkdir()
        for src in sorted((CORPUS / folder).glob("*.txt")):
            shutil.copyfile(src, dest / src.name)
            n += 1
    for folder in ("wire-formats", "wire-formats-dpa"):  # agency deliveries: agate tables
        dest = raw / folder
        dest.mkdir()
        for src in sorted((CORPUS / folder).iterdir()):
            if src.is_file() and not src.name.endswith(".md") and not src.name.startswith("."):
                # discovery sniffs extension-less files; it does not list ".iptc"
                shutil.copyfile(src, dest / src.name.removesuffix(".iptc"))
                n += 1
    with (
        (CORPUS / "agnews" / "test.csv").open(encoding="utf-8") as fh,
        (raw / "agnews.jsonl").open("w", encoding="utf-8") as out,
    ):
        for i, row in enumerate(csv.reader(fh)):
            if i >= n_agnews:
                break
            text = row[2].replace("#36;", "$").replace("\\", " ")
            out.write(json.dumps({"id": f"ag-{i}", "text": html.unescape(text)}) + "\n")
            n += 1
    return n


def looks_junk(name: str) -> bool:
    """The issue's symptoms, checked independently of the filter the pipeline uses."""
    return (
        is_junk_name(name)
        or "?" in name
        or name.endswith(("'s", "’s", "'", "’"))
        or (not name[:1].isupper() and not name[:1].isdigit())
        or len(name.replace(".", "").strip()) < 2
    )


def report(out: Path) -> dict:
    cat = ds.dataset(out / "entity_catalog", format="parquet").to_table().to_pandas()
    ents = ds.dataset(out / "entities", format="parquet", partitioning="hive").to_table()
    ents = ents.to_pandas()
    live = cat[cat.merged_into.isna()]
    top = live.sort_values(["n_mentions", "name"], ascending=[False, True]).head(200)
    junk = [n for n in top.name if looks_junk(n)]
    cat_multi = live.groupby(live.name.str.casefold()).label.nunique()
    row_multi = ents.groupby(ents.entity.str.casefold()).label.nunique()
    missing = set(ents.entity_id) - set(cat.entity_id)
    retired = cat[cat.merged_into.notna()]
    names = dict(zip(cat.entity_id, cat.name, strict=True))
    print(f"catalog: {len(live)} entities, {len(retired)} retired ids; entities rows {len(ents)}")
    print(f"junk names in top-200 by mentions: {len(junk)} / {len(top)} {junk[:10]}")
    print(
        f"names with >1 label: catalog {int((cat_multi > 1).sum())}, "
        f"per-story rows {int((row_multi > 1).sum())} of {len(row_multi)}"
    )
    print(f"alias groups merged: {retired.merged_into.nunique()} ({len(retired)} ids retired)")
    print(f"entities rows whose entity_id is not in the catalog: {len(missing)}")
    sample = retired.sort_values("name").head(400)
    pairs = [f"{r.name} → {names[r.merged_into]}" for r in sample.itertuples()]
    print("sample merges:", "; ".join(pairs[:: max(1, len(pairs) // 25)]))
    print("top 25:")
    for r in top.head(25).itertuples():
        print(f"  {r.name:32} {r.label:7} stories {r.n_stories:4} mentions {r.n_mentions:5}")
    seed = ents[ents.entity.isin(["Mallikarjun Kharge", "Imran Khan"])]
    print("seed:", dict(seed.groupby("entity").mentions.max()))
    stories = ds.dataset(out / "stories", format="parquet", partitioning="hive")
    cols = stories.to_table(columns=["story_id", "body"]).to_pydict()
    bodies = dict(zip(cols["story_id"], cols["body"], strict=True))
    identity_classes(live)
    tables(live, ents, bodies)
    return {"junk": len(junk), "multi_label": int((cat_multi > 1).sum()), "missing": len(missing)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reuters", type=int, default=1000)
    ap.add_argument("--agnews", type=int, default=1000)
    ap.add_argument("--keep", help="build the corpus and out folder here (kept)")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="wirecopy-catalog-"))
    raw, out = work / "raw", work / "out"
    if raw.exists():
        shutil.rmtree(raw)
    n = build_corpus(raw, args.reuters, args.agnews)
    t0 = time.perf_counter()
    request = RunRequest(
        raw_dir=str(raw), out_dir=str(out), shard_size=250, task_runner="in-process"
    )
    first = run_pipeline(request, executor_for(request))["catalog"]
    print(f"{n} stories; first run {time.perf_counter() - t0:.0f}s: {first}")
    before = ds.dataset(out / "entity_catalog", format="parquet").to_table()
    again = run_pipeline(request, executor_for(request))["catalog"]
    after = ds.dataset(out / "entity_catalog", format="parquet").to_table()
    same = before.drop_columns(["run_id"]).equals(after.drop_columns(["run_id"]))
    print(f"second run: {again}; catalog unchanged: {same}")
    report(out)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
