"""Dedup: parsed stories → signatures (text hash, MinHash, version marker) → story clusters.

Takes `ParsedStory`s (and the ids the store gives them), gives per-story `StorySignature`s
and, once per run, cluster assignments (`cluster_id`, `is_primary`, `duplicate_kind`,
`similarity`) from the corpus-level step (`clustering`: from its inbox and state,
`cluster_state`, `cluster_inputs`, `prints`). The signature index under the out folder
(`index`: `_dedup`, the cluster commit) is dedup's too, written through `tasks.store`'s
paths and journal. Imports only the stages below it and the loose modules.
"""
