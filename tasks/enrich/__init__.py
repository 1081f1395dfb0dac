"""Enrich: `ParsedStory`s → entity mentions (spaCy), the per-story canonical layer, truecasing;
and the corpus-level entity identity (`catalog`, `resolution`) built from `entities` rows.

Takes parsed stories, gives canonical entities and counts per story (`rows`), the NER cache
files (`ner_cache`), a shard's entities reduced to evidence rows (`evidence_rows`) and, once
per run, the entity catalog from those and the stored state (`resolve`, `entity_state`).
Imports only `tasks.store`, `tasks.places` (label priors, kb_id), `tasks.ingest`,
`tasks.parse` and the loose modules; the spaCy model and the gazetteer are loaded lazily,
once per process.
"""
