"""Facts of a Japanese news text, by rules alone (no parser).

Broadcast Japanese states its facts in a few fixed shapes: dates as ``2023年9月14日``, ``9月14日(木)``
or a bare ``14日`` (the current month), clock times as ``午後9時すぎ``, ``夜9時`` or ``21時``,
numbers in digits or kanji with ``万``/``億``, names followed by their office (``上川外務大臣``),
negation in the verb ending (``〜しなかった``, ``〜せず``, ``〜ません``). Regular expressions over the
text read these exactly and keep offsets. Full-width digits are read as digits without changing
any offset (each is one character either way).
"""

from __future__ import annotations

import re

from teller.compare.facts import ClockValue, DateValue, Fact
from teller.compare.names import Names
from teller.records import Span
from teller.text.titles_ja import TITLES_JA

#: Full-width ASCII -> ASCII, one character for one, so offsets stay those of the original text.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_KANJI_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}

_NUM = r"[0-9０-９〇一二三四五六七八九十]+"
_DATE = re.compile(
    rf"(?P<rel>先月|今月|来月)?(?:(?P<era>令和|平成)(?P<ey>{_NUM}|元)年|(?P<y>\d{{4}})年)?(?:(?P<m>{_NUM})月)?(?:(?P<d>{_NUM})日(?!間))?"
    r"(?:[（(](?P<w>[月火水木金土日])[）)])?"
)
_TIME = re.compile(
    r"(?P<noon>正午)|"
    rf"(?P<pod>午前|午後|朝|夜|夕方|未明|深夜|昼)?(?P<h>{_NUM})時(?!間|代|点)(?:(?P<mi>{_NUM})分|(?P<half>半))?"
    r"(?:すぎ|過ぎ|ごろ|頃)?"
)
_ERA_BASE = {"令和": 2018, "平成": 1988}
#: A number: digits (with separators) or kanji numerals, with 万/億/兆 groups.
_NUMBER = re.compile(r"[0-9][0-9,.]*(?:[万億兆](?:[0-9][0-9,.]*)?)*"
                     r"|[〇一二三四五六七八九十百千]+(?:[万億兆][〇一二三四五六七八九十百千]*)*")
#: Kanji numerals are ordinary word parts too (一致, 十分, 万一): only counted ones are numbers.
_COUNTER = re.compile(r"(?:人|発|機|隻|件|か国|カ国|ヵ国|ケ国|台|回|歳|キロ|メートル|トン|ドル|円|%|％|倍|棟|戸|"
                      r"世帯|個|枚|日間|時間|分間|年間|か月|カ月|週間|パーセント)")
#: What a counter counts, in the words both readers use (english.UNITS maps English nouns).
UNITS: dict[str, str] = {
    "人": "person", "発": "projectile", "機": "aircraft", "隻": "ship", "か国": "country", "カ国": "country",
    "ヵ国": "country", "ケ国": "country", "回": "times", "倍": "times", "歳": "age", "キロ": "km",
    "メートル": "m", "トン": "t", "ドル": "usd", "円": "jpy", "%": "percent", "％": "percent",
    "パーセント": "percent", "世帯": "household", "日間": "day", "時間": "hour", "分間": "minute",
    "年間": "year", "か月": "month", "カ月": "month", "週間": "week", "件": "case", "棟": "building",
}

_TITLE_RE = re.compile("|".join(re.escape(t) for t, _ in TITLES_JA))
_TITLE_KEY = dict(TITLES_JA)

