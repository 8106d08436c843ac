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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Union

from teller.config import Settings
from teller.errors import InputError, TellerError
from teller.findings import Findings
from teller.records import Analysis, Article, Flag
from teller.writer import STORE_BATCH  # noqa: F401 - analyses per store transaction; benchmarks read it here

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language
    from spacy.tokens import Doc

    from teller.actors import KnowledgeBase
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


def find(article: Article, doc: Doc, kb: KnowledgeBase) -> Findings:
    """The stage chain up to the coded events: publication time, times, actors, events."""
    from teller import actors, events, timex
    from teller.extract.published import anchor_candidates, day_known, publication_time, within_window
    from teller.extract.tenure_window import check_dates, tenure_window
    from teller.languages import is_coded, is_japanese

    if is_japanese(article.language):  # parsed by GiNZA: the Japanese stages (teller.japanese)
        from teller.japanese.stages import find as find_japanese

        return find_japanese(article, doc, kb)
    pt = publication_time(article)
    if pt.when is None and pt.month_day is not None:  # the offices named may give a yearless dateline its year
        pt = within_window(pt, tenure_window(actors.resolve(doc, article, kb, when=None), article.text, kb))
    if article.published is None and pt.basis in _PAGE_BASES and pt.when is not None:
        # the page shows when it was written: keep it as the article's publication time
        article = replace(article, published=pt.when.isoformat())
    dct = day_known(pt)
    timexes = timex.annotate_among(article.text, anchor_candidates(pt), doc=doc)
    mentions = actors.resolve(doc, article, kb, when=pt.when.date() if pt.when else None)
    # The event coder reads English; on other languages it would find noise, not events.
    coded = (events.code_article(doc, article, mentions, timexes, dct=dct, kb=kb) if is_coded(article.language)
             else events.CodedArticle())
    if dct is not None:  # relative dates anchored to a time outside the tenures of the offices named
        coded.flags.extend(check_dates(coded.events, tenure_window(mentions, article.text, kb), dct))
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
    flags = list(article.notes) + ([found.dct_flag] if found.dct_flag else []) + list(found.coded.flags)
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
        self._given_nlp = nlp
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
        """Parse (unless ``doc`` is given) and analyse one extracted article (its first
        ``TELLER_MAX_CHARS`` characters: see ``teller.nlp.limits``)."""
        if doc is not None:
            return analyse(article, doc, kb=self.kb)
        from teller.nlp.limits import parse_part, whole

        part = parse_part(article, self.settings.max_chars)
        return whole(article, analyse(part, self._parse_one(part), kb=self.kb))

    def find(self, article: Article, doc: Doc | None = None) -> Findings:
        """The stages up to the coded events, for evaluations that score them (see :func:`find`)."""
        return find(article, doc if doc is not None else self._parse_one(article), self.kb)

    def check(self, doc: Doc, found: Findings) -> list[Flag]:
        """The consistency checks over ``found`` (see :func:`check`)."""
        return check(doc, found, self.kb)

    def process(self, source: Source, *, published: str | None = None) -> Analysis:
        """Read, extract, parse and analyse one article; a ``TellerError`` says why not."""
        return self.analyse(self.article(self.read(source, published=published)))

    # ---- many articles -------------------------------------------------------------------

    def process_many(self, items: Iterable[Item | InputError], batch_size: int = PARSE_BATCH, *,
                     workers: int = 1, keep: Keep | None = None,
                     supervise: bool = False) -> Iterator[Analysis | TellerError]:
        """Analyse a stream, parsing in batches with ``nlp.pipe``; errors are yielded, not raised.

        With ``workers > 1`` or ``supervise``, the items are extracted, parsed and analysed in that
        many worker processes, each item within ``TELLER_ITEM_TIMEOUT`` seconds, extraction included
        (``teller.workers``: an overrunning worker is replaced and the item is one error); results
        come back in input order whatever the workers' speed, so the output is the same as with one
        process. ``keep`` filters each batch of extracted articles before parsing (``teller run``
        drops the ones already stored); with workers, a worker asks this process for it.
        """
        if workers > 1 or supervise:
            yield from _process_supervised(self, items, batch_size, max(1, workers), keep)
            return
        batches = self._batches(items, batch_size)
        if keep is not None:
            batches = (b if isinstance(b, TellerError) else keep(b) for b in batches)
        for batch in batches:
            if isinstance(batch, TellerError):
                yield batch
            elif batch:
                yield from self._parse_and_analyse(batch, batch_size)

    def _parse_and_analyse(self, articles: list[Article], batch_size: int) -> Iterator[Analysis | TellerError]:
        """Parse ``articles`` with ``nlp.pipe`` and analyse each; one failure is one error, not a stop.
        Japanese articles are parsed by GiNZA (``parser_for``), in input order with the rest;
        each article's first ``TELLER_MAX_CHARS`` characters (``teller.nlp.limits``)."""
        from teller.languages import is_japanese
        from teller.nlp.limits import parse_part, whole

        parts = [parse_part(a, self.settings.max_chars) for a in articles]
        docs: list[Doc | Exception | None] = [None] * len(parts)
        ja = [i for i, a in enumerate(parts) if is_japanese(a.language)]
        en = [i for i, a in enumerate(parts) if not is_japanese(a.language)]
        if ja:
            try:
                ja_nlp = self.ja_nlp
            except TellerError as err:  # the Japanese model will not load: those articles fail, clearly
                for i in ja:
                    docs[i] = err
            else:
                for i, d in zip(ja, self._parse([parts[i] for i in ja], batch_size, ja_nlp), strict=True):
                    docs[i] = d
        for i, d in zip(en, self._parse([parts[i] for i in en], batch_size, self.nlp), strict=True):
            docs[i] = d
        for article, part, doc in zip(articles, parts, docs, strict=True):
            if isinstance(doc, TellerError):
                yield InputError(f"analysis failed: {doc}", item=article.url or article.id)
                continue
            try:
                if isinstance(doc, Exception):
                    raise doc
                if doc is None:
                    raise RuntimeError("the article was not parsed")
                yield whole(article, analyse(part, doc, kb=self.kb))
            except Exception as err:  # one bad article must not stop the batch
                log.exception("analysis failed for %s", article.url or article.id)
                yield InputError(f"analysis failed: {type(err).__name__}: {err}", item=article.url or article.id)

    def _parse_one(self, article: Article) -> Doc:
        """``article``'s text parsed by its language's pipeline (a long one in pieces: ``teller.nlp.pieces``)."""
        from teller.nlp.pieces import parse_all

        return next(parse_all(self.parser_for(article), [article.text], 1))

    def _parse(self, parts: list[Article], batch_size: int, nlp: Language) -> list[Doc | Exception]:
        """``nlp.pipe`` over the batch, long texts in pieces (``teller.nlp.pieces``: bounded parse
        memory); when it fails, each text alone, so that a text spaCy refuses is its own error and
        the others of its batch are parsed."""
        from teller.nlp.pieces import parse_all

        if not parts:
            return []
        try:
            return list(parse_all(nlp, [a.text for a in parts], batch_size))
        except Exception:
            log.warning("a parse batch of %d failed: parsing its articles one at a time", len(parts))
        docs: list[Doc | Exception] = []
        for a in parts:
            try:
                docs.append(next(parse_all(nlp, [a.text], 1)))
            except Exception as err:
                docs.append(err)
        return docs

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
            # With a time limit, articles are analysed in worker processes (one when workers == 1),
            # replaced when one overruns; a caller's own spaCy pipeline cannot travel there.
            supervise = self.settings.item_timeout > 0 and self._given_nlp is None
            results = (analyser(self, inputs) if analyser is not None
                       else self.process_many(iter_inputs(inputs, settings=self.settings), workers=workers,
                                              keep=writer.unstored, supervise=supervise))
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
#: Whether the worker asks the parent which extracted articles to parse (``keep``).
_WORKER_ASKS = False


