"""The HTML pages: JSON twins, marked evidence and flags, escaping, errors."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from teller.app import create_app
from teller.records import Flag, Span
from teller.web.marks import TextMark, evidence_marks, flag_marks, mark_text
from test_store_fixtures import TEXT_TALKS, protest_analysis, span, talks_analysis, undated_analysis


class _Marks(HTMLParser):
    """Collects the text inside each <mark> by class, and every <script> tag."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.marked: dict[str, str] = {}
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self.stack.append(dict(attrs).get("class", ""))

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        for cls in set(self.stack):
            self.marked[cls] = self.marked.get(cls, "") + data


def parse(html: str) -> _Marks:
    p = _Marks()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "teller.db"
    app = create_app(f"sqlite:///{db}")
    hostile = protest_analysis()
    hostile.article = dataclasses.replace(hostile.article, url="javascript:alert(1)")
    for a in (talks_analysis(), hostile, undated_analysis()):
        assert app.state.store.save(a)
    with TestClient(app) as c:
        yield c


def test_front_page_lists_events_and_links_its_json_twin(client):
    r = client.get("/", params={"country": "JPN"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["link"] == '</api/events?country=JPN>; rel="alternate"; type="application/json"'
    assert 'href="/api/events?country=JPN"' in r.text  # visible link too
    assert "4 matching events" in r.text
    for e in talks_analysis().events:
        assert f'href="/events/{e.id}"' in r.text
    assert "PROTEST" not in re.sub(r"<select.*?</select>", "", r.text, flags=re.S)
    assert "Content-Security-Policy" in r.headers and "script-src" not in r.headers["Content-Security-Policy"]


def test_front_page_paging_links(client):
    r = client.get("/", params={"limit": 2, "offset": 2})
    assert 'href="/?limit=2"' in r.text and 'href="/?limit=2&amp;offset=4"' in r.text


def test_event_page_marks_evidence_and_flags(client):
    a = talks_analysis()
    consult = a.events[0]
    r = client.get(f"/events/{consult.id}")
    assert r.status_code == 200
    assert r.headers["link"] == f'</api/events/{consult.id}>; rel="alternate"; type="application/json"'
    p = parse(r.text)
    assert p.marked["ev"] == "".join(s.of(a.article.text) for s in consult.evidence)
    assert p.marked["flag sev-error"] == "21 p.m."
    assert p.marked["flag sev-warning"] == "Tanakahis"  # both spans of the pronoun flag
    assert a.briefs[consult.id] in r.text
    # Flag list: kind, severity and message, each linked from the text.
    assert 'id="a1-flag-1"' in r.text and 'href="#a1-flag-1"' in r.text
    assert "invalid_time" in r.text and "pronoun_mismatch" in r.text
    assert "&#34;his&#34; refers to Aiko Tanaka (female)" in r.text
    assert "majority of 2 mentions" in r.text  # why this date
    assert "1 article from 1 source" in r.text


def test_article_page(client):
    a = talks_analysis()
    r = client.get(f"/articles/{a.article.id}")
    assert r.status_code == 200
    assert f'</api/articles/{a.article.id}>' in r.headers["link"]
    p = parse(r.text)
    assert "held a telephone call" in p.marked["ev"] and "would host the next meeting" in p.marked["ev"]
    assert 'value="62"' in r.text and "62</strong>/100" in r.text  # quality
    assert a.highlights[0].text in r.text
    assert "The two ministers" in r.text and "Aiko Tanaka (JPN), John Miller (USA)" in r.text  # group mention
    assert "2023-10" in r.text  # timexes table


def test_text_from_articles_is_escaped(client):
    a = protest_analysis()
    for url in (f"/events/{a.events[0].id}", f"/articles/{a.article.id}", "/"):
        r = client.get(url)
        assert r.status_code == 200
        p = parse(r.text)
        assert p.scripts == 0, url
        assert "<script>" not in r.text and "<b>" not in r.text
    r = client.get(f"/articles/{a.article.id}")
    assert "&lt;script&gt;</mark>" in r.text and "alert(&#39;x&#39;)&lt;/script&gt;" in r.text
    assert "Other &lt;Wire&gt;" in r.text and "Farmers march in Paris &lt;b&gt;" in r.text
    assert "markup &lt;i&gt;in&lt;/i&gt; the text" in r.text  # flag message
    assert "javascript:" not in r.text  # an unsafe article URL is not turned into a link


def test_missing_pages_are_404_html(client):
    r = client.get("/events/evt_nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no event with id &#39;evt_nope&#39;" in r.text
    r = client.get("/articles/<script>")
    assert r.status_code == 404 and "<script>" not in r.text


@pytest.mark.parametrize("query, words", [
    ("start=yesterday", "start"),
    ("event=PARTY", "event"),
    ("start=2023-09-15&end=2023-09-01", "after end"),
    ("country=%3Cscript%3E", "country"),
])
def test_bad_filters_are_400_pages_with_a_message(client, query, words):
    r = client.get(f"/?{query}")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert words in r.text and "<script>" not in r.text


def test_empty_form_fields_are_no_filter(client):
    r = client.get("/?country=&event=&status=&start=&end=&q=")
    assert r.status_code == 200 and "5 matching events" in r.text


def test_stylesheet_is_served(client):
    r = client.get("/static/teller.css")
    assert r.status_code == 200 and "mark.ev" in r.text


# --- the marking function on its own ---

def test_overlapping_marks_are_split_not_nested_wrongly():
    text = "one two three"
    html = str(mark_text(text, evidence_marks([Span(0, 7)]) + flag_marks(
        [Flag("k", "error", "m", [Span(4, 13)])])))
    p = parse(html)
    assert p.marked["ev"] == "one two"
    assert p.marked["flag sev-error"] == "two three"
    # Every <mark> closes in the order it opened (valid HTML).
    assert html.count("<mark") == html.count("</mark>")


def test_bad_offsets_are_dropped_not_fatal():
    html = str(mark_text("short", [TextMark(3, 99, "evidence"), TextMark(-5, -1, "evidence"),
                                   TextMark(4, 2, "evidence")]))
    assert parse(html).marked["ev"] == "rt"


def test_point_flags_show_a_reference():
    html = str(mark_text("abc", flag_marks([Flag("missing", "info", "x", [Span(1, 1)])])))
    assert 'href="#flag-1"' in html and parse(html).marked == {}


def test_marked_text_keeps_every_character():
    marks = evidence_marks([span(TEXT_TALKS, "telephone call")]) + flag_marks(
        [Flag("k", "warning", "<m>", [span(TEXT_TALKS, "call"), Span(0, 3)])])
    html = str(mark_text(TEXT_TALKS, marks))
    plain = re.sub(r"<sup.*?</sup>", "", html)
    plain = re.sub(r"<[^>]+>", "", plain)
    import html as h

    assert h.unescape(plain) == TEXT_TALKS


def test_articles_and_stats_pages(client):
    r = client.get("/articles")
    assert r.status_code == 200 and r.headers["link"].startswith("</api/articles>")
    a = talks_analysis()
    assert f'href="/articles/{a.article.id}"' in r.text and "(1 error)" in r.text
    assert "Farmers march in Paris &lt;b&gt;" in r.text
    r = client.get("/stats")
    assert r.status_code == 200 and r.headers["link"].startswith("</api/stats>")
    assert 'href="/?event=CONSULT"' in r.text and "pronoun_mismatch" in r.text


def test_event_time_is_readable_in_lists(client):
    r = client.get("/", params={"event": "CONSULT", "status": "happened"})
    assert '<td class="when">2023-09-14 evening</td>' in r.text
    r = client.get("/", params={"status": "planned"})
    assert '<td class="when">2023-10</td>' in r.text


def test_canonical_event_page_shows_every_report():
    a, b = talks_analysis(), talks_analysis(url="https://mirror.example/talks")
    b.article = dataclasses.replace(b.article, source="Mirror")
    app = create_app("sqlite://")
    store = app.state.store
    store.save(a)
    store.save(b)
    e1, e2 = a.events[0], b.events[0]
    canon = dataclasses.replace(e1, id="evt_canon", evidence=[], article_ids=[a.article.id, b.article.id])
    store.save_events([canon], replaces={e1.id: canon.id, e2.id: canon.id})
    with TestClient(app) as c:
        r = c.get("/events/evt_canon")
        assert r.status_code == 200
        assert "2 articles from 2 sources" in r.text and "Merges 2 per-article events" in r.text
        assert r.text.count('<section class="report">') == 2
        assert 'id="a1-flag-1"' in r.text and 'id="a2-flag-1"' in r.text  # anchors unique per report
        assert parse(r.text).marked["ev"] == 2 * "held a telephone callThe call took place"
        r = c.get(f"/events/{e1.id}")
        assert 'Merged into <a href="/events/evt_canon">' in r.text
        body = c.get("/api/events", params={"event": "CONSULT", "status": "happened"}).json()
        assert [e["id"] for e in body["events"]] == ["evt_canon"]


def test_pages_answer_head_requests(client):
    """Link checkers and caches ask HEAD first."""
    r = client.head("/")
    assert r.status_code == 200 and r.headers["link"].startswith("</api/events>")
    assert client.head("/events/evt_nope").status_code == 404


def test_event_page_shows_each_report_day_when_reports_disagree():
    a, b = talks_analysis(), talks_analysis(url="https://mirror.example/talks")
    b.article = dataclasses.replace(b.article, source="Mirror")
    e2 = b.events[0]
    other_day = dataclasses.replace(e2.date, value="2023-09-13", start=None, end=None)
    b.events[0] = e2 = dataclasses.replace(e2, date=other_day, date_reason="'Wednesday' read as the day before")
    app = create_app("sqlite://")
    store = app.state.store
    store.save(a)
    store.save(b)
    e1 = a.events[0]
    canon = dataclasses.replace(e1, id="evt_canon", evidence=[], article_ids=[a.article.id, b.article.id],
                                date_reason="stated day; reports disagree: 2023-09-13 (1)")
    store.save_events([canon], replaces={e1.id: canon.id, e2.id: canon.id})
    with TestClient(app) as c:
        r = c.get("/events/evt_canon")
        sections = r.text.split('<section class="report">')[1:]
        days = {("Mirror" in sec): re.findall(r"This report dates it <code>([^<]+)</code>", sec) for sec in sections}
        assert days == {False: [e1.date.value], True: ["2023-09-13"]}
        assert r.text.count("differs from the merged date") == 1
        assert "read as the day before" in r.text
