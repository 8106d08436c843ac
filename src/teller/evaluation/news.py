"""``teller eval news DIR``: the product measured on real news with verified gold facts.

``DIR`` is a news-dev style folder (``articles.jsonl``, ``gold.jsonl``, ``confusable.jsonl``,
``texts/<article_id>.txt``; the format is documented in that folder's README and in
docs/evaluation.md). Two runs are scored:

* **Per article**, as ``teller process`` would: each text with its url, outlet (as source), page
  title (only where the page shows one) and publication time (only where the page shows one that
  ISO 8601 can state; a month alone is not passed).
* **Batch**, as ``teller run`` would: all articles as one JSON Lines input into a fresh SQLite
  database, story merging included; every gold report is scored against the *merged* event its
  article's event joined, so the date scored is the one a user sees.

Matching a system event to a gold line: the type is the gold type or one of its alternatives,
the status agrees (teller's ``denied`` is the gold ``negated``), and every gold party country is
among the system event's actor and recipient countries (a party without a country: the last word
of its name, without any parenthesis, is a word of the system party names, aliases included).
Lines are matched one-to-one, the article's primary line first, then the others in text order,
each to the unmatched fitting event with the gold sides the right way round, else to any, whose
evidence lies nearest to the gold evidence.

Measures (the key names are a contract): primary and all-events recall; precision (system events
that match a gold line over all system events: gold lists only clearly stated events, so this is
a floor); exact-day date accuracy over matched ``happened`` lines with a gold date (the system
day is the day of the event's interval in its own zone and must be the gold date or one of its
alternatives; an interval longer than a day is not a day) next to the publication-day baseline on
the same lines; actor and recipient country accuracy (the gold role's country among the system
role's countries, over lines whose gold role has a country); names accuracy (per matched event:
every gold party's last name word among the system party names); mode accuracy (over lines with
a gold mode); all of it by type and by language.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from teller.errors import DataError
from teller.pipeline import Pipeline
from teller.records import PLOVER_TYPES, Event
from teller.stories import metrics

LANGUAGES = ("en", "ja", "all")


# --- the data set ----------------------------------------------------------------------------

@dataclass(slots=True)
class NewsArticle:
    id: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None  # as the page shows it, only when ISO 8601 can state it
    language: str
    text: str


@dataclass(slots=True)
class GoldLine:
    article_id: str
    event_id: str
    primary: bool
    types: tuple[str, ...]  # the gold type first, then its alternatives
    status: str
    mode: str | None
    actor: dict[str, Any]
    recipient: dict[str, Any] | None
    date: str | None
    date_alternatives: tuple[str, ...]
    evidence: str
    offset: int = -1  # where the evidence stands in the analysed text (-1: not found)

    @property
    def parties(self) -> list[dict[str, Any]]:
        return [p for p in (self.actor, self.recipient) if p]


@dataclass(slots=True)
class Match:
    line: GoldLine
    event: Event | None
    system_day: date | None = None


@dataclass
class Scores:
    """Running counts; ``as_dict`` turns them into the contract's figures."""

    articles: int = 0
    system_events: int = 0
    matched_events: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_language: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)


def load(path: Path, lang: str = "en") -> tuple[list[NewsArticle], list[GoldLine], list[tuple[str, str]]]:
    """(articles, gold lines, confusable pairs) of ``lang`` (``all`` for every language)."""
    if lang not in LANGUAGES:
        raise DataError(f"unknown language {lang!r} (use one of {', '.join(LANGUAGES)})")
    for name in ("articles.jsonl", "gold.jsonl", "texts"):
        if not (path / name).exists():
            raise DataError(f"{name} is missing: not a news-dev style folder", item=str(path))
    articles = []
    for row in _jsonl(path / "articles.jsonl"):
        if lang != "all" and row.get("language") != lang:
            continue
        text_path = path / "texts" / f"{row['article_id']}.txt"
        if not text_path.exists():
            raise DataError(f"texts/{text_path.name} is missing", item=str(path))
        articles.append(NewsArticle(
            id=row["article_id"], url=row.get("url"), outlet=row.get("outlet"),
            title=row.get("title") if row.get("title_basis") == "page" else None,
            published=_stated_time(row.get("published")), language=row.get("language") or "en",
            text=text_path.read_text(encoding="utf-8")))
    keep = {a.id for a in articles}
    lines = [GoldLine(
        article_id=r["article_id"], event_id=r["event_id"], primary=bool(r.get("primary")),
        types=(r["plover_type"], *r.get("plover_type_alternatives", [])), status=r["status"],
        mode=r.get("mode"), actor=r["actor"], recipient=r.get("recipient"), date=r.get("date"),
        date_alternatives=tuple(r.get("date_alternatives") or ()), evidence=r["evidence"])
        for r in _jsonl(path / "gold.jsonl") if r["article_id"] in keep]
    pairs: list[tuple[str, str]] = []
    if (path / "confusable.jsonl").exists():
        pairs = [(r["events"][0], r["events"][1]) for r in _jsonl(path / "confusable.jsonl")]
    return articles, lines, pairs


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise DataError(f"line {n}: not JSON ({err.msg})", item=str(path)) from err