def _worker_items(items: list[Item]) -> Iterator[Any]:
    """Extract, parse and analyse ``items`` in a worker process: ``(index, result)`` as each is
    done; errors travel as ``(message, item)``, because a ``TellerError`` does not survive
    pickling with its message intact. When the parent filters (``keep``), the extracted articles
    go to it first (``teller.workers.Ask``) and those it drops come back as ``(index, None)``."""
    from teller.workers import Ask, release_memory

    assert _WORKER is not None, "_worker_init runs first"
    articles: list[Article] = []
    where: list[int] = []
    for i, item in enumerate(items):
        for got in _WORKER._batches([item], 1):
            if isinstance(got, TellerError):
                yield i, (got.message, got.item)
            else:
                articles += got
                where.append(i)
    if _WORKER_ASKS and articles:
        wanted: set[str] = set((yield Ask(articles)) or ())
        for i, a in zip(where, articles, strict=True):
            if a.id not in wanted:
                yield i, None
        kept = [(i, a) for i, a in zip(where, articles, strict=True) if a.id in wanted]
        where, articles = [i for i, _ in kept], [a for _, a in kept]
    budget = max(1, _WORKER.settings.max_chars)  # one text at the cap is parsed alone
    for group in parse_groups(list(zip(where, articles, strict=True)), budget):
        done = list(_WORKER._parse_and_analyse([a for _, a in group], PARSE_BATCH))
        release_memory()  # before the results go out: the parent judges the worker's size after its batch
        for (i, _), r in zip(group, done, strict=True):
            yield i, r if isinstance(r, Analysis) else (r.message, r.item)


