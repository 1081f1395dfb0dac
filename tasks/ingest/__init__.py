"""Ingest: raw folder (local or fsspec) → inputs → decoded, cleaned `RawRecord`s or rejects.

Takes bytes, gives text and the reason an input could not be read (and its `rejects` row,
`rows`). Imports only `tasks.store` (run metadata) and the loose modules (`tasks.settings`,
`tasks.errors`); never parsing or enrichment.
"""
