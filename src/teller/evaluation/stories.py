"""``teller eval stories GOLD.jsonl``: how well articles cluster into stories and reports merge.

The gold format is documented in docs/stories.md. In short, one JSON object per line, either an
article (``url``, ``story``, ``events``: the events it reports, each with a gold ``id``, and
optionally ``copy_of``: the url of the article it copies) or a confusable pair
(``{"confusable": [gold_id, gold_id], "why": ...}``). Article texts come from the same line
(``text``, ``title``, ``published``, ``source``) or from ``articles.jsonl`` beside the gold file.

Two runs are scored:

* ``pipeline``: the real pipeline (``teller.Pipeline.process``) codes each article, then
  ``StoryIndex`` merges. A gold report (article, gold event) is aligned to the system event of the
  same article with the same type whose participants match best; a gold report the coder missed
  is its own singleton cluster (it costs recall), a system event matching no gold report is
  counted as ``spurious`` but not scored.
* ``gold_events``: the gold events themselves, built as Event records with the dates each article
  gives, go through the same ``StoryIndex``: the merging stage on its own, free of coding errors.

The top-level ``articles``/``events`` keys hold the pipeline run, ``gold_events`` the second
(``input`` says what the top level holds). A pipeline that cannot run is an error, not a
quiet fall-back to the gold events; ``evaluate_stories(..., gold_only=True)`` asks for the
gold-events run alone.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teller.errors import DataError, TellerError
from teller.pipeline import Pipeline
from teller.records import Actor, Analysis, Article, Event, Place, Span, TimeValue, content_id
from teller.stories import metrics
from teller.stories.codec import parse_instant, time_interval
from teller.stories.index import StoryIndex
from teller.stories.merge import is_fallback

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase

_PART = {"MO": (6, 12), "MI": (11, 13), "AF": (12, 18), "EV": (18, 24), "NI": (21, 30), "DT": (8, 18)}
_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(MO|MI|AF|EV|NI|DT))?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


# --- reading the gold file ---------------------------------------------------------------------

def load_gold(gold: Path, articles: Path | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(article lines with their texts, confusable pairs)."""
    rows = _read_jsonl(gold)
    items = [r for r in rows if "url" in r]
    pairs = [r for r in rows if "confusable" in r]
    if not items:
        raise DataError("gold file has no article lines (objects with a 'url')", item=str(gold))
    if any("text" not in r for r in items):
        path = articles or gold.parent / "articles.jsonl"
        if not path.exists():
            raise DataError(f"gold lines carry no text and {path.name} is missing", item=str(gold))
        texts = {r["url"]: r for r in _read_jsonl(path)}
        for r in items:
            if "text" not in r:
                if r["url"] not in texts:
                    raise DataError(f"no article with url {r['url']} in {path.name}", item=str(gold))
                r.update({k: v for k, v in texts[r["url"]].items() if k not in r})
    return items, pairs


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise DataError(f"line {n}: not JSON ({err.msg})", item=str(path)) from err
    return out


def to_article(row: dict[str, Any]) -> Article:
    return Article(id=Article.make_id(row["text"], row["url"]), text=row["text"], url=row["url"],
                   source=row.get("source"), title=row.get("title"), published=row.get("published"),
                   published_tz_known=bool(row.get("published")))


# --- gold events as records --------------------------------------------------------------------

def gold_actor(spec: str) -> Actor:
    """``Name|CCC`` a person of country CCC, ``CCC`` a state, ``Name|CCC|kind`` or ``Name||kind``."""
    parts = spec.split("|")
    if len(parts) == 1 and re.fullmatch(r"[A-Z]{3}", spec):
        return Actor(id=spec, name=spec, kind="state", country=spec)
    name, country = parts[0], (parts[1] if len(parts) > 1 and parts[1] else None)
    kind = parts[2] if len(parts) > 2 else "person"
    return Actor(id="gold_" + re.sub(r"\W+", "_", name.casefold()).strip("_"), name=name, kind=kind, country=country)


def gold_date(value: str | None, tz: timezone) -> TimeValue | None:
    """A TimeValue for a gold date (day, day + part of day, or ISO week) in the zone ``tz``."""
    if not value:
        return None
    m = _VALUE.match(value)
    if m:
        d = date.fromisoformat(m[1])
        lo, hi = _PART.get(m[2], (0, 24)) if m[2] else (0, 24)
        start = datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(hours=lo)
        end = datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(hours=hi)
        gran = "part_of_day" if m[2] else "day"
    elif w := _WEEK.match(value):
        start = datetime.fromisocalendar(int(w[1]), int(w[2]), 1).replace(tzinfo=tz)
        end, gran = start + timedelta(days=7), "week"
    else:
        raise DataError(f"gold date {value!r} is not YYYY-MM-DD[TMO|AF|EV|NI] or YYYY-Www")
    return TimeValue(value=value, type="TIME" if gran == "part_of_day" else "DATE", text=value,
                     evidence=[], start=start.isoformat(), end=end.isoformat(), granularity=gran,
                     tz=start.strftime("%z"))