def parse_groups(pairs: list[tuple[int, Article]], budget: int) -> Iterator[list[tuple[int, Article]]]:
    """``pairs`` in order, in groups whose texts add up to at most ``budget`` characters (an
    article longer than that alone): a batch parsed at once holds all its docs, so a few long
    texts in one batch would add up in the worker's memory (fuzz runs saw workers reach 1.0-1.1 GB)."""
    group: list[tuple[int, Article]] = []
    size = 0
    for pair in pairs:
        n = len(pair[1].text)
        if group and size + n > budget:
            yield group
            group, size = [], 0
        group.append(pair)
        size += n
    if group:
        yield group


def _worker_init(settings: Settings, kb: KnowledgeBase | None, asks: bool = False) -> None:
    """Load the model and knowledge base once per worker, before its first batch is timed."""
    from teller.ingest import RawDocument
    from teller.nlp.blas import blas_threads

    global _WORKER, _WORKER_ASKS
    blas_threads(1)  # parallelism is the worker processes; BLAS threads would only spin
    _WORKER = Pipeline(kb=kb, settings=settings).load()
    # One small article end to end, so that what loads on first use (the language model, lazy
    # tables, the extractor) is loaded before the worker says it is ready and its items are timed.
    warm = "Japan and China held talks in Beijing on Monday, the foreign ministry said in a statement."
    list(_worker_items([RawDocument(content=f"<html><body><article><p>{warm}</p></article></body></html>",
                                    content_type="html", origin="<warm-up>")]))
    _WORKER_ASKS = asks


def _process_supervised(pipe: Pipeline, items: Iterable[Item | InputError], batch_size: int,
                        workers: int, keep: Keep | None = None) -> Iterator[Analysis | TellerError]:
    """``items`` through ``teller.workers.supervised``: each extracted, parsed and analysed in a
    worker within ``TELLER_ITEM_TIMEOUT``; every failure is one error for its item. ``keep``
    answers the workers' question which extracted articles to parse (it runs here, where the
    store is).

    Each worker builds its pipeline from the same settings and, when the caller gave one, the
    same knowledge base.
    """
    from teller.workers import Overrun, supervised

    def answer(articles: list[Article]) -> list[str]:
        return [a.id for a in keep(articles)] if keep is not None else [a.id for a in articles]

    for r in supervised(items, _worker_items, _worker_init, (pipe.settings, pipe._given_kb, keep is not None),
                        workers=workers, batch_size=batch_size, timeout=pipe.settings.item_timeout,
                        answer=answer):
        if r is None:  # stored before: ``keep`` has counted it
            continue
        if isinstance(r, Overrun):
            item = r.item
            yield InputError(r.message, item=_name(item))
        elif isinstance(r, tuple):
            yield InputError(r[0], item=r[1])
        else:
            yield r


def _name(item: Any) -> str | None:
    """How an error names an item: an article by URL or id, a document by where it came from
    and its URL (as the readers do: ``file.jsonl:2: https://...``)."""
    if isinstance(item, Article):
        return item.url or item.id
    origin, url = getattr(item, "origin", "") or "", getattr(item, "url", None)
    if url and url not in origin:
        return f"{origin}: {url}" if origin else url
    return origin or None


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

