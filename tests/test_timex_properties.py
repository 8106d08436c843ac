"""Property tests (hypothesis) for teller.timex: intervals are ordered and aware, values round
trip through every date format, relative expressions move with the DCT, and the fast trigger
index finds exactly what trying every rule everywhere finds."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from teller.timex import annotate, check_text, reconcile
from teller.timex.grammar import recognize

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
dcts = st.builds(
    lambda d, h, m, tz: datetime(d.year, d.month, d.day, h, m, tzinfo=tz),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(0, 23), st.integers(0, 59), offsets,
)
days = st.dates(min_value=date(1700, 1, 1), max_value=date(2099, 12, 31))

PHRASES = ["yesterday", "today", "tomorrow night", "last week", "next week", "this month", "last year",
           "on Monday", "next Friday", "last Sunday evening", "on the 3rd", "on the evening of the 14th",
           "three years ago", "two days later", "for six months", "every Tuesday", "in the 1990s",
           "the third quarter", "early March", "late 2020", "in the spring", "at 9 p.m.", "shortly after 7:30 a.m. GMT",
           "at noon local time", "the weekend", "Christmas", "the following month", "a year earlier",
           "at 14 p.m.", "now", "recently", "March 14", "14 September", "the 29th", "on Feb. 30",
           "mid-afternoon", "year-end", "the next morning", "earlier this year", "next year's first quarter"]


def _text(parts: list[str]) -> str:
    return "The talks " + ", and ".join(parts) + " were discussed."


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=8), dcts)
def test_intervals_ordered_aware_and_evidence_exact(parts: list[str], dct: datetime) -> None:
    text = _text(parts)
    for tv in annotate(text, dct):
        span = tv.evidence[0]
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == tv.text
        assert tv.type in ("DATE", "TIME", "DURATION", "SET")
        if tv.start and tv.end:
            s, e = datetime.fromisoformat(tv.start), datetime.fromisoformat(tv.end)
            assert s.tzinfo is not None and e.tzinfo is not None
            assert s <= e
    check_text(text, annotate(text, dct), dct)  # never raises
    reconcile(annotate(text, dct), dct, text=text)


@settings(max_examples=200, deadline=None)
@given(days, dcts, st.integers(0, 4))
def test_full_dates_round_trip_in_every_format(d: date, dct: datetime, fmt: int) -> None:
    rendered = [
        f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        f"{ABBR[d.month - 1]} {d.day}, {d.year}",
        d.isoformat(),
        f"the {d.day}{'th' if 10 <= d.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')} "
        f"of {MONTHS[d.month - 1]} {d.year}",
    ][fmt]
    found = annotate(f"The accord was signed on {rendered}.", dct)
    assert [tv.value for tv in found] == [d.isoformat()]
    tv = found[0]
    assert tv.start is not None and tv.end is not None
    start, end = datetime.fromisoformat(tv.start), datetime.fromisoformat(tv.end)
    assert start.date() == d and end - start == timedelta(days=1)
    assert start.utcoffset() == dct.utcoffset()


@settings(max_examples=200, deadline=None)
@given(dcts)
def test_relative_days_and_weeks_follow_the_dct(dct: datetime) -> None:
    y, t, nw = annotate("He left yesterday; he returns tomorrow; talks resume next week.", dct)
    today = dct.date()
    assert y.value == (today - timedelta(days=1)).isoformat()
    assert t.value == (today + timedelta(days=1)).isoformat()
    iy, iw, _ = (today + timedelta(days=7)).isocalendar()
    assert nw.value == f"{iy:04d}-W{iw:02d}"
    s, e = datetime.fromisoformat(nw.start), datetime.fromisoformat(nw.end)  # type: ignore[arg-type]
    assert s.weekday() == 0 and (e.date() - s.date()).days == 7
    assert s.date() <= today + timedelta(days=7) < e.date()


@settings(max_examples=100, deadline=None)
@given(dcts, st.integers(0, 6))
def test_weekday_tense(dct: datetime, wd: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][wd]
    past = annotate(f"The envoy arrived on {name}.", dct)[0]
    future = annotate(f"The envoy will arrive on {name}.", dct)[0]
    pd, fd = date.fromisoformat(past.value), date.fromisoformat(future.value)
    assert pd.weekday() == wd == fd.weekday()
    assert 0 <= (dct.date() - pd).days <= 6
    assert 0 <= (fd - dct.date()).days <= 6


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), dcts)
def test_arbitrary_text_never_crashes(text: str, dct: datetime) -> None:
    for tv in annotate(text, dct):
        assert text[tv.evidence[0].start:tv.evidence[0].end] == tv.text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PHRASES + ["the end of the first fiscal quarter", "about 2000 people",
                                           "the Oct. 23 hearing", "at 4 in the morning", "in the 11th round"]),
                min_size=1, max_size=10))
def test_trigger_index_matches_exhaustive_search(parts: list[str]) -> None:
    text = _text(parts)
    fast = [(p.start, p.end, p.kind, p.value) for p in recognize(text)]
    slow = [(p.start, p.end, p.kind, p.value) for p in recognize(text, exhaustive=True)]
    assert fast == slow


_NUMBER_PIECES = st.sampled_from(["one", "twenty", "-", " ", "three", "thirty", "and a half", "hundred", "teen",
                                  "ONE", "Twenty", "seven", "ty", "x", "five", "fif", "four"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_NUMBER_PIECES, max_size=8), st.sampled_from(["", " days", "-year", "th"]))
def test_number_word_trie_prefers_what_the_longest_first_alternation_prefers(parts: list[str], tail: str) -> None:
    import re

    from teller.timex.lexicon import NUMBER_WORDS
    from teller.timex.patterns import NUMBER_WORDS_PATTERN as _NUMW

    alternation = "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))
    text = "".join(parts) + tail
    for follow in ("", r"[-\s]+days", r"\b"):  # what comes after the number decides by backtracking
        want = re.compile(f"(?:{alternation}){follow}", re.I)
        got = re.compile(f"(?:{_NUMW}){follow}", re.I)
        assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]
        for i in range(len(text)):
            a, b = got.match(text, i), want.match(text, i)
            assert (a and a.span()) == (b and b.span())


def test_number_word_trie_matches_every_number_word_whole() -> None:
    import re

    from teller.timex.lexicon import NUMBER_WORDS
    from teller.timex.patterns import NUMBER_WORDS_PATTERN as _NUMW

    trie = re.compile(f"(?:{_NUMW})", re.I)
    for word in NUMBER_WORDS:
        assert trie.match(word).group() == word
        assert trie.match(word.upper() + " x").group() == word.upper()


_CLOCK_PIECES = st.sampled_from(["1", "12", "7", "14", "123", "０", "٣", ":30", ":3", " ", "p", "a", ".", "m", "M", "P",
                                 "pm", "a.m.", " p.m. ", "in the evening", " morning", "x", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CLOCK_PIECES, max_size=14))
def test_clock_patterns_opening_with_a_digit_equal_the_lookbehind_form(parts: list[str]) -> None:
    import re

    from teller.timex.reconcile import _BAD_CLOCK, _CLOCK_POD

    text = "".join(parts)
    for fast in (_BAD_CLOCK, _CLOCK_POD):
        plain = re.compile(fast.pattern.replace(r"(?P<h>\d(?<!\d\d)\d?)", r"(?<!\d)(?P<h>\d{1,2})"), re.I)
        assert plain.pattern != fast.pattern
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)]


def test_rule_priorities_are_distinct_so_the_candidate_order_cannot_decide() -> None:
    from teller.timex.grammar import RULES as _RULES

    priorities = [prio for prio, _rx, _fn, _name in _RULES]
    assert len(set(priorities)) == len(priorities)
