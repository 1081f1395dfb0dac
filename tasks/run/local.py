"""The main flow's steps without Prefect, in this process: for benches and unit tests.

Why: the corpus-level steps (entity resolution) are judged on corpora of a few thousand
stories; starting a Prefect API for a measurement adds minutes and nothing measured. The
order is the flow's (`flows.wire_etl`): discover → plan → each shard staged and committed →
resolve entities. Production runs go through the flow (retries, artifacts, manifests).
"""

from __future__ import annotations

from dataclasses import replace

from tasks.enrich.resolve import ResolveSummary, resolve_entities
from tasks.run.discover import discover_plan
from tasks.run.runlog import new_run
from tasks.run.shard import ShardSpec, stage_and_commit
from tasks.settings import DEFAULT_MODEL, Limits
from tasks.store.outdir import Store
from tasks.version import PARSER_VERSION, model_version


def run_local(
    raw_dir: str, out_dir: str, shard_size: int = 250, model: str = DEFAULT_MODEL
) -> ResolveSummary:
    """Ingest `raw_dir` into `out_dir` with NER, then resolve entities; returns the latter."""
    store = Store(out_dir)
    model_v = model_version(model)
    run = new_run(PARSER_VERSION, model_v)
    plan, _, _ = discover_plan(
        raw_dir, out_dir, Limits(), run.parser_version, model_v, shard_size, None
    )
    base = ShardSpec(0, len(plan.shards), (), out_dir, run, True, model, Limits())
    for i, shard in enumerate(plan.shards, start=1):
        items = tuple(shard)
        stage_and_commit(replace(base, shard_no=i, items=items))
    return resolve_entities(store, run)
