"""The comparisons: each kind of fact of a translated sentence against its source sentence.

Every rule reports a difference only when it can point at the source's words that the translation
contradicts: a fact the translation adds with no counterpart, or one it leaves out, is not a
difference (translators explain and abridge). Rules per kind:

* date: a translated date matches a source date with the same day and a compatible month and
  year; a source date without a month ("14日") is in the month of the publication date (or the
  month before, for a day later than the publication's). Unmatched anywhere in the source:
  paired with the same day in the source sentence, else its first date, else the nearest before.
* time: same hour (and minute when both give one); "14 p.m." matches nothing.
* number: same value; unmatched numbers are paired in order with the source sentence's numbers
  that no rendering of it matched and that count the same thing (2発 and "three missiles"; a
  number in words needs its unit known on both sides, so "the two ministers" stands for no 1時間).
* name: an actor the source sentence does not name, where it names another of the same kind
  (person, state) that no rendering of the sentence names.
* title: a specific office (foreign, defence, head of government ...) where the source gives the
  same person, or the sentence, another specific office and never this one. "Minister" and 大臣
  alone fit any office.
* pronoun: he/she for the person last named before it (same or previous sentence, outside
  quotations, no other person of the pronoun's gender in between) whose gender the knowledge base
  or the alias table gives, or whom the source calls 彼/彼女.
* negation: the source sentence is negated and none of its renderings is, or the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from teller.compare.facts import ClockValue, DateValue, Fact, month_name
from teller.compare.names import Names
from teller.records import Span


@dataclass(frozen=True)
class Side:
    """One text with its sentences and facts."""

    text: str
    sentences: list[Span]
    facts: list[Fact]
    quotes: list[Span]

    def in_sentence(self, i: int, kind: str) -> list[Fact]:
        sp = self.sentences[i]
        return [f for f in self.facts if f.kind == kind and sp.start <= f.span.start < sp.end]

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def quoted(self, sp: Span) -> bool:
        return any(q.start <= sp.start and sp.end <= q.end for q in self.quotes)


@dataclass(frozen=True)
class Found:
    """A difference before it is turned into the output record."""

    kind: str
    source: Fact | Span
    translation: Fact | Span
    explanation: str


def compare(src: Side, tr: Side, aligned: list[int | None], names: Names, ref: date | None) -> list[Found]:
    groups: dict[int, list[int]] = defaultdict(list)
    for j, i in enumerate(aligned):
        if i is not None:
            groups[i].append(j)
    found: list[Found] = []
    for i, js in sorted(groups.items()):
        for j in js:
            found += _dates(src, tr, i, j, ref)
            found += _times(src, tr, i, j)
            found += _titles(src, tr, i, j, js)
            found += _pronouns(src, tr, i, j, names)
        found += _numbers(src, tr, i, js)
        found += _names(src, tr, i, js, names)
        found += _negation(src, tr, i, js)
    return found


# --- dates and times -------------------------------------------------------------------------

def _months(d: DateValue, ref: date | None) -> set[int | None]:
    """The months ``d`` can be in: its own, else the reference month (or the one before, for a
    day after the reference day), else any (None)."""
    if d.month is not None:
        return {d.month}
    if ref is None or d.day is None:
        return {None}
    if d.month_offset is not None:
        return {(ref.month - 1 + d.month_offset) % 12 + 1}
    out: set[int | None] = {ref.month}
    if d.day > ref.day:
        out.add(12 if ref.month == 1 else ref.month - 1)
    return out


def _same_date(a: DateValue, b: DateValue, ref: date | None) -> bool:
    if a.day is not None and b.day is not None and a.day != b.day:
        return False
    ma, mb = _months(a, ref), _months(b, ref)
    if None not in ma and None not in mb and not (ma & mb):
        return False
    return not (a.year is not None and b.year is not None and a.year != b.year)


def _on_day(f: Fact, day: int | None) -> bool:
    return isinstance(f.value, DateValue) and f.value.day == day


def _counterpart(src: Side, i: int, kind: str, before: int,
                 prefer: Callable[[Fact], bool] | None = None) -> Fact | None:
    """The source fact a mismatched translated one stands for: one in the sentence (``prefer``
    picks among them), else the nearest of the kind before the sentence's end."""
    inside = src.in_sentence(i, kind)
    if inside:
        if prefer is not None:
            for f in inside:
                if prefer(f):
                    return f
        return inside[0]
    earlier = [f for f in src.of_kind(kind) if f.span.start < src.sentences[i].end]
    return earlier[-1] if earlier else None


