"""Process one shard end to end: read → decode → parse → enrich → stage Parquet + ledger rows.

Pure Python (no Prefect): the flow's shard task calls `stage_shard` in a worker process
(or a Dask worker) and commits the result. A story that crashes the parser is quarantined
as a `parser_error` reject and the rest of the shard goes on; a bad input is a reject.
"""

from __future__ import annotations

import contextlib
import os
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from tasks.dedup.index import signature_row
from tasks.dedup.records import sign_stories
from tasks.enrich.ner_cache import fetch_spans, stage_entries
from tasks.enrich.rows import entity_rows, story_entity_columns
from tasks.errors import InputRejected, Reason
from tasks.ingest.records import RawRecord, RejectRecord
from tasks.ingest.rows import reject_row
from tasks.parse.records import ParsedStory
from tasks.parse.rows import quote_rows, story_row
from tasks.run.plan import ShardItem, reject_fingerprint
from tasks.run.shard_inbox import CorpusInbox
from tasks.settings import Limits
from tasks.store.commit import StagedCommit, commit
from tasks.store.ledger import LedgerEntry, entries_table
from tasks.store.lock import out_lock
from tasks.store.outdir import Store, file_metadata
from tasks.store.rows import RunInfo, new_buffers, story_id


@dataclass(frozen=True)
class ShardSpec:
    shard_no: int  # 1-based, for logs
    n_shards: int
    items: tuple[ShardItem, ...]
    out_url: str
    run: RunInfo
    enrich: bool = True
    model: str | None = None
    limits: Limits = field(default_factory=Limits)
    prior: str = ""  # hash of the ledger's fingerprints of its inputs before the run

    @property
    def ner_model(self) -> str | None:
        """The model a worker staging this shard loads (None: parse only)."""
        return self.model if self.enrich else None

    @property
    def commit_id(self) -> str:
        return f"{self.run.run_id}-s{self.shard_no:05d}"

    @property
    def n_records(self) -> int:
        return sum(item.n_records for item in self.items)


@dataclass
class ShardSummary:
    """The small result a shard task returns (and Prefect persists): counts, not data."""

    shard_no: int
    commit_id: str
    records: int = 0
    stories: int = 0
    rejects: int = 0
    quotes: int = 0
    entities: int = 0
    rows_replaced: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    reject_samples: list[dict] = field(default_factory=list)  # first few, for the artifact
    top_entities: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    words: int = 0
    committed: bool = False
    copies_reused: int = 0  # exact copies in the shard that reused another copy's entities
    ner_cache: dict[str, int] = field(default_factory=dict)  # hits / reused / misses
    languages: dict[str, int] = field(default_factory=dict)  # stories per language
    # the model that read each language's stories (None: no model of that language)
    language_models: dict[str, str | None] = field(default_factory=dict)
    worker_pid: int = 0  # the process that ran it (a big file must keep every worker busy)


class AccountingError(RuntimeError):
    """A reader yielded a different number of records than discovery counted (a bug)."""


def read_shard_records(spec: ShardSpec) -> tuple[list[RawRecord | RejectRecord], int]:
    """All records of the shard, and how many discovered inputs they account for.

    A file rejected as a whole (vanished, corrupt gzip, ...) yields one reject row that stands
    for every record discovery counted in it, so `accounted` stays equal to `spec.n_records`.
    """
    from tasks.ingest.sources import read_records

    out: list[RawRecord | RejectRecord] = []
    accounted = 0
    for item in spec.items:
        skip = set(item.skip_indices)
        got = [
            r
            for r in read_records(item.input, spec.limits)
            if r.source_index not in skip or _is_file_level(r)
        ]
        whole_file_reject = len(got) == 1 and isinstance(got[0], RejectRecord)
        if item.part is not None and not whole_file_reject:
            got = got[item.part[0] : item.part[1]]
        elif whole_file_reject and item.part is not None and item.part[0] > 0:
            got = []  # the file's one reject row comes from its first range only
        if len(got) != item.n_records and not whole_file_reject:
            raise AccountingError(
                f"{item.input.source_path}: read {len(got)} records, expected {item.n_records}"
            )
        out.extend(got)
        accounted += item.n_records
    return out, accounted


_FILE_LEVEL = {str(Reason.VANISHED), str(Reason.UNREADABLE)}


def _is_file_level(rec: RawRecord | RejectRecord) -> bool:
    """A reject that stands for the whole file, whatever records of it are already done."""
    return isinstance(rec, RejectRecord) and rec.reason in _FILE_LEVEL


Staged = tuple[StagedCommit, ShardSummary]  # what an executor hands back for the commit


