"""The flat export path (``teller.store.flat`` + ``teller.exports.flat``) writes the same bytes as
the record path (``Store.iter_events`` + the row builders) for every format, on SQLite and on
PostgreSQL, with filters, several pages and awkward values (tabs, line breaks, empty lists,
undated and month-long events, an event with no stored article, times of day)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from teller.exports import FORMATS, RECORD_PIECES, pieces
from teller.records import Actor, Place, Span, TimeValue
from teller.store import Store
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

FILTERS = ({}, {"country": "JPN"}, {"event": "PROTEST"}, {"start": "2023-09-14", "end": "2023-09-30"},
           {"q": "tanaka"}, {"status": "planned"})


def _awkward():
    """Analyses whose values test every branch of the row builders."""
    talks = talks_analysis(url="https://news.example/awkward")
    consult = talks.events[0]
    minute = TimeValue("2023-09-14T21:05", "TIME", "21:05", [Span(0, 1)], start="2023-09-14T21:05:00+09:00",
                       end="2023-09-14T21:06:00+09:00", granularity="minute", tz="Asia/Tokyo")
    odd = Actor(id="act_odd", name="Name\twith tab\nand line", kind="group", country=None, sector=None,
                role="Office\u2028of\rthings")
    events = [
        replace(consult, date=minute, mode=None, context=["a\tb", "c"], topics=["x", "y"],
                event_loc=Place(name="Osaka\r\nbay", country="JPN", evidence=[])),
        replace(talks.events[1], recipient=[odd], quad_code=None, cameo=None, event_text=None,
                date=replace(talks.events[1].date, text="", granularity=None, tz=None)),
        replace(talks.events[2], actor=[odd], recipient=[], event_loc=None, article_ids=[talks.article.id,
                                                                                         "art_not_stored"]),
    ]
    briefs = {e.id: f"Brief {i} \u2028 with a line separator" for i, e in enumerate(events) if i != 1}
    return replace(talks, events=events, briefs=briefs)


def _fill(s: Store) -> Store:
    for a in (talks_analysis(), protest_analysis(), undated_analysis(), _awkward()):
        s.save(a)
    for i in range(4):  # more events than a page, so the keyset paging turns pages
        s.save(talks_analysis(url=f"https://news.example/page/{i}"))
    return s


def _record(fmt: str, store: Store, **filters) -> bytes:
    it = RECORD_PIECES[fmt](store, **filters)
    return b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in it)


def _compare(store: Store) -> None:

    for fmt in FORMATS:
        if fmt == "parquet":
            pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra)")
        for filters in FILTERS:
            got = b"".join(pieces(fmt, store, **filters))
            want = _record(fmt, store, **filters)
            assert got == want, (fmt, filters)


def _compare_small_pages(store: Store, monkeypatch) -> None:
    """Pages of two events: the same bytes across page boundaries."""
    from teller.store import flat as flat_store

    monkeypatch.setattr(flat_store, "PAGE_SIZE", 2)
    for fmt in FORMATS:
        assert b"".join(pieces(fmt, store)) == _record(fmt, store), fmt


def test_flat_path_writes_the_record_paths_bytes_on_sqlite(monkeypatch):
    store = _fill(Store("sqlite://"))
    assert store.count_events() > 10
    _compare(store)
    _compare_small_pages(store, monkeypatch)


def test_flat_path_writes_the_record_paths_bytes_on_postgresql(monkeypatch):
    from pg_schema import pg_schema_url

    with pg_schema_url() as url:
        store = _fill(Store(url))
        try:
            _compare(store)
            _compare_small_pages(store, monkeypatch)
        finally:
            store.close()


def test_flat_parquet_reads_back_as_the_csv():
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra)")
    store = _fill(Store("sqlite://"))
    table = pq.read_table(io.BytesIO(b"".join(pieces("parquet", store))))
    assert table.num_rows == store.count_events()
    rows = {r["id"]: r for r in table.to_pylist()}
    odd = [r for r in rows.values() if r["recipient"] == ["Name\twith tab\nand line"]]
    assert len(odd) == 1 and odd[0]["quad_code"] is None and odd[0]["recipient_country"] == [None]


def test_flat_pages_hold_one_page_at_a_time():
    from teller.store.flat import flat_pages

    store = _fill(Store("sqlite://"))
    pages = list(flat_pages(store.engine, store.event_conditions(), batch=3))
    assert all(len(p.events) <= 3 for p in pages)
    assert [r.id for p in pages for r in p.events] == [e.id for e in store.events(limit=1000)]


def test_read_ahead_keeps_order_raises_errors_and_stops_when_abandoned():
    import threading

    from teller.store.flat import read_ahead

    assert list(read_ahead(iter(range(50)), depth=2)) == list(range(50))

    def failing():
        yield 1
        raise RuntimeError("database gone")

    got = read_ahead(failing())
    assert next(got) == 1
    with pytest.raises(RuntimeError, match="database gone"):
        next(got)

    produced = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    it = read_ahead(endless(), depth=1)
    assert [next(it) for _ in range(3)] == [0, 1, 2]
    it.close()  # a client that went away
    for t in threading.enumerate():
        if t.name == "teller-read-ahead":
            t.join(timeout=5)
            assert not t.is_alive()
    assert len(produced) <= 6  # stopped a page or two ahead, not running on
