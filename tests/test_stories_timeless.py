"""Articles with no known time (no publication time, no dated event): their reports take the time
of the dated story they join, narrowed to the weekday or month-day they name; with no story they
stay unbounded and merge only with equally unbounded reports of the same sides."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime

from teller.records import Actor, Analysis, Article, Event, Span, TimeValue, content_id
from teller.stories import StoryIndex
from teller.stories.merge import Report, compatible, undated_span

NOR = Actor("NOR", "Norway", "state", country="NOR")
CHL = Actor("CHL", "Chile", "state", country="CHL")
PER = Actor("PER", "Peru", "state", country="PER")

LEDE = ("Norway imposed fishing sanctions on Chile {when}, barring its trawlers from the Barents Sea "
        "after a dispute over salmon quotas that has simmered for months between the two governments.")


def _epoch(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


def report(source: str, published: str | None, date: TimeValue | None, reason: str, *,
           when: tuple[str, str] | None = None, text: str | None = None,
           actors: tuple[Actor, Actor] = (NOR, CHL), kind: str = "SANCTION") -> Analysis:
    """One article with one event; ``when``: the (text, value) of a time expression it could not resolve."""
    body = text or LEDE.format(when=when[0] if when else "this week")
    url = f"https://{source}.example/{content_id('u', body, source)[2:10]}"
    art = Article(id=Article.make_id(body, url), text=body, url=url, source=source,
                  title=body.split(",")[0], published=published)
    ev = Event(id=content_id("evt", art.id, kind), event=kind, actor=[actors[0]], recipient=[actors[1]],
               status="happened", evidence=[Span(0, len(body))], confidence=0.8, date=date,
               date_reason=reason, article_ids=[art.id])
    timexes = [TimeValue(value=when[1], type="DATE", text=when[0], evidence=[Span(40, 40 + len(when[0]))])] \
        if when else []
    return Analysis(article=art, timexes=timexes, events=[ev])


def stated(day: str) -> TimeValue:
    return TimeValue(value=day, type="DATE", text=f"on {datetime.fromisoformat(day):%B %d}", evidence=[Span(0, 5)],
                     start=f"{day}T00:00:00+00:00", end=f"{day}T23:59:59+00:00", granularity="day")


def cannot(what: str) -> str:
    return f"'{what}' cannot be dated: no publication time"


NO_TIME = "no date stated for this event; no publication time to fall back on"


def dated_and_timeless() -> list[Analysis]:
    """The sanctions of Thursday 7 March 2024 told by a dated paper and by a page with no time; the
    same sanctions on the same pair a week later, told differently by another dated paper."""
    return [
        report("tromso", "2024-03-08T07:00:00+00:00", stated("2024-03-07"), "stated day"),
        report("blog", None, None, cannot("on Thursday"), when=("on Thursday", "XXXX-WXX-4")),
        report("santiago", "2024-03-15T07:00:00+00:00", stated("2024-03-14"), "stated day",
               text="Chilean fishermen protested in Valparaiso harbour as the Norwegian embargo entered "
                    "its second week and the foreign ministry summoned the ambassador over new penalties."),
    ]


def canonical_of(idx: StoryIndex, a: Analysis) -> Event:
    cid = idx.canonical_id(a.events[0].id)
    return next(e for e in idx.canonical_events() if e.id == cid)


def test_a_timeless_report_joins_the_dated_report_of_its_story_and_takes_its_date() -> None:
    dated, timeless, later = dated_and_timeless()
    idx = StoryIndex()
    idx.add_many([dated, timeless, later])
    merged = canonical_of(idx, timeless)
    assert sorted(merged.article_ids) == sorted([dated.article.id, timeless.article.id])
    assert merged.date is not None and merged.date.value == "2024-03-07"
    assert idx.canonical_id(later.events[0].id) != merged.id  # a week later: another event
    story = next(s for s in idx.stories() if timeless.article.id in s.article_ids)
    assert dated.article.id in story.article_ids and later.article.id not in story.article_ids
    # the story's span is its dated report's, not the timeless one's 1970
    assert story.first_seen.startswith("2024-03-0") and story.first_seen == story.last_seen


def test_the_named_weekday_narrows_the_window_the_story_gives() -> None:
    window = (_epoch("2024-03-08T07:00:00"),) * 2
    lo, hi = undated_span("happened", window, "XXXX-WXX-4")
    assert (lo, hi) == (_epoch("2024-03-07T00:00:00"), _epoch("2024-03-08T00:00:00"))  # Thursday 7 March
    lo, hi = undated_span("happened", window, "XXXX-03-01")
    assert (lo, hi) == (_epoch("2024-03-01T00:00:00"), _epoch("2024-03-02T00:00:00"))
    assert undated_span("happened", window, "XXXX-WXX") == (window[0] - 4 * 86400, window[1] + 86400)


def test_a_weekday_that_does_not_fit_keeps_reports_apart() -> None:
    dated, _, _ = dated_and_timeless()
    monday = report("blog", None, None, cannot("on Monday"), when=("on Monday", "XXXX-WXX-1"))
    idx = StoryIndex()
    idx.add_many([dated, monday])
    # same story (the texts agree), but the Monday before 8 March is the 4th, not the 7th
    assert any({dated.article.id, monday.article.id} <= set(s.article_ids) for s in idx.stories())
    assert idx.canonical_id(monday.events[0].id) != idx.canonical_id(dated.events[0].id)


def test_any_order_and_a_state_round_trip_give_the_same_result() -> None:
    items = dated_and_timeless()
    results = set()
    for order in itertools.permutations(items):
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        again = StoryIndex.from_state(idx.to_state())
        for each in (idx, again):
            results.add((tuple(sorted(each.event_map().items())),
                         tuple(sorted(tuple(s.article_ids) for s in each.stories())),
                         tuple((e.id, e.date.value if e.date else None) for e in each.canonical_events())))
    assert len(results) == 1


def test_timeless_reports_with_no_story_meet_only_their_like() -> None:
    text = ("Peru's navy said a {who} vessel was detained near its coast, and officials in Lima described "
            "the incident as a breach of the maritime agreement signed between the two countries.")
    one = report("lima", None, None, NO_TIME, text=text.format(who="Norwegian"), actors=(NOR, PER))
    two = report("radio", None, None, NO_TIME, text=text.format(who="Norwegian fishing"), actors=(NOR, PER))
    other_side = report("wire", None, None, NO_TIME, text=text.format(who="Chilean"), actors=(CHL, PER))
    dated = report("paper", "2021-06-02T08:00:00+00:00", stated("2021-06-01"), "stated day", actors=(NOR, PER),
                   text="Oslo's budget committee approved new spending on roads, schools and hospitals in the north.")
    idx = StoryIndex()
    idx.add_many([one, two, other_side, dated])
    groups = {frozenset(e.article_ids) for e in idx.canonical_events()}
    assert frozenset({one.article.id, two.article.id}) in groups
    assert frozenset({other_side.article.id}) in groups
    assert frozenset({dated.article.id}) in groups  # no story lends them its time: never merged with it
    timeless_story = next(st for st in idx.stories() if one.article.id in st.article_ids)
    assert timeless_story.first_seen == timeless_story.last_seen == ""  # unknown, not 1970


def test_an_unbounded_report_is_compatible_only_with_an_unbounded_one_with_the_same_sides() -> None:
    a = report("x", None, None, NO_TIME, text="Norway sanctioned Chile over fishing.")
    b = report("y", None, None, NO_TIME, text="Norway hit Chile with fishing sanctions.")
    c = report("z", None, None, NO_TIME, text="Norway sanctioned Peru over fishing.", actors=(NOR, PER))
    d = report("w", "2024-03-08T07:00:00+00:00", None, NO_TIME, text="Norway fined Chile over fishing.")
    ra, rb, rc = (Report.of(x.events[0], x.article.id, None) for x in (a, b, c))
    rd = Report.of(d.events[0], d.article.id, _epoch("2024-03-08T07:00:00"))
    assert ra.unbounded and math.isinf(ra.hi) and ra.days() == ra.query_days() == [-2]
    assert compatible(ra, rb) and not compatible(ra, rc) and not compatible(ra, rd)
    assert not rd.unbounded


def _titled(analysis: Analysis, title: str, slug: str, name: str) -> Analysis:
    """``analysis`` whose text opens by naming ``name`` with ``title`` (a resolved title mention)."""
    from teller.records import Mention

    said = f"{title} {name}"
    art = analysis.article
    text = f"{said} said: {art.text}"
    who = Actor(f"person:{slug}", name, "person", country="USA")
    mention = Mention(text=said, evidence=[Span(0, len(said))], actor=who, kind="title")
    new = Article(id=art.id, text=text, url=art.url, source=art.source, title=art.title, published=art.published)
    return Analysis(article=new, timexes=analysis.timexes, events=analysis.events, mentions=[mention])


def test_a_timeless_article_joins_no_story_told_outside_the_tenures_it_names() -> None:
    dated, timeless, _ = dated_and_timeless()  # the dated story is of March 2024
    out_of_office = _titled(timeless, "President", "barack-obama", "Barack Obama")  # 2009-2017
    idx = StoryIndex()
    idx.add_many([dated, out_of_office])
    assert not any({dated.article.id, out_of_office.article.id} <= set(s.article_ids) for s in idx.stories())
    assert idx.canonical_id(out_of_office.events[0].id) != idx.canonical_id(dated.events[0].id)
    in_office = _titled(timeless, "President", "joe-biden", "Joe Biden")  # 2021-2025
    idx = StoryIndex()
    idx.add_many([dated, in_office])
    assert canonical_of(idx, in_office).date.value == "2024-03-07"
    state = idx.to_state()  # the window survives a round trip
    assert any("window" in a for a in state["articles"])
    assert StoryIndex.from_state(state).to_state() == state


def test_a_background_year_does_not_make_an_undated_article_dated() -> None:
    dated, _, _ = dated_and_timeless()
    year = TimeValue(value="2013", type="DATE", text="in 2013", evidence=[Span(0, 7)],
                     start="2013-01-01T00:00:00+00:00", end="2014-01-01T00:00:00+00:00", granularity="year")
    background = report("blog", None, year, "narrowest mention 'in 2013'", when=None)
    idx = StoryIndex()
    idx.add_many([dated, background])
    # published in 2013 it would be a decade from the story; with no time it joins it
    assert any({dated.article.id, background.article.id} <= set(s.article_ids) for s in idx.stories())


def test_a_dated_article_that_links_to_a_timeless_one_is_still_filed_under_its_day() -> None:
    # A timeless page comes first; the dated report that joins it must still be filed under its
    # own day, where a second timeless page of the same story looks for dated articles.
    dated, timeless, _later = dated_and_timeless()
    second = report("forum", None, None, cannot("on Thursday"), when=("on Thursday", "XXXX-WXX-4"),
                    text="On Thursday Norway barred Chilean trawlers from the Barents Sea, imposing fishing "
                         "sanctions on Chile over a long dispute about salmon quotas between the two governments.")
    idx = StoryIndex()
    for a in (timeless, dated, second):
        idx.add(a)
    story = next(s for s in idx.stories() if dated.article.id in s.article_ids)
    assert {timeless.article.id, second.article.id} <= set(story.article_ids)


# --- weak links and days read in a story -------------------------------------------------------

AUS = Actor("AUS", "Australia", "state", country="AUS")
ALBA = Actor("person:ana-alba", "Ana Alba", "person", country="NOR")
BRUN = Actor("person:bo-brun", "Bo Brun", "person", country="CHL")


def _people_report(source: str, published: str | None, date: TimeValue | None, reason: str, text: str, *,
                   when: tuple[str, str] | None = None) -> Analysis:
    """A talks report between two named ministers (persons make the entity overlap)."""
    a = report(source, published, date, reason, when=when, text=text, actors=(ALBA, BRUN), kind="CONSULT")
    return a


BOILERPLATE = ("This page uses cookies to improve your experience; by continuing you accept them. "
               "{body}")


def test_an_undated_page_with_a_boilerplate_lead_joins_the_one_story_that_shares_its_people() -> None:
    dated = _people_report("paper", "2024-05-11T06:00:00+00:00", None, "publication-date fallback: no date stated",
                           "Ana Alba and Bo Brun met in Tromso to discuss the salmon quota dispute.")
    page = _people_report("aggregator", None, None, cannot("on Friday"), when=("on Friday", "XXXX-WXX-5"),
                          text=BOILERPLATE.format(body="The two ministers talked for three hours on Friday."))
    idx = StoryIndex()
    idx.add_many([dated, page])
    assert any({dated.article.id, page.article.id} <= set(s.article_ids) for s in idx.stories())
    merged = canonical_of(idx, page)
    assert sorted(merged.article_ids) == sorted([dated.article.id, page.article.id])
    # the page's "Friday" read in its story's days beats the paper's publication-day fallback
    assert merged.date is not None and merged.date.value == "2024-05-10", merged.date_reason
    assert "story" in (merged.date_reason or "")


def test_an_undated_page_whose_people_meet_in_stories_months_apart_joins_none() -> None:
    may = _people_report("paper", "2024-05-11T06:00:00+00:00", None, "publication-date fallback: no date stated",
                         "Ana Alba and Bo Brun met in Tromso to discuss the salmon quota dispute.")
    october = _people_report("daily", "2024-10-02T06:00:00+00:00", None, "publication-date fallback: no date stated",
                             "Ana Alba and Bo Brun held talks in Santiago on the new fisheries treaty draft.")
    page = _people_report("aggregator", None, None, cannot("on Friday"), when=("on Friday", "XXXX-WXX-5"),
                          text=BOILERPLATE.format(body="The two ministers talked for three hours on Friday."))
    for order in itertools.permutations([may, october, page]):
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        story = next(s for s in idx.stories() if page.article.id in s.article_ids)
        assert story.article_ids == [page.article.id]
        assert canonical_of(idx, page).date is None


def test_a_lone_undated_report_takes_the_weekday_it_names_in_its_story() -> None:
    dated, _, _ = dated_and_timeless()  # published Friday 8 March 2024
    protest = report("blog", None, None, cannot("on Thursday"), when=("on Thursday", "XXXX-WXX-4"),
                     kind="ACCUSE", text=LEDE.format(when="on Thursday"))
    idx = StoryIndex()
    idx.add_many([dated, protest])
    lone = canonical_of(idx, protest)
    assert lone.article_ids == [protest.article.id]
    assert lone.date is not None and lone.date.value == "2024-03-07" and lone.date.anchor == "story"


def test_the_weekday_is_the_last_before_the_story_and_a_plan_the_first_after() -> None:
    window = (_epoch("2024-03-07T07:00:00"),) * 2  # a Thursday
    assert undated_span("happened", window, "XXXX-WXX-4") == (_epoch("2024-03-07"), _epoch("2024-03-08"))
    assert undated_span("planned", window, "XXXX-WXX-2") == (_epoch("2024-03-12"), _epoch("2024-03-13"))
    # a day of the month said alone (15日, "the 15th"): the last such day up to the story
    assert undated_span("happened", window, "XXXX-XX-05") == (_epoch("2024-03-05"), _epoch("2024-03-06"))
    assert undated_span("happened", window, "XXXX-XX-20") == (_epoch("2024-02-20"), _epoch("2024-02-21"))


def test_an_undated_page_joins_the_story_its_undated_twin_joined_one_hop_only() -> None:
    # the aggregator page joins the paper's story on its people; the forum page shares only one
    # of them with the paper (no link of its own) but its text with the aggregator page
    dated = _people_report("paper", "2024-05-11T06:00:00+00:00", None, "publication-date fallback: no date stated",
                           "Ana Alba and Bo Brun met in Tromso to discuss the salmon quota dispute.")
    body = BOILERPLATE.format(body="The two ministers talked for three hours on Friday.")
    page = _people_report("aggregator", None, None, cannot("on Friday"), when=("on Friday", "XXXX-WXX-5"), text=body)
    carl = Actor("person:carl-crag", "Carl Crag", "person", country="NOR")
    twin = report("forum", None, None, cannot("on Friday"), when=("on Friday", "XXXX-WXX-5"), text=body,
                  actors=(ALBA, carl), kind="CONSULT")
    results = set()
    for order in itertools.permutations([dated, page, twin]):
        idx = StoryIndex()
        for a in order:
            idx.add(a)
        assert not idx._own_links(twin.article.id)  # it joins through its twin only
        story = next(s for s in idx.stories() if twin.article.id in s.article_ids)
        assert dated.article.id in story.article_ids
        lone = canonical_of(idx, twin)
        assert lone.date is not None and lone.date.value == "2024-05-10", lone.date_reason
        results.add(tuple(sorted(idx.event_map().items())))
    assert len(results) == 1
