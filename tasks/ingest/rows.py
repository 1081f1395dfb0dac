"""The `rejects` row of an input that could not become a story (schema: tasks.store.schemas).

A reject is dated by the run that met it: the input has no date we could trust.
"""

from __future__ import annotations

from tasks.ingest.records import RejectRecord
from tasks.store.rows import RunInfo


def reject_row(rej: RejectRecord, run: RunInfo) -> dict:
    return {
        "source_path": rej.source_path,
        "source_index": rej.source_index,
        "date": run.run_date,
        "reason": str(rej.reason),
        "detail": rej.detail,
        "raw_sha256": rej.raw_sha256,
        "parser_version": run.parser_version,
        "run_id": run.run_id,
        "rejected_at": run.started_at,
    }
