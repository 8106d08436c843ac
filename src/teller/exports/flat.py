"""Every export format straight from flat rows (:mod:`teller.store.flat`), no records built.

The same bytes as the record builders (:mod:`teller.exports.rows`, :mod:`teller.exports.layouts`,
:mod:`teller.exports.parquet` over ``Event`` objects), at a fraction of the CPU: each event is
a row and a few tuples, each output row a list or dict written at once. The record builders
stay as the reference these are tested against (``tests/test_exports_flat.py``) and for code
that holds ``Event`` objects already (the API's single records).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from teller import __version__
from teller.exports.layouts import country_names
from teller.exports.rows import plover_entity
from teller.store.flat import FlatActor, FlatPage, Header

_CLOCKED = frozenset({"hour", "minute", "second"})
_NO_HEADER = Header("", None, None, None)
CODER = f"teller {__version__}"


# --- pieces shared by the formats --------------------------------------------------------------

def days(r: Any) -> tuple[Any, Any]:
    """(first day, last day) of an event row; None for an undated event (no date value)."""
    if r.date_value is None:
        return None, None
    return r.date_first_day, r.date_last_day


def clock(r: Any) -> str | None:
    """Local time of day (``HH:MM:SS+hh:mm``) when the event is dated to the hour or minute."""
    if r.date_value is None or not r.date_start or r.date_granularity not in _CLOCKED:
        return None
    try:
        return datetime.fromisoformat(r.date_start).timetz().isoformat()
    except ValueError:
        return None


def target(r: Any, actors: list[FlatActor], recipients: list[FlatActor]) -> tuple[str | None, str]:
    """``teller.events.cameo.cameo_target`` over flat values."""
    for a in recipients:
        if a.country:
            return a.country, "recipient"
    if recipients:
        return None, "recipient"
    loc = r.event_loc
    if loc and loc.get("country"):
        return loc["country"], "place"
    home = next((a.country for a in actors if a.country), None)
    return (home, "domestic") if home else (None, "none")


def each(page: FlatPage) -> Iterator[tuple[Any, list[FlatActor], list[FlatActor]]]:
    """Each event row of the page with its actors and recipients."""
    actors, recipients = page.actors, page.recipients
    for r in page.events:
        yield r, actors.get(r.id, []), recipients.get(r.id, [])


# --- PLOVER JSON lines ------------------------------------------------------------------------

def plover_lines(pages: Iterable[FlatPage]) -> Iterator[str]:
    """PLOVER JSON lines, one piece per page."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False), made once
    entities: dict[int, dict[str, Any]] = {}  # an actor's entity object, by the export-wide actor object
    keep: list[FlatActor] = []  # so the ids of memoised actors are not reused

    def entity(a: FlatActor) -> dict[str, Any]:
        ent = entities.get(id(a))
        if ent is None:
            ent = plover_entity(a)
            if len(entities) < 100_000:
                entities[id(a)] = ent
                keep.append(a)
        return ent

    for page in pages:
        out: list[str] = []
        for r, actors, recipients in each(page):
            first, last = days(r)
            dated = r.date_value is not None
            rec: dict[str, Any] = {
                "id": r.id, "date": first.isoformat() if first else None,
                "actor": [entity(a) for a in actors], "recipient": [entity(a) for a in recipients],
                "event": [r.event],
            }
            if last and last != first:
                rec["enddate"] = last.isoformat()
            if (t := clock(r)) is not None:
                rec["time"] = t
            if r.mode:
                rec["mode"] = [r.mode]
            if r.context:
                rec["context"] = list(r.context)
            if r.quad_code is not None:
                rec["quad_code"] = r.quad_code
            if loc := r.event_loc:
                rec["event_loc"] = {"extracted_place": loc["name"], "country_code": loc.get("country")}
            if r.event_text:
                rec["event_text"] = [r.event_text]
            rec["status"] = r.status
            rec["confidence"] = r.confidence
            rec["cameo"] = r.cameo
            rec["date_value"] = r.date_value
            rec["date_text"] = (r.date_text or "") if dated else None
            rec["date_granularity"] = r.date_granularity if dated else None
            rec["date_tz"] = r.date_tz if dated else None
            rec["date_reason"] = r.date_reason
            rec["topics"] = list(r.topics or [])
            rec["article_ids"] = page.articles.get(r.id, [])
            rec["brief"] = page.briefs.get(r.id)
            rec["coder"] = CODER
            out.append(dumps(rec))
        if out:
            yield "\n".join(out) + "\n"


# --- CSV and Parquet (the same columns) -------------------------------------------------------

