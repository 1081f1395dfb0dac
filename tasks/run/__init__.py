"""Run: what a run must do, and doing it: shard planning, one shard end to end (its rows
assembled from each stage's, and its share of the corpus steps), workers, discovery that
reads only what changed, the corpus steps' order, run log, maintenance and verification.

Takes discovered inputs and the ledger, gives committed shards and the run manifest. The top
stage: it may import every other stage; `flows/` wraps it with Prefect.
"""
