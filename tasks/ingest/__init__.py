"""Ingest: raw folder (local or fsspec) → inputs → decoded, cleaned `RawRecord`s or rejects.

Takes bytes, gives text and the reason an input could not be read. Imports only the loose
modules (`tasks.settings`, `tasks.errors`); never parsing, enrichment or the writer.
"""
