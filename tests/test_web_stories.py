"""The stories page and its JSON twin: clusters, their articles, copies marked, paging."""

from __future__ import annotations

from fastapi.testclient import TestClient

from teller.app import create_app
from teller.records import Story
from test_store_fixtures import protest_analysis, talks_analysis


def _client():
    app = create_app("sqlite://")
    store = app.state.store
    talks, copy, protest = talks_analysis(), talks_analysis(url="https://other.example/talks"), protest_analysis()
    copy.article.id = "art_copy_of_talks"
    copy.article.source = "Other <Wire>"
    for a in (talks, copy, protest):
        store.save(a)
    stories = [
        Story(id="sto_talks", article_ids=[talks.article.id, copy.article.id],
              event_ids=[talks.events[0].id], title="Talks <b>held</b>",
              first_seen="2023-09-14T21:00:00+09:00", last_seen="2023-09-15T08:00:00+09:00"),
        Story(id="sto_protest", article_ids=[protest.article.id], event_ids=[],
              title="Protest", first_seen="2023-09-10T10:00:00+00:00", last_seen="2023-09-10T10:00:00+00:00"),
    ]
    store.save_stories({"version": 1}, stories, {copy.article.id: talks.article.id})
    return TestClient(app), talks, copy


def test_api_stories_lists_clusters_with_articles_and_copies():
    client, talks, copy = _client()
    data = client.get("/api/stories").json()
    assert data["total"] == 2
    first = data["stories"][0]
    assert first["id"] == "sto_talks" and first["events"] == 1
    assert [a["id"] for a in first["articles"]] == [talks.article.id, copy.article.id]
    assert first["copies"] == {copy.article.id: talks.article.id}
    page = client.get("/api/stories?limit=1&offset=1").json()
    assert [s["id"] for s in page["stories"]] == ["sto_protest"] and page["prev_url"]


def test_stories_page_escapes_and_links_its_json_twin():
    client, _, _ = _client()
    r = client.get("/stories")
    assert r.status_code == 200
    assert r.headers["link"].startswith("</api/stories>")
    assert "Talks &lt;b&gt;held&lt;/b&gt;" in r.text and "<b>held</b>" not in r.text
    assert "Other &lt;Wire&gt;" in r.text
    assert "(copy)" in r.text


def test_stories_state_round_trips_and_is_replaced_whole():
    client, talks, _ = _client()
    store = client.app.state.store
    assert store.story_state() == {"version": 1}
    store.save_stories({"version": 2}, [], {})
    assert store.story_state() == {"version": 2}
    assert store.count_stories() == 0 and store.duplicates() == {}