#: Negative verb and copula endings. The character before ない/ず/ません must be a verb stem
#: (the a/e/i rows), a particle (予定はない) or で (ではない), so 少ない and 危ない are not negations.
_NEGATION = re.compile(
    r"(?:[かさたなまらがばわけせてねめれげべえいきしちにみりぎびじ]|[はがも])(?:ない|なかった|なく(?=、|て)|ず(?![つか])|ません)"
    # a noun or a kanji verb stem right before ない: 問題ない, 必要ない, 来ない (not 少ない, 危ない)
    r"|(?![少危切勿])[\u4e00-\u9fff](?:ない|なかった)"
)
#: Forms that contain a negative ending but do not negate: obligation (〜なければならない),
#: possibility (かもしれない, かねない), 'only' (しかない), litotes (少なくない), rhetorical ないか.
_NOT_NEGATION = re.compile(
    r"なければ(?:なら|いけ)|なくては(?:なら|いけ)|ないと(?:いけ|なら)|かもしれな|しれません|かねない|しかな|"
    r"少なくな|ほかならな|に違いな|ないか[。？?]|ではないか|せざるを得|いずれ|(?:^|[。、\s「])まず|"
    r"間もな|まもな|ほどなく|程なく|もったいな|切ない|ないし"
)
_GENDER_CUE = re.compile(r"彼女(?!ら)|彼(?![女ら])")
#: Honorifics that say a woman is meant (さん, 氏, 様 say nothing of gender), after the name and
#: an optional title: 上川夫人, 緒方女史.
_FEMALE_HONORIFIC = re.compile(r"(?:[一-鿿]{1,4})?(夫人|女史)")


def widen(text: str) -> str:
    """``text`` with full-width ASCII made ASCII, offsets unchanged."""
    return text.translate(_WIDTH)


def kanji_number(s: str) -> float | None:
    """The value of a numeral in digits, kanji or both: "3万5000" -> 35000, "二十三" -> 23."""
    s = widen(s).replace(",", "")
    total = 0.0
    for part, unit in _split_big(s):
        v = _small_number(part) if part else 1.0
        if v is None:
            return None
        total += v * unit
    return total


def _split_big(s: str) -> list[tuple[str, int]]:
    out = []
    buf = ""
    for ch in s:
        if ch in _BIG_UNIT:
            out.append((buf, _BIG_UNIT[ch]))
            buf = ""
        else:
            buf += ch
    if buf:
        out.append((buf, 1))
    return out


