"""What every response of the app shares (security headers, gzip, ETags, problem details), cursor
paging, paged event reports, the Atom feed, streamed exports and writing with a token."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from teller.app import create_app
from teller.security import CSP, DOCS_CSP
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-4f1c"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("serving") / "teller.db"
    app = create_app(f"sqlite:///{db}", api_token=TOKEN, stats_ttl=0)
    for a in (talks_analysis(), protest_analysis(), undated_analysis()):
        assert app.state.store.save(a)
    return app


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def _event_id(client) -> str:
    return client.get("/api/events").json()["events"][0]["id"]


# --- security headers on every class of response -------------------------------------------

RESPONSES = {
    "api json": ("GET", "/api/events"),
    "api problem": ("GET", "/api/events?limit=0"),
    "api 404": ("GET", "/api/events/evt_0000000000000000"),
    "unknown api path": ("GET", "/api/nothing-here"),
    "html page": ("GET", "/"),
    "html 404": ("GET", "/no/such/page"),
    "static": ("GET", "/static/teller.css"),
    "static 404": ("GET", "/static/nothing.css"),
    "docs": ("GET", "/docs"),
    "openapi": ("GET", "/openapi.json"),
    "atom": ("GET", "/events.atom"),
    "export": ("GET", "/api/export?format=csv"),
    "write refused": ("POST", "/api/articles"),
    "method not allowed": ("DELETE", "/api/events"),
    "submit form": ("GET", "/submit"),
}


@pytest.mark.parametrize("name", RESPONSES)
@pytest.mark.parametrize("header, want", [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
])
def test_every_response_has_the_security_header(client, name, header, want):
    method, path = RESPONSES[name]
    r = client.request(method, path)
    assert r.headers.get(header) == want, (name, r.status_code, dict(r.headers))


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_has_a_csp_without_inline_script_that_forbids_framing(client, name):
    method, path = RESPONSES[name]
    csp = client.request(method, path).headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert csp == (DOCS_CSP if path == "/docs" else CSP)
    script = re.search(r"script-src ([^;]*)", csp)
    assert script is None or script.group(1).strip() == "'self'"  # no script at all, or only files from here


def test_a_crash_still_gets_headers_and_a_problem(tmp_path):
    app = create_app("sqlite://")

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/boom")
    assert r.status_code == 500 and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["content-security-policy"] == CSP
    assert "secret" not in r.text


def test_docs_load_nothing_from_other_sites_and_run_no_inline_script(client):
    html = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    for s in sources:
        assert client.get(s).status_code == 200, s
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN


def test_javascript_urls_never_become_links(tmp_path):
    from dataclasses import replace

    app = create_app("sqlite://")
    a = protest_analysis()
    a = replace(a, article=replace(a.article, url="javascript:alert(1)//https://x"))
    assert app.state.store.save(a)
    with TestClient(app) as c:
        pages = [c.get(f"/articles/{a.article.id}").text, c.get(f"/events/{a.events[0].id}").text,
                 c.get("/articles").text, c.get("/events.atom").text]
    for page in pages:
        assert 'href="javascript:' not in page.lower() and "href='javascript:" not in page.lower()


def test_no_sql_is_built_from_strings():
    """Every query goes through SQLAlchemy Core with bound values: no text() with an f-string or
    concatenation, no raw execute of a formatted string, anywhere in the package."""
    bad = re.compile(r"""(text\(\s*f["']|text\([^)]*%|text\([^)]*\+|\.execute\(\s*f["']|exec_driver_sql\(\s*f["'])""")
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "src" / "teller").rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bad.search(line)]
    assert not hits, hits


# --- problem details ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/events?limit=abc", "/api/events?start=2023-02-30", "/api/events?country=J%00N",
    "/api/events?offset=5&cursor=WyIyMDIzLTA5LTE0IiwiZXZ0X3giXQ", "/api/articles?offset=-3",
    "/api/events/x?reports_limit=0", "/api/export?format=xlsx", "/events.atom?event=PARTY",
])
def test_bad_parameters_are_400_problems(client, path):
    r = client.get(path)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == 400 and body["detail"]


# --- gzip, ETag ----------------------------------------------------------------------------

def test_gzip_when_asked(client):
    r = client.get("/api/events", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    raw = client.get("/api/events", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert r.json() == raw.json()


def test_etag_and_if_none_match(client):
    r = client.get("/api/events")
    tag = r.headers["etag"]
    assert tag.startswith('W/"')
    again = client.get("/api/events", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert again.headers["x-content-type-options"] == "nosniff"
    other = client.get("/api/events?limit=1", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    assert client.get("/api/events", headers={"If-None-Match": 'W/"nope", ' + tag}).status_code == 304
    assert "etag" not in client.get("/api/export?format=csv").headers  # streamed: never buffered


# --- cursor paging -------------------------------------------------------------------------------

def test_cursor_pages_are_stable_when_events_are_added():
    app = create_app("sqlite://", stats_ttl=0)
    store = app.state.store
    store.save(talks_analysis())
    store.save(undated_analysis())
    with TestClient(app) as c:
        first = c.get("/api/events", params={"limit": 2}).json()
        store.save(protest_analysis())  # dated events: one sorts before the first page
        rest, page = [], first
        while page["next_url"]:
            page = c.get(page["next_url"]).json()
            rest += [e["id"] for e in page["events"]]
        ids = [e["id"] for e in first["events"]] + rest
        assert len(ids) == len(set(ids))  # nothing seen twice, even though a new event came first
        everything = [e["id"] for e in c.get("/api/events").json()["events"]]
        new = set(everything) - set(ids)
        assert new == {e.id for e in protest_analysis().events}  # the new one sorts before the cursor
        assert [i for i in everything if i not in new] == ids


# --- paged reports of an event ---------------------------------------------------------------

def test_event_reports_are_paged():
    from dataclasses import replace

    app = create_app("sqlite://")
    store = app.state.store
    base = protest_analysis()
    event = base.events[0]
    articles = []
    for i in range(5):
        art = replace(base.article, id=f"art_copy{i:02d}", title=f"Copy {i}", source=f"Outlet {i}")
        articles.append(replace(base, article=art, events=[replace(event, article_ids=[art.id])]))
        assert store.save(articles[-1])
    with TestClient(app) as c:
        page = c.get(f"/api/events/{event.id}", params={"reports_limit": 2}).json()
        assert page["reports"] == 5 and len(page["articles"]) == 2 and page["reports_offset"] == 0
        seen = [a["article"]["id"] for a in page["articles"]]
        while page["next_reports_url"]:
            page = c.get(page["next_reports_url"]).json()
            assert len(page["articles"]) <= 2
            seen += [a["article"]["id"] for a in page["articles"]]
        assert sorted(seen) == sorted(a.article.id for a in articles)
        assert all(a["text"] == base.article.text for a in page["articles"])
        html = c.get(f"/events/{event.id}").text  # the page: the first 20, and says how many in all
        assert "5 articles from 5 sources" in html and "More reports" not in html
        paged = c.get(f"/api/events/{event.id}", params={"reports_limit": 1, "reports_offset": 4}).json()
        assert paged["next_reports_url"] is None and len(paged["articles"]) == 1


# --- Atom ------------------------------------------------------------------------------------

def test_atom_feed_parses_and_follows_the_filters(client):
    r = client.get("/events.atom", params={"country": "JPN", "event": "CONSULT"})
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    api = client.get("/api/events", params={"country": "JPN", "event": "CONSULT"}).json()
    assert [e.id for e in feed.entries] == [f"tag:teller.events,2026:{e['id']}" for e in api["events"]]
    assert len(feed.entries) == 2
    for entry in feed.entries:
        event_id = entry.id.rsplit(":", 1)[1]
        assert entry.link == f"http://testserver/events/{event_id}"
        assert client.get(entry.link.removeprefix("http://testserver")).status_code == 200
        assert entry.updated_parsed is not None and "CONSULT" in entry.title
    assert feed.feed.updated_parsed is not None


def test_atom_entry_ids_do_not_depend_on_the_host_or_page(client):
    a = feedparser.parse(client.get("/events.atom").content)
    b = feedparser.parse(client.get("/events.atom", headers={"Host": "elsewhere.example"}).content)
    assert [e.id for e in a.entries] == [e.id for e in b.entries]
    assert a.entries[0].link != b.entries[0].link  # links do follow the host
    page = feedparser.parse(client.get("/events.atom", params={"limit": 2}).content)
    assert [e.id for e in page.entries] == [e.id for e in a.entries][:2]


# --- exports through the API ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["plover-jsonl", "csv", "polecat-tsv", "icews-tsv"])
def test_api_export_streams_each_text_format_with_the_filters(client, fmt):
    r = client.get("/api/export", params={"format": fmt, "country": "JPN"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    text = r.text
    if fmt == "plover-jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(text), dialect="excel" if fmt == "csv" else "excel-tab"))
    assert len(rows) == client.get("/api/events", params={"country": "JPN"}).json()["total"] == 4


def test_api_export_parquet(client):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed (the parquet extra)")
    r = client.get("/api/export", params={"format": "parquet", "event": "PROTEST"})
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 1 and table.column("event").to_pylist() == ["PROTEST"]


def test_export_is_gzipped_on_the_fly(client):
    r = client.get("/api/export", params={"format": "csv"}, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.text.startswith("id,date,")  # httpx decodes it


# --- writing ---------------------------------------------------------------------------------------

TEXT = ("Foreign Minister Aiko Tanaka of Japan met Chinese Foreign Minister Wang Li in Beijing on Tuesday. "
        "The two ministers agreed to resume talks on fisheries.")


def test_writing_is_disabled_without_a_token():
    with TestClient(create_app("sqlite://", api_token="")) as c:
        r = c.post("/api/articles", json={"text": TEXT})
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
        assert "TELLER_API_TOKEN" in r.json()["detail"]
        assert "disabled" in c.get("/submit").text
        assert c.post("/submit", data={"token": "", "text": TEXT}).status_code == 403
        assert c.get("/api/stats").json()["articles"] == 0


@pytest.mark.parametrize("auth", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_writing_needs_the_bearer_token(client, auth):
    headers = {"Authorization": auth} if auth else {}
    r = client.post("/api/articles", json={"text": TEXT}, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("body", [{}, {"text": TEXT, "url": "https://example.org/a"}, {"url": "ftp://x/y"},
                                  {"text": ""}, {"text": TEXT, "extra": 1}])
def test_bad_article_bodies_are_400(client, body):
    r = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and r.json()["status"] == 400


@pytest.mark.slow
def test_post_article_analyses_stores_and_returns_records(nlp):
    app = create_app("sqlite://", api_token=TOKEN, stats_ttl=60)
    with TestClient(app) as c:
        before = c.get("/api/stats").json()["events"]  # cached now: the write must clear it
        body = {"text": TEXT, "published": "2023-09-12T10:00:00+09:00", "title": "Ministers meet",
                "source": "Test Wire"}
        r = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        out = r.json()
        aid = out["analysis"]["article"]["id"]
        assert out["stored"] is True and r.headers["location"] == f"/api/articles/{aid}"
        assert out["analysis"]["article"]["source"] == "Test Wire"
        events = out["analysis"]["events"]
        assert any(e["event"] == "AGREE" for e in events)
        assert c.get(f"/api/articles/{aid}").json() == out["analysis"]
        assert c.get("/api/stats").json()["events"] == before + len(events)
        again = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.status_code == 200 and again.json()["stored"] is False
        # the form does the same and lands on the article's page
        form = c.post("/submit", data={"token": TOKEN, "text": TEXT.replace("Tuesday", "Monday")},
                      follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/articles/art_")
        assert c.get(form.headers["location"]).status_code == 200


def test_submit_form_checks_the_token_and_keeps_what_was_typed(client):
    r = client.post("/submit", data={"token": "wrong", "text": "<b>kept</b>", "title": "T"})
    assert r.status_code == 401 and "Wrong token" in r.text
    assert "&lt;b&gt;kept&lt;/b&gt;" in r.text  # escaped, and not lost
    assert "<script" not in client.get("/submit").text


# --- serving -------------------------------------------------------------------------------------

def test_app_factory_reads_the_database_from_the_environment(tmp_path, monkeypatch):
    from teller.app import app_from_env

    db = tmp_path / "env.db"
    create_app(f"sqlite:///{db}").state.store.save(undated_analysis())
    monkeypatch.setenv("TELLER_DB", f"sqlite:///{db}")
    with TestClient(app_from_env()) as c:
        assert c.get("/api/stats").json()["events"] == 1


def test_stats_are_cached_for_the_ttl():
    from teller.store import Store

    store = Store("sqlite://")
    with TestClient(create_app(store, stats_ttl=300)) as c:
        assert c.get("/api/stats").json()["events"] == 0
        assert c.get("/api/events").json()["total"] == 0
        store.save(undated_analysis())
        assert c.get("/api/stats").json()["events"] == 0  # cached
        assert c.get("/api/events").json()["total"] == 0  # the list's total too...
        assert len(c.get("/api/events").json()["events"]) == 1  # ...but never the page
    with TestClient(create_app(store, stats_ttl=0)) as c:
        assert c.get("/api/stats").json()["events"] == 1