def _join(values: Iterable[Any]) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def _sides(group: list[FlatActor], memo: dict[int, tuple[str, str, str, str]]) -> tuple[str, str, str, str]:
    """Names, codes, countries and sectors of a group, each ``;``-joined (memoised per page:
    the same few actors recur)."""
    key = id(group[0]) if len(group) == 1 else None
    if key is not None and (hit := memo.get(key)) is not None:
        return hit
    out = (_join(a.name for a in group), _join(a.cameo for a in group),
           _join(a.country for a in group), _join(a.sector for a in group))
    if key is not None:
        memo[key] = out
    return out


_NOBODY = ("", "", "", "")


def csv_rows(pages: Iterable[FlatPage]) -> Iterator[list[Any]]:
    """Rows in the order of :data:`teller.exports.rows.CSV_COLUMNS`."""
    for page in pages:
        briefs, articles = page.briefs, page.articles
        memo: dict[int, tuple[str, str, str, str]] = {}
        for r, actors, recipients in each(page):
            first, last = days(r)
            dated = r.date_value is not None
            code, source = target(r, actors, recipients)
            loc = r.event_loc
            quad = r.quad_code
            a_name, a_code, a_country, a_sector = _sides(actors, memo) if actors else _NOBODY
            r_name, r_code, r_country, r_sector = _sides(recipients, memo) if recipients else _NOBODY
            yield [
                r.id, first.isoformat() if first else "",
                last.isoformat() if last and last != first else "", clock(r) or "",
                r.event, r.mode or "", r.status, "" if quad is None else quad, r.cameo or "",
                a_name, a_code, a_country, a_sector, r_name, r_code, r_country, r_sector,
                code or "", source,
                r.date_value if dated else "", (r.date_text or "") if dated else "",
                (r.date_granularity or "") if dated else "", (r.date_tz or "") if dated else "",
                r.date_reason or "",
                loc["name"] if loc else "", (loc.get("country") or "") if loc else "",
                r.confidence, r.event_text or "", _join(r.context) if r.context else "",
                _join(r.topics) if r.topics else "", ";".join(articles.get(r.id, ())), briefs.get(r.id) or "",
            ]


def parquet_columns(pages: Iterable[FlatPage], columns: tuple[str, ...],
                    batch: int) -> Iterator[dict[str, list[Any]]]:
    """Column lists of ``batch`` rows at a time, typed as :mod:`teller.exports.parquet` types them:
    ``""`` is null, dates are dates, per-actor columns and ``context``/``topics``/``article_ids``
    are lists. Built a column at a time (a comprehension per column and page): per-row tuples
    spread over 32 lists cost more than the Parquet writing."""
    cols: dict[str, list[Any]] = {c: [] for c in columns}
    n = 0
    for page in pages:
        rows = list(each(page))
        while rows:
            take, rows = rows[: batch - n], rows[batch - n:]
            for c, values in _parquet_page(take, page).items():
                cols[c] += values
            n += len(take)
            if n == batch:
                yield cols
                cols = {c: [] for c in columns}
                n = 0
    yield cols


_NO_LISTS: tuple[list[Any], list[Any], list[Any], list[Any]] = ([], [], [], [])


