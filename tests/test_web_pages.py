"""Actor, dyad, timeline, search and report-agreement pages and their JSON twins (no browser)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import event as sa_event

from pg_schema import pg_schema_url
from teller.actors import KnowledgeBase
from teller.api.agreement import numbers
from teller.api.timeline import QUADS, choose_unit
from teller.app import create_app
from teller.events.cameo import QUAD
from teller.records import Actor, Place, Span
from teller.store import Store, make_engine, migrate
from teller.store.fulltext import SearchQueryError, fts5_query, terms
from teller.web import charts
from test_store_fixtures import protest_analysis, talks_analysis
from web_data import CHN, JPN, ROTATION, USA, dated_event_article, fill_dyad


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pages.db'}"
    else:
        with pg_schema_url() as u:
            yield u


@pytest.fixture
def client(url):
    app = create_app(url)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def _week(d: date) -> str:
    return (d - timedelta(days=d.weekday())).isoformat()


# --- dyad and timeline -----------------------------------------------------------------------

def test_dyad_counts_each_week_and_quad_in_sql(client):
    store = client.app.state.store
    made = fill_dyad(store, 120)
    store.save(dated_event_article(5000, date(2024, 2, 1), "ASSAULT", CHN, JPN))  # another dyad
    expected: Counter[tuple[str, str]] = Counter()
    for a in made:
        e = a.events[0]
        expected[(_week(date.fromisoformat(e.date.value)), QUADS[QUAD[e.event]])] += 1
    body = client.get("/api/dyads/JPN/USA", params={"limit": 7}).json()
    assert body["total"] == 120 and len(body["events"]) == 7 and body["timeline"]["unit"] == "week"
    got = Counter({(b["start"], q): n for b in body["timeline"]["buckets"] for q, n in b["by_quad"].items() if n})
    assert got == expected
    weeks = [b["start"] for b in body["timeline"]["buckets"]]
    assert weeks == sorted(weeks) and len(weeks) == len(set(weeks))  # every week once, in order
    for b in body["timeline"]["buckets"]:
        assert b["cooperation"] + b["conflict"] == b["total"] == sum(b["by_type"].values())
    assert body["next_url"] == "/api/dyads/JPN/USA?limit=7&offset=7"
    assert body["a"]["name"] == "Japan" and body["b"]["url"] == "/actors/USA"
    # Either order and either case name the same dyad; the page has the same figures as a table.
    assert client.get("/api/dyads/usa/jpn").json()["total"] == 120
    page = client.get("/dyads/JPN/USA")
    assert page.status_code == 200 and '</api/dyads/JPN/USA>; rel="alternate"' in page.headers["link"]
    rows = re.findall(r'<tr><td class="when">([\d-]+)</td>((?:<td class="num">\d+</td>)+)</tr>', page.text)
    table = {w: [int(n) for n in re.findall(r">(\d+)<", cells)] for w, cells in rows}
    for b in body["timeline"]["buckets"]:
        if b["total"]:
            assert table[b["start"]] == [*b["by_quad"].values(), b["cooperation"], b["conflict"], b["total"]]
    assert page.text.count('<rect class="bar') == sum(1 for k in got)  # one segment per (week, quad)


def test_dyad_page_reads_figures_not_rows(tmp_path):
    """A dyad of 1,500 events: no statement returns more than a page of events or one row per
    (week, type); the events are never all loaded."""
    store = Store(f"sqlite:///{tmp_path / 'big.db'}")
    fill_dyad(store, 1500, per_week=70)  # about nine events per (week, type)
    app = create_app(store)
    statements: list[tuple[str, object]] = []
    def record(conn, cursor, statement, params, context, many):
        statements.append((statement, params))

    sa_event.listen(store.engine, "before_cursor_execute", record)
    with TestClient(app) as c:
        assert c.get("/api/dyads/JPN/USA", params={"limit": 20}).json()["total"] == 1500
    sa_event.remove(store.engine, "before_cursor_execute", record)
    raw = store.engine.raw_connection()
    try:
        biggest = max(len(raw.cursor().execute(s, p).fetchall())
                      for s, p in statements if s.lstrip().startswith("SELECT"))
    finally:
        raw.close()
    weeks = 1500 // 70 + 1
    assert biggest <= max(20 * 2, weeks * len(ROTATION)) < 1500 / 5
    store.close()


def test_timeline_unit_follows_the_span():
    d = date(2024, 1, 1)
    assert choose_unit(d, d + timedelta(days=30)) == "day"
    assert choose_unit(d, d + timedelta(days=400)) == "week"
    assert choose_unit(d, d + timedelta(days=4000)) == "month"
    assert choose_unit(d, d + timedelta(days=1000), "day") == "week"  # too many bars: coarser
    assert choose_unit(None, None) == "week"


def test_events_page_timeline_follows_the_filters(client):
    store = client.app.state.store
    fill_dyad(store, 40)
    store.save(talks_analysis())
    all_ = client.get("/api/timeline").json()
    consult = client.get("/api/timeline", params={"event": "CONSULT", "unit": "day"}).json()
    assert all_["dated"] == 40 + 3 and consult["unit"] == "day"
    assert consult["dated"] == client.get("/api/events", params={"event": "CONSULT"}).json()["total"]
    assert all(set(b["by_type"]) <= {"CONSULT"} for b in consult["buckets"])
    r = client.get("/", params={"event": "CONSULT"})
    assert r.status_code == 200 and 'href="/api/timeline?event=CONSULT"' in r.text
    assert r.text.count('<rect class="bar') == sum(1 for b in consult["buckets"] if b["total"])


# --- actor page ------------------------------------------------------------------------------

def test_actor_page_counterparts_offices_and_twin(client):
    kb = KnowledgeBase.default()
    slug, person = next((s, p) for s, p in sorted(kb.people.items()) if len(p.tenures) >= 2)
    who = Actor(id=f"person:{slug}", name=person.name, kind="person", country=person.tenures[0].country)
    store = client.app.state.store
    for i, other in enumerate([USA, USA, CHN]):
        store.save(dated_event_article(100 + i, date(2024, 3, 1 + i), "CONSULT", who, other))
    body = client.get(f"/api/actors/person:{slug}").json()
    assert body["total"] == 3 and not body["country_wide"]
    assert [(c["actor"]["id"], c["events"]) for c in body["counterparts"]] == [(USA.id, 2), (CHN.id, 1)]
    assert len(body["offices"]) == len(person.tenures)
    first = min(person.tenures, key=lambda t: t.start or date.min)
    assert body["offices"][0]["start"] == (first.start.isoformat() if first.start else None)
    r = client.get(f"/actors/person:{slug}")
    assert r.status_code == 200 and "Offices held" in r.text and body["offices"][0]["title"] in r.text
    assert f'href="/dyads/person%3A{slug}/act_usa"' in r.text
    # A country stands for all its actors; its counterparts are other countries' actors.
    jpn = client.get("/api/actors/JPN").json()
    assert jpn["country_wide"] and jpn["actor"]["name"] == "Japan"
    assert client.get("/api/actors/nobody").status_code == 404
    assert client.get("/actors/nobody").status_code == 404


# --- full-text search --------------------------------------------------------------------------

def test_search_articles_and_briefs_with_filters(client):
    store = client.app.state.store
    store.save(talks_analysis())
    store.save(protest_analysis())
    body = client.get("/api/search", params={"q": "maritime security"}).json()
    assert [a["title"] for a in body["articles"]] == ["Tanaka and Miller agree to work closely"]
    assert "\x02maritime\x03" in body["articles"][0]["snippet"]
    body = client.get("/api/search", params={"q": "PHONE tanaka"}).json()  # case does not matter
    assert body["events_total"] == 1 and body["events"][0]["event"] == "CONSULT"
    # Filters: the article of a PROTEST in France is not found under JPN.
    assert client.get("/api/search", params={"q": "farmers"}).json()["articles_total"] == 1
    assert client.get("/api/search", params={"q": "farmers", "country": "JPN"}).json()["articles_total"] == 0
    assert client.get("/api/search", params={"q": "farmers", "event": "PROTEST"}).json()["articles_total"] == 1
    page = client.get("/search", params={"q": "farmers"})
    assert page.status_code == 200 and '<mark class="hit">farmers</mark>' in page.text.lower()
    assert "&lt;script&gt;" not in page.text or "<script>" not in page.text


def test_search_counts_stop_at_the_cap_and_say_so(client, monkeypatch):
    from teller.store import views

    store = client.app.state.store
    for i in range(4):
        store.save(talks_analysis(url=f"https://news.example/cap/{i}"))
    full = client.get("/api/search", params={"q": "tanaka", "limit": 1}).json()
    assert (full["articles_total"], full["articles_more"]) == (4, False)
    monkeypatch.setattr(views, "COUNT_CAP", 2)
    if client.app.state.response_cache is not None:  # the code changed, not the data: forget answers
        client.app.state.response_cache.entries.clear()
    body = client.get("/api/search", params={"q": "tanaka", "limit": 1}).json()
    assert (body["articles_total"], body["articles_more"]) == (2, True)
    assert (body["events_total"], body["events_more"]) == (2, True)  # 4 consult briefs name Tanaka
    assert len(body["articles"]) == 1 and "\x02tanaka\x03" in body["articles"][0]["snippet"].lower()
    assert body["next_url"]  # more pages, though the count stopped
    page = client.get("/search", params={"q": "tanaka"}).text
    assert "2+ events by brief, 2+ articles." in page
    exact = client.get("/api/search", params={"q": "farmers"}).json()
    assert (exact["articles_total"], exact["articles_more"]) == (0, False)


@pytest.mark.parametrize("q", ['"', "tanaka OR", "(tanaka", "title:tanaka", "NEAR(a b)", "a*", "tanaka\"",
                               "'; DROP TABLE articles; --", "-tanaka", "tanaka & | !", "\\"])
def test_search_syntax_from_users_is_never_a_server_error(client, q):
    client.app.state.store.save(talks_analysis())
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400), r.text
    page = client.get("/search", params={"q": q})
    assert page.status_code == r.status_code
    assert client.get("/api/stats").json()["articles"] == 1  # nothing dropped


def test_empty_search_is_a_400_with_a_message(client):
    r = client.get("/api/search", params={"q": "*** ((("})
    assert r.status_code == 400 and "no word to search for" in r.json()["detail"]
    assert client.get("/search", params={"q": "!!!"}).status_code == 400
    assert client.get("/search").status_code == 200  # the empty form


def test_search_index_follows_replace_and_delete(client):
    store = client.app.state.store
    a = talks_analysis()
    store.save(a)
    assert client.get("/api/search", params={"q": "osaka"}).json()["articles_total"] == 1
    changed = dataclasses.replace(a.article, title="Kyoto summit")
    store.save(dataclasses.replace(a, article=changed), replace=True)
    assert client.get("/api/search", params={"q": "kyoto"}).json()["articles_total"] == 1
    assert client.get("/api/search", params={"q": "osaka"}).json()["articles_total"] == 1
    store.delete_article(a.article.id)
    assert client.get("/api/search", params={"q": "osaka"}).json()["articles_total"] == 0
    assert client.get("/api/search", params={"q": "phone"}).json()["events_total"] == 0
    # Briefs written by the stories stage are indexed too.
    store.save(a)
    canon = dataclasses.replace(a.events[0], id="evt_canon", evidence=[], article_ids=[a.article.id])
    store.save_events([canon], replaces={a.events[0].id: "evt_canon"}, briefs={"evt_canon": "A quokka summit."})
    hits = client.get("/api/search", params={"q": "quokka"}).json()
    assert [e["id"] for e in hits["events"]] == ["evt_canon"]


def test_migration_0005_indexes_what_was_stored(url):
    with Store(url) as store:
        store.save(talks_analysis())
    engine = make_engine(url)
    with engine.begin() as conn:
        command.downgrade(migrate.config(conn), "0002")
    engine.dispose()
    with Store(url) as store:  # upgrades, and fills the index
        assert store.revision == migrate.head()
        app = create_app(store)
        with TestClient(app) as c:
            assert c.get("/api/search", params={"q": "osaka"}).json()["articles_total"] == 1
            assert c.get("/api/search", params={"q": "phone"}).json()["events_total"] == 1


def test_postgresql_search_uses_the_gin_indexes():
    from sqlalchemy import select, text

    from teller.store import fulltext
    from teller.store.store import ARTICLES, BRIEFS

    with pg_schema_url() as u, Store(u) as store:
        store.save(talks_analysis())
        with store.engine.begin() as conn:
            conn.execute(text("SET LOCAL enable_seqscan = off"))  # tiny tables: make the choice visible
            for table, vector, index in ((ARTICLES, fulltext.PG_ARTICLE_VECTOR, "ix_articles_fts"),
                                         (BRIEFS, fulltext.PG_BRIEF_VECTOR, "ix_briefs_fts")):
                query = select(table).where(fulltext.pg_condition(vector, ["osaka"]))
                sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
                plan = "\n".join(conn.execute(text(f"EXPLAIN {sql}")).scalars())
                assert index in plan, plan


def test_query_words_are_quoted_terms():
    assert terms('"Tanaka" OR (Miller*) title:x') == ["tanaka", "or", "miller", "title", "x"]
    assert fts5_query(["a", "b"]) == '"a" "b"'
    with pytest.raises(SearchQueryError):
        terms("*** ()")


# --- report agreement ------------------------------------------------------------------------

def test_reports_agree_and_disagree_on_day_place_and_numbers(client):
    store = client.app.state.store
    a, b = talks_analysis(), talks_analysis(url="https://mirror.example/talks")
    b.article = dataclasses.replace(b.article, source="Mirror")
    e2 = b.events[0]
    b.events[0] = dataclasses.replace(e2, date=dataclasses.replace(e2.date, value="2023-09-13"),
                                      event_loc=Place("Tokyo", "JPN"))
    store.save(a)
    store.save(b)
    canon = dataclasses.replace(a.events[0], id="evt_canon", evidence=[],
                                article_ids=[a.article.id, b.article.id])
    store.save_events([canon], replaces={a.events[0].id: canon.id, e2.id: canon.id})
    body = client.get("/api/events/evt_canon/reports").json()
    by_source = {r["source"]: r for r in body["reports"]}
    assert by_source["Mirror"]["date"] == "2023-09-13" and by_source["Example News"]["date"] == "2023-09-14TEV"
    assert body["date"]["agree"] + body["date"]["disagree"] == 2 and body["date"]["disagree"] == 1
    assert by_source["Mirror"]["place"] == "Tokyo (JPN)" and by_source["Example News"]["place"] is None
    assert body["place"] == {"value": "Tokyo (JPN)", "agree": 1, "disagree": 0, "silent": 1}
    assert by_source["Mirror"]["flags"] == {"error": 1, "warning": 1}
    page = client.get("/events/evt_canon")
    assert "How the reports agree" in page.text and page.text.count('class="differs"') == 1
    assert client.get("/api/events/evt_nope/reports").status_code == 404


def test_numbers_are_counts_not_dates_or_times():
    text = ("At least 12 people were killed and 1,500 fled on 3 March 2024 at 9 a.m. "
            "Officials said dozens more were hurt.")
    assert numbers(text, [Span(0, 10)]) == ["12", "1500"]
    assert numbers(text, [Span(text.index("Officials"), len(text))]) == ["dozens"]
    assert numbers("The call took place after 21 p.m. on the 14th, Tokyo time.", [Span(0, 8)]) == []


# --- charts ------------------------------------------------------------------------------------

def test_charts_escape_labels_and_scale_bars():
    series = [charts.Series('<b onclick="x">', "q1"), charts.Series("two", "q3")]
    svg = str(charts.stacked_bars('<script>alert(1)</script>', [("w1", {'<b onclick="x">': 3, "two": 1}),
                                                                ("<i>", {})], series))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b " not in svg and "<i>" not in svg
    assert svg.count("<rect") == 2 and 'class="bar q1"' in svg and "style=" not in svg
    heights = [float(h) for h in re.findall(r'height="([\d.]+)"', svg)]
    assert heights[0] == pytest.approx(3 * heights[1])  # bars in proportion to the counts
    lines = str(charts.lines("x", [("a", {"two": 2}), ("b", {"two": 0})], series))
    assert lines.count("<polyline") == 2 and lines.count("<circle") == 1


def test_figures_are_reused_for_a_while_per_store():
    from teller.api.timeline import Timeline, cached

    calls = []

    def compute() -> Timeline:
        calls.append(1)
        return Timeline(unit="week", buckets=[], dated=len(calls), undated=0)

    one, two = Store("sqlite://"), Store("sqlite://")
    assert cached(one, "k", compute).dated == 1
    assert cached(one, "k", compute).dated == 1  # reused
    assert cached(two, "k", compute).dated == 2  # another store: its own figures
    assert cached(one, "k", compute, seconds=0).dated == 3  # expired
    one.close()
    two.close()
