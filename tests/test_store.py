"""teller.store on SQLite: round trips, idempotence, rollback, filters, canonical events."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

import pytest

from teller.records import Flag, Span, content_id, to_dict
from teller.store import SCHEMA_VERSION, Store, StoreError
from teller.store.rows import date_days
from test_store_fixtures import (
    protest_analysis,
    talks_analysis,
    undated_analysis,
)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'teller.db'}")
    yield s
    s.close()


def _fill(store: Store) -> Store:
    for a in (talks_analysis(), protest_analysis(), undated_analysis()):
        assert store.save(a) is True
    return store


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A read-only store with three articles (tests that write make their own)."""
    s = _fill(Store(f"sqlite:///{tmp_path_factory.mktemp('filled') / 'teller.db'}"))
    yield s
    s.close()


def test_save_round_trips_the_analysis(store):
    a = talks_analysis()
    assert store.save(a) is True
    back = store.analysis(a.article.id)
    assert back is not None
    # Everything the pipeline produced comes back equal (events in id order).
    a.events.sort(key=lambda e: e.id)
    a.briefs = {e.id: a.briefs[e.id] for e in a.events if e.id in a.briefs}
    assert to_dict(back) == to_dict(a)


def test_save_is_idempotent(store):
    assert store.save(talks_analysis()) is True
    before = store.stats()
    assert store.save(talks_analysis()) is False
    assert store.stats() == before
    assert before["events"] == 3 and before["flags"] == 2 and before["articles"] == 1


def test_same_text_other_url_is_another_article(store):
    assert store.save(talks_analysis())
    assert store.save(talks_analysis(url="https://mirror.example/talks"))
    assert store.stats()["articles"] == 2
    assert store.stats()["events"] == 6
    assert store.stats()["actors"] == 4  # shared actors stored once


def test_failure_rolls_back_that_article_only(store):
    assert store.save(protest_analysis())
    before = store.stats()
    bad = talks_analysis()
    bad.flags.append(Flag(kind=None, severity="error", message="no kind"))  # type: ignore[arg-type]
    with pytest.raises(StoreError) as err:
        store.save(bad)
    assert bad.article.id in str(err.value) and "T400" in str(err.value)
    assert store.article(bad.article.id) is None
    assert store.stats() == before  # no events, actors, flags of the failed article
    assert store.save(talks_analysis()) is True  # and it can be stored once fixed


def test_malformed_analysis_is_a_clear_error(store):
    a = talks_analysis()
    a.events[0].evidence = [None]  # type: ignore[list-item]
    with pytest.raises(StoreError, match="malformed analysis"):
        store.save(a)
    assert store.stats()["articles"] == 0


def test_event_and_article_lookups(filled):
    a = talks_analysis()
    consult = a.events[0]
    got = filled.event(consult.id)
    assert got is not None and to_dict(got) == to_dict(consult)
    assert filled.event("evt_missing") is None
    assert filled.article(a.article.id).title == a.article.title
    assert filled.article("art_missing") is None
    assert filled.analysis("art_missing") is None
    assert filled.brief(consult.id).startswith("Aiko Tanaka")
    assert filled.event_evidence(consult.id) == {a.article.id: consult.evidence}


@pytest.mark.parametrize("kwargs, types", [
    ({}, ["PROTEST", "CONSULT", "AGREE", "CONSULT", "THREATEN"]),
    ({"country": "FRA"}, ["PROTEST"]),
    ({"country": "usa"}, ["CONSULT", "AGREE"]),
    ({"country": "JPN"}, ["CONSULT", "AGREE", "CONSULT", "THREATEN"]),
    ({"event": "consult"}, ["CONSULT", "CONSULT"]),
    ({"status": "planned"}, ["CONSULT"]),
    ({"start": "2023-09-14", "end": "2023-09-14"}, ["CONSULT", "AGREE"]),
    ({"start": date(2023, 10, 1)}, ["PROTEST", "CONSULT"]),  # the October meeting overlaps
    ({"end": "2023-09-30"}, ["CONSULT", "AGREE"]),
    ({"start": "2023-10-03", "end": "2023-10-31"}, ["CONSULT"]),
    ({"q": "MILLER"}, ["CONSULT"]),  # actor name, case-insensitive
    ({"q": "Secretary of State"}, ["CONSULT"]),  # actor role
    ({"q": "cooperate"}, ["AGREE"]),  # brief text
    ({"q": "100%"}, []),  # LIKE wildcards are literal
    ({"country": "JPN", "status": "happened", "event": "AGREE"}, ["AGREE"]),
])
def test_event_filters(filled, kwargs, types):
    got = filled.events(**kwargs)
    assert sorted(e.event for e in got) == sorted(types)
    assert filled.count_events(**kwargs) == len(types)