def _small_number(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        pass
    total, digit = 0, None
    for ch in s:
        if ch.isdigit():
            digit = (digit or 0) * 10 + int(ch)
        elif ch in _KANJI_DIGIT:
            digit = (digit or 0) * 10 + _KANJI_DIGIT[ch]
        elif ch in _KANJI_UNIT:
            total += (digit if digit is not None else 1) * _KANJI_UNIT[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def _int(s: str | None) -> int | None:
    if s is None:
        return None
    v = kanji_number(s)
    return int(v) if v is not None else None


def sentences(text: str) -> list[Span]:
    """Sentences ending in 。, ！, ？ or a line break; a 。 inside 「」 does not end one."""
    spans: list[Span] = []
    start, depth = 0, 0
    for i, ch in enumerate(text):
        if ch in "「『（(":
            depth += 1
        elif ch in "」』）)":
            depth = max(0, depth - 1)
        end = None
        if ch == "\n":
            end, depth = i, 0
        elif ch in "。！？!?" and depth == 0:
            end = i + 1
        if end is not None:
            _add(spans, text, start, end)
            start = i + 1
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def read(text: str, names: Names) -> list[Fact]:
    """Every fact of a Japanese text, in text order."""
    t = widen(text)
    facts: list[Fact] = []
    taken: list[Span] = []  # dates and times: their digits are not numbers
    for m in _TIME.finditer(t):
        if m.group("noon"):
            sp = Span(m.start(), m.end())
            facts.append(Fact("time", sp, text[sp.start:sp.end], ClockValue(12, 0, text[sp.start:sp.end])))
            taken.append(sp)
            continue
        hour = _int(m.group("h"))
        minute = _int(m.group("mi")) if m.group("mi") else (30 if m.group("half") else None)
        pod = m.group("pod")
        if hour is None or hour > 24 or (minute is not None and minute > 59):
            continue
        if pod in ("午後", "夜", "夕方") and hour < 12:
            hour += 12
        elif pod == "深夜" and 6 <= hour < 12:
            hour += 12
        sp = Span(m.start(), m.end())
        facts.append(Fact("time", sp, text[sp.start:sp.end], ClockValue(hour % 24, minute, text[sp.start:sp.end])))
        taken.append(sp)
    for m in _DATE.finditer(t):
        if not (m.group("d") or m.group("m")) or m.start() == m.end():
            continue
        offset = {"先月": -1, "今月": 0, "来月": 1}.get(m.group("rel") or "")
        year = _int(m.group("y"))
        if m.group("era"):
            year = _ERA_BASE[m.group("era")] + (1 if m.group("ey") == "元" else (_int(m.group("ey")) or 0))
        month, day = _int(m.group("m")), _int(m.group("d"))
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            continue
        sp = Span(m.start(), m.end())
        facts.append(Fact("date", sp, text[sp.start:sp.end], DateValue(year, month, day, offset)))
        taken.append(sp)
    for m in _NUMBER.finditer(t):
        sp = Span(m.start(), m.end())
        raw = m.group().rstrip(",.")
        if not raw or any(s.start < sp.end and sp.start < s.end for s in taken):
            continue
        if m.start() > 0 and re.match(r"[A-Za-z\-]", t[m.start() - 1]):  # G7, F-35: part of a name
            continue
        if not raw[0].isdigit() and not _COUNTER.match(t, m.end()):
            continue
        if re.match(r"[年月日時]", t[m.end():m.end() + 1]):
            continue
        value = kanji_number(raw)
        if value is not None:
            sp = Span(m.start(), m.start() + len(raw))
            counter = _COUNTER.match(t, m.end())
            unit = UNITS.get(counter.group()) if counter else None
            facts.append(Fact("number", sp, text[sp.start:sp.end], value, unit=unit))
    people = []
    for start, end, alias in names.find_japanese(text):
        for ref in alias.refs:
            f = Fact("name", Span(start, end), text[start:end], ref)
            facts.append(f)
            if ref.startswith(("person:", "name:")):
                people.append(f)
    for m in _TITLE_RE.finditer(text):
        holder = next((p.value for p in people if p.span.end == m.start()
                       or (p.span.end <= m.start() and m.start() - p.span.end <= 1)), None)
        facts.append(Fact("title", Span(m.start(), m.end()), m.group(), _TITLE_KEY[m.group()],
                          holder=str(holder) if holder else None))
    for m in _NEGATION.finditer(text):
        if _NOT_NEGATION.search(text, max(0, m.start() - 8), min(len(text), m.end() + 4)):
            continue
        sp = Span(m.start() + 1, m.end())
        facts.append(Fact("negation", sp, text[sp.start:sp.end], text[sp.start:sp.end]))
    for m in _GENDER_CUE.finditer(text):
        # the person it most likely stands for: the last named before it, not far back
        near = [p for p in people if p.span.end <= m.start() and m.start() - p.span.end <= 60]
        facts.append(Fact("pronoun", Span(m.start(), m.end()), m.group(),
                          "female" if m.group() == "彼女" else "male", holder=str(near[-1].value) if near else None))
    for p in people:
        h = _FEMALE_HONORIFIC.match(text, p.span.end)
        if h:
            facts.append(Fact("pronoun", Span(h.start(1), h.end(1)), h.group(1), "female", holder=str(p.value)))
    facts.sort(key=lambda f: (f.span.start, f.kind))
    return facts


def numbers_in(text: str) -> set[int]:
    """Every integer written in digits in ``text``: anchors for alignment (kanji numerals are
    also parts of ordinary words, 一致, and would align sentences that share none)."""
    return {int(m.group()) for m in re.finditer(r"[0-9]+", widen(text)) if len(m.group()) <= 9}
