"""Schema of the NER result cache (`<out>/_ner_cache/*.parquet`, owned by tasks.enrich.ner_cache).

Beside `tasks.store.schemas` (which re-exports it) to keep that module under the size cap; the
same field conventions (doc, example, how).
"""

from __future__ import annotations

import pyarrow as pa

from tasks.store.columns import STR, col

# The NER cache (`<out>/_ner_cache/*.parquet`, tasks.enrich.ner_cache): raw model spans per
# paragraph text. Not a dataset: no partitions or provenance; NER rebuilds it.
_SPAN = "spaCy span {}, one per entity the model found"
NER_CACHE = pa.schema(
    [
        col("k", pa.int64(), "Lookup key: first 8 bytes of `key`.", "-48613725135", "key"),
        col(
            "key", pa.binary(32), "sha256 of model id, canonical version, text.", "3f9a…", "sha256"
        ),
        col("starts", pa.list_(pa.int32()), _SPAN.format("starts"), "[0, 17]", "model"),
        col("ends", pa.list_(pa.int32()), _SPAN.format("ends"), "[6, 25]", "model"),
        col("labels", pa.list_(STR), _SPAN.format("labels"), "['ORG', 'GPE']", "model"),
    ]
)