def test_events_are_ordered_and_paged(filled):
    all_ids = [e.id for e in filled.events()]
    assert len(all_ids) == 5
    assert [e.id for e in filled.events(limit=2)] + [e.id for e in filled.events(limit=2, offset=2)] \
        + [e.id for e in filled.events(limit=2, offset=4)] == all_ids
    assert [e.id for e in filled.iter_events(batch=2)] == all_ids
    days = [e.date.start[:10] for e in filled.events() if e.date]
    assert days == sorted(days, reverse=True)  # newest event first
    assert filled.events()[-1].date is None  # undated last


@pytest.mark.parametrize("kwargs, message", [
    ({"event": "PARTY"}, "unknown event type"),
    ({"status": "rumoured"}, "unknown status"),
    ({"country": "Japan"}, "alpha-3"),
    ({"start": "14/09/2023"}, "start must be a date"),
    ({"start": "2023-09-15", "end": "2023-09-14"}, "after end"),
    ({"limit": -1}, "limit"),
    ({"offset": -5}, "offset"),
])
def test_bad_filters_raise_value_errors(filled, kwargs, message):
    with pytest.raises(ValueError, match=message):
        filled.events(**kwargs)


def test_stats(filled):
    s = filled.stats()
    assert s["schema_version"] == SCHEMA_VERSION
    assert (s["articles"], s["events"], s["flags"]) == (3, 5, 3)
    assert s["events_by_type"] == {"AGREE": 1, "CONSULT": 2, "PROTEST": 1, "THREATEN": 1}
    assert s["events_by_status"] == {"happened": 4, "planned": 1}
    assert s["flags_by_severity"] == {"error": 1, "info": 1, "warning": 1}
    assert (s["first_day"], s["last_day"]) == ("2023-09-14", "2023-10-31")
    assert s["dated_events"] == 4
    assert s["mean_quality"] == 71.0


def test_canonical_events_merge_articles(store):
    filled = _fill(store)
    a1 = talks_analysis()
    a2 = talks_analysis(url="https://mirror.example/talks")
    assert filled.save(a2)
    e1, e2 = a1.events[0], a2.events[0]
    canon = dataclasses.replace(e1, id=content_id("evt", "canon", e1.id), evidence=[],
                                article_ids=[a1.article.id, a2.article.id])
    assert filled.save_events([canon], replaces={e1.id: canon.id, e2.id: canon.id},
                              briefs={canon.id: "Merged brief."}) == 1
    listed = [e.id for e in filled.events(event="CONSULT", status="happened")]
    assert listed == [canon.id]  # the two per-article events are hidden
    assert filled.count_events(event="CONSULT", status="happened", include_superseded=True) == 3
    got = filled.event(canon.id)
    assert got.article_ids == sorted([a1.article.id, a2.article.id])
    assert [a.id for a in got.actor] == ["act_tanaka"]
    assert filled.event_evidence(canon.id) == {a1.article.id: e1.evidence, a2.article.id: e2.evidence}
    info = filled.event_info(canon.id)
    assert info["canonical"] and sorted(info["merged"]) == sorted([e1.id, e2.id])
    assert filled.event_info(e1.id)["superseded_by"] == canon.id
    # Re-saving updates in place and only adds links.
    changed = dataclasses.replace(canon, confidence=0.99, article_ids=[a1.article.id])
    assert filled.save_events([changed]) == 0
    again = filled.event(canon.id)
    assert again.confidence == 0.99 and len(again.article_ids) == 2
    # The per-article analysis still shows the article's own events, not the canonical one.
    assert canon.id not in [e.id for e in filled.analysis(a1.article.id).events]


def test_sqlite_uses_wal(tmp_path):
    path = tmp_path / "wal.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_in_memory_database_is_shared_across_threads():
    import threading

    store = Store("sqlite://")
    store.save(talks_analysis())
    seen = []
    t = threading.Thread(target=lambda: seen.append(store.stats()["articles"]))
    t.start()
    t.join()
    assert seen == [1]


@pytest.mark.parametrize("url, message", [
    ("not a url", "not a database URL"),
    ("sqlite:////nonexistent-dir-teller/x.db", "does not exist"),
])
def test_bad_urls(url, message):
    with pytest.raises(StoreError, match=message):
        Store(url)


