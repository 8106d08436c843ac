"""Which matrix-multiply library the parse uses, and with how many threads.

spaCy's networks spend most of their time in one kind of matrix product (the Maxout layers of
the two token-to-vector encoders: about 11,000 x 288 by 288 x 288 per batch of 16 articles).
thinc does those with BLIS by default; numpy's bundled OpenBLAS does the same product in about
half the CPU time on this hardware (AVX-512), and the parse then takes about a tenth less.

But OpenBLAS starts one thread per core by default, and on a busy machine those threads spin
waiting for each other: the parse then costs *more* CPU (measured 70 ms instead of 45 ms per
article). So ``teller run`` pins OpenBLAS to one thread (it parallelises with ``--workers``
processes instead), and :func:`use_fast_gemm` switches a pipeline to numpy's product only when
OpenBLAS is known to run single-threaded. Output is unchanged (no difference in tags, parses,
lemmas or entities over 147,000 tokens; the products differ in the last float bits only).

The thread count is read and set with threadpoolctl, which knows every BLAS build numpy ships.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from threadpoolctl import ThreadpoolController

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _openblas() -> ThreadpoolController | None:
    """threadpoolctl's view of the OpenBLAS numpy loaded, or None when numpy uses another BLAS."""
    import numpy  # noqa: F401  (so its BLAS is loaded and can be found)
    from threadpoolctl import ThreadpoolController

    found = ThreadpoolController().select(internal_api="openblas")
    return found if found.lib_controllers else None


def blas_threads(n: int | None = None) -> int | None:
    """OpenBLAS's thread count (after setting it to ``n`` when given); None when unknown."""
    found = _openblas()
    if found is None:
        return None
    if n is not None:
        found.limit(limits=int(n))  # stays in force: teller run never restores it
    return min(c.num_threads for c in found.lib_controllers)


def use_fast_gemm(nlp: Language) -> bool:
    """Do the pipeline's matrix products with numpy when OpenBLAS runs single-threaded."""
    if blas_threads() != 1:
        return False
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops
    return True
