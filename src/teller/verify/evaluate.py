"""Count the flags raised on professionally edited pages: a measure of false alarms.

Edited news pages (the article-extraction benchmark: ``html/<id>.html.gz`` + ``ground-truth.json``)
should raise almost no warnings, so every warning there is presumed a false alarm. Each page goes
through the real pipeline: ``teller.extract.extract`` (or trafilatura directly while that stage
is missing), the shared spaCy parse, then ``timex``, ``actors``, ``events`` and ``verify.check``.
Stages that are not importable are skipped and named in ``stages``, so the figures say what they
cover. ``teller eval flags DIR [--json]`` prints the result.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from teller.errors import DataError, InputError
from teller.records import Article, Flag

log = logging.getLogger(__name__)


@dataclass
class _Stages:
    """The pipeline stages available in this checkout, and why the others are not."""

    extract: Callable[[bytes, str | None], Article]
    notes: dict[str, str] = field(default_factory=dict)
    annotate: Callable[..., Any] | None = None
    resolve: Callable[..., Any] | None = None
    kb: Any = None
    code_article: Callable[..., Any] | None = None


def _trafilatura_extract(html: bytes, url: str | None) -> Article:
    """Stand-in for ``teller.extract.extract`` until that stage exists."""
    import trafilatura

    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    if doc is None or not getattr(doc, "text", None):
        raise InputError("no main text found", item=url)
    published = f"{doc.date}T00:00:00+00:00" if getattr(doc, "date", None) else None
    return Article(id=Article.make_id(doc.text, url), text=doc.text, url=url, title=doc.title,
                   published=published, language=getattr(doc, "language", None))


def _load_stages() -> _Stages:
    try:
        from teller.extract import extract
        from teller.ingest import RawDocument

        def _extract(html: bytes, url: str | None) -> Article:
            return extract(RawDocument(content=html, url=url, source=None, title=None, published=None,
                                       content_type="html", origin=url or ""))

        stages = _Stages(extract=_extract, notes={"extract": "teller.extract"})
    except ImportError as err:
        stages = _Stages(extract=_trafilatura_extract,
                         notes={"extract": f"trafilatura directly (teller.extract not importable: {err})"})
    try:
        from teller.timex import annotate

        stages.annotate, stages.notes["timex"] = annotate, "teller.timex"
    except ImportError as err:
        stages.notes["timex"] = f"skipped ({err})"
    try:
        from teller.actors import KnowledgeBase, resolve

        stages.kb, stages.resolve = KnowledgeBase.default(), resolve
        stages.notes["actors"] = "teller.actors"
    except ImportError as err:
        stages.notes["actors"] = f"skipped ({err}): no pronoun or office-holder checks"
    try:
        from teller.events import code_article

        stages.code_article, stages.notes["events"] = code_article, "teller.events"
    except ImportError as err:
        stages.notes["events"] = f"skipped ({err}): no headline status/date checks, no date_conflict"
    return stages


def _analyse(article: Article, doc: Any, st: _Stages, stage_errors: Counter[str]) -> tuple[list[Flag], list[Flag]]:
    """``(flags from events' date reconciliation, flags from verify.check)`` for one page.

    A stage that fails on the page is counted in ``stage_errors`` and the page goes on without
    its output, as the checks that do not need it can still run.
    """
    from teller import timex, verify
    from teller.extract.published import anchor_candidates, day_known, publication_time

    pt = publication_time(article)
    dct = day_known(pt)

    def stage(name: str, fn: Callable[[], Any], empty: Any) -> Any:
        try:
            return fn()
        except Exception as err:  # noqa: BLE001 — another stage's bug must not hide our flags
            stage_errors[f"{name}: {type(err).__name__}: {err}"[:160]] += 1
            return empty

    timexes = stage("timex", lambda: timex.annotate_among(article.text, anchor_candidates(pt), doc=doc),
                    []) if st.annotate else []
    mentions = stage("actors", lambda: st.resolve(doc, article, st.kb, when=pt.when.date() if pt.when else None),
                     []) if st.resolve else []
    events: list[Any] = []
    event_flags: list[Flag] = []
    if st.code_article is not None:
        coded = stage("events", lambda: st.code_article(doc, article, mentions, timexes, dct=dct), None)
        if coded is not None:
            events, event_flags = list(coded.events), list(coded.flags)
    own = verify.check(article, doc, mentions, timexes, events, kb=st.kb)
    kept = {id(f) for f in verify.merge(event_flags + own)}  # as the pipeline should: one flag per defect
    return [f for f in event_flags if id(f) in kept], [f for f in own if id(f) in kept]


def _describe(flag: Flag, text: str) -> str:
    ev = " | ".join(" ".join(sp.of(text).split())[:80] for sp in flag.evidence[:2])
    return f"{flag.severity} {flag.kind}: {flag.message}" + (f"  «{ev}»" if ev else "")


def evaluate_flags(directory: str | Path) -> dict[str, Any]:
    """Flag counts over a benchmark directory; contract keys ``pages``, ``flags_by_severity``,
    ``flags_by_kind``, plus ``warnings_by_kind``, ``warnings_by_source`` (events' date
    reconciliation vs ``verify.check``), ``warnings_per_20_pages``, ``stages`` (what ran),
    ``stage_errors`` (another stage failing on a page; the page continues without it),
    ``failed`` (pages that could not be read) and ``flags_by_page`` (each flag as one readable
    line, per page id)."""
    from teller.nlp import parse_many

    directory = Path(directory)
    gt_path = directory / "ground-truth.json"
    try:
        truth = json.loads(gt_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read {gt_path}: {err}") from err
    st = _load_stages()
    started = time.perf_counter()
    articles: list[tuple[str, Article]] = []
    failed: dict[str, str] = {}
    for path in sorted((directory / "html").glob("*.html.gz")):
        pid = path.name.split(".")[0]
        try:
            articles.append((pid, st.extract(gzip.decompress(path.read_bytes()), truth.get(pid, {}).get("url"))))
        except Exception as err:  # noqa: BLE001 — one bad page must not stop the count
            failed[pid] = f"extract: {err}"
    by_sev: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    warn_kind: Counter[str] = Counter()
    warn_source: Counter[str] = Counter()
    stage_errors: Counter[str] = Counter()
    per_page: dict[str, dict[str, str]] = {}
    for (pid, art), doc in zip(articles, parse_many(a.text for _, a in articles)):
        try:
            event_flags, own_flags = _analyse(art, doc, st, stage_errors)
        except Exception as err:  # noqa: BLE001
            log.exception("flags: page %s failed", pid)
            failed[pid] = f"analyse: {type(err).__name__}: {err}"
            continue
        flags = event_flags + own_flags
        for source, group in (("events (timex.reconcile)", event_flags), ("verify.check", own_flags)):
            for f in group:
                by_sev[f.severity] += 1
                by_kind[f.kind] += 1
                if f.severity != "info":
                    warn_kind[f.kind] += 1
                    warn_source[source] += 1
        if flags:
            per_page[pid] = {str(i): _describe(f, art.text) for i, f in enumerate(flags, 1)}
    pages = len(articles) - sum(1 for v in failed.values() if v.startswith("analyse"))
    alarms = by_sev["warning"] + by_sev["error"]
    return {
        "pages": pages,
        "flags_by_severity": {s: by_sev[s] for s in ("error", "warning", "info")},
        "flags_by_kind": dict(sorted(by_kind.items())),
        "warnings_by_kind": dict(sorted(warn_kind.items())),
        "warnings_by_source": dict(sorted(warn_source.items())),
        "warnings_per_20_pages": round(20 * alarms / pages, 3) if pages else 0.0,
        "stages": st.notes,
        "stage_errors": dict(stage_errors.most_common()),
        "failed": failed,
        "seconds": round(time.perf_counter() - started, 1),
        "flags_by_page": per_page,
    }
