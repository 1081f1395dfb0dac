"""Store: the one writer. Schemas, Arrow rows, paths, staging, journaled commits, ledger, lock.

Takes rows, gives committed Parquet under the out folder (every path is owned by `outdir.Store`).
Imports only the lower stages (`ingest`, `parse`, `enrich`) and the loose modules.
"""
