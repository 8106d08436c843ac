"""Hand-built analyses (no spaCy) shared by the store, API, web and export tests.

The sentences are invented for these tests. Offsets are computed with ``str.index`` so that a
change of wording cannot leave a span pointing at the wrong words.
"""

from __future__ import annotations

from teller.records import (
    Actor,
    Analysis,
    Article,
    Event,
    Flag,
    Highlight,
    Mention,
    Place,
    Span,
    TimeValue,
    content_id,
)

JPN = Actor(id="act_jpn", name="Japan", kind="state", country="JPN", cameo="JPN")
USA = Actor(id="act_usa", name="United States", kind="state", country="USA", cameo="USA")
FRA = Actor(id="act_fra", name="France", kind="state", country="FRA", cameo="FRA")
TANAKA = Actor(id="act_tanaka", name="Aiko Tanaka", kind="person", country="JPN",
               role="Minister for Foreign Affairs", sector="GOV", cameo="JPNGOV", gender="female",
               role_start="2023-09-13", aliases=["Tanaka"])
MILLER = Actor(id="act_miller", name="John Miller", kind="person", country="USA",
               role="Secretary of State", sector="GOV", cameo="USAGOV", gender="male")

TEXT_TALKS = (
    "Foreign Minister Aiko Tanaka held a telephone call with Secretary of State John Miller "
    "on the evening of 14 September. The two ministers agreed to work closely together on "
    "maritime security. The call took place shortly after 21 p.m. on the 14th, Tokyo time. "
    "Tanaka said his country would host the next meeting in Osaka next month."
)

TEXT_PROTEST = (
    "Thousands of farmers protested in Paris on 2 October 2023 against a new fuel tax. "
    "Police said the march was peaceful. A spokesman called the tax <script>alert('x')</script> "
    "\"unfair & rushed\"."
)


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def talks_analysis(*, url: str = "https://news.example/talks", quality: int = 62) -> Analysis:
    text = TEXT_TALKS
    art = Article(id=Article.make_id(text, url), text=text, url=url, source="Example News",
                  title="Tanaka and Miller agree to work closely", published="2023-09-14T23:10:00+09:00",
                  published_tz_known=True, language="en", fetched="2023-09-15T00:00:00+00:00")
    evening = TimeValue(value="2023-09-14TEV", type="TIME", text="the evening of 14 September",
                        evidence=[span(text, "the evening of 14 September")],
                        start="2023-09-14T18:00:00+09:00", end="2023-09-15T00:00:00+09:00",
                        granularity="part_of_day", tz="Asia/Tokyo", anchor="2023-09-14")
    month = TimeValue(value="2023-10", type="DATE", text="next month", evidence=[span(text, "next month")],
                      start="2023-10-01T00:00:00+09:00", end="2023-11-01T00:00:00+09:00",
                      granularity="month", tz="Asia/Tokyo", anchor="2023-09-14")
    consult = Event(
        id=content_id("evt", art.id, "CONSULT", ["act_tanaka"], ["act_miller"], "happened", evening.value),
        event="CONSULT", actor=[TANAKA], recipient=[MILLER], status="happened",
        evidence=[span(text, "held a telephone call"), span(text, "The call took place")],
        confidence=0.9, mode="phone", quad_code=1, cameo="040", date=evening,
        date_reason="majority of 2 mentions", event_text="held a telephone call",
        article_ids=[art.id])
    agree = Event(
        id=content_id("evt", art.id, "AGREE", ["act_jpn", "act_usa"], [], "happened", "2023-09-14"),
        event="AGREE", actor=[JPN, USA], recipient=[], status="happened",
        evidence=[span(text, "agreed to work closely together")], confidence=0.8, quad_code=1,
        cameo="030", date=TimeValue(value="2023-09-14", type="DATE", text="14 September",
                                    evidence=[span(text, "14 September")],
                                    start="2023-09-14T00:00:00+09:00", end="2023-09-15T00:00:00+09:00",
                                    granularity="day", tz="Asia/Tokyo"),
        date_reason="same sentence", event_text="agreed to work closely together",
        topics=["maritime security"], article_ids=[art.id])
    host = Event(
        id=content_id("evt", art.id, "CONSULT", ["act_jpn"], [], "planned", month.value),
        event="CONSULT", actor=[JPN], recipient=[], status="planned", mode="host",
        evidence=[span(text, "would host the next meeting")], confidence=0.6, date=month,
        date_reason="the only date mention", event_loc=Place("Osaka", "JPN", [span(text, "Osaka")]),
        event_text="would host the next meeting", article_ids=[art.id])
    flags = [
        Flag("invalid_time", "error", "\"21 p.m.\" is not a clock time", [span(text, "21 p.m.")]),
        Flag("pronoun_mismatch", "warning", "\"his\" refers to Aiko Tanaka (female)",
             [span(text, "his"), span(text, "Tanaka", 1)]),
    ]
    mentions = [
        Mention("Foreign Minister Aiko Tanaka", [span(text, "Foreign Minister Aiko Tanaka")], TANAKA, "name"),
        Mention("Secretary of State John Miller", [span(text, "Secretary of State John Miller")], MILLER, "name"),
        Mention("The two ministers", [span(text, "The two ministers")], None, "group", 0.8, [TANAKA, MILLER]),
        Mention("his", [span(text, "his")], TANAKA, "pronoun", 0.7),
    ]
    return Analysis(
        article=art, mentions=mentions, timexes=[evening, month], events=[consult, agree, host],
        flags=flags,
        highlights=[Highlight(text[: text.index(". ") + 1], [Span(0, text.index(". ") + 1)])],
        briefs={consult.id: "Aiko Tanaka (Japan) consulted John Miller (United States) by phone on 14 September 2023.",
                agree.id: "Japan and the United States agreed to cooperate on 14 September 2023."},
        quality=quality,
    )


