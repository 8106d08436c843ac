"""``teller run --engine ray``: the per-article stages on a Ray cluster, the store and stories here.

Two Ray Data ``map_batches`` stages do the per-article work:

1. **read**: one row per input (file, directory, URL, feed) becomes that input's documents,
   read as a stream on a Ray worker (a generator yields them a few dozen at a time, so a
   CC-NEWS WARC never sits in memory whole); a bad item becomes an error row.
2. **analyse**: extraction, spaCy parsing and every analysis stage, in an actor pool of
   ``workers`` actors (:class:`Analyser`, a callable class: each actor loads the spaCy model and
   the knowledge base once, when it starts, and keeps them for every batch it is given).

The driver (this process) consumes the results in input order (``preserve_order``) and hands
them to :meth:`Pipeline.run`, which stores them ``STORE_BATCH`` at a time and merges stories, as
in a single-process run: so the records and stories are the same whichever engine ran. Story
merging is one writer by design (docs/scale.md says why and how it would be split).

Objects travel between processes as pickled bytes in a binary column (Arrow would otherwise
try to infer a schema for dataclasses), and errors as ``(message, item)`` pairs, since a
``TellerError`` does not keep its message through pickling.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from teller.errors import InputError, TellerError

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase
    from teller.config import Settings
    from teller.pipeline import Pipeline, RunStats
    from teller.records import Analysis

log = logging.getLogger(__name__)

#: Raw documents per block out of the read stage. A block goes to one actor whole, so blocks of
#: one parse batch (``PARSE_BATCH``) spread even one input file over every actor; Ray's cost per
#: block (a few ms) is small next to parsing 16 articles (about a second).
READ_BLOCK = 16
_ERROR = "error"


def run(pipe: Pipeline, inputs: list[str], db_url: str | None = None, *, workers: int = 2,
        address: str | None = None, progress: bool = False, progress_every: int = 0,
        stories: bool = True) -> RunStats:
    """:meth:`Pipeline.run` with the per-article stages on Ray (``address``: a running cluster,
    ``"auto"`` to find one; None starts a local instance unless this process is connected)."""
    connect(address, workers)

    def analyser(pipe: Pipeline, inputs: list[str]) -> Iterator[Analysis | TellerError]:
        return analyse_on_ray(pipe, inputs, workers=workers)

    return pipe.run(inputs, db_url, progress=progress, progress_every=progress_every, stories=stories,
                    analyser=analyser)


def connect(address: str | None, workers: int) -> None:
    """Join the cluster at ``address``, or start a local Ray with ``workers`` CPUs; once per process."""
    ray = _ray()
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=max(1, workers), include_dashboard=False, log_to_driver=False)


def analyse_on_ray(pipe: Pipeline, inputs: list[str], *, workers: int,
                   block: int = READ_BLOCK) -> Iterator[Analysis | TellerError]:
    """Every input's analyses and errors, in input order, computed by Ray Data on the cluster."""
    from teller.pipeline import PARSE_BATCH

    ray = _ray()
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the story merge sees articles as one process would
    # the Arrow-less binary blobs below are opaque to Ray: do not let it print a progress bar per
    # stage on stderr, where teller's own progress and error lines go
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    # Ray plans from the one block of input names and warns that it cannot fill the actor pool;
    # the read stage splits each input into many blocks, so the pool does fill
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
    ds = ray.data.from_items([{"input": item} for item in inputs], override_num_blocks=max(1, len(inputs)))
    # Reading asks for no CPU: the actors below hold one each, and on a cluster sized to them a
    # read task that waited for a CPU would wait for ever (they wait for its output). It is light
    # (bytes off a disk or socket) next to the parse; one task per input bounds how many run.
    ds = ds.map_batches(_read_inputs, batch_size=1, fn_kwargs={"settings": pipe.settings, "block": block},
                        num_cpus=0)
    ds = ds.map_batches(Analyser, batch_size=PARSE_BATCH, compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
                        num_cpus=1, fn_constructor_kwargs={"settings": pipe.settings, "kb": pipe.given_kb})
    for batch in ds.iter_batches(batch_size=None, batch_format="numpy", prefetch_batches=2):
        for blob in batch["blob"]:
            obj = pickle.loads(blob)
            yield InputError(obj[1], item=obj[2]) if isinstance(obj, tuple) else obj


def _read_inputs(batch: dict[str, Any], *, settings: Settings, block: int) -> Iterator[dict[str, list[bytes]]]:
    """Ray Data read stage: the documents of each input (one per batch), ``block`` at a time."""
    from teller.ingest import iter_inputs

    out: list[bytes] = []
    for item in batch["input"]:
        for doc in iter_inputs([str(item)], settings=settings):
            out.append(_dumps(doc))
            if len(out) >= block:
                yield {"blob": out}
                out = []
    if out:
        yield {"blob": out}


class Analyser:
    """Ray Data analyse stage: a callable class, so each actor builds its :class:`Pipeline` (spaCy
    model and knowledge base) once and reuses it for every batch."""

    def __init__(self, settings: Settings, kb: KnowledgeBase | None = None) -> None:
        from teller.nlp.blas import blas_threads
        from teller.pipeline import Pipeline

        blas_threads(1)  # the parallelism is the actors; BLAS threads would only compete with them
        self.pipe = Pipeline(kb=kb, settings=settings).load()
        self.pid = os.getpid()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        items = [pickle.loads(b) for b in batch["blob"]]
        items = [InputError(x[1], item=x[2]) if isinstance(x, tuple) else x for x in items]
        return {"blob": [_dumps(r) for r in self.pipe.process_many(items, batch_size=max(1, len(items)))]}


def _dumps(obj: Any) -> bytes:
    if isinstance(obj, TellerError):
        return pickle.dumps((_ERROR, obj.message, obj.item), protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is the part used
    except ImportError:
        raise TellerError("--engine ray needs Ray: pip install 'teller[ray]'") from None
    return ray
