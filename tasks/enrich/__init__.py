"""Enrich: `ParsedStory`s → entity mentions (spaCy), the per-story canonical layer, truecasing;
and the corpus-level entity identity (`catalog`, `resolution`) built from `entities` rows.

Takes parsed stories, gives canonical entities and counts per story. Imports only `tasks.parse`,
`tasks.ingest`, `tasks.places` (label priors, kb_id) and the loose modules; the spaCy model and
the gazetteer are loaded lazily, once per process.
"""