def _dates(src: Side, tr: Side, i: int, j: int, ref: date | None) -> list[Found]:
    out = []
    for t in tr.in_sentence(j, "date"):
        tv = t.value
        assert isinstance(tv, DateValue)
        if any(_same_date(tv, s.value, ref) for s in src.in_sentence(i, "date") + src.of_kind("date")):  # type: ignore[arg-type]
            continue
        s = _counterpart(src, i, "date", t.span.start, prefer=partial(_on_day, day=tv.day))
        if s is None:
            continue
        sv = s.value
        assert isinstance(sv, DateValue)
        if sv.day == tv.day and tv.month is not None:
            months = sorted(m for m in _months(sv, ref) if m is not None)
            said = " or ".join(month_name(m) for m in months) if months else "another month"
            why = (f"the translation puts day {tv.day} in {month_name(tv.month)}; the source's {s.text!r} is "
                   f"{said} {sv.day}" + ("" if sv.month else " (the month of its publication)"))
        else:
            why = f"the translation says {tv.describe()}; the source says {sv.describe()} ({s.text!r})"
        out.append(Found("date", s, t, why))
    return out


def _same_time(a: ClockValue, b: ClockValue) -> bool:
    if a.hour is None or b.hour is None or a.hour != b.hour:
        return False
    return a.minute is None or b.minute is None or a.minute == b.minute


def _times(src: Side, tr: Side, i: int, j: int) -> list[Found]:
    out = []
    for t in tr.in_sentence(j, "time"):
        tv = t.value
        assert isinstance(tv, ClockValue)
        if any(_same_time(tv, s.value) for s in src.of_kind("time")):  # type: ignore[arg-type]
            continue
        s = _counterpart(src, i, "time", t.span.start)
        if s is None:
            continue
        assert isinstance(s.value, ClockValue)
        out.append(Found("time", s, t, f"the translation says {tv.describe()}; the source says "
                                       f"{s.value.describe()} ({s.text!r})"))
    return out


# --- numbers, names, titles ------------------------------------------------------------------

def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _numbers(src: Side, tr: Side, i: int, js: list[int]) -> list[Found]:
    s_nums = src.in_sentence(i, "number")
    everywhere = src.of_kind("number")
    used: set[int] = set()
    unmatched: list[Fact] = []
    for j in js:
        for t in tr.in_sentence(j, "number"):
            hits = [k for k, s in enumerate(s_nums) if _equal(s.value, t.value)]  # type: ignore[arg-type]
            if hits:
                used.update(hits)
            elif not any(_equal(s.value, t.value) for s in everywhere):  # type: ignore[arg-type]
                unmatched.append(t)
    free = [s for k, s in enumerate(s_nums) if k not in used]
    out = []
    for t in unmatched:
        s = next((s for s in free if _same_unit(t, s)), None)
        if s is None:
            continue
        free.remove(s)
        out.append(Found("number", s, t, f"the translation says {_fmt(t.value)}; the source says "
                                         f"{_fmt(s.value)} ({s.text!r})"))
    return out


def _same_unit(a: Fact, b: Fact) -> bool:
    """Can ``a`` stand for ``b``? A number written as a word ("two ministers") only for the
    same known unit; digits for the same unit, or when either side's unit is not known."""
    if a.word or b.word:
        return a.unit is not None and a.unit == b.unit
    return a.unit is None or b.unit is None or a.unit == b.unit


def _fmt(v: object) -> str:
    assert isinstance(v, float)
    return f"{int(v):,}" if v == int(v) else f"{v:,}"


def _kind_of(ref: str) -> str:
    return "state" if ref.startswith("state:") else "person"


