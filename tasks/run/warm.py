"""Warm a worker process once, before its first shard: the initializer of every process pool.

Prefect's `ProcessPoolTaskRunner` (the flow's local executor) and `tasks.run.executors`
call `warm_worker` once per spawned process, so what every shard needs is loaded once per
process, never per shard or per story, and off the first shard's clock.
"""

from __future__ import annotations

import gc


def warm_worker(model: str | None) -> None:
    """Load what shards use: the NER model's lexicon and BLAS setting, both gazetteers,
    pandas (pyarrow imports it on its first date column: ~1 s) and datasketch (~0.8 s)."""
    if model:
        from tasks.enrich import gazetteer as entity_places
        from tasks.enrich.entities import lexicon
        from tasks.enrich.gemm import single_thread_blas

        single_thread_blas()  # one process per core already: BLAS threads would only contend
        # The model itself loads at the first paragraph the NER cache does not know (~1 s):
        # a re-process run, served whole by the cache, never loads it.
        lexicon(model)
        entity_places.warm()
    import datasketch  # noqa: F401
    import pandas  # noqa: F401

    import tasks.parse.story
    import tasks.store.ner_cache  # noqa: F401
    from tasks.parse.gazetteer import gazetteer

    gazetteer()
    # What start-up loaded (model, gazetteers, lexicon: millions of objects) lives as long as
    # the process: out of the collector's sight, full collections during shards stay cheap.
    gc.freeze()
