"""Store: the one writer, the bottom stage. Schemas, row buffers, paths, staging, the journal,
commits, ledger, lock, compaction of the datasets, the corpus steps' inbox and log-structured
state tables, the report.

Takes rows (dicts keyed by schema column, built by the stage that owns them), gives committed
Parquet under the out folder (every path is owned by `outdir.Store`; files become visible
through `journal.publish`). Imports no other stage, only the loose modules: every stage may
import it.
"""
