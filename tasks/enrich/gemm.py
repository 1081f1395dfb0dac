"""The NER model's dense layers on numpy's BLAS, one BLAS thread per worker process.

Why: spaCy's CPU ops (thinc `NumpyOps`) multiply matrices with the BLIS library bundled in
the `blis` wheel, which falls back to a generic kernel on CPUs it does not recognise. Here
(AMD EPYC, AVX2) a tok2vec-sized product (13,000 x 288 by 288 x 288, float32) takes 80 ms in
BLIS and 27 ms in numpy's OpenBLAS on one thread, whatever BLIS_ARCH_TYPE says. Those
products are a third of the model's time (tok2vec encoder and the parser's precomputed
lower layer); thinc itself can route them to numpy (`NumpyOps(use_blis=False)`), which
this module switches the loaded model's layers to. Entities are
unchanged: the same float32 products, summed in another order (checked on real stories in
tests/enrich/test_gemm.py); bench/throughput.py measures the gain.

One BLAS thread per process: parallelism is one worker process per core
(tasks/run/workers.py); OpenBLAS's own threads on top would only contend for the same
cores. `WIRECOPY_NER_GEMM=blis` keeps spaCy's default (tasks/settings.py).
"""

from __future__ import annotations

from typing import Any


def use_numpy_gemm(nlp: Any) -> int:
    """Switch every layer of `nlp`'s components on thinc's BLIS-backed CPU ops to thinc's own
    numpy-backed ones (`NumpyOps(use_blis=False)`: `gemm` becomes `numpy.dot`).

    Returns how many layers were switched. Weights stay where they are (numpy arrays either
    way). spaCy's compiled transition loop takes its BLAS from `ops.cblas()`, still BLIS.
    """
    from thinc.api import NumpyOps  # deferred: 0.6 s a worker without the model should not pay

    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
                switched += 1
    return switched


def single_thread_blas() -> None:
    """Limit numpy's BLAS (and any other this process has loaded) to one thread."""
    import numpy  # noqa: F401  (the limit only reaches libraries already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
