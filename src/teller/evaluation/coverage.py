"""How many event participants get a country and a CAMEO code, over a folder of pages.

The folder is read the way ``teller eval flags`` reads it (the article-extraction benchmark:
``html/<id>.html.gz``), each English page goes through the real pipeline (``Pipeline.article``
and ``Pipeline.find``), and every actor and recipient of every event is counted.
``learnt_people`` counts person mentions the knowledge base did not know (learnt from the
text), ``known_people`` those it did. ``teller eval coverage DIR --json`` prints it.
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import Any

from teller.errors import DataError
from teller.ingest.document import RawDocument
from teller.pipeline import Pipeline


def _pages(directory: Path) -> list[Path]:
    pages = sorted((directory / "html").glob("*.html.gz")) or sorted(directory.glob("*.html.gz"))
    if not pages:
        raise DataError(f"no *.html.gz pages under {directory} (or its html/ folder)")
    return pages


def evaluate_coverage(directory: str | Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Participant coverage over the English pages of ``directory``."""
    pipe = pipeline or Pipeline()
    directory = Path(directory)
    started = time.perf_counter()
    articles = []
    failed: dict[str, str] = {}
    for path in _pages(directory):
        try:
            raw = RawDocument(content=gzip.decompress(path.read_bytes()), url=None, content_type="html",
                              origin=str(path))
            art = pipe.article(raw)
        except Exception as err:  # noqa: BLE001 — one bad page must not stop the count
            failed[path.name] = f"extract: {err}"
            continue
        if (art.language or "en").lower().startswith("en"):
            articles.append(art)
    events = participants = with_country = with_cameo = learnt = known = 0
    for art, doc in zip(articles, pipe.nlp.pipe((a.text for a in articles), batch_size=32), strict=True):
        found = pipe.find(art, doc)
        for m in found.mentions:
            if m.actor is not None and m.actor.kind == "person" and m.kind not in ("pronoun", "group"):
                if m.kind == "learnt":
                    learnt += 1
                elif m.actor.id.startswith("person:"):
                    known += 1
        for ev in found.events:
            events += 1
            for a in [*ev.actor, *ev.recipient]:
                participants += 1
                with_country += a.country is not None
                with_cameo += bool(a.cameo)
    return {
        "articles": len(articles),
        "events": events,
        "participants": participants,
        "with_country": with_country,
        "with_cameo": with_cameo,
        "with_country_share": round(with_country / participants, 4) if participants else 0.0,
        "with_cameo_share": round(with_cameo / participants, 4) if participants else 0.0,
        "learnt_people": learnt,
        "known_people": known,
        "failed": failed,
        "seconds": round(time.perf_counter() - started, 1),
    }
