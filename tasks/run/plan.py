"""Decide what a run must do: which records are new, which unchanged, how to shard them.

Pure: takes the discovery result and the ledger's current state, returns a plan. Shards
hold whole files where they fit (hundreds of stories each: a Prefect task run costs
milliseconds, so never one task per story); a file of many records (a .jsonl feed, a
multi-item XML delivery) is split into record ranges, so one big file keeps every worker busy.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tasks.ingest.records import RejectRecord
from tasks.settings import NER_SHARD_CAP, PARSE_SHARD_CAP
from tasks.store.ledger import Key, LedgerEntry, is_current

if TYPE_CHECKING:
    from tasks.ingest.discovery import DiscoveryResult
    from tasks.ingest.rawio import InputFile


MIN_SHARD = 50


def auto_shard_size(records_new: int, workers: int, enrich: bool) -> int:
    """At least two shards per worker (both cores busy to the end), at most the cap."""
    cap = NER_SHARD_CAP if enrich else PARSE_SHARD_CAP
    return max(MIN_SHARD, min(cap, math.ceil(records_new / (2 * max(1, workers)))))


@dataclass(frozen=True)
class Reprocess:
    """Which committed records to redo even though their bytes and versions are unchanged."""

    everything: bool = False
    first_day: date | None = None
    last_day: date | None = None

    @classmethod
    def parse(cls, text: str | None) -> Reprocess | None:
        """`all`, `YYYY-MM-DD`, or `YYYY-MM-DD:YYYY-MM-DD` (inclusive); None/"" for none."""
        if not text:
            return None
        if text.strip().lower() == "all":
            return cls(everything=True)
        first, _, last = text.partition(":")
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last.strip() else start
        if end < start:
            raise ValueError(f"--reprocess range ends before it starts: {text}")
        return cls(first_day=start, last_day=end)

    def covers(self, entry: LedgerEntry) -> bool:
        if self.everything:
            return True
        return entry.day is not None and self.first_day <= entry.day <= self.last_day


@dataclass(frozen=True)
class ShardItem:
    """One raw file, minus records already committed, or one range of its remaining records.

    `part` = (first, stop): the records of the file, in file order and without those in
    `skip_indices`, numbered from 0; this item is those numbered first..stop-1. None = all.
    Ranges count remaining records (not source indices) because a .jsonl's indices are line
    numbers, unknown until the file is read; the ledger's per-record state gives the skips.
    """

    input: InputFile
    skip_indices: tuple[int, ...] = ()
    part: tuple[int, int] | None = None

    @property
    def n_records(self) -> int:
        if self.part is not None:
            return self.part[1] - self.part[0]
        return self.input.n_records - len(self.skip_indices)


@dataclass
class Plan:
    """Work items per shard plus the run's accounting of what it skipped."""

    shards: list[list[ShardItem]] = field(default_factory=list)
    discovery_rejects: list[RejectRecord] = field(default_factory=list)  # new ones only
    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    files_deferred: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # every source path discovery saw
    # what discovery found (hashes, counts), for a second discovery in the same run
    discovery: DiscoveryResult | None = field(default=None, compare=False, repr=False)
    records_seen: int = 0
    records_new: int = 0
    records_unchanged: int = 0

    def shard_fingerprint(self, n: int) -> str:
        """Content hash of shard n's inputs (used in the Prefect cache key)."""
        h = hashlib.sha256()
        for it in self.shards[n]:
            h.update(f"{it.input.source_path}\0{it.input.sha256}\0{it.skip_indices}\0".encode())
            h.update(f"{it.part}\n".encode())
        return h.hexdigest()


def reject_fingerprint(rej: RejectRecord) -> str:
    """Fingerprint of a file rejected unread (too large, symlink): its reason and stat detail."""
    return (
        rej.raw_sha256
        or "unread:" + hashlib.sha256(f"{rej.reason}\0{rej.detail}".encode()).hexdigest()
    )


def plan_run(
    found: DiscoveryResult,
    state: dict[Key, LedgerEntry],
    parser_v: str,
    model_v: str,
    shard_size: int,
    reprocess: Reprocess | None = None,
    workers: int = 1,
) -> Plan:
    """What to do; `shard_size` 0 sizes shards from the new work (`auto_shard_size`)."""
    plan = Plan(files_deferred=list(found.deferred), discovery=found)
    plan.present = {i.source_path for i in found.inputs} | set(found.deferred)
    plan.present |= {r.source_path for r in found.rejects}
    plan.files_seen = len(found.inputs) + len(found.rejects) + len(found.deferred)
    for rej in found.rejects:
        plan.records_seen += 1
        entry = state.get((rej.source_path, rej.source_index))
        if is_current(entry, reject_fingerprint(rej), parser_v, model_v) and not (
            reprocess and reprocess.covers(entry)
        ):
            plan.files_unchanged += 1
            plan.records_unchanged += 1
        else:
            plan.files_new += 1
            plan.records_new += 1
            plan.discovery_rejects.append(rej)
    todo_items: list[tuple[InputFile, tuple[int, ...], int]] = []
    committed = _indices_by_path(state)
    for inp in found.inputs:
        plan.records_seen += inp.n_records
        done = _done_indices(inp, state, parser_v, model_v, reprocess, committed)
        if len(done) >= inp.n_records:
            plan.files_unchanged += 1
            plan.records_unchanged += inp.n_records
            continue
        plan.files_new += 1
        plan.records_new += inp.n_records - len(done)
        plan.records_unchanged += len(done)
        todo_items.append((inp, tuple(sorted(done)), inp.n_records - len(done)))
    size = shard_size or auto_shard_size(plan.records_new, workers, enrich=bool(model_v))
    plan.shards = _pack(todo_items, size)
    return plan


def _done_indices(inp: InputFile, state, parser_v, model_v, reprocess, committed) -> set[int]:
    """Indices of this file already committed from the same bytes and versions."""
    done: set[int] = set()
    indices = range(inp.n_records) if inp.kind != "jsonl" else committed.get(inp.source_path, ())
    for index in indices:
        entry = state.get((inp.source_path, index))
        redo = reprocess is not None and entry is not None and reprocess.covers(entry)
        if not redo and is_current(entry, inp.sha256, parser_v, model_v):
            done.add(index)
    return done


def _indices_by_path(state: dict[Key, LedgerEntry]) -> dict[str, list[int]]:
    # A .jsonl's record indices are line numbers (blank lines skipped), known from the ledger.
    # Indexed once per plan: scanning the whole state per .jsonl file made a no-op run
    # quadratic (files x ledger records).
    out: dict[str, list[int]] = {}
    for path, index in state:
        out.setdefault(path, []).append(index)
    return out


def _pack(items, shard_size: int) -> list[list[ShardItem]]:
    """Greedy packing in discovery order into shards of ~shard_size records.

    Small files go whole; a file with more remaining records than a shard holds is cut into
    ranges of at most shard_size records, each its own shard (or sharing with small files).
    """
    shards: list[list[ShardItem]] = []
    current: list[ShardItem] = []
    size = 0
    for inp, skip, n in items:
        pieces = [ShardItem(inp, skip)]
        if n > shard_size:
            cuts = range(0, n, shard_size)
            pieces = [ShardItem(inp, skip, (lo, min(n, lo + shard_size))) for lo in cuts]
        for piece in pieces:
            if size + piece.n_records > shard_size and current:
                shards.append(current)
                current, size = [], 0
            current.append(piece)
            size += piece.n_records
    if current:
        shards.append(current)
    return shards