def protest_analysis() -> Analysis:
    text = TEXT_PROTEST
    url = "https://news.example/paris"
    art = Article(id=Article.make_id(text, url), text=text, url=url, source="Other <Wire>",
                  title="Farmers march in Paris <b>", published="2023-10-02T18:00:00+02:00",
                  published_tz_known=True, language="en")
    day = TimeValue(value="2023-10-02", type="DATE", text="2 October 2023", evidence=[span(text, "2 October 2023")],
                    start="2023-10-02T00:00:00+02:00", end="2023-10-03T00:00:00+02:00",
                    granularity="day", tz="Europe/Paris")
    farmers = Actor(id="act_fra_agr", name="French farmers", kind="group", country="FRA", sector="AGR",
                    cameo="FRAAGR")
    protest = Event(
        id=content_id("evt", art.id, "PROTEST", ["act_fra_agr"], ["act_fra"], "happened", day.value),
        event="PROTEST", actor=[farmers], recipient=[FRA], status="happened", mode="demonstrate",
        evidence=[span(text, "protested in Paris"), span(text, "<script>alert('x')</script>")],
        confidence=0.85, quad_code=3, cameo="141", date=day, date_reason="explicit date",
        event_loc=Place("Paris", "FRA", [span(text, "Paris")]), event_text="protested in Paris",
        article_ids=[art.id])
    flags = [Flag("garbled_phrase", "info", "markup <i>in</i> the text: <script>", [span(text, "<script>")])]
    return Analysis(article=art, timexes=[day], events=[protest], flags=flags,
                    mentions=[Mention("farmers", [span(text, "farmers")], farmers, "name")],
                    briefs={protest.id: "French farmers protested against France in Paris on 2 October 2023 <&>."},
                    quality=80)


def undated_analysis() -> Analysis:
    text = "Officials said Japan threatened sanctions, without saying when."
    art = Article(id=Article.make_id(text, None), text=text, title="Undated")
    ev = Event(id=content_id("evt", art.id, "THREATEN", ["act_jpn"], [], "happened", None), event="THREATEN",
               actor=[JPN], recipient=[], status="happened",
               evidence=[span(text, "threatened sanctions")], confidence=0.5, article_ids=[art.id])
    return Analysis(article=art, events=[ev])