def test_date_days_from_interval_and_value():
    from teller.records import TimeValue

    tv = TimeValue("2023-09-14TEV", "TIME", "x", [], start="2023-09-14T18:00:00+09:00",
                   end="2023-09-15T00:00:00+09:00")
    assert date_days(tv) == (date(2023, 9, 14), date(2023, 9, 14))
    assert date_days(TimeValue("2024-02", "DATE", "x", [])) == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_days(TimeValue("2023", "DATE", "x", [])) == (date(2023, 1, 1), date(2023, 12, 31))
    assert date_days(TimeValue("P1W", "DURATION", "x", [])) == (None, None)
    assert date_days(TimeValue("2023-13-40", "DATE", "x", [])) == (None, None)
    assert date_days(None) == (None, None)


def test_events_of_other_articles_keep_their_links(store):
    """An event listing several article ids links them all (the stories stage relies on it)."""
    a = undated_analysis()
    a.events[0].article_ids.append("art_other")
    store.save(a)
    assert store.event(a.events[0].id).article_ids == sorted([a.article.id, "art_other"])


def test_analysis_shows_only_spans_of_its_own_text(store):
    """An event reported by two articles keeps each article's spans with that article."""
    a, b = talks_analysis(), protest_analysis()
    shared = a.events[1]
    shared.article_ids = [a.article.id, b.article.id]
    b.events.append(dataclasses.replace(shared, evidence=[Span(0, 9)]))
    assert store.save(a) and store.save(b)
    in_b = next(e for e in store.analysis(b.article.id).events if e.id == shared.id)
    assert in_b.evidence == [Span(0, 9)]  # b's own span, not a's offsets
    in_a = next(e for e in store.analysis(a.article.id).events if e.id == shared.id)
    assert in_a.evidence == shared.evidence
    assert store.event_evidence(shared.id) == {a.article.id: shared.evidence, b.article.id: [Span(0, 9)]}


def test_bulk_save_speed(store):
    """Saving is a small fraction of the pipeline's 50 ms per article budget."""
    import time

    batch = [talks_analysis(url=f"https://news.example/{i}") for i in range(100)]
    t0 = time.process_time()  # CPU time: other processes on the machine do not count
    for a in batch:
        assert store.save(a)
    per_article = (time.process_time() - t0) / len(batch)
    assert per_article < 0.025, f"{per_article * 1000:.1f} ms per article"
    assert store.stats()["events"] == 3 * len(batch)


def test_concurrent_saves_of_one_article_store_it_once(store):
    """Two writers racing on the same article: one stores it, the other gets False, no error."""
    import threading

    results: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        try:
            results.append(store.save(talks_analysis()))
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [False, False, False, True]
    assert store.stats()["events"] == 3


def test_replace_reanalyses_an_article(store):
    a = talks_analysis()
    assert store.save(a)
    assert store.save(protest_analysis())
    before = store.stats()
    newer = talks_analysis(quality=90)
    newer.flags = newer.flags[:1]
    newer.events = newer.events[:2]
    assert store.save(newer) is False  # without replace: untouched
    assert store.save(newer, replace=True) is True
    back = store.analysis(a.article.id)
    assert back.quality == 90 and len(back.flags) == 1 and len(back.events) == 2
    assert store.event(a.events[2].id) is None  # the dropped event is gone with its links
    after = store.stats()
    assert (after["events"], after["flags"]) == (before["events"] - 1, before["flags"] - 1)
    assert store.analysis(protest_analysis().article.id) is not None  # other articles untouched


def test_replace_keeps_merges_and_shared_events(store):
    a = talks_analysis()
    b = talks_analysis(url="https://mirror.example/talks")
    store.save(a)
    store.save(b)
    e1 = a.events[0]
    canon = dataclasses.replace(e1, id="evt_canon", evidence=[], article_ids=[a.article.id, b.article.id])
    store.save_events([canon], replaces={e1.id: canon.id, b.events[0].id: canon.id})
    assert store.save(talks_analysis(), replace=True)
    assert store.event_info(e1.id)["superseded_by"] == canon.id  # merge survives re-analysis
    assert store.event(canon.id).article_ids == sorted([a.article.id, b.article.id])
    assert store.delete_article(b.article.id) is True
    assert store.delete_article(b.article.id) is False
    assert store.event(canon.id).article_ids == [a.article.id]  # canonical event stays
    assert store.event(b.events[0].id) is None
    assert [e.id for e in store.events(event="CONSULT", status="happened")] == [canon.id]