def _stated_time(value: str | None) -> str | None:
    """The page's publication time when ISO 8601 can state it (a month alone cannot)."""
    from teller.ingest.dates import to_iso

    return to_iso(value) if value and re.match(r"^\d{4}-\d{2}-\d{2}", value) else None


def raw_document(article: NewsArticle):  # -> RawDocument (import kept lazy)
    from teller.ingest import RawDocument

    return RawDocument(content=article.text, url=article.url, source=article.outlet, title=article.title,
                       published=article.published, content_type="text", origin=article.id)


# --- matching --------------------------------------------------------------------------------

def _last_word(name: str) -> str:
    words = re.findall(r"\w+", re.sub(r"\([^)]*\)", " ", name))
    return words[-1].casefold() if words else ""


def _words(actors: Sequence[Any]) -> set[str]:
    """The words of the parties' names: each name and the other names the knowledge base gives
    the same party ("IMF" for the International Monetary Fund)."""
    return {w.casefold() for a in actors for name in (a.name or "", *(a.aliases or ()))
            for w in re.findall(r"\w+", name)}


def _status(event: Event) -> str:
    return "negated" if event.status == "denied" else event.status


def fits(line: GoldLine, event: Event) -> bool:
    """The matching rule of the module docstring."""
    if event.event not in line.types or _status(event) != line.status:
        return False
    countries = {a.country for a in (*event.actor, *event.recipient) if a.country}
    names = _words([*event.actor, *event.recipient])
    for party in line.parties:
        if party.get("country"):
            if party["country"] not in countries:
                return False
        elif _last_word(party.get("name") or "") not in names:
            return False
    return True


def _same_direction(line: GoldLine, event: Event) -> bool:
    """Whether the gold actor's country is among the system actors' (True when it has none)."""
    country = line.actor.get("country") if line.actor else None
    return not country or country in {a.country for a in event.actor}


def locate(lines: list[GoldLine], text: str) -> None:
    """Set each line's ``offset``: where its evidence stands in ``text`` (spaces folded)."""
    folded, index = _fold(text)
    for line in lines:
        at = text.find(line.evidence)
        if at < 0:
            want = " ".join(line.evidence.split())
            k = folded.find(want)
            at = index[k] if k >= 0 else -1
        line.offset = at


def _fold(text: str) -> tuple[str, list[int]]:
    out, index, space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                index.append(i)
            space = True
        else:
            out.append(ch)
            index.append(i)
            space = False
    return "".join(out), index


def match(lines: list[GoldLine], events: Sequence[Event]) -> list[Match]:
    """One-to-one: primary first, then text order; each to the nearest fitting unmatched event."""
    order = sorted(lines, key=lambda g: (not g.primary, g.offset if g.offset >= 0 else 10**9))
    taken: set[int] = set()
    out = []
    for line in order:
        best, best_d = None, None
        for i, ev in enumerate(events):
            if i in taken or not fits(line, ev):
                continue
            at = min((s.start for s in ev.evidence), default=0)
            # among fitting events, one with the gold sides the right way round first: a
            # direction-blind pick would hand "A threatens B" the line of "B threatens A"
            d = (not _same_direction(line, ev), abs(at - line.offset) if line.offset >= 0 else at)
            if best_d is None or d < best_d:
                best, best_d = i, d
        if best is not None:
            taken.add(best)
        out.append(Match(line, events[best] if best is not None else None))
    return out


def event_day(event: Event | None) -> date | None:
    """The day of the event's interval in its own zone, or ``None`` when it is not one day."""
    tv = event.date if event else None
    if tv is None:
        return None
    if not tv.start:  # a value without an interval (the publication-day fallback): its day, if any
        m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|T)", tv.value or "")
        return date.fromisoformat(m[1]) if m else None
    try:
        start = datetime.fromisoformat(tv.start)
        end = datetime.fromisoformat(tv.end) if tv.end else start
    except ValueError:
        return None
    if end - start > timedelta(days=1) or (end > start and (end - timedelta(microseconds=1)).date() != start.date()):
        return None
    return start.date()


