"""Where ``teller run`` spends its time: each stage timed on its own, per article.

    .venv/bin/python benchmarks/profile_stages.py [--articles 200] [--words 600] [--batch-size 16]
                                                  [--stock] [--cprofile 25]

Generates N articles with ``benchmarks/throughput.make_article`` (the same generator as the
throughput benchmark), then runs the stages in the order ``teller.pipeline.analyse`` does, timing
each one separately: extraction (a JSON Lines ``RawDocument`` -> ``Article``), the spaCy parse
(``nlp.pipe`` over the whole batch), ``timex.annotate``, ``actors.resolve``,
``events.code_article``, ``verify.check``/``quality``, ``summarize.highlights``/``brief`` and
``store.save`` (SQLite in a temporary directory). Prints ms per article and the share of the
total, in both wall time and CPU time (``time.process_time``): on a shared machine wall time
includes waiting for a core, CPU time does not. Model and knowledge-base load times are printed
too. ``--stock`` measures the untuned baseline (spaCy's stock ``attribute_ruler``, one store
transaction per article) for a before/after under the same machine load. ``--cprofile N`` also prints the N functions with the most own time over the analysis
stages (parse excluded, so the stages' own hot spots stand out); ``PROFILE_SORT=cumulative`` sorts by
cumulative time instead.

Why not reuse ``pipeline.run``: it interleaves the stages, so it can only give the total.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import random
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import make_article  # noqa: E402  (the benchmark's own generator)

STAGES = ("extract", "parse", "timex", "actors", "events", "verify", "summarize", "store")


class Clock:
    """Wall and CPU seconds accumulated per stage name."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        w, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[stage] += time.perf_counter() - w
            self.cpu[stage] += time.process_time() - c


def timed_load(label: str, fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    value = fn()
    print(f"load {label:<22} {time.perf_counter() - w:6.2f} s wall {time.process_time() - c:6.2f} s CPU")
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=None,
                    help="nlp.pipe batch size [default: teller.pipeline.PARSE_BATCH]")
    ap.add_argument("--stock", action="store_true",
                    help="the untuned baseline: spaCy's stock components and one store transaction per article")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N",
                    help="print the N functions with the most own time in the analysis stages")
    args = ap.parse_args()

    from teller import actors, events, pipeline, summarize, timex, verify
    from teller.extract import extract
    from teller.ingest import RawDocument
    from teller.nlp import get_nlp
    from teller.records import Analysis
    from teller.store import Store

    batch_size = args.batch_size or getattr(pipeline, "PARSE_BATCH", 16)
    rng = random.Random(20230914)
    items = [make_article(i, rng, args.words) for i in range(args.articles)]
    words = sum(len(a["text"].split()) for a in items) / len(items)

    if not args.stock:
        from teller.nlp.blas import blas_threads

        blas_threads(1)  # as teller run does, so the parse may use numpy's matrix product
    nlp = timed_load("spaCy model", lambda: get_nlp(fast=not args.stock))
    kb = timed_load("knowledge base", actors.KnowledgeBase.default)
    from teller.extract.published import anchor_candidates, day_known, publication_time

    tmp = Path(tempfile.mkdtemp(prefix="teller-prof-"))
    store = timed_load("store (SQLite)", lambda: Store(f"sqlite:///{tmp / 'prof.db'}"))
    # Warm every stage's lazy caches on one article, so the table shows steady-state cost.
    warm = extract(RawDocument(content=items[0]["text"], url="https://warm.invalid/", published=items[0]["published"]))
    timed_load("first analyse (warm-up)", lambda: pipeline.analyse(warm, nlp(warm.text)))

    clock = Clock()
    prof = cProfile.Profile() if args.cprofile else None
    with clock.time("extract"):
        articles = [extract(RawDocument(content=a["text"], url=a["url"], source=a["source"], title=a["title"],
                                        published=a["published"], origin=f"bench:{i}"))
                    for i, a in enumerate(items)]
    with clock.time("parse"):
        docs = list(nlp.pipe([a.text for a in articles], batch_size=batch_size))

    analyses: list[Analysis] = []
    for article, doc in zip(articles, docs):
        if prof:
            prof.enable()
        pt = publication_time(article)  # as pipeline.find does
        dct = day_known(pt)
        with clock.time("timex"):
            timexes = timex.annotate_among(article.text, anchor_candidates(pt), doc=doc)
        with clock.time("actors"):
            mentions = actors.resolve(doc, article, kb, when=pt.when.date() if pt.when else None)
        with clock.time("events"):
            coded = events.code_article(doc, article, mentions, timexes, dct=dct, kb=kb)
        with clock.time("verify"):
            flags = list(coded.flags) + verify.check(article, doc, mentions, timexes, coded.events, kb=kb)
            score, _ = verify.quality(article, flags)
        with clock.time("summarize"):
            highlights = summarize.highlights(article, doc, coded.events, flags)
            briefs = {e.id: summarize.brief(e) for e in coded.events}
        if prof:
            prof.disable()
        analyses.append(Analysis(article=article, mentions=mentions, timexes=timexes, events=coded.events,
                                 flags=flags, highlights=highlights, briefs=briefs, quality=score))
    with clock.time("store"):  # as teller run stores: STORE_BATCH per transaction (--stock: one each)
        if args.stock or not hasattr(store, "save_many"):
            for analysis in analyses:
                store.save(analysis)
        else:
            step = getattr(pipeline, "STORE_BATCH", 64)
            for i in range(0, len(analyses), step):
                store.save_many(analyses[i:i + step])
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)

    n = len(articles)
    total_w, total_c = sum(clock.wall.values()), sum(clock.cpu.values())
    print(f"\n{n} articles, {words:.0f} words each on average, nlp.pipe batch_size={batch_size}, "
          f"{'stock (untuned) ' if args.stock else ''}components: "
          f"{', '.join(f'{k}={type(v).__name__}' if k == 'attribute_ruler' else k for k, v in nlp.pipeline)}; "
          f"matrix products: {'BLIS' if getattr(nlp.get_pipe(nlp.pipe_names[0]).model.ops, 'use_blis', True) else 'numpy/OpenBLAS'}")
    print(f"{'stage':<10} {'wall ms/art':>11} {'share':>6} {'CPU ms/art':>11} {'share':>6}")
    for stage in STAGES:
        w, c = clock.wall[stage], clock.cpu[stage]
        print(f"{stage:<10} {1000 * w / n:11.2f} {100 * w / total_w:5.1f}% {1000 * c / n:11.2f} {100 * c / total_c:5.1f}%")
    print(f"{'total':<10} {1000 * total_w / n:11.2f} {'':>6} {1000 * total_c / n:11.2f}")
    print(f"=> {n / total_w:.1f} articles/s wall, {n / total_c:.1f} articles/s per CPU-second (loads excluded)")
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
