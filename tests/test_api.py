"""The JSON API (``/api/...``) over a store filled with hand-built analyses."""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from teller.api.services import PloverType
from teller.app import create_app
from teller.records import PLOVER_TYPES, to_dict
from teller.schema import SCHEMA_VERSION, load_schema
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "teller.db"
    app = create_app(f"sqlite:///{db}")
    for a in (talks_analysis(), protest_analysis(), undated_analysis()):
        assert app.state.store.save(a)
    with TestClient(app) as c:
        yield c


def test_event_types_match_records():
    assert get_args(PloverType) == PLOVER_TYPES


def test_events_list_and_paging(client):
    r = client.get("/api/events", params={"limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 5 and len(body["events"]) == 2
    assert body["prev_url"] is None and body["next_url"] == f"/api/events?limit=2&cursor={body['next_cursor']}"
    # following next_url walks the whole list once, in the order of one big page
    everything = [e["id"] for e in client.get("/api/events").json()["events"]]
    seen, page = [], body
    while True:
        seen += [e["id"] for e in page["events"]]
        if page["next_url"] is None:
            break
        page = client.get(page["next_url"]).json()
    assert seen == everything and len(everything) == 5
    assert page["next_cursor"] is None
    # offset paging still works and agrees
    page2 = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [e["id"] for e in page2["events"]] == everything[2:4]
    assert page2["prev_url"] == "/api/events?limit=2"


def test_events_filters(client):
    body = client.get("/api/events", params={"country": "fra", "event": "protest"}).json()
    assert [e["event"] for e in body["events"]] == ["PROTEST"]
    assert body["filters"]["country"] == "FRA"
    protest = protest_analysis().events[0]
    assert body["briefs"][protest.id].startswith("French farmers")
    body = client.get("/api/events", params={"start": "2023-09-14", "end": "2023-09-14"}).json()
    assert sorted(e["event"] for e in body["events"]) == ["AGREE", "CONSULT"]
    body = client.get("/api/events", params={"q": "tanaka", "status": "happened"}).json()
    assert [e["event"] for e in body["events"]] == ["CONSULT"]
    # Empty form fields are "no filter", not errors.
    body = client.get("/api/events?country=&event=&status=&start=&end=&q=").json()
    assert body["total"] == 5


@pytest.mark.parametrize("params, words", [
    ({"event": "PARTY"}, "event"),
    ({"status": "rumoured"}, "status"),
    ({"country": "Japan"}, "country"),
    ({"start": "14/09/2023"}, "start"),
    ({"start": "2023-09-15", "end": "2023-09-01"}, "after end"),
    ({"limit": 0}, "limit"),
    ({"limit": 100000}, "limit"),
    ({"offset": -1}, "offset"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"cursor": "WyIyMDIzLTEzLTAxIiwiZXZ0Il0"}, "cursor"),  # a month 13 inside
])
def test_invalid_filters_are_400_problems_with_a_message(client, params, words):
    r = client.get("/api/events", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert words in body["detail"]
    assert (body["status"], body["title"], body["instance"]) == (400, "Invalid request", "/api/events")
    assert body["type"].startswith("urn:teller:problem:")


def test_event_detail(client):
    a = talks_analysis()
    consult = a.events[0]
    r = client.get(f"/api/events/{consult.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["event"] == to_dict(consult)
    assert body["brief"] == a.briefs[consult.id]
    [report] = body["articles"]
    assert report["article"]["id"] == a.article.id
    assert report["text"] == a.article.text
    assert report["evidence"] == to_dict(consult.evidence)
    assert [f["kind"] for f in report["flags"]] == ["invalid_time", "pronoun_mismatch"]
    assert report["quality"] == 62
    assert body["sources"] == 1 and body["merged"] == [] and body["canonical"] is False


def test_article_detail_is_the_analysis(client):
    a = protest_analysis()
    body = client.get(f"/api/articles/{a.article.id}").json()
    assert body == to_dict(a)


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/stories", "/api/stats"])
def test_every_response_names_the_contract_version(client, path):
    assert client.get(path).json()["schema_version"] == SCHEMA_VERSION


def test_api_records_follow_the_contract(client, contract):
    a = talks_analysis()
    contract.validate(client.get(f"/api/articles/{a.article.id}").json())
    event = Draft202012Validator({"$defs": load_schema()["$defs"], "$ref": "#/$defs/Event"})
    for e in client.get("/api/events").json()["events"]:
        event.validate(e)
    body = client.get(f"/api/events/{a.events[0].id}").json()
    assert body["schema_version"] == SCHEMA_VERSION
    event.validate(body["event"])


def test_not_found(client):
    r = client.get("/api/events/evt_0000000000000000")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json() == {"type": "urn:teller:problem:not-found", "title": "Not found", "status": 404,
                        "detail": "no event with id 'evt_0000000000000000'",
                        "instance": "/api/events/evt_0000000000000000"}
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "no article" in r.json()["detail"]


def test_stats(client):
    body = client.get("/api/stats").json()
    assert body["articles"] == 3 and body["events"] == 5
    assert isinstance(body["database_version"], int) and body["schema_version"] == SCHEMA_VERSION
    assert body["events_by_type"]["CONSULT"] == 2


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/stats"} <= set(spec["paths"])
    assert "/" not in spec["paths"]  # HTML pages stay out of the API schema
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params == {"country", "event", "status", "start", "end", "q", "limit", "offset", "cursor"}
    assert "Event" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_app_accepts_an_open_store():
    from teller.store import Store

    store = Store("sqlite://")
    store.save(undated_analysis())
    with TestClient(create_app(store)) as c:
        assert c.get("/api/stats").json()["events"] == 1
    assert store.stats()["events"] == 1  # still open: the app closes only stores it opened


def test_articles_list(client):
    body = client.get("/api/articles", params={"limit": 2}).json()
    assert body["total"] == 3 and len(body["articles"]) == 2
    assert body["next_url"] == "/api/articles?limit=2&offset=2"
    first = body["articles"][0]  # newest publication first
    assert first["title"] == "Farmers march in Paris <b>"
    assert (first["events"], first["flags"], first["errors"], first["quality"]) == (1, 1, 0, 80)
    talks = client.get(body["next_url"].replace("offset=2", "offset=1")).json()["articles"][0]
    assert (talks["events"], talks["flags"], talks["errors"]) == (3, 2, 1)
    assert client.get("/api/articles", params={"limit": 0}).status_code == 400


def test_docs_name_every_route_filter_and_store_method(client):
    """docs/api.md is the reference: it must mention every JSON route, filter and Store method."""
    from pathlib import Path

    from teller.api.services import EventFilters
    from teller.store import Store

    doc = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    routes = set(client.get("/openapi.json").json()["paths"])
    assert routes and all(f"`{p}`" in doc for p in routes), routes
    assert all(f"`{name}`" in doc for name in EventFilters.model_fields)
    public = [n for n in vars(Store) if not n.startswith("_") and callable(getattr(Store, n))]
    missing = [n for n in public if f"{n}(" not in doc and f"`{n}`" not in doc and n != "close"]
    assert not missing, missing


def test_api_and_web_do_not_import_each_other_and_app_composes_them():
    import subprocess
    import sys

    probe = ("import sys, importlib; importlib.import_module(sys.argv[1]); "
             "print(' '.join(sorted(m for m in sys.modules if m in ('teller.api', 'teller.web', 'teller.app'))))")
    loaded = {mod: subprocess.run([sys.executable, "-c", probe, mod], capture_output=True, text=True,
                                  check=True).stdout.split()
              for mod in ("teller.api", "teller.web", "teller.app")}
    assert loaded["teller.api"] == ["teller.api"]  # the JSON routes pull in no pages
    assert "teller.app" not in loaded["teller.web"]  # pages use the services, not the app
    assert loaded["teller.app"] == ["teller.api", "teller.app", "teller.web"]
