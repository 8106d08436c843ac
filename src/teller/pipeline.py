"""Compose the stages: one article, or a batch from ingest to store.

:class:`Pipeline` is the front door (``teller.Pipeline``): it holds the spaCy pipeline, the
knowledge base and the settings, and every caller (``teller.process``, ``teller run``,
``serve``, the evaluations, the benchmarks) goes through it. ``analyse`` is the pure core
(Article + parsed Doc + knowledge base -> Analysis); ``Pipeline.process`` adds reading,
extraction and parsing for one item; ``Pipeline.run`` streams many inputs through
``nlp.pipe`` in batches and stores them.
A failure in one item is reported on one line and the batch goes on: nothing already stored is
lost. Analyses are stored in batches (``Store.save_many``: one transaction for many articles);
when a batch is refused, its articles are retried one transaction each, so a bad article loses
only itself. ``run(..., workers=N)`` parses and analyses in N processes, stores in this one,
and gives the same output as one process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Union

from teller.config import Settings
from teller.errors import InputError, TellerError
from teller.records import Analysis, Article, Event, Flag, Mention, TimeValue
from teller.writer import STORE_BATCH  # noqa: F401 - analyses per store transaction; benchmarks read it here

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from spacy.language import Language
    from spacy.tokens import Doc

    from teller.actors import KnowledgeBase
    from teller.events import CodedArticle
    from teller.ingest import RawDocument
    from teller.store import Store

log = logging.getLogger(__name__)

Item = Union["RawDocument", Article]
#: Another engine's per-article stages for :meth:`Pipeline.run`: (pipeline, inputs) -> results in input order.
Analyser = Callable[["Pipeline", list[str]], Iterable[Analysis | TellerError]]
#: A filter over a batch of extracted articles, applied before they are parsed.
Keep = Callable[[list[Article]], list[Article]]
#: What ``teller.process`` accepts: article text, a path, a URL, a RawDocument or an Article.
Source = Union[str, "Path", "RawDocument", Article]

#: Articles per ``nlp.pipe`` batch. 8 to 128 measured within noise of each other for ~600-word
#: articles (benchmarks/profile_stages.py --batch-size); 16 keeps a worker's memory small.
PARSE_BATCH = 16


#: Publication times the page itself shows (kept as ``Article.published`` when none was given).
_PAGE_BASES = frozenset({"date line", "dateline", "url"})


@dataclass
class Findings:
    """What the stages before verification found in one parsed article: the article (with the
    publication time its page shows, when none was given), the anchor time (None when not known
    to the day) and its flag, times, actor mentions and the coded events (with their own flags
    and each event's clause depth, which evaluations read to pick a sentence's main event)."""

    article: Article
    dct: datetime | None
    dct_flag: Flag | None
    timexes: list[TimeValue]
    mentions: list[Mention]
    coded: CodedArticle

    @property
    def events(self) -> list[Event]:
        return self.coded.events


def find(article: Article, doc: Doc, kb: KnowledgeBase) -> Findings:
    """The stage chain up to the coded events: publication time, times, actors, events."""
    from teller import actors, events, timex
    from teller.extract.published import anchor_candidates, day_known, publication_time
    from teller.languages import is_coded, is_japanese

    if is_japanese(article.language):  # parsed by GiNZA: the Japanese stages (teller.japanese)
        from teller.japanese.stages import find as find_japanese

        return Findings(*find_japanese(article, doc, kb))
    pt = publication_time(article)
    if article.published is None and pt.basis in _PAGE_BASES and pt.when is not None:
        # the page shows when it was written: keep it as the article's publication time
        article = replace(article, published=pt.when.isoformat())
    dct = day_known(pt)
    timexes = timex.annotate_among(article.text, anchor_candidates(pt), doc=doc)
    mentions = actors.resolve(doc, article, kb, when=pt.when.date() if pt.when else None)
    # The event coder reads English; on other languages it would find noise, not events.
    coded = (events.code_article(doc, article, mentions, timexes, dct=dct, kb=kb) if is_coded(article.language)
             else events.CodedArticle())
    return Findings(article, dct, pt.flag(), timexes, mentions, coded)


def check(doc: Doc, found: Findings, kb: KnowledgeBase) -> list[Flag]:
    """The consistency checks over what the stages found (``verify.check``)."""
    from teller import verify

    return verify.check(found.article, doc, found.mentions, found.timexes, found.events, kb=kb)


def analyse(article: Article, doc: Doc, *, kb: KnowledgeBase | None = None) -> Analysis:
    """Run the pure stages over one extracted, parsed article (``kb``: the shipped one if None)."""
    from teller import actors, summarize, verify

    kb = kb or actors.KnowledgeBase.default()
    found = find(article, doc, kb)
    article = found.article
    flags = ([found.dct_flag] if found.dct_flag else []) + list(found.coded.flags)
    flags += check(doc, found, kb)
    flags = _dedupe_flags(flags)
    score, _reasons = verify.quality(article, flags)
    return Analysis(
        article=article,
        mentions=found.mentions,
        timexes=found.timexes,
        events=found.events,
        flags=flags,
        highlights=summarize.highlights(article, doc, found.events, flags),
        briefs={e.id: summarize.brief(e) for e in found.events},
        quality=score,
    )


def _dedupe_flags(flags: list[Flag]) -> list[Flag]:
    """Two stages may see the same defect (an impossible clock time is seen both while dating an
    event and by the text checks): a flag of a kind already raised on overlapping text is dropped."""
    out: list[Flag] = []
    for f in flags:
        if any(g.kind == f.kind and _overlap(g, f) for g in out):
            continue
        out.append(f)
    return out


def _overlap(a: Flag, b: Flag) -> bool:
    if not a.evidence and not b.evidence:
        return a.message == b.message
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


class Pipeline:
    """The spaCy pipeline, the knowledge base and the settings, loaded once and used for every
    article: ``teller.process`` and ``teller run``, ``serve``, the evaluations and the
    benchmarks all go through one.

    ``kb`` defaults to the shipped knowledge base plus the files ``settings.actors_path``
    names; ``settings`` to ``Settings.from_env()`` (the front door, like the CLI, is where the
    environment is read); ``nlp`` to the shared pipeline ``settings.spacy_model`` names. The
    model and the knowledge base load on first use, so building a ``Pipeline`` is cheap.
    """

    def __init__(self, *, kb: KnowledgeBase | None = None, settings: Settings | None = None,
                 nlp: Language | None = None) -> None:
        self.settings = settings if settings is not None else Settings.from_env()
        self._given_kb = kb
        self._kb = kb
        self._nlp = nlp
        self._ja_nlp: Language | None = None

    @property
    def given_kb(self) -> KnowledgeBase | None:
        """The knowledge base the caller gave (None: each process loads the configured one), for
        workers elsewhere to build the same pipeline without being sent a loaded one."""
        return self._given_kb

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from teller.actors import KnowledgeBase

            self._kb = KnowledgeBase.for_settings(self.settings)
        return self._kb

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from teller.nlp import get_nlp

            self._nlp = get_nlp(self.settings.spacy_model)
        return self._nlp

    @property
    def ja_nlp(self) -> Language:
        """The Japanese (GiNZA) pipeline ``settings.ja_model`` names, loaded on first use."""
        if self._ja_nlp is None:
            from teller.japanese import get_ja_nlp

            self._ja_nlp = get_ja_nlp(self.settings.ja_model)
        return self._ja_nlp

    def parser_for(self, article: Article) -> Language:
        """The pipeline that parses ``article``: GiNZA for Japanese, else the English model."""
        from teller.languages import is_japanese

        return self.ja_nlp if is_japanese(article.language) else self.nlp

    def load(self) -> Pipeline:
        """Load the model and the knowledge base now (before a timed or forked run)."""
        self.nlp, self.kb  # noqa: B018 - the properties load and keep them
        return self

    # ---- one article ---------------------------------------------------------------------

    def read(self, source: Source, *, published: str | None = None) -> Item:
        """``source`` as something :meth:`article` takes (see ``ingest.as_document``)."""
        if isinstance(source, Article):
            return _republished(source, published) if published else source
        from teller.ingest import as_document

        return as_document(source, published=published, settings=self.settings)

    def article(self, item: Item) -> Article:
        """Extract the article from ``item`` (an Article is already one)."""
        if isinstance(item, Article):
            return item
        from teller.extract import extract

        return extract(item, max_bytes=self.settings.max_bytes)

    def analyse(self, article: Article, doc: Doc | None = None) -> Analysis:
        """Parse (unless ``doc`` is given) and analyse one extracted article."""
        return analyse(article, doc if doc is not None else self.parser_for(article)(article.text), kb=self.kb)

    def find(self, article: Article, doc: Doc | None = None) -> Findings:
        """The stages up to the coded events, for evaluations that score them (see :func:`find`)."""
        return find(article, doc if doc is not None else self.parser_for(article)(article.text), self.kb)

    def check(self, doc: Doc, found: Findings) -> list[Flag]:
        """The consistency checks over ``found`` (see :func:`check`)."""
        return check(doc, found, self.kb)

    def process(self, source: Source, *, published: str | None = None) -> Analysis:
        """Read, extract, parse and analyse one article; a ``TellerError`` says why not."""
        return self.analyse(self.article(self.read(source, published=published)))

    # ---- many articles -------------------------------------------------------------------

    def process_many(self, items: Iterable[Item | InputError], batch_size: int = PARSE_BATCH, *,
                     workers: int = 1, keep: Keep | None = None) -> Iterator[Analysis | TellerError]:
        """Analyse a stream, parsing in batches with ``nlp.pipe``; errors are yielded, not raised.

        With ``workers > 1`` the batches are parsed and analysed in that many worker processes
        (extraction stays here); results come back in input order whatever the workers' speed,
        so the output is the same as with one process. ``keep`` filters each batch of extracted
        articles before parsing (``teller run`` drops the ones already stored).
        """
        batches = self._batches(items, batch_size)
        if keep is not None:
            batches = (b if isinstance(b, TellerError) else keep(b) for b in batches)
        if workers > 1:
            yield from _process_parallel(self, batches, batch_size, workers)
            return
        for batch in batches:
            if isinstance(batch, TellerError):
                yield batch
            elif batch:
                yield from self._parse_and_analyse(batch, batch_size)

    def _parse_and_analyse(self, articles: list[Article], batch_size: int) -> Iterator[Analysis | TellerError]:
        """Parse ``articles`` with ``nlp.pipe`` and analyse each; one failure is one error, not a stop.
        Japanese articles are parsed by GiNZA (``parser_for``), in input order with the rest."""
        from teller.languages import is_japanese

        ja = [a for a in articles if is_japanese(a.language)]
        ja_error: TellerError | None = None
        ja_docs: Iterator[Doc] = iter(())
        if ja:
            try:
                ja_docs = iter(list(self.ja_nlp.pipe([a.text for a in ja], batch_size=batch_size)))
            except TellerError as err:  # the Japanese model will not load: those articles fail, clearly
                ja_error = err
        en_docs = self.nlp.pipe([a.text for a in articles if not is_japanese(a.language)], batch_size=batch_size)
        for article in articles:
            is_ja = is_japanese(article.language)
            if is_ja and ja_error is not None:
                yield InputError(f"analysis failed: {ja_error}", item=article.url or article.id)
                continue
            doc = next(ja_docs) if is_ja else next(en_docs)
            try:
                yield analyse(article, doc, kb=self.kb)
            except Exception as err:  # one bad article must not stop the batch
                log.exception("analysis failed for %s", article.url or article.id)
                yield InputError(f"analysis failed: {type(err).__name__}: {err}", item=article.url or article.id)

    def _batches(self, items: Iterable[Item | InputError], batch_size: int) -> Iterator[list[Article] | TellerError]:
        """Extract each item; yield errors as they come and the articles in lists of ``batch_size``."""
        batch: list[Article] = []
        for item in items:
            if isinstance(item, TellerError):
                yield item
                continue
            try:
                batch.append(self.article(item))
            except TellerError as err:
                yield err
                continue
            except Exception as err:
                yield InputError(f"extraction failed: {type(err).__name__}: {err}", item=getattr(item, "origin", None))
                continue
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def run(self, inputs: list[str], db_url: str | None = None, *, progress: bool = False, workers: int = 1,
            stories: bool = True, progress_every: int = 0, analyser: Analyser | None = None) -> RunStats:
        """Ingest, analyse and store; one clear line on stderr per failed item (``db_url``:
        the ``db`` setting if None).

        Analyses are stored ``STORE_BATCH`` at a time (``Store.save_many``), in this process even
        when ``workers > 1`` parse and analyse in worker processes. Newly stored articles then join
        the story index (restored from the store), and the merged events, stories and copy links are
        saved: a later run updates them without reprocessing what is stored. ``progress`` draws a bar;
        without one, ``progress_every=N`` writes a line every N articles (``teller.progress``); with
        either, the story merge says when it starts and ends. Errors are always written.
        ``analyser`` replaces the per-article stages (``process_many`` here) by another engine's,
        e.g. ``teller.scale.ray_engine``: it must yield the same results in input order.
        """
        from teller.ingest import iter_inputs
        from teller.nlp.blas import blas_threads
        from teller.progress import Progress
        from teller.store import Store
        from teller.writer import StoreWriter

        blas_threads(1)  # before the model loads: single-threaded OpenBLAS makes the parse cheaper
        store = Store(db_url or self.settings.db)
        stats = RunStats()
        t0 = time.perf_counter()
        bar = Progress(bar=progress, every=progress_every)
        stored_ids: list[str] = []

        def report(message: str) -> None:
            stats.errors.append(message)
            bar.error(message)

        def stored(analysis: Analysis, new: bool) -> None:
            if new:
                stats.stored += 1
                stored_ids.append(analysis.article.id)
                stats.events += len(analysis.events)
            else:
                stats.skipped += 1
                bar.update(1)  # skipped before analysis: never counted below

        writer = StoreWriter(store, self.kb, stories=stories, on_stored=stored, on_error=report)
        try:
            # a killed run may have stored articles that no story holds yet: they join first
            recovered = writer.open()
            if recovered:
                bar.note(f"teller: {recovered} stored articles from an interrupted run joined the story index")
            results = (analyser(self, inputs) if analyser is not None
                       else self.process_many(iter_inputs(inputs, settings=self.settings), workers=workers,
                                              keep=writer.unstored))
            for result in results:
                bar.update(1)
                if isinstance(result, TellerError):
                    report(str(result))
                else:
                    writer.add(result)
            writer.flush()
            if writer.unsaved:
                # The story merge runs once over the whole batch and can take a while: say so.
                bar.note(f"teller: merging stories for {writer.unsaved} new articles")
                t_stories = time.perf_counter()
                stats.merged = writer.save_stories()
                bar.note(f"teller: stories merged: {stats.merged} reports joined events reported elsewhere "
                        f"({time.perf_counter() - t_stories:.1f} s)")
            if stored_ids:  # after the stories: same-outlet reports of one event are pairs too
                stats.translations = _check_translations(store, stored_ids, self.kb, report)
        finally:
            bar.close()
            store.close()
        stats.seconds = time.perf_counter() - t0
        return stats


def _republished(article: Article, published: str) -> Article:
    from dataclasses import replace

    from teller.ingest.dates import normalize_published

    when = normalize_published(published)
    if when is None:
        raise InputError(f"cannot read publication time {published!r}", item=article.url or article.id)
    return replace(article, published=when[0], published_tz_known=when[1])


def process(item: Item) -> Analysis:
    """Extract (if needed), parse and analyse one article with the default :class:`Pipeline`."""
    return Pipeline().process(item)


def process_many(items: Iterable[Item | InputError], batch_size: int = PARSE_BATCH, *,
                 workers: int = 1) -> Iterator[Analysis | TellerError]:
    """:meth:`Pipeline.process_many` with the default :class:`Pipeline`."""
    return Pipeline().process_many(items, batch_size, workers=workers)


#: The worker process's pipeline, built by ``_worker_init`` before its first batch.
_WORKER: Pipeline | None = None


def _worker_batch(articles: list[Article], batch_size: int) -> list[Analysis | tuple[str, str | None]]:
    """``Pipeline._parse_and_analyse`` in a worker process; errors travel as ``(message, item)``,
    because a ``TellerError`` does not survive pickling with its message intact."""
    assert _WORKER is not None, "_worker_init runs first"
    return [r if isinstance(r, Analysis) else (r.message, r.item)
            for r in _WORKER._parse_and_analyse(articles, batch_size)]


def _worker_init(settings: Settings, kb: KnowledgeBase | None) -> None:
    """Load the model and knowledge base once per worker, before its first batch is timed."""
    from teller.nlp.blas import blas_threads

    global _WORKER
    blas_threads(1)  # parallelism is the worker processes; BLAS threads would only spin
    _WORKER = Pipeline(kb=kb, settings=settings).load()


def _process_parallel(pipe: Pipeline, batches: Iterable[list[Article] | TellerError], batch_size: int,
                      workers: int) -> Iterator[Analysis | TellerError]:
    """Batches to a process pool, at most ``2 * workers`` in flight (bounded memory), in order.

    Workers are started with ``spawn``, never ``fork``: the parent may hold threads (BLAS) that
    a forked child would inherit half-locked; and unlike ``forkserver`` the workers are this
    process's own children, so their CPU time and memory show in its resource usage (the
    benchmark reads them there). A worker that dies takes only its batch with it (reported per
    article); the rest of the run goes on in this process. Each worker builds its pipeline from
    the same settings and, when the caller gave one, the same knowledge base.
    """
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
        max_workers=workers, mp_context=mp.get_context("spawn"), initializer=_worker_init,
        initargs=(pipe.settings, pipe._given_kb))
    pending: deque[tuple[list[Article], Future[list[Analysis | tuple[str, str | None]]]]] = deque()

    def collect() -> Iterator[Analysis | TellerError]:
        nonlocal pool
        articles, future = pending.popleft()
        try:
            results = future.result()
        except Exception as err:  # the worker died (memory, signal) or could not pickle a result
            log.error("worker failed on a batch of %d: %s", len(articles), err)
            if isinstance(err, BrokenProcessPool) and pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
            for a in articles:
                yield InputError(f"analysis failed in a worker process: {type(err).__name__}: {err}",
                                 item=a.url or a.id)
            return
        for r in results:
            yield r if isinstance(r, Analysis) else InputError(r[0], item=r[1])

    try:
        for batch in batches:
            if isinstance(batch, TellerError):
                yield batch
                continue
            if not batch:
                continue
            if pool is None:  # the pool broke: finish in this process
                while pending:
                    yield from collect()
                yield from pipe._parse_and_analyse(batch, batch_size)
                continue
            pending.append((batch, pool.submit(_worker_batch, batch, batch_size)))
            while len(pending) >= 2 * workers:
                yield from collect()
        while pending:
            yield from collect()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

@dataclass
class RunStats:
    stored: int = 0
    skipped: int = 0  # already in the database
    errors: list[str] = field(default_factory=list)
    events: int = 0
    merged: int = 0  # per-article events that joined a canonical event reported elsewhere too
    translations: int = 0  # translation/source pairs compared (teller.compare.stored)
    seconds: float = 0.0

    def summary(self) -> str:
        rate = (self.stored + self.skipped) / self.seconds if self.seconds else 0.0
        return (f"teller: {self.stored} articles stored, {self.skipped} already stored, "
                f"{len(self.errors)} errors, {self.events} events, {self.merged} merged across articles "
                f"({rate:.1f} articles/s)"
                + (f"; {self.translations} translation pairs compared" if self.translations else ""))


def run(inputs: list[str], db_url: str, *, progress: bool = False, workers: int = 1,
        stories: bool = True, progress_every: int = 0) -> RunStats:
    """:meth:`Pipeline.run` with the default :class:`Pipeline`."""
    return Pipeline().run(inputs, db_url, progress=progress, workers=workers, stories=stories,
                          progress_every=progress_every)


def _check_translations(store: Store, article_ids: list[str], kb: KnowledgeBase,
                        report: Callable[[str], None]) -> int:
    """``translation_mismatch`` flags for the new articles' translation pairs; a failure is
    reported and loses nothing stored."""
    from teller.compare.stored import check_stored

    try:
        return check_stored(store, article_ids, kb=kb)
    except Exception as err:  # noqa: BLE001 — the articles are stored; only the check is lost
        log.exception("translation check failed")
        report(f"translation check failed: {type(err).__name__}: {err}")
        return 0