def stage_shard(spec: ShardSpec) -> Staged:
    """Build the shard's rows and write them to staging; nothing becomes visible here."""
    from tasks.parse.story import parse_story  # the parser imports nothing heavy; keep it lazy

    summary = ShardSummary(spec.shard_no, spec.commit_id, worker_pid=os.getpid())
    parsed: list[tuple[RawRecord, ParsedStory]] = []
    rejects: list[RejectRecord] = []
    with _stage(summary.seconds, "read"):
        records, accounted = read_shard_records(spec)
    with _stage(summary.seconds, "parse"):
        for rec in records:
            if isinstance(rec, RejectRecord):
                rejects.append(rec)
                continue
            try:
                story = parse_story(
                    rec.text,
                    header_date=rec.header_date,
                    agency_hint=rec.agency_hint,
                    delivered=rec.delivered,
                    fmt=rec.format,
                )
                parsed.append((rec, story))
            except InputRejected as exc:
                rejects.append(_reject(rec, exc.reason, exc.detail))
            except Exception as exc:  # a parser bug: quarantine the story, keep the shard
                last = traceback.format_exception_only(type(exc), exc)[-1].strip()
                rejects.append(_reject(rec, Reason.PARSER_ERROR, last[:500]))
    ents: list = [None] * len(parsed)
    cache = None
    if spec.enrich and parsed:
        from tasks.dedup.reuse import enrich_once_per_text
        from tasks.enrich.entities import enrich_stories

        cache = shard_ner_cache(spec)

        def enrich(batch: list[ParsedStory]) -> list:
            return enrich_stories(batch, model=spec.model, timings=summary.seconds, cache=cache)

        with _stage(summary.seconds, "ner"):
            ents, summary.copies_reused = enrich_once_per_text([s for _, s in parsed], enrich)
        summary.seconds["ner"] -= summary.seconds.get("canonicalise", 0.0)  # model time only
    with _stage(summary.seconds, "sign"):
        sigs = sign_stories(
            [story_id(r.source_path, r.source_index) for r, _ in parsed],
            [s for _, s in parsed],
        )
    inbox = CorpusInbox()
    with _stage(summary.seconds, "write"):
        staged = _write_staged(spec, parsed, ents, rejects, summary, sigs, inbox)
        if cache is not None and cache.new:  # committed with the rows, by the same journal
            final, path = stage_entries(Store(spec.out_url), spec.commit_id, cache.new)
            staged.files[final] = path
    with _stage(summary.seconds, "evidence"):  # the corpus steps' share, done here in parallel
        staged.files.update(inbox.stage(Store(spec.out_url), spec.commit_id))
    if cache is not None:
        summary.ner_cache = {"hits": cache.hits, "reused": cache.reused, "misses": cache.misses}
    summary.records = accounted
    summary.words = sum(s.n_words for _, s in parsed)
    return staged, summary


def shard_ner_cache(spec: ShardSpec):
    """The shard's NER cache: committed entries of the out folder, plus what it computes (one
    cache for every language's model: each key names its model)."""
    from tasks.enrich.cached_ner import SpanCache

    store = Store(spec.out_url)
    return SpanCache(fetch=lambda keys: fetch_spans(store, keys))


STAGE_NOTE = "wirecopy stage: "  # exception note naming the stage a shard failed in


def stage_and_commit(spec: ShardSpec) -> ShardSummary:
    """Stage the shard and commit it in this process: one shard on its own (tests, tools);
    a run goes through the engine, which commits what its executor staged."""
    staged, summary = stage_shard(spec)
    return commit_shard(spec, staged, summary)


def commit_shard(spec: ShardSpec, staged: StagedCommit, summary: ShardSummary) -> ShardSummary:
    """Make a staged shard visible, atomically, under the out lock."""
    store = Store(spec.out_url)
    t0 = time.perf_counter()
    try:
        with out_lock(store):
            t1 = time.perf_counter()
            result = commit(store, staged)
    except Exception as exc:
        exc.add_note(f"{STAGE_NOTE}commit")
        raise
    summary.seconds["lock_wait"] = t1 - t0
    summary.seconds["commit"] = time.perf_counter() - t1
    summary.rows_replaced, summary.committed = result.rows_replaced, True
    return summary


def stage_discovery_rejects(spec: ShardSpec, rejects: list[RejectRecord]):
    """Stage the files rejected at discovery (too large, symlinks) as shard 0 of the run."""
    summary = ShardSummary(spec.shard_no, spec.commit_id)
    staged = _write_staged(spec, [], [], rejects, summary)
    summary.records = len(rejects)
    return staged, summary