def _zone(spec: str | None, published: str | None) -> timezone:
    if spec:
        sign = -1 if spec.startswith("-") else 1
        h, m = spec.lstrip("+-").split(":")
        return timezone(sign * timedelta(hours=int(h), minutes=int(m)))
    dt = parse_instant(published)
    return dt.tzinfo if dt and isinstance(dt.tzinfo, timezone) else UTC


def gold_analysis(row: dict[str, Any]) -> Analysis:
    """The article with its gold events as Event records (what a perfect coder would give)."""
    art = to_article(row)
    events = []
    for g in row.get("events", []):
        actors = [gold_actor(s) for s in g.get("actor", [])]
        recipients = [gold_actor(s) for s in g.get("recipient", [])]
        when = gold_date(g.get("date"), _zone(g.get("tz"), art.published))
        place = None
        if g.get("place"):
            name, _, country = g["place"].partition("|")
            place = Place(name=name, country=country or None)
        status = g.get("status", "happened")
        events.append(Event(
            id=content_id("evt", art.id, g["event"], [a.id for a in actors], [a.id for a in recipients],
                          status, when.value if when else None, g.get("place")),
            event=g["event"], actor=actors, recipient=recipients, status=status,
            evidence=[Span(0, min(len(art.text), 40))], confidence=1.0, mode=g.get("mode"), date=when,
            date_reason="gold", event_loc=place, article_ids=[art.id]))
    return Analysis(article=art, events=events)


# --- alignment of system events to gold reports ------------------------------------------------

def _tokens(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.casefold()))


def _match(spec: str, actor: Actor) -> int:
    """2: the gold participant itself (name, or the state); 1: only its country; 0: neither."""
    g = gold_actor(spec)
    if g.kind == "state":
        return 2 if actor.country == g.country or actor.id == g.country else 0
    names = _tokens(actor.name) | {t for a in actor.aliases for t in _tokens(a)}
    surname = max(sorted(_tokens(g.name)), key=len, default="")
    if surname and surname in names:
        return 2
    return 1 if g.country is not None and actor.country == g.country else 0


def _participant_score(g: dict[str, Any], ev: Event) -> int:
    actors = [*ev.actor, *ev.recipient]
    return sum(max((_match(s, a) for a in actors), default=0)
               for s in (*g.get("actor", []), *g.get("recipient", [])))


def _date_agrees(g: dict[str, Any], ev: Event, published: str | None) -> bool:
    if is_fallback(ev):
        return False
    gold_iv = time_interval(gold_date(g.get("date"), _zone(g.get("tz"), published)))
    sys_iv = time_interval(ev.date)
    return bool(gold_iv and sys_iv and gold_iv[0] < sys_iv[1] and sys_iv[0] < gold_iv[1])


def _place_agrees(g: dict[str, Any], ev: Event) -> bool:
    name = (g.get("place") or "").partition("|")[0].casefold()
    return bool(name and ev.event_loc and ev.event_loc.name and ev.event_loc.name.casefold() == name)


def align(row: dict[str, Any], events: list[Event]) -> dict[str, str]:
    """Gold event id -> system event id for one article.

    Greedy, best first: same type required; then same place name, most matching participants,
    same status, overlapping dates (a publication-date fallback never agrees) (so two reports of
    the same pair in one article, such as two meetings on different days, each find their own).
    """
    cands = []
    for g in row.get("events", []):
        for ev in events:
            if ev.event != g["event"]:
                continue
            s = _participant_score(g, ev)
            if s > 0:
                cands.append((-_place_agrees(g, ev), -s, -(ev.status == g.get("status", "happened")),
                              -_date_agrees(g, ev, row.get("published")), g["id"], ev.id))
    cands.sort()
    out: dict[str, str] = {}
    used: set[str] = set()
    for *_, gid, eid in cands:
        if gid not in out and eid not in used:
            out[gid] = eid
            used.add(eid)
    return out


# --- scoring ------------------------------------------------------------------------------------

