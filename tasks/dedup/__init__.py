"""Dedup: parsed stories → signatures (text hash, MinHash, version marker) → story clusters.

Takes `ParsedStory`s (and the ids the store gives them), gives per-story `StorySignature`s
and, once per run, cluster assignments (`cluster_id`, `is_primary`, `duplicate_kind`,
`similarity`). Pure functions; the index they are stored in belongs to `tasks.store`.
"""
