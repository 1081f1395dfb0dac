"""Warm a worker process once, before its first shard: the initializer of every process pool.

Prefect's `ProcessPoolTaskRunner` (the flow's local executor) and `tasks.run.executors`
call `warm_worker` once per spawned process, so what every shard needs is loaded once per
process, never per shard or per story, and off the first shard's clock.
"""

from __future__ import annotations

import gc
import importlib

# Imported once per worker, off the first shard's clock: pyarrow imports pandas on its first
# date column (~1 s), signing imports datasketch (~0.8 s: scipy), the parser and NER cache.
WARM_MODULES = ("pandas", "datasketch", "tasks.parse.story", "tasks.enrich.ner_cache")


def warm_worker(models: str | None) -> None:
    """Load what shards use: each registered NER model's lexicon (`models`: the run's model
    registry, tasks.enrich.registry) and BLAS setting, the gazetteer and the modules every
    shard imports."""
    from tasks import places

    if models:
        from tasks.enrich.entities import lexicon
        from tasks.enrich.gemm import single_thread_blas
        from tasks.enrich.registry import ModelRegistry

        single_thread_blas()  # one process per core already: BLAS threads would only contend
        # Each model itself loads at the first paragraph of its language the NER cache does
        # not know (~1 s): a re-process run, served whole by the cache, never loads it. The
        # English model's lexicon is read now (most copy is English); another language's at
        # its first story, once per worker: an English-only run never pays for French.
        english = ModelRegistry.from_spec(models).model_for("en")
        if english:
            lexicon(english)
    for module in WARM_MODULES:
        importlib.import_module(module)
    places.warm()  # the one gazetteer (datelines, entity labels), from the per-user cache
    # What start-up loaded (model, gazetteers, lexicon: millions of objects) lives as long as
    # the process: out of the collector's sight, full collections during shards stay cheap.
    gc.freeze()
