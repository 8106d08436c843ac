"""Count the flags raised on professionally edited pages: a measure of false alarms.

Edited news pages (the article-extraction benchmark: ``html/<id>.html.gz`` + ``ground-truth.json``)
should raise almost no warnings, so every warning there is presumed a false alarm. Each page goes
through the real pipeline (``teller.Pipeline``): extraction, the shared spaCy parse, then
``timex``, ``actors``, ``events`` (``Pipeline.find``) and ``verify.check`` (``Pipeline.check``).
A page the pipeline fails on is listed in ``failed`` with its reason, never silently skipped.
``teller eval flags DIR [--json]`` prints the result.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

from teller.errors import DataError
from teller.ingest.document import RawDocument
from teller.pipeline import Pipeline
from teller.records import Article, Flag

log = logging.getLogger(__name__)


#: What each page goes through (``Pipeline.article``, ``Pipeline.find``, ``Pipeline.check``),
#: reported under ``stages`` so the figures say what they cover.
STAGES = {"extract": "teller.extract", "timex": "teller.timex", "actors": "teller.actors", "events": "teller.events"}


def _flags(pipe: Pipeline, article: Article, doc: Any) -> tuple[list[Flag], list[Flag]]:
    """``(flags from events' date reconciliation, flags from verify.check)`` for one page, one
    flag per defect (``verify.merge``)."""
    from teller import verify

    found = pipe.find(article, doc)
    event_flags = list(found.coded.flags)
    own = pipe.check(doc, found)
    kept = {id(f) for f in verify.merge(event_flags + own)}
    return [f for f in event_flags if id(f) in kept], [f for f in own if id(f) in kept]


def _describe(flag: Flag, text: str) -> str:
    ev = " | ".join(" ".join(sp.of(text).split())[:80] for sp in flag.evidence[:2])
    return f"{flag.severity} {flag.kind}: {flag.message}" + (f"  «{ev}»" if ev else "")


def evaluate_flags(directory: str | Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Flag counts over a benchmark directory; contract keys ``pages``, ``flags_by_severity``,
    ``flags_by_kind``, plus ``warnings_by_kind``, ``warnings_by_source`` (events' date
    reconciliation vs ``verify.check``), ``warnings_per_20_pages``, ``stages`` (what ran),
    ``stage_errors`` (why the pipeline failed on pages, with counts; those pages are in
    ``failed``), ``failed`` (pages that could not be read or analysed) and ``flags_by_page``
    (each flag as one readable line, per page id)."""
    pipe = pipeline or Pipeline()
    directory = Path(directory)
    gt_path = directory / "ground-truth.json"
    try:
        truth = json.loads(gt_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read {gt_path}: {err}") from err
    started = time.perf_counter()
    articles: list[tuple[str, Article]] = []
    failed: dict[str, str] = {}
    for path in sorted((directory / "html").glob("*.html.gz")):
        pid = path.name.split(".")[0]
        try:
            raw = RawDocument(content=gzip.decompress(path.read_bytes()), url=truth.get(pid, {}).get("url"),
                              content_type="html", origin=str(path))
            articles.append((pid, pipe.article(raw)))
        except Exception as err:
            failed[pid] = f"extract: {err}"
    by_sev: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    warn_kind: Counter[str] = Counter()
    warn_source: Counter[str] = Counter()
    stage_errors: Counter[str] = Counter()
    per_page: dict[str, dict[str, str]] = {}
    for (pid, art), doc in zip(articles, pipe.nlp.pipe((a.text for _, a in articles), batch_size=32), strict=True):
        try:
            event_flags, own_flags = _flags(pipe, art, doc)
        except Exception as err:
            log.exception("flags: page %s failed", pid)
            failed[pid] = f"analyse: {type(err).__name__}: {err}"
            stage_errors[f"{type(err).__name__}: {err}"[:160]] += 1
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
        "stages": dict(STAGES),
        "stage_errors": dict(stage_errors.most_common()),
        "failed": failed,
        "seconds": round(time.perf_counter() - started, 1),
        "flags_by_page": per_page,
    }