def _actor_lists(group: list[FlatActor]) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Names, codes, countries and sectors of a group as lists (pyarrow only reads them, so a
    list may be shared by every row of the same one actor)."""
    if not group:
        return _NO_LISTS
    if len(group) == 1:
        return _one_actor_lists(group[0])
    return [a.name for a in group], [a.cameo for a in group], [a.country for a in group], [a.sector for a in group]


@functools.lru_cache(maxsize=4096)
def _one_actor_lists(a: FlatActor) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    return [a.name], [a.cameo], [a.country], [a.sector]


def _parquet_page(rows: list[tuple[Any, list[FlatActor], list[FlatActor]]], page: FlatPage) -> dict[str, list[Any]]:
    """The Parquet columns (named as :data:`teller.exports.rows.CSV_COLUMNS`) of these rows."""
    ev = [r for r, _, _ in rows]
    spans = [days(r) for r in ev]
    targets = [target(r, a, b) for r, a, b in rows]
    dated = [r if r.date_value is not None else None for r in ev]
    locs = [r.event_loc for r in ev]
    actors = [a for _, a, _ in rows]
    recipients = [b for _, _, b in rows]
    articles, briefs = page.articles, page.briefs
    out: dict[str, list[Any]] = {
        "id": [r.id for r in ev], "date": [f for f, _ in spans],
        "enddate": [last if last and last != first else None for first, last in spans],
        "time": [clock(r) for r in ev], "event": [r.event for r in ev], "mode": [r.mode or None for r in ev],
        "status": [r.status for r in ev], "quad_code": [r.quad_code for r in ev],
        "cameo": [r.cameo or None for r in ev],
    }
    for side, groups in (("actor", actors), ("recipient", recipients)):
        lists = [_actor_lists(g) for g in groups]
        out[side] = [x[0] for x in lists]
        out[f"{side}_code"] = [x[1] for x in lists]
        out[f"{side}_country"] = [x[2] for x in lists]
        out[f"{side}_sector"] = [x[3] for x in lists]
    out["cameo_target"] = [code or None for code, _ in targets]
    out["cameo_target_source"] = [source for _, source in targets]
    out["date_value"] = [(d.date_value or None) if d else None for d in dated]
    out["date_text"] = [(d.date_text or None) if d else None for d in dated]
    out["date_granularity"] = [(d.date_granularity or None) if d else None for d in dated]
    out["date_tz"] = [(d.date_tz or None) if d else None for d in dated]
    out["date_reason"] = [r.date_reason or None for r in ev]
    out["event_loc"] = [(loc["name"] or None) if loc else None for loc in locs]
    out["event_loc_country"] = [(loc.get("country") or None) if loc else None for loc in locs]
    out["confidence"] = [r.confidence for r in ev]
    out["event_text"] = [r.event_text or None for r in ev]
    out["context"] = [list(r.context or []) for r in ev]
    out["topics"] = [list(r.topics or []) for r in ev]
    out["article_ids"] = [articles.get(r.id, []) for r in ev]
    out["brief"] = [briefs.get(r.id) or None for r in ev]
    return out


# --- the POLECAT-like and ICEWS-like layouts --------------------------------------------------

def _cell(value: Any) -> str:
    """A TSV cell: tabs and line breaks inside a value would shift every later column."""
    if value is None:
        return ""
    text = str(value)
    if "\t" in text or "\n" in text or "\r" in text or not text.isprintable():
        return " ".join(text.replace("\t", " ").splitlines())
    return text


def _tjoin(values: Iterable[Any]) -> str:
    return ";".join(_cell(v) for v in values if v not in (None, ""))


def first_report(reports: list[Header]) -> Header:
    """The earliest published stored article reporting the event (its first source)."""
    dated = [h for h in reports if h.published]
    if dated:
        return min(dated, key=lambda h: h.published or "")
    return reports[0] if reports else _NO_HEADER


def polecat_rows(pages: Iterable[FlatPage]) -> Iterator[list[str]]:
    """Rows in the order of :data:`teller.exports.layouts.POLECAT_COLUMNS`."""

    memo: dict[int, list[str]] = {}  # one actor's cells, by the (export-wide) actor object
    keep: list[FlatActor] = []  # the memo's actors stay alive, so their ids are not reused

    def side(group: list[FlatActor]) -> list[str]:
        if len(group) == 1 and (hit := memo.get(id(group[0]))) is not None:
            return hit
        names = _tjoin(a.name for a in group)
        cells = [names, _tjoin(a.country for a in group), "",
                 _cell(next((a.sector for a in group if a.sector), "")), _tjoin(a.sector for a in group),
                 _tjoin(a.role for a in group), names, ""]
        if len(group) == 1 and len(memo) < 100_000:
            memo[id(group[0])] = cells
            keep.append(group[0])
        return cells

    for page in pages:
        for r, actors, recipients in each(page):
            first, _ = days(r)
            report = first_report(page.headers.get(r.id, []))
            loc = r.event_loc
            place = _cell(loc["name"] if loc else "")
            yield [
                _cell(r.id), first.isoformat() if first else "", _cell(r.event), _cell(r.mode), "",
                "" if r.quad_code is None else str(r.quad_code), _tjoin(r.context or []),
                *side(actors), *side(recipients),
                place, "", "", "", _cell(loc.get("country") if loc else ""), "", "", "", place, "",
                _cell(report.source), _cell(report.published), "", "", "", _cell(report.language), CODER,
            ]


def icews_rows(pages: Iterable[FlatPage]) -> Iterator[list[str]]:
    """Rows in the order of :data:`teller.exports.layouts.ICEWS_COLUMNS`."""
    names = country_names()

    def countries(group: list[FlatActor]) -> str:
        return _tjoin(names.get(a.country or "", a.country) for a in group)

    for page in pages:
        for r, actors, recipients in each(page):
            first, _ = days(r)
            report = first_report(page.headers.get(r.id, []))
            code, _source = target(r, actors, recipients)
            loc = r.event_loc
            where = loc.get("country") if loc else None
            yield [
                _cell(r.id), first.isoformat() if first else "",
                _tjoin(a.name for a in actors), _tjoin(a.sector for a in actors), countries(actors),
                _cell(" ".join(filter(None, [r.event.lower(), r.mode]))), _cell(r.cameo), "",
                _tjoin(a.name for a in recipients), _tjoin(a.sector for a in recipients),
                countries(recipients) or _cell(names.get(code or "", code or "")),
                _cell(report.id or None), "", _cell(report.source),
                "", "", "", _cell(names.get(where, where) if where else ""), "", "",
            ]


__all__ = ["CODER", "clock", "csv_rows", "days", "each", "first_report", "icews_rows", "parquet_columns",
           "plover_lines", "polecat_rows", "target"]
