"""StoryIndex on hand-built analyses: copies, stories, event merges, order and state."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random

import pytest

from teller.records import Actor, Analysis, Article, Event, Place, Span, TimeValue, content_id
from teller.stories import StoryIndex
from teller.stories.merge import Report, best_date, compatible

JPN = Actor("JPN", "Japan", "state", country="JPN")
USA = Actor("USA", "United States", "state", country="USA")
CHN = Actor("CHN", "China", "state", country="CHN")
KAMIKAWA = Actor("p_kamikawa", "Yoko Kamikawa", "person", country="JPN", role="Minister for Foreign Affairs")
HAYASHI = Actor("p_hayashi", "Yoshimasa Hayashi", "person", country="JPN", role="Minister for Foreign Affairs")
BLINKEN = Actor("p_blinken", "Antony Blinken", "person", country="USA", role="Secretary of State")
WANG = Actor("p_wang", "Wang Yi", "person", country="CHN", role="Minister of Foreign Affairs")


def day(value: str, tz: str = "+09:00", part: str | None = None) -> TimeValue:
    """A day (or part of it) in a zone, as the timex stage would give it."""
    lo, hi = "00:00", None
    if part == "MO":
        lo, hi = "06:00", "12:00"
    elif part == "EV":
        lo, hi = "18:00", None
    start = f"{value}T{lo}:00{tz}"
    if hi:
        end = f"{value}T{hi}:00{tz}"
    else:
        from datetime import date, timedelta

        end = f"{(date.fromisoformat(value) + timedelta(days=1)).isoformat()}T00:00:00{tz}"
    return TimeValue(value=value + (f"T{part}" if part else ""), type="DATE" if not part else "TIME",
                     text=value, evidence=[Span(0, 4)], start=start, end=end,
                     granularity="part_of_day" if part else "day", tz=tz)


def week(value: str, start: str, end: str) -> TimeValue:
    return TimeValue(value=value, type="DATE", text="this week", evidence=[Span(0, 9)],
                     start=start, end=end, granularity="week")


def article(text: str, source: str, published: str, title: str = "") -> Article:
    url = f"https://{source}.example/{content_id('u', text)[2:10]}"
    return Article(id=Article.make_id(text, url), text=text, url=url, source=source,
                   title=title or text.split(".")[0], published=published)


def event(art: Article, kind: str, actors: list[Actor], recipients: list[Actor], date: TimeValue | None,
          status: str = "happened", mode: str | None = None, place: Place | None = None,
          reason: str = "single mention") -> Event:
    ev_id = content_id("evt", art.id, kind, [a.id for a in actors], [a.id for a in recipients], status,
                       date.value if date else None)
    return Event(id=ev_id, event=kind, actor=actors, recipient=recipients, status=status,  # type: ignore[arg-type]
                 evidence=[Span(0, 10)], confidence=0.8, mode=mode, date=date, date_reason=reason,
                 event_loc=place, article_ids=[art.id])


def analysis(text: str, source: str, published: str, events: list[tuple], title: str = "") -> Analysis:
    art = article(text, source, published, title)
    return Analysis(article=art, events=[event(art, *e) for e in events])


def call_reports() -> list[Analysis]:
    """Three reports of one evening call; the farewell call that morning; a planned meeting."""
    return [
        analysis("Foreign Minister Kamikawa spoke by telephone with Secretary of State Blinken on "
                 "Thursday evening and the two agreed to keep working closely together.", "nhk",
                 "2023-09-14T23:10:00+09:00",
                 [("CONSULT", [KAMIKAWA], [BLINKEN], day("2023-09-14", part="EV"), "happened", "phone")]),
        analysis("Japan's new top diplomat Yoko Kamikawa held her first phone call with Antony Blinken "
                 "late on September 14, Tokyo time, pledging close coordination on Ukraine and China.",
                 "kyodo", "2023-09-15T01:30:00+09:00",
                 [("CONSULT", [KAMIKAWA], [BLINKEN], day("2023-09-14"), "happened", "phone")]),
        analysis("Blinken congratulated Kamikawa in a call on Thursday, the State Department said, "
                 "calling the alliance with Japan a cornerstone of peace in the Indo-Pacific.",
                 "statedept", "2023-09-14T13:00:00-04:00",
                 [("CONSULT", [BLINKEN], [KAMIKAWA], day("2023-09-14", "-04:00"), "happened", "phone")]),
        analysis("Outgoing minister Hayashi made a farewell call to Blinken on Thursday morning, thanking "
                 "him for two years of cooperation before handing over the ministry.", "asahi",
                 "2023-09-14T12:00:00+09:00",
                 [("CONSULT", [HAYASHI], [BLINKEN], day("2023-09-14", part="MO"), "happened", "phone")]),
        analysis("Kamikawa and Blinken will meet in person in New York next week on the sidelines of the "
                 "United Nations General Assembly, officials said.", "jiji", "2023-09-15T09:00:00+09:00",
                 [("CONSULT", [KAMIKAWA], [BLINKEN], week("2023-W38", "2023-09-18T00:00:00+09:00",
                                                          "2023-09-25T00:00:00+09:00"), "planned")]),
    ]


def merged_groups(idx: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(e.article_ids) for e in idx.canonical_events()}


def test_reports_of_one_call_merge_and_confusables_stay_apart() -> None:
    reps = call_reports()
    idx = StoryIndex()
    for a in reps:
        idx.add(a)
    groups = merged_groups(idx)
    ids = [a.article.id for a in reps]
    assert frozenset(ids[:3]) in groups  # three wordings of the evening call
    assert frozenset([ids[3]]) in groups  # the farewell call with another minister
    assert frozenset([ids[4]]) in groups  # the plan is not the event
    assert len(groups) == 3
    call = next(e for e in idx.canonical_events() if len(e.article_ids) == 3)
    assert len(call.evidence) == 3
    assert call.date is not None and call.date.value.startswith("2023-09-14")
    assert "of 3 reports" in (call.date_reason or "")
    assert idx.sources()[call.id]["independent_sources"] == 3
    assert idx.event_map()[reps[1].events[0].id] == call.id


def test_morning_and_evening_calls_differ_even_without_names() -> None:
    a = analysis("Japan and the United States held phone talks on Thursday morning.", "a",
                 "2023-09-14T13:00:00+09:00",
                 [("CONSULT", [JPN], [USA], day("2023-09-14", part="MO"), "happened", "phone")])
    b = analysis("Japan and the United States held phone talks on Thursday evening.", "b",
                 "2023-09-14T23:00:00+09:00",
                 [("CONSULT", [JPN], [USA], day("2023-09-14", part="EV"), "happened", "phone")])
    ra = Report.of(a.events[0], a.article.id, 0.0)
    rb = Report.of(b.events[0], b.article.id, 0.0)
    assert not compatible(ra, rb)


def test_same_leaders_twice_in_a_week_and_a_vague_report() -> None:
    first = [analysis(f"Kamikawa met Wang Yi in Jakarta on Monday ({s}).", s, "2023-07-10T20:00:00+07:00",
                      [("CONSULT", [KAMIKAWA], [WANG], day("2023-07-10", "+07:00"), "happened", None,
                        Place("Jakarta", "IDN"))]) for s in ("reuters", "ap")]
    second = [analysis(f"Kamikawa and Wang met again in Tokyo on Friday ({s}).", s, "2023-07-14T20:00:00+09:00",
                       [("CONSULT", [WANG], [KAMIKAWA], day("2023-07-14"), "happened", None,
                         Place("Tokyo", "JPN"))]) for s in ("kyodo", "xinhua")]
    vague = analysis("The two foreign ministers met this week, a spokesman said.", "afp",
                     "2023-07-14T22:00:00+09:00",
                     [("CONSULT", [KAMIKAWA], [WANG], week("2023-W28", "2023-07-10T00:00:00+09:00",
                                                           "2023-07-17T00:00:00+09:00"))])
    idx = StoryIndex()
    for a in [*first, *second, vague]:
        idx.add(a)
    groups = merged_groups(idx)
    a1 = frozenset(a.article.id for a in first)
    a2 = frozenset(a.article.id for a in second)
    assert len(groups) == 2
    # the vague report joins exactly one of the meetings and never bridges them
    assert any(a1 <= g for g in groups) and any(a2 <= g for g in groups)
    assert not any(a1 | a2 <= g for g in groups)


def test_different_counterpart_country_stays_apart() -> None:
    a = analysis("Japan and China held talks.", "a", "2023-09-14T13:00:00+09:00",
                 [("CONSULT", [JPN], [CHN], day("2023-09-14"))])
    b = analysis("Japan and the US held talks.", "b", "2023-09-14T13:00:00+09:00",
                 [("CONSULT", [JPN], [USA], day("2023-09-14"))])
    c = analysis("Japan held talks on Thursday.", "c", "2023-09-14T15:00:00+09:00",
                 [("CONSULT", [JPN], [], day("2023-09-14"))])
    idx = StoryIndex()
    for x in (a, b, c):
        idx.add(x)
    groups = merged_groups(idx)
    assert frozenset([a.article.id, b.article.id]) not in groups
    assert len(groups) == 2  # the one-sided report joins one of them, not both


def test_wire_copy_links_to_earliest_original() -> None:
    base = ("Foreign Minister Yoko Kamikawa held a telephone conversation with Secretary of State Antony "
            "Blinken on Thursday evening. The two ministers agreed that Japan and the United States will "
            "keep working closely on Russia's war in Ukraine, on China and on North Korea's missiles. "
            "They also confirmed plans to meet in New York next week during the UN General Assembly.")
    original = analysis(base, "kyodo", "2023-09-14T23:30:00+09:00", [])
    syndicated = analysis(base + " (Kyodo)", "japantimes", "2023-09-15T08:00:00+09:00", [])
    updated = analysis(base.replace("Thursday evening", "Thursday night") + " Kamikawa later told "
                       "reporters the call was an important first step.", "kyodo", "2023-09-15T10:00:00+09:00", [])
    other = analysis("An earthquake struck off the coast of Chiba on Friday; no tsunami warning was "
                     "issued and no damage was reported.", "nhk", "2023-09-15T11:00:00+09:00", [])
    for order in itertools.permutations([original, syndicated, updated, other]):
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        assert idx.duplicates() == {syndicated.article.id: original.article.id,
                                    updated.article.id: original.article.id}


def test_any_order_gives_the_same_ids() -> None:
    reps = call_reports()
    results = set()
    rng = random.Random(3)
    for _ in range(6):
        order = reps[:]
        rng.shuffle(order)
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        results.add(json.dumps({
            "events": [(e.id, e.article_ids, e.date.value if e.date else None) for e in idx.canonical_events()],
            "stories": [(s.id, s.article_ids, s.event_ids, s.title) for s in idx.stories()],
            "dups": idx.duplicates(),
        }))
    assert len(results) == 1


def test_stories_group_articles_sharing_an_event() -> None:
    reps = call_reports()
    idx = StoryIndex()
    for a in reps:
        idx.add(a)
    stories = idx.stories()
    by_article = {a: s for s in stories for a in s.article_ids}
    ids = [a.article.id for a in reps]
    assert by_article[ids[0]].id == by_article[ids[1]].id == by_article[ids[2]].id
    story = by_article[ids[0]]
    assert story.first_seen <= story.last_seen
    assert story.title
    assert set(idx.canonical_id(e.id) for a in reps[:3] for e in a.events) <= set(story.event_ids)


def test_incremental_add_and_state_round_trip() -> None:
    reps = call_reports()
    whole = StoryIndex()
    for a in reps:
        whole.add(a)
    part = StoryIndex()
    for a in reps[:2]:
        part.add(a)
    assert len(part.canonical_events()) == 1
    restored = StoryIndex.from_state(json.loads(json.dumps(part.to_state())))
    for a in reps[2:]:
        restored.add(a)
    restored.add(reps[0])  # adding an article again changes nothing
    assert [e.id for e in restored.canonical_events()] == [e.id for e in whole.canonical_events()]
    assert [(s.id, s.article_ids) for s in restored.stories()] == [(s.id, s.article_ids) for s in whole.stories()]
    assert {e.id: e.article_ids for e in restored.canonical_events()} == \
        {e.id: e.article_ids for e in whole.canonical_events()}


def test_bad_state_is_a_clear_error() -> None:
    from teller.errors import DataError

    with pytest.raises(DataError):
        StoryIndex.from_state({"version": 999})
    with pytest.raises(DataError):
        StoryIndex.from_state({"version": 1, "articles": [{"id": "x"}], "events": []})


def test_phone_call_is_not_the_meeting_but_other_modes_are_soft() -> None:
    base = ("CONSULT", [KAMIKAWA], [BLINKEN], day("2023-09-19", "-04:00"))
    call = analysis("Kamikawa phoned Blinken on Tuesday.", "a", "2023-09-19T20:00:00-04:00",
                    [(*base, "happened", "phone")])
    visit = analysis("Kamikawa visited Blinken on Tuesday.", "b", "2023-09-19T20:00:00-04:00",
                     [(*base, "happened", "visit")])
    multi = analysis("Kamikawa met Blinken at the UN on Tuesday.", "c", "2023-09-19T21:00:00-04:00",
                     [(*base, "happened", "multilateral")])
    rc, rv, rm = (Report.of(x.events[0], x.article.id, 0.0) for x in (call, visit, multi))
    assert not compatible(rc, rv)
    assert compatible(rv, rm)


def test_places_in_one_country_differ_but_the_country_itself_does_not() -> None:
    when = day("2024-01-23", "+02:00")
    kharkiv = analysis("Missiles hit Kharkiv.", "a", "2024-01-23T10:00:00+02:00",
                       [("ASSAULT", [Actor("RUS", "Russia", "state", country="RUS")],
                         [Actor("UKR", "Ukraine", "state", country="UKR")], when, "happened", None,
                         Place("Kharkiv", "UKR"))])
    kyiv = analysis("Missiles hit Kyiv.", "b", "2024-01-23T11:00:00+02:00",
                    [("ASSAULT", [Actor("RUS", "Russia", "state", country="RUS")],
                      [Actor("UKR", "Ukraine", "state", country="UKR")], when, "happened", None, Place("Kyiv", "UKR"))])
    country = analysis("Missiles hit Ukraine.", "c", "2024-01-23T12:00:00+02:00",
                       [("ASSAULT", [Actor("RUS", "Russia", "state", country="RUS")],
                         [Actor("UKR", "Ukraine", "state", country="UKR")], when, "happened", None,
                         Place("Ukraine", "UKR"))])
    rh, rk, rc = (Report.of(x.events[0], x.article.id, 0.0) for x in (kharkiv, kyiv, country))
    assert not compatible(rh, rk)
    assert compatible(rh, rc) and compatible(rk, rc)


def test_a_stated_day_outranks_weekday_readings_and_disagreement_is_said() -> None:
    weekday = dataclasses.replace(day("2023-09-13"), text="Wednesday")
    stated = dataclasses.replace(day("2023-09-14"), text="September 14")
    texts = ["Kamikawa and Blinken spoke by phone on Wednesday.", "Kamikawa and Blinken spoke by phone, Kyodo said.",
             "The two ministers held a telephone call on September 14."]
    reps = [analysis(t, s, "2023-09-15T00:30:00+09:00", [("CONSULT", [KAMIKAWA], [BLINKEN], d, "happened", "phone")])
            for t, s, d in zip(texts, ["nhk", "jiji", "kyodo"], [weekday, weekday, stated], strict=True)]
    events = [r.events[0] for r in reps]
    reports = {e.id: Report.of(e, r.article.id, 0.0) for e, r in zip(events, reps, strict=True)}
    date, reason = best_date(events, reports)
    assert date.value == "2023-09-14"  # one stated day over two weekday readings
    assert "(stated day)" in reason and "reports disagree: 2023-09-13 (2)" in reason


def test_best_supported_date_and_source_counts() -> None:
    texts = ["Kamikawa and Blinken spoke by phone on Thursday evening.",
             "The two ministers held a telephone call on September 14.",
             "A machine-translated report put the call on March 14."]
    dates = [day("2023-09-14", part="EV"), day("2023-09-14"), day("2023-03-14")]
    sources = ["nhk", "kyodo", "nhk"]
    reps = [analysis(t, s, "2023-09-15T00:30:00+09:00", [("CONSULT", [KAMIKAWA], [BLINKEN], d, "happened", "phone")])
            for t, s, d in zip(texts, sources, dates, strict=True)]
    idx = StoryIndex()
    for a in reps:
        idx.add(a)
    # the March reading contradicts the others, so it is a separate (one-report) event
    events = sorted(idx.canonical_events(), key=lambda e: -len(e.article_ids))
    assert [len(e.article_ids) for e in events] == [2, 1]
    merged = events[0]
    assert merged.date is not None and merged.date.value == "2023-09-14TEV"
    assert merged.date_reason.startswith("2023-09-14TEV: 1 of 2 reports give it (stated day), 2 are consistent")
    info = idx.sources()[merged.id]
    assert info == {"reports": 2, "sources": ["kyodo", "nhk"], "independent_sources": 2}


def test_copies_far_apart_in_time_are_not_linked() -> None:
    text = ("The central bank left its policy rate unchanged on Wednesday and said inflation was slowing "
            "faster than expected, while warning that wage growth remained strong across services.")
    first = analysis(text, "a", "2024-03-06T10:00:00+00:00", [])
    reprint = analysis(text + " (archive)", "b", "2024-03-20T10:00:00+00:00", [])
    idx = StoryIndex()
    idx.add(first)
    idx.add(reprint)
    assert idx.duplicates() == {}


def test_batched_and_parallel_adding_give_the_same_result() -> None:
    reps = call_reports()
    one = StoryIndex()
    for a in reps:
        one.add(a)
    batched = StoryIndex()
    batched.add_many(reversed(reps), batch=2)
    forked = StoryIndex()
    forked.add_many(reps, batch=2, workers=2)

    def summary(idx: StoryIndex) -> tuple:
        return ([(e.id, e.article_ids) for e in idx.canonical_events()],
                [(s.id, s.article_ids) for s in idx.stories()], idx.duplicates())

    assert summary(one) == summary(batched) == summary(forked)


def test_zone_overlap_does_not_beat_the_named_day() -> None:
    """A Tokyo paper's "Tuesday" overlaps a Monday-evening report from Europe once both are in UTC;
    the report still belongs with the other Tuesday reports."""
    modi = Actor("p_modi", "Narendra Modi", "person", country="IND")
    putin = Actor("p_putin", "Vladimir Putin", "person", country="RUS")
    monday = [analysis(f"Putin hosted Modi for dinner on Monday evening ({s}).", s, f"2024-07-08T22:00:00{tz}",
                       [("CONSULT", [modi], [putin], day("2024-07-08", tz, part="EV"))])
              for s, tz in (("wire", "+02:00"), ("star", "+08:00"))]
    tuesday = [analysis(f"Modi held formal talks with Putin on Tuesday ({s}).", s, f"2024-07-09T20:00:00{tz}",
                        [("CONSULT", [modi], [putin], day("2024-07-09", tz))])
               for s, tz in (("dispatch", "-04:00"), ("bulletin", "+08:00"))]
    tokyo = analysis("Modi met Putin in the Kremlin on Tuesday.", "ledger", "2024-07-10T07:00:00+09:00",
                     [("CONSULT", [modi], [putin], day("2024-07-09", "+09:00"))])
    idx = StoryIndex()
    for a in [*monday, *tuesday, tokyo]:
        idx.add(a)
    groups = merged_groups(idx)
    assert frozenset(a.article.id for a in [*tuesday, tokyo]) in groups
    assert frozenset(a.article.id for a in monday) in groups


def test_an_undated_plan_meets_a_dated_one_in_either_order() -> None:
    putin = Actor("p_putin", "Vladimir Putin", "person", country="RUS")
    prk = Actor("PRK", "North Korea", "state", country="PRK")
    dated = analysis("Putin will visit North Korea on June 18, the Kremlin said.", "wire", "2024-06-17T15:00:00+02:00",
                     [("CONSULT", [putin], [prk], day("2024-06-18", "+09:00"), "planned", "visit")])
    undated = analysis("Putin is expected in Pyongyang for a summit.", "harbor", "2024-06-18T08:00:00+09:00",
                       [("CONSULT", [putin], [], None, "planned", "visit", None, "no date stated for this event")])
    for order in ([dated, undated], [undated, dated]):
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        assert merged_groups(idx) == {frozenset([dated.article.id, undated.article.id])}


def test_unresolved_actors_are_not_sides() -> None:
    farmers = Actor("unresolved:farmers", "Farmers", "unresolved")
    eu = Actor("org:eu", "European Union", "igo")
    a = analysis("Farmers protested against the EU in Brussels.", "a", "2024-02-01T13:00:00+01:00",
                 [("PROTEST", [farmers], [eu], day("2024-02-01", "+01:00"), "happened", "demo")])
    b = analysis("Belgian, French and Italian farmers rallied against the EU.", "b", "2024-02-01T16:00:00+01:00",
                 [("PROTEST",
                   [Actor("BEL", "Belgium", "state", country="BEL"), Actor("FRA", "France", "state", country="FRA")],
                   [eu], day("2024-02-01", "+01:00"), "happened", "demo")])
    ra, rb = (Report.of(x.events[0], x.article.id, 0.0) for x in (a, b))
    assert ra.parties == ("org:eu",)
    assert compatible(ra, rb)


def test_an_unresolved_actor_of_a_known_country_stands_for_its_side() -> None:
    """"Police" in Seoul is South Korea's side: the report is indexed and meets the report that
    names whom they arrested (a report with no side at all is never a candidate)."""
    police = Actor("unresolved:police", "Police", "unresolved", country="KOR")
    kim = Actor("person:kim-min-su", "Kim Min-su", "person", country="KOR")
    a = analysis("Police detained the former minister in Seoul today.", "a", "2024-03-05T12:00:00+09:00",
                 [("COERCE", [police], [], day("2024-03-05"), "happened", "arrest")])
    b = analysis("Investigators arrested former minister Kim Min-su.", "b", "2024-03-05T18:00:00+09:00",
                 [("COERCE", [Actor("unresolved:investigators", "Investigators", "unresolved")], [kim],
                   day("2024-03-05"), "happened", "arrest")])
    ra = Report.of(a.events[0], a.article.id, 0.0)
    assert ra.parties == ("KOR",)
    idx = StoryIndex()
    for x in (a, b):
        idx.add(x)
    assert {a.article.id, b.article.id} in [set(e.article_ids) for e in idx.canonical_events()]


def test_kept_events_thaw_equal_and_fresh() -> None:
    """Reports keep their Event frozen (shared parts); thawing gives an equal, independent record,
    and numbers Python calls equal (1 and 1.0) keep their own type."""
    from teller.records import to_dict
    from teller.stories.codec import freeze_event, thaw_event

    full = Event("evt_x", "CONSULT", [KAMIKAWA, JPN], [BLINKEN], "happened", [Span(3, 9), Span(20, 31)], 0.75,
                 mode="phone", context=["c1"], quad_code=1, cameo="040", date=day("2023-09-14", part="EV"),
                 date_reason="stated", event_loc=Place("New York", "USA", [Span(40, 48)]), topics=["t"],
                 event_text="held a call", article_ids=["art_1", "art_2"])
    bare = Event("evt_y", "ACCUSE", [CHN], [], "planned", [], 1, article_ids=["art_3"])
    odd = dataclasses_replace(bare, id="evt_z", confidence=1.0,
                              date=TimeValue("2023", "DATE", "2023", [], confidence=1))  # type: ignore[arg-type]
    for ev, aid in ((full, "art_1"), (bare, "art_3"), (bare, "art_other"), (odd, None)):
        t = freeze_event(ev, aid)
        back = thaw_event(t, aid)
        assert back == ev and json.dumps(to_dict(back)) == json.dumps(to_dict(ev))
        assert back.actor is not ev.actor and back.evidence is not ev.evidence
    assert freeze_event(full)[2] is freeze_event(full)[2]  # equal actors are one object
    assert type(thaw_event(freeze_event(odd)).date.confidence) is int  # type: ignore[union-attr]
    assert type(thaw_event(freeze_event(odd)).confidence) is float


def dataclasses_replace(ev: Event, **kw: object) -> Event:
    import dataclasses

    return dataclasses.replace(ev, **kw)


def test_lsh_bands_give_datasketchs_candidates() -> None:
    """The dict-based banding finds exactly what datasketch's MinHashLSH finds."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from teller.stories import dedup

    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, (40, dedup.NUM_PERM), dtype=np.uint64).astype(np.uint32)
    sigs = []
    for row in base:  # each base signature with variants that keep some of its slots
        sigs.append(row)
        for keep in (0.3, 0.5, 0.7, 0.9):
            v = row.copy()
            change = rng.random(dedup.NUM_PERM) > keep
            v[change] = rng.integers(0, 2**32, int(change.sum()), dtype=np.uint64).astype(np.uint32)
            sigs.append(v)
    lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM)
    bands = dedup._Bands(*dedup._bands(dedup.THRESHOLD))
    for i, s in enumerate(sigs):
        mh = MinHash(num_perm=dedup.NUM_PERM)
        mh.hashvalues = s
        lsh.insert(str(i), mh)
        bands.insert(str(i), s)
    hits = 0
    for s in sigs:
        mh = MinHash(num_perm=dedup.NUM_PERM)
        mh.hashvalues = s
        assert bands.query(s) == set(lsh.query(mh))
        hits += len(bands.query(s)) > 1
    assert hits > 40  # the planted variants are found


