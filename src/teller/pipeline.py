"""Compose the stages: one article, or a batch from ingest to store.

``analyse`` is the pure core (Article + parsed Doc -> Analysis); ``process`` adds extraction and
parsing for one item; ``run`` streams many inputs through ``nlp.pipe`` in batches and stores them.
A failure in one item is reported on one line and the batch goes on: nothing already stored is
lost, because each article is saved in its own transaction.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterable, Iterator, Union

from teller.errors import InputError, TellerError
from teller.records import Analysis, Article, Flag

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from teller.ingest import RawDocument

log = logging.getLogger(__name__)

Item = Union["RawDocument", Article]


def publication_time(article: Article) -> tuple[datetime, Flag | None]:
    """The document creation time every relative expression is anchored to.

    Without a stated publication time we anchor to the fetch time (or now) and say so with a flag,
    because every relative date in the article then inherits that uncertainty.
    """
    for value in (article.published, article.fetched):
        if value:
            try:
                dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
            if value is article.published:
                return dt, None
            return dt, Flag("no_publication_time", "info",
                            "no publication time: relative dates anchored to the fetch time")
    return datetime.now(timezone.utc), Flag(
        "no_publication_time", "warning", "no publication time: relative dates anchored to the time of processing")


def analyse(article: Article, doc: "Doc") -> Analysis:
    """Run the pure stages over one extracted, parsed article."""
    from teller import actors, events, summarize, timex, verify

    dct, dct_flag = publication_time(article)
    timexes = timex.annotate(article.text, dct, doc=doc)
    kb = actors.KnowledgeBase.default()
    mentions = actors.resolve(doc, article, kb, when=dct.date())
    coded = events.code_article(doc, article, mentions, timexes, dct=dct)
    flags = ([dct_flag] if dct_flag else []) + list(coded.flags)
    flags += verify.check(article, doc, mentions, timexes, coded.events, kb=kb)
    flags = _dedupe_flags(flags)
    score, _reasons = verify.quality(article, flags)
    return Analysis(
        article=article,
        mentions=mentions,
        timexes=timexes,
        events=coded.events,
        flags=flags,
        highlights=summarize.highlights(article, doc, coded.events, flags),
        briefs={e.id: summarize.brief(e) for e in coded.events},
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


def to_article(item: Item) -> Article:
    if isinstance(item, Article):
        return item
    from teller.extract import extract

    return extract(item)


def process(item: Item) -> Analysis:
    """Extract (if needed), parse and analyse one article."""
    from teller.nlp import parse

    article = to_article(item)
    return analyse(article, parse(article.text))


def process_many(items: Iterable[Item | InputError], batch_size: int = 16) -> Iterator[Analysis | TellerError]:
    """Analyse a stream, parsing in batches with ``nlp.pipe``; errors are yielded, not raised."""
    from teller.nlp import get_nlp

    nlp = get_nlp()
    batch: list[Article] = []

    def flush() -> Iterator[Analysis | TellerError]:
        docs = nlp.pipe([a.text for a in batch], batch_size=batch_size)
        for article, doc in zip(batch, docs):
            try:
                yield analyse(article, doc)
            except Exception as err:  # one bad article must not stop the batch
                log.exception("analysis failed for %s", article.url or article.id)
                yield InputError(f"analysis failed: {type(err).__name__}: {err}", item=article.url or article.id)
        batch.clear()

    for item in items:
        if isinstance(item, TellerError):
            yield item
            continue
        try:
            batch.append(to_article(item))
        except TellerError as err:
            yield err
            continue
        except Exception as err:
            yield InputError(f"extraction failed: {type(err).__name__}: {err}", item=getattr(item, "origin", None))
            continue
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


@dataclass
class RunStats:
    stored: int = 0
    skipped: int = 0  # already in the database
    errors: list[str] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = (self.stored + self.skipped) / self.seconds if self.seconds else 0.0
        return (f"teller: {self.stored} articles stored, {self.skipped} already stored, "
                f"{len(self.errors)} errors, {self.events} events ({rate:.1f} articles/s)")


def run(inputs: list[str], db_url: str, *, progress: bool = False) -> RunStats:
    """Ingest, analyse and store; one clear line on stderr per failed item."""
    import sys

    from tqdm import tqdm

    from teller.config import Settings
    from teller.ingest import iter_inputs
    from teller.store import Store

    store = Store(db_url)
    stats = RunStats()
    t0 = time.perf_counter()
    bar = tqdm(unit="art", disable=not progress, file=sys.stderr)
    for result in process_many(iter_inputs(inputs, settings=Settings.from_env())):
        bar.update(1)
        if isinstance(result, TellerError):
            stats.errors.append(str(result))
            bar.write(f"error: {result}", file=sys.stderr)
            continue
        try:
            new = store.save(result)
        except Exception as err:
            stats.errors.append(f"store failed for {result.article.id}: {err}")
            bar.write(f"error: store failed for {result.article.url or result.article.id}: {err}", file=sys.stderr)
            continue
        if new:
            stats.stored += 1
            stats.events += len(result.events)
        else:
            stats.skipped += 1
    bar.close()
    stats.seconds = time.perf_counter() - t0
    return stats
