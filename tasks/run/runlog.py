"""Run bookkeeping: run ids, the manifest, the accounting invariant and the summaries.

Every run ends with: records seen = stories + rejected + unchanged (+ deferred files, which
are picked up next run). A run that cannot show this fails loudly.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import UTC, datetime

from tasks.run.plan import Plan
from tasks.run.shard import ShardSummary
from tasks.store.rows import RunInfo
from tasks.store.schemas import SCHEMA_VERSION


class AccountingMismatch(RuntimeError):
    """Some raw input ended up nowhere (or twice): never let that pass silently."""


def new_run(parser_version: str, model_version: str | None, now: datetime | None = None) -> RunInfo:
    started = (now or datetime.now(UTC)).replace(microsecond=0)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    return RunInfo(run_id, started, parser_version, model_version)


def build_manifest(
    run: RunInfo,
    raw_dir: str,
    out_dir: str,
    plan: Plan,
    discovery: ShardSummary | None,
    shards: list[ShardSummary],
    failures: list[str],
    stage_seconds: dict[str, float],
) -> dict:
    done = [s for s in shards if s.committed] + ([discovery] if discovery else [])
    reasons: Counter[str] = Counter()
    top: Counter[str] = Counter()
    seconds: Counter[str] = Counter(stage_seconds)
    for s in done:
        reasons.update(s.rejects_by_reason)
        top.update(s.top_entities)
        seconds.update({f"shard_{k}": v for k, v in s.seconds.items()})
    stories = sum(s.stories for s in done)
    rejected_records = sum(s.records - s.stories for s in done)
    failed_records = plan.records_new - sum(s.records for s in done)
    return {
        "run_id": run.run_id,
        "started_at": run.started_at.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "status": "failed" if failures else "completed",
        "raw_dir": raw_dir,
        "out_dir": out_dir,
        "versions": {
            "schema": SCHEMA_VERSION,
            "parser": run.parser_version,
            "model": run.model_version,
        },
        "files": {
            "seen": plan.files_seen,
            "new": plan.files_new,
            "unchanged": plan.files_unchanged,
            "deferred": len(plan.files_deferred),
            "deferred_paths": plan.files_deferred[:100],
        },
        "inputs": {
            "seen": plan.records_seen,
            "new": plan.records_new,
            "unchanged": plan.records_unchanged,
            "stories": stories,
            "rejected": rejected_records,
            "failed": failed_records,
        },
        "rows": {
            "stories": stories,
            "quotes": sum(s.quotes for s in done),
            "entities": sum(s.entities for s in done),
            "rejects": sum(s.rejects for s in done),
            "replaced": sum(s.rows_replaced for s in done),
        },
        "rejects_by_reason": dict(sorted(reasons.items())),
        "reject_samples": [r for s in done for r in s.reject_samples][:50],
        "top_entities": dict(top.most_common(10)),
        "shards": {"planned": len(plan.shards), "committed": len(done) - bool(discovery)},
        "commits": sorted(s.commit_id for s in done),
        "failures": failures,
        "seconds": {k: round(v, 3) for k, v in sorted(seconds.items())},
        "words": sum(s.words for s in done),
        "ner_cache": dict(sum((Counter(s.ner_cache) for s in done), Counter())),
        "languages": language_counts(done),
        "worker_processes": len({s.worker_pid for s in shards if s.worker_pid}),
    }


def language_counts(shards: list[ShardSummary]) -> dict[str, dict]:
    """Stories per language and the model that read them (None: no model of that language,
    or a parse-only run): why a story has no entities, at a glance."""
    stories: Counter[str] = Counter()
    models: dict[str, str | None] = {}
    for s in shards:
        stories.update(s.languages)
        for lang, model in s.language_models.items():
            models[lang] = models.get(lang) or model
    return {lang: {"stories": n, "model": models.get(lang)} for lang, n in sorted(stories.items())}


def check_accounting(manifest: dict) -> None:
    """inputs seen = stories + rejected + unchanged (+ failed, which fails the run anyway)."""
    i = manifest["inputs"]
    accounted = i["stories"] + i["rejected"] + i["unchanged"] + i["failed"]
    if accounted != i["seen"] or i["failed"] < 0:
        raise AccountingMismatch(
            f"inputs seen {i['seen']} != stories {i['stories']} + rejected {i['rejected']} "
            f"+ unchanged {i['unchanged']} + failed {i['failed']}"
        )


def summary_line(manifest: dict) -> str:
    i, f = manifest["inputs"], manifest["files"]
    line = (
        f"{i['new']} new, {i['unchanged']} unchanged: {i['stories']} stories written, "
        f"{i['rejected']} rejected"
    )
    if f["deferred"]:
        line += f", {f['deferred']} files deferred (still being written)"
    if i["failed"]:
        line += f", {i['failed']} FAILED"
    if languages := manifest.get("languages"):
        line += "; languages: " + ", ".join(
            f"{lang} {n['stories']}"
            + ("" if n["model"] or not manifest["versions"]["model"] else " (no NER model)")
            for lang, n in sorted(languages.items(), key=lambda kv: -kv[1]["stories"])
        )
    return line


def markdown_summary(manifest: dict) -> str:
    i, r = manifest["inputs"], manifest["rows"]
    lines = [
        f"# wire-etl run `{manifest['run_id']}` — {manifest['status']}",
        "",
        "| inputs seen | new | unchanged | stories | rejected | failed | deferred files |",
        "|---|---|---|---|---|---|---|",
        f"| {i['seen']} | {i['new']} | {i['unchanged']} | {i['stories']} | {i['rejected']} "
        f"| {i['failed']} | {manifest['files']['deferred']} |",
        "",
        f"Rows written: {r['stories']} stories, {r['quotes']} quotes, {r['entities']} entities, "
        f"{r['rejects']} rejects; {r['replaced']} older rows replaced.",
        "",
        "## Rejects by reason",
        *([f"- `{k}`: {v}" for k, v in manifest["rejects_by_reason"].items()] or ["- none"]),
        "",
        "## Languages (stories; the NER model that read them)",
        *(
            [
                f"- {lang}: {n['stories']}; {n['model'] or 'no NER model: no entities'}"
                for lang, n in manifest.get("languages", {}).items()
            ]
            or ["- none"]
        ),
        "",
        "## Top entities (mentions)",
        *([f"- {k}: {v}" for k, v in manifest["top_entities"].items()] or ["- none"]),
        "",
        "## Seconds per stage",
        *[f"- {k}: {v}" for k, v in manifest["seconds"].items()],
    ]
    if manifest["failures"]:
        lines += ["", "## Failures", *[f"- {f}" for f in manifest["failures"]]]
    return "\n".join(lines)
