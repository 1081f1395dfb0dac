"""Agency delivery formats: items read, fields right, stories/s, XML items/s on one core.

Prints numbers, it is not a test. Expectations for the shared samples are the hand-written
tables tests/ingest/wire_formats_expected.json (../shared/corpus/wire-formats) and
tests/ingest/wire_formats_dpa_expected.json (wire-formats-dpa), the tables the tests use;
quotes-news is scored by bench/quotes.py. Per format it prints the share of fields right: the
five scored fields of every story, plus the optional ones an expectation gives (lede_starts,
kicker, teaser, agency_credit, version); a reject counts as right when its reason is.

Held out from tuning (decided before issue 26's work): every third file of each folder in
sorted order (index % 3 == 2). The table is printed for the tuned-on files, the held-out
ones and all. Another folder can be timed without expectations (`--folder`); timing is off
unless `--repeat` is given.

    .venv/bin/python bench/formats.py [--folder PATH] [--repeat N] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from tasks.errors import InputRejected
from tasks.ingest.discovery import discover_inputs
from tasks.ingest.formats import registry
from tasks.ingest.records import RawRecord
from tasks.ingest.sources import read_records
from tasks.parse.story import parse_story

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = CORPUS / "wire-formats"
# Each shared folder of delivery files and its hand-written expectations.
FOLDERS = {
    "wire-formats": ROOT / "tests" / "ingest" / "wire_formats_expected.json",
    "wire-formats-dpa": ROOT / "tests" / "ingest" / "wire_formats_dpa_expected.json",
}
FIELDS = ("headline", "byline", "dateline_city", "date", "agency")
OPTIONAL = ("lede_starts", "kicker", "teaser", "agency_credit", "version")


def outcomes(folder: Path) -> dict[str, list[dict]]:
    """Per file, per item: the story's scored fields or the reject reason."""
    out: dict[str, list[dict]] = {}
    for inp in discover_inputs(str(folder)).inputs:
        rows = out.setdefault(inp.source_path, [])
        for rec in read_records(inp):
            if not isinstance(rec, RawRecord):
                rows.append({"reject": rec.reason})
                continue
            try:
                s = parse_story(rec.text, header_date=rec.header_date, delivered=rec.delivered)
            except InputRejected as exc:
                rows.append({"reject": str(exc.reason), "format": rec.format})
                continue
            row = {f: getattr(s, f) for f in FIELDS if f != "lede_starts"} | {"format": s.format}
            row |= {f: getattr(s, f) for f in OPTIONAL if f != "lede_starts"} | {"lede": s.lede}
            row["date"] = row["date"].isoformat() if row["date"] else None
            rows.append(row)
    return out


def score(got: dict[str, list[dict]], want: dict[str, list[dict]], show: bool) -> None:
    """Items read and, per field, the share filled and the share right, per format."""
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, expected in want.items():
        have = got.get(name, [])
        for i, exp in enumerate(expected):
            fmt = exp.get("format") or "?"
            st = stats[fmt]
            st["items"] += 1
            if i >= len(have):
                continue
            st["read"] += 1
            item = have[i]
            if "reject" in exp or "reject" in item:
                st["rejects_right"] += exp.get("reject") == item.get("reject")
                st["rejects"] += 1
                if show and exp.get("reject") != item.get("reject"):
                    print(
                        f"  miss {name}[{i}]: reject {item.get('reject')!r}"
                        f" != {exp.get('reject')!r}"
                    )
                continue
            st["stories"] += 1
            for f in FIELDS:
                st[f + "_filled"] += item[f] is not None
                st[f + "_right"] += item[f] == exp[f]
                if show and item[f] != exp[f]:
                    print(f"  miss {name}[{i}].{f}: {item[f]!r} != {exp[f]!r}")
            for f in (f for f in OPTIONAL if f in exp):
                value = item["lede"] if f == "lede_starts" else item[f]
                right = value.startswith(exp[f]) if f == "lede_starts" else value == exp[f]
                st["extra"] += 1
                st["extra_right"] += right
                if show and not right:
                    print(f"  miss {name}[{i}].{f}: {value!r} != {exp[f]!r}")
    header = (
        f"{'format':<12} {'items':>5} {'read':>5} {'rejects':>9}  "
        + "  ".join(f"{f[:10]:>16}" for f in FIELDS)
        + f"  {'extra':>7}  {'fields right':>12}"
    )
    print(header + "\n" + "-" * len(header))
    total_right = total_fields = 0
    for fmt in sorted(stats, key=str):
        st = stats[fmt]
        n = st["stories"] or 1
        cells = "  ".join(
            f"{st[f + '_filled'] / n:>6.0%} {st[f + '_right'] / n:>6.0%} ok" for f in FIELDS
        )
        rej = f"{st['rejects_right']}/{st['rejects']}"
        extra = f"{st['extra_right']}/{st['extra']}"
        right = sum(st[f + "_right"] for f in FIELDS) + st["rejects_right"] * len(FIELDS)
        right += st["extra_right"]
        fields = (st["stories"] + st["rejects"]) * len(FIELDS) + st["extra"]
        share = f"{right / max(1, fields):.1%}"
        counts = f"{fmt!s:<12} {st['items']:>5} {st['read']:>5} {rej:>9}"
        print(f"{counts}  {cells}  {extra:>7}  {share:>12}")
        total_right += right
        total_fields += fields
    print(
        "(each field: share filled, share right)  all fields right: "
        f"{total_right / max(1, total_fields):.1%}"
    )


