"""Agency delivery formats: items read, fields right, stories/s, XML items/s on one core.

Prints numbers, it is not a test. Expectations for the shared samples are the hand-written
table in tests/ingest/wire_formats_expected.json (the same table the tests use); another
folder can be timed without expectations (`--folder`).

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

SAMPLES = ROOT.parent / "shared" / "corpus" / "wire-formats"
EXPECTED = ROOT / "tests" / "ingest" / "wire_formats_expected.json"
FIELDS = ("headline", "byline", "dateline_city", "date", "agency")


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
            row = {f: getattr(s, f) for f in FIELDS} | {"format": s.format}
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
    header = f"{'format':<11} {'items':>5} {'read':>5} {'rejects':>9}  " + "  ".join(
        f"{f[:10]:>16}" for f in FIELDS
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
        print(f"{fmt!s:<11} {st['items']:>5} {st['read']:>5} {rej:>9}  {cells}")
        total_right += sum(st[f + "_right"] for f in FIELDS) + st["rejects_right"] * len(FIELDS)
        total_fields += (st["stories"] + st["rejects"]) * len(FIELDS)
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
    ap.add_argument("--repeat", type=int, default=20, help="timing rounds over the folder")
    ap.add_argument("--show-misses", action="store_true", help="print every wrong field")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no folder at {args.folder} (the shared corpus lives beside the repo)")
    if args.folder == SAMPLES:
        want = json.loads(EXPECTED.read_text())
        want.pop("_doc", None)
        score(outcomes(args.folder), want, args.show_misses)
    throughput(args.folder, args.repeat)


if __name__ == "__main__":
    main()