def _gold_days(line: GoldLine) -> set[str]:
    return {d for d in (line.date, *line.date_alternatives) if d}


def _publication_day(article: NewsArticle) -> str | None:
    return article.published[:10] if article.published else None


# --- scoring ---------------------------------------------------------------------------------

def _score_article(scores: Scores, article: NewsArticle, lines: list[GoldLine], events: Sequence[Event],
                   *, verbose: bool, text: str) -> list[Match]:
    matches = match(lines, events)
    scores.articles += 1
    scores.system_events += len(events)
    c, lang = scores.counts, scores.by_language[article.language]
    lang["articles"] += 1
    for m in matches:
        line, ev = m.line, m.event
        t = scores.by_type[line.types[0]]
        found = ev is not None
        for key in (["primary"] if line.primary else []) + ["events"]:
            c[f"{key}_gold"] += 1
            c[f"{key}_found"] += found
            lang[f"{key}_gold"] += 1
            lang[f"{key}_found"] += found
            t[f"{key}_gold"] += 1
            t[f"{key}_found"] += found
        if ev is None:
            if verbose:
                scores.misses.append(_miss("event", article, line, events, text))
            continue
        scores.matched_events += 1
        if line.status == "happened" and line.date and "W" not in line.date:
            m.system_day = event_day(ev)
            ok = m.system_day is not None and m.system_day.isoformat() in _gold_days(line)
            c["date_scored"] += 1
            c["date_exact"] += ok
            c["date_baseline"] += _publication_day(article) in _gold_days(line)
            if verbose and not ok:
                scores.misses.append(_miss("date", article, line, [ev], text, day=m.system_day))
        for role, system in (("actor", ev.actor), ("recipient", ev.recipient)):
            party = getattr(line, role)
            if party and party.get("country"):
                c[f"{role}_scored"] += 1
                c[f"{role}_right"] += party["country"] in {a.country for a in system}
        names = _words([*ev.actor, *ev.recipient])
        c["names_scored"] += 1
        names_ok = all(_last_word(p.get("name") or "") in names for p in line.parties)
        c["names_right"] += names_ok
        if verbose and not names_ok:
            scores.misses.append(_miss("names", article, line, [ev], text))
        if line.mode:
            c["mode_scored"] += 1
            c["mode_right"] += ev.mode == line.mode
    if verbose:  # what lowers precision: system events no gold line took
        taken = {id(m.event) for m in matches if m.event is not None}
        for ev in events:
            if id(ev) not in taken:
                scores.misses.append(_extra(article, ev, text))
    return matches


def _extra(article: NewsArticle, ev: Event, text: str) -> dict[str, Any]:
    """A system event that matches no gold line, with the sentence it was read from."""
    span = ev.evidence[0] if ev.evidence else None
    sentence = ""
    if span is not None:
        start = max(text.rfind(". ", 0, span.start) + 2, text.rfind("\n", 0, span.start) + 1, 0)
        ends = [i for i in (text.find(". ", span.end), text.find("\n", span.end)) if i >= 0]
        sentence = text[start:min(ends) + 1 if ends else len(text)].strip()
    return {"kind": "extra", "article": article.id, "event_id": None, "primary": False, "gold": None,
            "evidence": sentence, "published": article.published, "system": [_describe(ev)]}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _recall(counter: Counter[str], key: str) -> dict[str, Any]:
    return {"gold": counter[f"{key}_gold"], "found": counter[f"{key}_found"],
            "recall": _ratio(counter[f"{key}_found"], counter[f"{key}_gold"])}


def summary(scores: Scores) -> dict[str, Any]:
    c = scores.counts
    return {
        "articles": scores.articles,
        "primary": _recall(c, "primary"),
        "events": _recall(c, "events"),
        "precision": _ratio(scores.matched_events, scores.system_events),
        "system_events": scores.system_events,
        "date": {"scored": c["date_scored"], "exact_day": _ratio(c["date_exact"], c["date_scored"]),
                 "publication_baseline": _ratio(c["date_baseline"], c["date_scored"])},
        "actor_accuracy": _ratio(c["actor_right"], c["actor_scored"]),
        "recipient_accuracy": _ratio(c["recipient_right"], c["recipient_scored"]),
        "names_accuracy": _ratio(c["names_right"], c["names_scored"]),
        "mode_accuracy": _ratio(c["mode_right"], c["mode_scored"]),
        "by_type": {t: {"primary": _recall(v, "primary"), "events": _recall(v, "events")}
                    for t, v in sorted(scores.by_type.items(), key=lambda kv: PLOVER_TYPES.index(kv[0])
                                       if kv[0] in PLOVER_TYPES else 99)},
        "by_language": {lang: {"articles": v["articles"], "primary": _recall(v, "primary"),
                               "events": _recall(v, "events")} for lang, v in sorted(scores.by_language.items())},
    }


