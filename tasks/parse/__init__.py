"""Parse: one cleaned story → `ParsedStory` (dateline, agency, byline, headline, body, quotes).

Takes `RawRecord` text, gives structured fields (and their `stories`/`quotes` rows, `rows`).
Imports only `tasks.store`, `tasks.places` (the dateline's place), `tasks.ingest` and the loose
modules; regexes and gazetteers live in `patterns.py`, each with a real example.
"""