def test_rows_take_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from teller.stories import rows

    monkeypatch.setattr(rows, "CHUNK", 8)
    vecs, pub = rows.Rows(3, np.float32), rows.Rows(1, np.float64)
    for i in range(30):
        vecs.append(np.arange(3, dtype=np.float32) + 10 * i)
        pub.append(float(i))
    for idx in ([], [5], [3, 4, 5], [7, 8], [29, 0, 15, 15, 9], list(range(30))):
        got = np.asarray(idx, dtype=np.int64)
        assert np.array_equal(vecs.take(got), np.stack([vecs[i] for i in idx]) if idx else np.zeros((0, 3)))
        assert np.array_equal(pub.take(got), np.asarray([pub[i] for i in idx], dtype=np.float64))


def test_a_place_is_country_level_by_the_knowledge_base_the_caller_gives():
    """Only the caller's knowledge base (through ``is_country``) makes a place no more telling
    than its country; without one, a place name named by no participant stays."""
    from teller.actors import KnowledgeBase
    from teller.records import Actor, Event, Place
    from teller.stories.merge import country_names

    ev = Event(id="e1", event="CONSULT", actor=[Actor(id="s:NLD", name="Netherlands", kind="state", country="NLD")],
               recipient=[Actor(id="s:PER", name="Peru", kind="state", country="PER")], status="happened",
               evidence=[], confidence=0.9, event_loc=Place(name="Japan", country="JPN"))
    assert Report.of(ev, "a1", 0.0).place_name == "japan"
    assert Report.of(ev, "a1", 0.0, is_country=country_names(KnowledgeBase.default())).place_name is None
    assert Report.of(ev, "a1", 0.0, is_country=lambda name: False).place_name == "japan"


