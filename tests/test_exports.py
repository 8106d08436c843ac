"""PLOVER JSON lines and CSV exports from a store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

from teller.exports import (
    CSV_COLUMNS,
    EXPORTERS,
    plover_record,
    to_string,
    write_events_csv,
    write_plover_jsonl,
)
from teller.records import PLOVER_TYPES, Span, TimeValue
from teller.store import Store


@pytest.fixture(scope="module")
def store():
    s = Store("sqlite://")
    for a in (talks_analysis(), protest_analysis(), undated_analysis()):
        s.save(a)
    return s


def test_plover_jsonl(store, tmp_path):
    path = tmp_path / "events.jsonl"
    assert write_plover_jsonl(store, path) == 5
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    by_type = {r["event"][0]: r for r in records if r["event"][0] != "CONSULT"}
    protest = by_type["PROTEST"]
    assert protest["date"] == "2023-10-02" and "enddate" not in protest
    assert protest["actor"][0]["code"] == "FRA" and protest["actor"][0]["sector"] == "AGR"
    assert protest["recipient"][0]["entity_text"] == "France"
    assert protest["event_loc"] == {"extracted_place": "Paris", "country_code": "FRA"}
    assert protest["mode"] == ["demonstrate"] and protest["quad_code"] == 3
    assert protest["brief"].startswith("French farmers")
    assert by_type["THREATEN"]["date"] is None  # undated stays undated, never the publication day
    for r in records:
        assert set(r) >= {"id", "date", "actor", "recipient", "event"}
        assert all(t in PLOVER_TYPES for t in r["event"])
    planned = next(r for r in records if r["status"] == "planned")
    assert (planned["date"], planned["enddate"]) == ("2023-10-01", "2023-10-31")


def test_plover_time_of_day_in_local_zone():
    talks = talks_analysis()
    ev = talks.events[0]
    ev.date = TimeValue("2023-09-14T21:05", "TIME", "21:05", [Span(0, 1)], start="2023-09-14T21:05:00+09:00",
                        end="2023-09-14T21:06:00+09:00", granularity="minute")
    rec = plover_record(ev)
    assert (rec["date"], rec["time"]) == ("2023-09-14", "21:05:00+09:00")
    assert "time" not in plover_record(talks.events[1])  # day granularity: no time


def test_csv(store):
    text = to_string(write_events_csv, store, country="JPN")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert sorted(r["event"] for r in rows) == ["AGREE", "CONSULT", "CONSULT", "THREATEN"]
    agree = next(r for r in rows if r["event"] == "AGREE")
    assert agree["actor"] == "Japan;United States" and agree["actor_country"] == "JPN;USA"
    assert agree["date"] == "2023-09-14" and agree["date_reason"] == "same sentence"
    consult = next(r for r in rows if r["event"] == "CONSULT" and r["status"] == "happened")
    assert consult["recipient_code"] == "USAGOV" and consult["date_value"] == "2023-09-14TEV"
    assert (consult["cameo_target"], consult["cameo_target_source"]) == ("USA", "recipient")


def test_filters_and_registry(store):
    assert to_string(write_plover_jsonl, store, event="PROTEST").count("\n") == 1
    assert set(EXPORTERS) == {"plover-jsonl.v1", "csv.v1"}
    with pytest.raises(ValueError, match="unknown event type"):
        to_string(write_events_csv, store, event="PARTY")


def test_export_pages_through_large_stores():
    s = Store("sqlite://")
    for i in range(7):
        s.save(talks_analysis(url=f"https://news.example/{i}"))
    buf = io.StringIO()
    from teller.exports import iter_with_briefs

    got = [e.id for e, _ in iter_with_briefs(s, batch=4)]
    assert len(got) == len(set(got)) == 21
    assert [e.id for e in s.iter_events(batch=4)] == [e.id for e in s.events(limit=100)]
    assert len(list(s.iter_events(batch=2, country="USA"))) == 14
    assert write_plover_jsonl(s, buf) == 21