def score_run(rows: list[dict[str, Any]], analyses: list[Analysis], pairs: list[dict[str, Any]], *,
              kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Both measures of one run; ``kb``: the knowledge base the story index reads country
    names from (the shipped one if None)."""
    idx = StoryIndex(kb=kb)
    for a in analyses:
        idx.add(a)
    story_of = {aid: s.id for s in idx.stories() for aid in s.article_ids}
    canon = idx.event_map()
    gold_story, sys_story = {}, {}
    gold_event, sys_event = {}, {}
    matched = spurious = 0
    for row, an in zip(rows, analyses, strict=True):
        aid = an.article.id
        gold_story[aid], sys_story[aid] = row["story"], story_of[aid]
        link = align(row, an.events)
        matched += len(link)
        spurious += len(an.events) - len(link)
        for g in row.get("events", []):
            item = (aid, g["id"])
            gold_event[item] = g["id"]
            sys_event[item] = canon.get(link[g["id"]], link[g["id"]]) if g["id"] in link else ("missed",) + item
    aligned = [i for i in gold_event if not (isinstance(sys_event[i], tuple) and sys_event[i][0] == "missed")]
    result: dict[str, Any] = {
        "articles": metrics.scores(sys_story, gold_story),
        "events": metrics.scores(sys_event, gold_event),
        # merging alone: only the gold reports the coder produced an event for
        "events_aligned": metrics.scores({i: sys_event[i] for i in aligned}, {i: gold_event[i] for i in aligned}),
        "counts": {"articles": len(rows), "stories_gold": len(set(gold_story.values())),
                   "stories_system": len(set(sys_story.values())), "gold_events": len(set(gold_event.values())),
                   "gold_reports": len(gold_event), "aligned_reports": matched, "spurious_events": spurious,
                   "canonical_events": len(idx.canonical_events())},
    }
    result["confusable"] = _confusable(pairs, gold_event, sys_event)
    result["duplicates"] = _duplicates(rows, analyses, idx.duplicates())
    return result


def _confusable(pairs: list[dict[str, Any]], gold: dict[Any, str], system: dict[Any, Any]) -> dict[str, Any]:
    """Confusable gold pairs whose reports the system put into one event."""
    clusters_of: dict[str, set[Any]] = {}
    for item, gid in gold.items():
        clusters_of.setdefault(gid, set()).add(system[item])
    merged = [p["confusable"] for p in pairs
              if clusters_of.get(p["confusable"][0], set()) & clusters_of.get(p["confusable"][1], set())]
    return {"pairs": len(pairs), "merged": len(merged), "merged_pairs": merged}


def _duplicates(rows: list[dict[str, Any]], analyses: list[Analysis], found: dict[str, str]) -> dict[str, Any]:
    by_url = {r["url"]: a.article.id for r, a in zip(rows, analyses, strict=True)}
    gold = {by_url[r["url"]]: by_url[r["copy_of"]] for r in rows if r.get("copy_of") in by_url}
    hit = sum(1 for k, v in found.items() if gold.get(k) == v)
    return {"gold": len(gold), "found": len(found), "correct": hit,
            "precision": round(hit / len(found), 4) if found else 1.0,
            "recall": round(hit / len(gold), 4) if gold else 1.0}


def _pipeline_analyses(rows: list[dict[str, Any]], pipe: Pipeline) -> list[Analysis]:
    """Analyses from the real pipeline; an article the pipeline refuses (a ``TellerError``: no
    text, an unreadable date) counts as coded with no events (its reports are missed). Any
    other failure stops the evaluation: figures without the pipeline would not measure it."""
    out = []
    for r in rows:
        article = to_article(r)
        try:
            out.append(pipe.process(article))
        except TellerError:
            out.append(Analysis(article=article))
        except Exception as err:
            raise RuntimeError(f"the pipeline failed on {r['url']}: {type(err).__name__}: {err}") from err
    return out


def evaluate_stories(gold: Path, *, articles: Path | None = None, pipeline: Pipeline | None = None,
                     gold_only: bool = False) -> dict[str, Any]:
    """Score story clusters and event merges against a gold file (see module docstring).

    Both runs are measured: the pipeline's at the top level, the gold events' under
    ``gold_events``; ``gold_only`` measures the second alone (no spaCy needed)."""
    rows, pairs = load_gold(Path(gold), articles)
    pipe = pipeline or Pipeline()  # loads nothing until used: the gold-only run needs no spaCy
    oracle = score_run(rows, [gold_analysis(r) for r in rows], pairs, kb=pipe.kb)
    if gold_only:
        return {"input": "gold events", **oracle, "gold_events": oracle}
    produced = _pipeline_analyses(rows, pipe)
    return {"input": "pipeline", **score_run(rows, produced, pairs, kb=pipe.kb), "gold_events": oracle}