def _describe(ev: Event) -> str:
    def names(actors: Sequence[Any]) -> str:
        return "+".join(f"{a.name}[{a.country or '-'}]" for a in actors) or "-"

    day = event_day(ev)
    when = day.isoformat() if day else (ev.date.value if ev.date else "no date")
    return f"{ev.event}/{ev.status} {names(ev.actor)} -> {names(ev.recipient)} on {when} ({ev.date_reason or '-'})"


def _miss(kind: str, article: NewsArticle, line: GoldLine, events: Sequence[Event], text: str,
          day: date | None = None) -> dict[str, Any]:
    def party(p: dict[str, Any] | None) -> str:
        return f"{p['name']}[{p.get('country') or '-'}]" if p else "-"

    return {"kind": kind, "article": article.id, "event_id": line.event_id, "primary": line.primary,
            "gold": f"{'/'.join(line.types)} {line.status} {party(line.actor)} -> {party(line.recipient)}"
                    f" on {line.date or '-'}",
            "evidence": line.evidence, "published": article.published,
            "system": [_describe(e) for e in events]}


# --- the two runs ----------------------------------------------------------------------------

def _per_article(articles: list[NewsArticle], lines: list[GoldLine], *, verbose: bool, pipeline: Any) -> Scores:
    from teller.extract import extract

    by_article: dict[str, list[GoldLine]] = defaultdict(list)
    for line in lines:
        by_article[line.article_id].append(line)
    scores = Scores()
    for article in articles:
        analysis = pipeline(extract(raw_document(article)))
        own = by_article[article.id]
        locate(own, analysis.article.text)
        _score_article(scores, article, own, analysis.events, verbose=verbose, text=analysis.article.text)
    return scores


def _batch(articles: list[NewsArticle], lines: list[GoldLine], pairs: list[tuple[str, str]],
           pipe: Pipeline, *, verbose: bool = False) -> dict[str, Any]:
    """All articles through ``teller run`` (``Pipeline.run``) into a fresh database; scored on
    the merged events. With ``verbose``, the batch's date misses (the merged event's day) are
    listed under ``misses`` as kind ``batch date``."""
    from teller.store import Store
    from teller.stories import StoryIndex

    by_article: dict[str, list[GoldLine]] = defaultdict(list)
    for line in lines:
        by_article[line.article_id].append(line)
    with tempfile.TemporaryDirectory(prefix="teller-news-") as tmp:
        feed = Path(tmp) / "articles.jsonl"
        with open(feed, "w", encoding="utf-8") as f:
            for a in articles:
                row = {"url": a.url or f"urn:news-dev:{a.id}", "title": a.title, "text": a.text,
                       "published": a.published, "source": a.outlet}
                f.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False) + "\n")
        db = f"sqlite:///{Path(tmp) / 'news.db'}"
        stats = pipe.run([str(feed)], db, progress=False)
        if stats.errors:
            raise DataError(f"the batch run failed on {len(stats.errors)} articles: {stats.errors[0]}")
        store = Store(db)
        try:
            ids = {a.url: a.id for a in store.articles(limit=len(articles) + 10)}
            state = store.story_state()
            index = StoryIndex.from_state(state, kb=pipe.kb) if state else StoryIndex(kb=pipe.kb)
            story_of = {aid: s.id for s in index.stories() for aid in s.article_ids}
            scores = Scores()
            canon_of: dict[tuple[str, int], str] = {}
            cache: dict[str, Event | None] = {}
            art_label: dict[str, str] = {}
            for a in articles:
                aid = ids.get(a.url or f"urn:news-dev:{a.id}")
                analysis = store.analysis(aid) if aid else None
                if aid is None or analysis is None:
                    raise DataError(f"article {a.id} was not stored by the batch run")
                own = by_article[a.id]
                locate(own, analysis.article.text)
                merged = []
                for ev in analysis.events:
                    cid = index.canonical_id(ev.id) or ev.id
                    if cid not in cache:
                        cache[cid] = store.event(cid)
                    canon = cache[cid]
                    # the merged event, located by this article's own evidence (the canonical
                    # event's spans are offsets into every report's text, not this one's)
                    merged.append(replace(canon, evidence=ev.evidence) if canon is not None else ev)
                found = _score_article(scores, a, own, merged, verbose=verbose, text=analysis.article.text)
                position = {id(line): i for i, line in enumerate(own)}
                for m in found:
                    if m.event is not None:
                        canon_of[(a.id, position[id(m.line)])] = m.event.id
                art_label[a.id] = story_of.get(aid, aid)
        finally:
            store.close()
    gold_event = {(aid, i): g.event_id for aid, own in by_article.items() for i, g in enumerate(own)}
    system_event = {k: canon_of.get(k, f"missed:{k[0]}:{k[1]}") for k in gold_event}
    gold_story = {g.article_id: g.event_id for g in lines if g.primary}
    merged_pairs = 0
    scored_pairs = 0
    by_event: dict[str, set[str]] = defaultdict(set)
    for k, cid in canon_of.items():
        by_event[gold_event[k]].add(cid)
    for x, y in pairs:
        if x in by_event and y in by_event:
            scored_pairs += 1
            merged_pairs += bool(by_event[x] & by_event[y])
    s = summary(scores)
    misses = [{**m, "kind": "batch date"} for m in scores.misses if m["kind"] == "date"]
    return {"date": s["date"], "primary": s["primary"], "events_found": s["events"],
            "events": {"bcubed": metrics.bcubed(system_event, gold_event)},
            "articles": {"bcubed": metrics.bcubed({a: art_label.get(a, a) for a in gold_story}, gold_story)},
            "confusable": {"pairs": scored_pairs, "merged": merged_pairs, "listed": len(pairs)},
            **({"misses": misses} if verbose else {})}


