"""Enrich: `ParsedStory`s → entity mentions (spaCy), the per-story canonical layer, truecasing.

Takes parsed stories, gives canonical entities and counts per story. Imports only `tasks.parse`,
`tasks.ingest` and the loose modules; the spaCy model is loaded lazily, once per process.
"""