def _names(src: Side, tr: Side, i: int, js: list[int], names: Names) -> list[Found]:
    s_names = src.in_sentence(i, "name")
    s_refs = {f.value for f in s_names}
    t_names = [f for j in js for f in tr.in_sentence(j, "name")]
    t_refs = {f.value for f in t_names}
    missing = [f for f in s_names if f.value not in t_refs]
    out = []
    reported: set[object] = set()
    for t in t_names:
        if t.value in s_refs or t.value in reported:
            continue
        s = next((f for f in missing if _kind_of(str(f.value)) == _kind_of(str(t.value))), None)
        if s is None:
            continue
        reported.add(t.value)
        out.append(Found("name", s, t, f"the translation names {names.describe(str(t.value))}; the source "
                                       f"names {names.describe(str(s.value))} ({s.text!r})"))
    return out


_GENERIC = {"minister", "secretary"}


def _titles(src: Side, tr: Side, i: int, j: int, js: list[int]) -> list[Found]:
    out = []
    group_keys = {f.value for jj in js for f in tr.in_sentence(jj, "title")}
    for t in tr.in_sentence(j, "title"):
        if t.value in _GENERIC:
            continue
        s = None
        if t.holder:
            same_person = [f for f in src.of_kind("title") if f.holder == t.holder and f.value not in _GENERIC]
            if any(f.value == t.value for f in same_person):
                continue
            s = same_person[0] if same_person else None
        if s is None:
            in_sentence = [f for f in src.in_sentence(i, "title") if f.value not in _GENERIC]
            if any(f.value == t.value for f in in_sentence):
                continue
            s = next((f for f in in_sentence if f.value not in group_keys
                      and (f.holder is None or t.holder is None or f.holder == t.holder)), None)
        if s is None:
            continue
        offices = f"{str(t.value).replace('_', ' ')} vs {str(s.value).replace('_', ' ')}"
        out.append(Found("title", s, t, f"the translation's {t.text!r} is another office than the source's "
                                        f"{s.text!r} ({offices})"))
    return out


# --- pronouns and negation -------------------------------------------------------------------

def _pronouns(src: Side, tr: Side, i: int, j: int, names: Names) -> list[Found]:
    out = []
    window_start = tr.sentences[max(0, j - 1)].start
    people = [f for f in tr.of_kind("name") if not str(f.value).startswith("state:")]
    for p in tr.in_sentence(j, "pronoun"):
        if tr.quoted(p.span):
            continue
        before = [f for f in people if window_start <= f.span.start < p.span.start and not tr.quoted(f.span)]
        want = str(p.value)
        if before:
            referent = before[-1]
            if any(names.gender.get(str(f.value)) in (want, None) for f in before if f.value != referent.value):
                continue  # someone else the pronoun could be about is named in between
            ref = str(referent.value)
            have = names.gender.get(ref) or _source_gender(src, ref)
            s_name = next((f for f in src.in_sentence(i, "name") if f.value == ref), None) \
                or next((f for f in src.of_kind("name") if f.value == ref), None)
            if have is None or have == want or s_name is None:
                continue
            out.append(Found("pronoun", s_name, p, f"{p.text!r} refers to {referent.text}, but the source's "
                                                   f"{s_name.text!r} is {_a(have)} ({names.describe(ref)})"))
        else:
            cue = next((f for f in src.in_sentence(i, "pronoun") if f.value != want), None)
            if cue is not None and not src.in_sentence(i, "name"):
                out.append(Found("pronoun", cue, p,
                                 f"{p.text!r} is {want}; the source says {cue.text!r} ({cue.value})"))
    return out


def _source_gender(src: Side, ref: str) -> str | None:
    """The gender the source itself gives a person: 彼女/彼 right after the name, or 夫人/女史."""
    said = {str(f.value) for f in src.of_kind("pronoun") if f.holder == ref}
    return said.pop() if len(said) == 1 else None


def _a(gender: str) -> str:
    return {"female": "a woman", "male": "a man"}.get(gender, gender)


def _negation(src: Side, tr: Side, i: int, js: list[int]) -> list[Found]:
    s_neg = src.in_sentence(i, "negation")
    t_neg = [f for j in js for f in tr.in_sentence(j, "negation")]
    if s_neg and not t_neg:
        return [Found("negation", s_neg[0], tr.sentences[js[0]],
                      f"the source is negated ({s_neg[0].text!r}); the translation is not")]
    if t_neg and not s_neg:
        return [Found("negation", src.sentences[i], t_neg[0],
                      f"the translation is negated ({t_neg[0].text!r}); the source is not")]
    return []