def evaluate_news(path: Path | str, *, lang: str = "en", verbose: bool = False, batch: bool = True,
                  pipeline: Pipeline | None = None) -> dict[str, Any]:
    """The contract of ``teller eval news``: see the module docstring and docs/evaluation.md."""
    articles, lines, pairs = load(Path(path), lang)
    if not articles:
        raise DataError(f"no {lang} articles in {path}")
    pipe = pipeline or Pipeline()
    scores = _per_article(articles, lines, verbose=verbose, pipeline=pipe.analyse)
    result = summary(scores)
    if batch:
        result["batch"] = _batch(articles, lines, pairs, pipe, verbose=verbose)
    if verbose:
        result["misses"] = scores.misses + result.get("batch", {}).pop("misses", [])
    return result


def format_report(result: dict[str, Any]) -> str:
    """The plain-text report: headline figures, by type, then (with --verbose) every miss."""
    out = [f"articles: {result['articles']}  system events: {result['system_events']}"]
    for key in ("primary", "events"):
        r = result[key]
        out.append(f"{key} recall: {r['recall']:.3f} ({r['found']}/{r['gold']})")
    d = result["date"]
    out.append(f"precision (floor): {result['precision']:.3f}")
    out.append(f"date exact day: {d['exact_day']:.3f} over {d['scored']} (publication-day baseline "
               f"{d['publication_baseline']:.3f})")
    for key in ("actor_accuracy", "recipient_accuracy", "names_accuracy", "mode_accuracy"):
        out.append(f"{key}: {result[key]:.3f}")
    if "batch" in result:
        b = result["batch"]
        out.append(f"batch: date exact day {b['date']['exact_day']:.3f} over {b['date']['scored']} "
                   f"(baseline {b['date']['publication_baseline']:.3f}); events B-cubed F1 "
                   f"{b['events']['bcubed']['f1']:.3f}; articles B-cubed F1 {b['articles']['bcubed']['f1']:.3f}; "
                   f"confusable pairs merged {b['confusable']['merged']} of {b['confusable']['pairs']}")
    out.append("by type (primary found/gold, events found/gold):")
    for t, v in result["by_type"].items():
        out.append(f"  {t:<10} {v['primary']['found']}/{v['primary']['gold']}  "
                   f"{v['events']['found']}/{v['events']['gold']}")
    for m in result.get("misses", []):
        if m["kind"] == "extra":  # a system event no gold line matched
            out.append(f"\n[extra] {m['article']} published {m['published'] or '-'}\n  text:   {m['evidence']}")
        else:
            out.append(f"\n[{m['kind']} miss] {m['article']} {m['event_id']}{' (primary)' if m['primary'] else ''}"
                       f" published {m['published'] or '-'}\n  gold:   {m['gold']}\n  text:   {m['evidence']}")
        for s in m["system"] or ["(no events)"]:
            out.append(f"  system: {s}")
    return "\n".join(out)
