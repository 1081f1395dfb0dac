"""Discovery + plan against the committed ledger: what a run will do, before it does anything.

One function for the flow's `discover` task and the CLI's head start (tasks.run.headstart), so
both plan the same run from the same raw folder and ledger: a head start is only adopted
where the two plans agree shard for shard.
"""

from __future__ import annotations

from tasks.ingest.discovery import DiscoveryResult, discover_inputs
from tasks.run.plan import Plan, Reprocess, plan_run
from tasks.settings import Limits
from tasks.store import commit as commits
from tasks.store.ledger import current_state, read_ledger_files
from tasks.store.lock import out_lock
from tasks.store.outdir import Store


def discover_plan(
    raw_dir: str,
    out_dir: str,
    limits: Limits,
    parser_v: str,
    model_v: str,
    shard_size: int,
    reprocess: str | None,
    workers: int = 1,
    known: DiscoveryResult | None = None,
) -> tuple[Plan, dict[str, str], int]:
    """The run's plan, the ledger's fingerprint per path, and interrupted commits finished.

    The ledger is read under the out lock (another run may be compacting it), after any
    commit a crash left half-done has been finished, so the plan sees what is committed.
    `known`: the same folder's discovery earlier in this run (`Plan.discovery` of the head
    start's plan): files unchanged since are not read again.
    """
    store = Store(out_dir)
    found = discover_inputs(raw_dir, limits, known)
    with out_lock(store):
        recovered = commits.recover(store)
        state = current_state(read_ledger_files(store.fs, store.ledger_files()))
    plan = plan_run(
        found, state, parser_v, model_v, shard_size, Reprocess.parse(reprocess), workers
    )
    prior = {p: e.fingerprint for (p, _), e in state.items()}
    return plan, prior, recovered