def throughput(folder: Path, repeat: int) -> None:
    """Stories/s through read + parse, and items/s through each reader alone, per CPU second
    (process time, so other load on the machine does not count against one core)."""
    files = [
        (registry.sniff(p.read_bytes()[: registry.SNIFF_BYTES]), p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith((".", "_")) and p.suffix != ".md"
    ]
    files = [(k, d) for k, d in files if k is not None]
    by_kind: dict[str, tuple[int, float]] = {}
    for kind in registry.KINDS:
        chosen = [d for k, d in files if k == kind]
        if not chosen:
            continue
        t0, n = time.process_time(), 0
        for _ in range(repeat):
            for data in chosen:
                n += len(registry.read_items(kind, data))
        by_kind[kind] = (n, time.process_time() - t0)
    for kind, (n, secs) in by_kind.items():
        print(f"reader only  {kind:<6} {n / secs:>9,.0f} items/s on one core ({n} items)")
    t0, stories = time.process_time(), 0
    found = discover_inputs(str(folder)).inputs
    for _ in range(repeat):
        for inp in found:
            for rec in read_records(inp):
                if isinstance(rec, RawRecord):
                    try:
                        parse_story(rec.text, header_date=rec.header_date, delivered=rec.delivered)
                        stories += 1
                    except InputRejected:
                        pass
    secs = time.process_time() - t0
    print(f"read + parse (incl. file I/O)  {stories / secs:>9,.0f} stories/s on one core")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=SAMPLES)
    ap.add_argument("--repeat", type=int, default=0, help="timing rounds (0: no timing)")
    ap.add_argument("--show-misses", action="store_true", help="print every wrong field")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no folder at {args.folder} (the shared corpus lives beside the repo)")
    if args.folder == SAMPLES:
        score_folders(args.show_misses)
    if args.repeat:
        throughput(args.folder, args.repeat)


def held_out(name: str, names: list[str]) -> bool:
    """Every third file of a folder in sorted order: kept out of issue 26's tuning."""
    return sorted(names).index(name) % 3 == 2


def score_folders(show: bool) -> None:
    """The table for the tuned-on files, the held-out files and all, over both folders."""
    got: dict[str, list[dict]] = {}
    want: dict[str, list[dict]] = {}
    out: set[str] = set()
    for folder, table in FOLDERS.items():
        if not (CORPUS / folder).is_dir():
            print(f"(no {folder} beside the repo: skipped)")
            continue
        expected = {k: v for k, v in json.loads(table.read_text()).items() if k[:1] != "_"}
        found = outcomes(CORPUS / folder)
        for name in expected:
            key = f"{folder}/{name}"
            want[key], got[key] = expected[name], found.get(name, [])
            if held_out(name, list(expected)):
                out.add(key)
    for title, keys in (
        ("tuned on", [k for k in want if k not in out]),
        ("held out (every third file)", [k for k in want if k in out]),
        ("all", list(want)),
    ):
        print(f"\n== {title}: {len(keys)} files")
        score(got, {k: want[k] for k in keys}, show and title == "all")


if __name__ == "__main__":
    main()
