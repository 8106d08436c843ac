"""PLOVER JSON lines and CSV exports from a store."""

from __future__ import annotations

import csv
import io
import json

import pytest

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
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis


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


# --- the streamed formats (teller.exports.FORMATS) --------------------------------------------

def _text(fmt: str, store, **filters) -> str:
    from teller.exports import pieces

    return b"".join(pieces(fmt, store, **filters)).decode("utf-8")


def test_polecat_tsv_has_polecats_columns_and_teller_values(store):
    from teller.exports.layouts import POLECAT_COLUMNS

    rows = list(csv.DictReader(io.StringIO(_text("polecat-tsv", store, event="PROTEST")), dialect="excel-tab"))
    assert len(POLECAT_COLUMNS) == 40 and tuple(rows[0]) == POLECAT_COLUMNS
    [r] = rows
    protest = protest_analysis()
    assert r["Event ID"] == protest.events[0].id and r["Event Date"] == "2023-10-02"
    assert (r["Event Type"], r["Event Mode"], r["Quad Code"]) == ("PROTEST", "demonstrate", "3")
    assert (r["Actor Country"], r["Primary Actor Sector"], r["Recipient Name"]) == ("FRA", "AGR", "France")
    assert (r["Placename"], r["Country"]) == ("Paris", "FRA")
    assert r["Source"] == "Other <Wire>" and r["Publication Date"] == "2023-10-02T18:00:00+02:00"
    assert r["Actor COW"] == "" and r["Latitude"] == ""  # unknown stays empty, never invented
    assert r["Version"].startswith("teller ")


def test_icews_tsv_names_countries_and_the_story(store):
    from teller.exports.layouts import ICEWS_COLUMNS

    rows = list(csv.DictReader(io.StringIO(_text("icews-tsv", store, country="JPN")), dialect="excel-tab"))
    assert len(ICEWS_COLUMNS) == 20 and tuple(rows[0]) == ICEWS_COLUMNS
    consult = next(r for r in rows if r["CAMEO Code"] == "040")
    talks = talks_analysis()
    assert consult["Source Name"] == "Aiko Tanaka" and consult["Source Country"] == "Japan"
    assert consult["Target Country"] == "United States" and consult["Source Sectors"] == "GOV"
    assert consult["Event Text"] == "consult phone" and consult["Story ID"] == talks.article.id
    assert consult["Publisher"] == "Example News" and consult["Intensity"] == ""
    assert len(rows) == 4


def test_tsv_cells_never_shift_columns(tmp_path):
    from dataclasses import replace

    s = Store("sqlite://")
    a = protest_analysis()
    ev = replace(a.events[0], event_loc=replace(a.events[0].event_loc, name="Paris\tcentre\nnorth"))
    s.save(replace(a, events=[ev]))
    for fmt in ("polecat-tsv", "icews-tsv"):
        lines = _text(fmt, s).splitlines()
        assert len(lines) == 2 and len({line.count("\t") for line in lines}) == 1


def test_parquet_is_typed_and_matches_the_csv(store):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra)")
    from datetime import date

    from teller.exports import pieces

    table = pq.read_table(io.BytesIO(b"".join(pieces("parquet", store))))
    assert table.column_names == list(CSV_COLUMNS) and table.num_rows == 5
    rows = table.to_pylist()
    agree = next(r for r in rows if r["event"] == "AGREE")
    assert agree["date"] == date(2023, 9, 14) and agree["quad_code"] == 1
    assert agree["actor"] == ["Japan", "United States"] and agree["actor_country"] == ["JPN", "USA"]
    undated = next(r for r in rows if r["event"] == "THREATEN")
    assert undated["date"] is None
    csv_ids = [r["id"] for r in csv.DictReader(io.StringIO(to_string(write_events_csv, store)))]
    assert [r["id"] for r in rows] == csv_ids


def test_parquet_streams_in_row_groups(store):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra)")
    from teller.exports import iter_with_briefs
    from teller.exports.parquet import parquet_chunks

    chunks = list(parquet_chunks(iter_with_briefs(store), batch=2))
    assert len(chunks) >= 3  # a piece per row group, handed on before the end
    f = pq.ParquetFile(io.BytesIO(b"".join(chunks)))
    assert f.metadata.num_row_groups == 3 and f.metadata.num_rows == 5


def test_every_format_refuses_bad_filters_before_writing(store):
    from teller.exports import FORMATS, ExportError, pieces

    for fmt in FORMATS:
        with pytest.raises(ValueError, match="unknown event type"):
            pieces(fmt, store, event="PARTY")
    with pytest.raises(ExportError, match="unknown export format"):
        pieces("xlsx", store)


def test_empty_exports_are_just_headers():
    from teller.exports import pieces

    s = Store("sqlite://")
    assert b"".join(pieces("plover-jsonl", s)) == b""
    assert b"".join(pieces("csv", s)).decode().strip() == ",".join(CSV_COLUMNS)
    assert b"".join(pieces("polecat-tsv", s)).decode().count("\n") == 1


def test_cli_export_formats(tmp_path):
    from click.testing import CliRunner

    from teller.cli import main

    db = tmp_path / "x.db"
    s = Store(f"sqlite:///{db}")
    for a in (talks_analysis(), protest_analysis()):
        s.save(a)
    s.close()
    out = tmp_path / "e.tsv"
    r = CliRunner().invoke(main, ["export", "--db", f"sqlite:///{db}", "--format", "icews-tsv", "--country",
                                  "FRA", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "exported 1 events" in r.output
    assert out.read_text(encoding="utf-8").count("\n") == 2
