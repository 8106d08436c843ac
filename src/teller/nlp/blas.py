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

Why ctypes: numpy has no API for its BLAS thread count (``threadpoolctl`` does this, but is
not a dependency, and the environment variable only works before numpy is imported).
"""

from __future__ import annotations

import ctypes
import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

_PREFIXES = ("scipy_", "")  # numpy >= 2 wheels ship "scipy_openblas"; system builds plain
_SUFFIXES = ("64_", "")  # 64-bit-integer builds add a suffix


@functools.lru_cache(maxsize=1)
def _openblas() -> tuple[object, object] | None:
    """(get, set) thread-count functions of the OpenBLAS numpy loaded, or None when unknown."""
    import numpy  # noqa: F401  (so its BLAS is loaded and shows in the memory map)

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths = sorted({line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line})
    except OSError:  # not Linux: leave BLAS as it is
        return None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for pre in _PREFIXES:
            for suf in _SUFFIXES:
                get = getattr(lib, f"{pre}openblas_get_num_threads{suf}", None)
                put = getattr(lib, f"{pre}openblas_set_num_threads{suf}", None)
                if get is not None and put is not None:
                    get.restype = ctypes.c_int
                    put.argtypes = [ctypes.c_int]
                    return get, put
    return None


def blas_threads(n: int | None = None) -> int | None:
    """OpenBLAS's thread count (after setting it to ``n`` when given); None when unknown."""
    found = _openblas()
    if found is None:
        return None
    get, put = found
    if n is not None:
        put(int(n))  # type: ignore[operator]
    return int(get())  # type: ignore[operator]


def use_fast_gemm(nlp: "Language") -> bool:
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