def test_a_day_lent_by_a_lede_yields_to_a_report_that_dates_the_event_but_beats_a_fallback() -> None:
    texts = ["Kamikawa and Blinken spoke by phone on Wednesday.", "The ministers also spoke by phone, Kyodo said.",
             "The two ministers held a telephone call, the ministry said."]
    reasons = ["'Wednesday' fixes the full date", "date of the article's lede event, AGREE ('agreed'): no date stated",
               "publication-date fallback: no date stated in the event's sentences"]
    days = [dataclasses.replace(day("2023-09-13"), text="Wednesday"), day("2023-09-12"),
            dataclasses.replace(day("2023-09-15"), text="", anchor="publication")]
    reps = [analysis(t, s, "2023-09-15T00:30:00+09:00", [("CONSULT", [KAMIKAWA], [BLINKEN], d, "happened", "phone")])
            for t, s, d in zip(texts, ["nhk", "jiji", "kyodo"], days, strict=True)]
    events = [dataclasses.replace(r.events[0], date_reason=why) for r, why in zip(reps, reasons, strict=True)]
    reports = {e.id: Report.of(e, r.article.id, 0.0) for e, r in zip(events, reps, strict=True)}
    assert not reports[events[1].id].dated  # merges with the window of its publication
    assert best_date(events, reports)[0].value == "2023-09-13"
    date, reason = best_date(events[1:], reports)
    assert date.value == "2023-09-12" and "lede" in reason