def _reject(rec: RawRecord, reason: Reason, detail: str) -> RejectRecord:
    return RejectRecord(rec.source_path, rec.source_index, str(reason), detail, rec.raw_sha256)


def _write_staged(
    spec, parsed, ents, rejects, summary: ShardSummary, sigs=(), inbox: CorpusInbox | None = None
) -> StagedCommit:
    store, run = Store(spec.out_url), spec.run
    buffers: dict[tuple[str, date], object] = {}
    ledger: list[LedgerEntry] = []
    seq = time.time_ns()
    model_v = run.model_version if spec.enrich else ""

    def buf(dataset: str, day: date):
        key = (dataset, day)
        if key not in buffers:
            buffers[key] = new_buffers()[dataset]
        return buffers[key]

    top: Counter[str] = Counter()
    for n, ((raw, story), ent) in enumerate(zip(parsed, ents, strict=True)):
        sid = story_id(raw.source_path, raw.source_index)
        day = story.date or run.run_date
        # each stage builds the columns it owns: parse the story's, enrich the entity counts
        buf("stories", day).append({**story_row(raw, story, run), **story_entity_columns(ent, run)})
        _count_language(summary, story.language or "und", ent)
        if sigs:
            buf("_dedup", day).append(signature_row(sigs[n], run))
            if inbox is not None:
                inbox.signatures.append({**signature_row(sigs[n], run), "day": day})
        for row in quote_rows(sid, story, run):
            buf("quotes", day).append(row)
            summary.quotes += 1
        if ent is not None:
            for row in entity_rows(sid, story, ent, run):
                buf("entities", day).append(row)
                if inbox is not None:
                    inbox.entities.append(row)
                summary.entities += 1
                top[row["entity"]] += row["mentions"]
        ledger.append(
            _entry(
                raw.source_path,
                raw.source_index,
                raw.raw_sha256,
                run,
                model_v,
                "story",
                sid,
                day,
                seq,
            )
        )
    for rej in rejects:
        buf("rejects", run.run_date).append(reject_row(rej, run))
        ledger.append(
            _entry(
                rej.source_path,
                rej.source_index,
                reject_fingerprint(rej),
                run,
                model_v,
                "reject",
                None,
                run.run_date,
                seq,
            )
        )
        summary.rejects_by_reason[rej.reason] = summary.rejects_by_reason.get(rej.reason, 0) + 1
        if len(summary.reject_samples) < 20:
            summary.reject_samples.append(
                {
                    "source_path": rej.source_path,
                    "source_index": rej.source_index,
                    "reason": rej.reason,
                    "detail": rej.detail,
                }
            )
    summary.stories, summary.rejects = len(parsed), len(rejects)
    summary.top_entities = dict(top.most_common(25))
    return stage_tables(store, spec.commit_id, buffers, ledger, run, model_v)


def _count_language(summary: ShardSummary, language: str, ent) -> None:
    summary.languages[language] = summary.languages.get(language, 0) + 1
    summary.language_models[language] = ent.model_version if ent is not None else None


def stage_tables(store: Store, commit_id: str, buffers, ledger, run: RunInfo, model_v: str):
    staged = StagedCommit(commit_id)
    meta = file_metadata(
        parser_version=run.parser_version, model_version=model_v, run_id=run.run_id
    )
    for (dataset, day), buffer in sorted(buffers.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        final = store.data_file(dataset, day, commit_id)
        staged_path = store.staged_path(commit_id, final)
        store.write_parquet(staged_path, buffer.to_table(), meta)
        staged.files[final] = staged_path
    staged.ledger_path = store.staged_path(commit_id, store.ledger_file(commit_id))
    store.write_parquet(staged.ledger_path, entries_table(ledger), meta)
    by_path: dict[str, tuple[str, list[int]]] = defaultdict(lambda: ("", []))
    for e in ledger:
        by_path[e.source_path] = (e.fingerprint, [*by_path[e.source_path][1], e.source_index])
    staged.records = dict(by_path)
    return staged


def _entry(path, index, fp, run: RunInfo, model_v, outcome, sid, day, seq) -> LedgerEntry:
    return LedgerEntry(
        path, index, fp, run.parser_version, model_v, outcome, sid, day, seq, run.run_id
    )


@contextlib.contextmanager
def _stage(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the stage's wall time to `seconds`; name the stage on an exception escaping it."""
    t0 = time.perf_counter()
    try:
        yield
    except Exception as exc:  # the flow's log names the failed stage (wire_etl._stage_of)
        exc.add_note(f"{STAGE_NOTE}{stage}")
        raise
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - t0
