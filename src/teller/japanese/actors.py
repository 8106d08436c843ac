"""Actor mentions in Japanese text, resolved with the knowledge base's Japanese aliases.

The names come from the KB's ``aliases`` files (``data/actors/aliases_ja.tsv``), never from the
parser's entity labels: GiNZA tags ブリンケン as a country and 上川 as a place, the KB knows
better. A mention is found by the forms Japanese news uses:

==========================  =======================================================
form                        read as
==========================  =======================================================
上川陽子 / ブリンケン         a person's full name (or the name the press uses alone)
上川外相, 岸田氏, 菅長官       a surname with a title or 氏: the person of that name
                            who fits the title (in office at the date first)
岸田文雄外相(58)              a name, then a title (and the age, skipped)
日本の外相, 米国務長官         a state (name or short form), then a title: the holder
                            of that office at the date
韓国外務省, 日本政府          a state, then a body or 政府: the ministry / government
外相, 首相, 政府, 外務省       a bare title or body: Japan's (the press's own country)
両外相, 両首脳, 両氏           the two people the article last named (a group)
米国, 北朝鮮, 国連            a state or an organisation
==========================  =======================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from teller.records import Actor, Mention, Span, content_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from teller.actors import KnowledgeBase

#: Whose titles, bodies and government a bare 首相, 外務省 or 政府 names: Japanese news names its
#: own country's offices without the country (国内報道の慣行).
HOME = "JPN"
LANG = "ja"

#: Words after a surname that make it a person's mention (besides the office titles).
_HONORIFICS = ("氏", "さん", "長官", "大臣", "委員長", "議員", "代表", "総裁", "首脳", "主席", "書記長", "元首相",
               "前首相", "元大統領", "前大統領", "次官", "報道官", "大使")
_GROUPS = ("両外相", "両首脳", "両氏", "両大臣", "両首相", "両大統領", "両国首脳", "両長官", "両国外相")
_GOVERNMENT = ("政府",)
_PAREN = r"(?:\s*[(（][^()（）]{1,30}[)）])?"


@dataclass(slots=True)
class _Patterns:
    regex: re.Pattern[str]
    kb_version: int


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!x)x"


def _patterns(kb: KnowledgeBase) -> re.Pattern[str]:
    cached = getattr(kb, "_ja_patterns", None)
    version = getattr(kb, "_index_version", 0)
    if cached is not None and cached.kb_version == version:
        return cached.regex
    names = kb.local.get(LANG)
    by = names.by_kind if names else {k: {} for k in ("name", "surname", "short", "title", "body")}
    states = [a for a, refs in by["name"].items() if any(r in kb.states for r in refs)]
    others = [a for a, refs in by["name"].items() if not any(r in kb.states for r in refs)]
    titles = list(by["title"]) + list(_HONORIFICS)
    country = rf"(?:{_alt(states)}|{_alt(list(by['short']))})"
    regex = re.compile(
        rf"(?P<group>{_alt(list(_GROUPS))})"
        rf"|(?P<name>{_alt(others)}){_PAREN}(?:(?P<ncty>{country})?(?P<ntitle>{_alt(titles)})(?!官|省))?"
        rf"|(?P<cty>{country})の?(?:(?P<body>{_alt(list(by['body']) + list(_GOVERNMENT))})"
        rf"|(?P<title>{_alt(list(by['title']))})(?!官|省))"
        rf"|(?P<surname>{_alt(list(by['surname']))})(?P<stitle>{_alt(titles)})"
        rf"|(?P<state>{_alt(states)})(?!時間|時刻|海)(?:側)?"  # 日本側: Japan's side
        rf"|(?P<pshort>{_alt(list(by['short']))})(?=[\u30a1-\u30fa])"
        rf"|(?P<btitle>{_alt(list(by['title']))})(?!官|省)"
        rf"|(?<![反親])(?P<bbody>{_alt(list(by['body']) + list(_GOVERNMENT))})")  # not 反政府 (anti-government)
    kb._ja_patterns = _Patterns(regex, version)  # type: ignore[attr-defined]
    return regex


def resolve(text: str, kb: KnowledgeBase, when: date | None) -> list[Mention]:
    """Every actor mention in Japanese ``text``, in text order, resolved at ``when``."""
    names = kb.local.get(LANG)
    if names is None:
        return []
    out: list[Mention] = []
    people: list[Actor] = []  # persons named so far, most recent last (for 両外相)
    titled: dict[str, Actor] = {}  # office key -> the person last named with that title (首相 after 石破首相)
    for m in _patterns(kb).finditer(text):
        g = m.groupdict()
        span = [Span(m.start(), m.end())]
        surface = m.group(0)
        if g["group"]:
            members = _last_two(people)
            if len(members) == 2:
                out.append(Mention(surface, span, None, "group", 0.8, members))
            continue
        actor: Actor | None = None
        kind = "name"
        if g["name"]:
            refs = names.get("name", g["name"])
            actor = next((a for r in refs if (a := kb.local_actor(r, when))), None)
            if actor is not None and actor.kind != "person" and g["ntitle"] and actor.id in kb.states:
                # "米国務長官" read as a name (米国) then a title: the holder of that office
                actor = _holder(kb, actor.id, g["ntitle"], when) or actor
                kind = "title"
        elif g["cty"]:
            code = _state(kb, g["cty"])
            if code is None:
                continue
            if g["body"]:
                actor = kb.government_actor(code) if g["body"] in _GOVERNMENT else _body(kb, code, g["body"])
                kind = "body"
            else:
                actor = _holder(kb, code, g["title"], when)
                kind = "title"
                if actor is None:
                    actor = kb.government_actor(code)
        elif g["surname"]:
            actor = _by_surname(kb, g["surname"], g["stitle"], when)
            kind = "name"
        elif g["state"] or g["pshort"]:  # 米国; 米ハワイ (a short form before a foreign place)
            actor = kb.state_actor(_state(kb, g["state"] or g["pshort"]) or HOME)
        elif g["btitle"]:
            code = _owner(kb, text, m.start()) or HOME
            key = _office_key(kb, code, g["btitle"])
            if key is not None and key in titled and code == HOME:
                out.append(Mention(surface, span, titled[key], "title", 0.8))
                continue
            if code == HOME and not _home_title(kb, g["btitle"]):
                continue  # 大統領 alone in Japanese news is no Japanese office
            actor = _holder(kb, code, g["btitle"], when)
            if actor is None and key is not None:
                actor = _office_actor(kb, code, key)
            kind = "title"
        elif g["bbody"]:
            actor = kb.government_actor(HOME) if g["bbody"] in _GOVERNMENT else _body(kb, HOME, g["bbody"])
            kind = "body"
        if actor is None:
            continue
        if actor.kind == "person":
            people.append(actor)
            title = g.get("ntitle") or g.get("stitle") or g.get("title")
            key = _office_key(kb, actor.country or HOME, title) if title else None
            if key is not None:
                titled[key] = actor
        out.append(Mention(surface, span, actor, kind, 0.9 if kind == "name" else 0.8))
    return out


_OWNER = re.compile(r"(?P<cty>[^、。「」()（）]{1,8})の[^、。「」()（）の]{1,8}$")


def _owner(kb: KnowledgeBase, text: str, at: int) -> str | None:
    """The state named just before an unknown name and its title: 中国の呉江浩駐日大使 is China's."""
    m = _OWNER.search(text[max(0, at - 18):at])
    if m is None:
        return None
    head = m["cty"]
    for i in range(len(head)):
        code = _state(kb, head[i:])
        if code is not None:
            return code
    return None


def _home_title(kb: KnowledgeBase, title: str) -> bool:
    """Whether a bare title names the press's own country's office (首相, 外相, 官房長官; not 大統領)."""
    refs = [r.split(":") for r in kb.local[LANG].get("title", title)]
    return any(c == HOME for _, c, _k in refs) or any(k in ("foreign", "defence", "ambassador") for _, _c, k in refs)


def _office_actor(kb: KnowledgeBase, code: str, key: str) -> Actor | None:
    """An office whose holder the KB does not know (駐中国大使): the office's body, as a
    government actor of its state."""
    off = kb.office(code, key)
    if off is None or not off.bodies:
        return kb.government_actor(code)
    return kb.body_actor(code, key)


def _last_two(people: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in reversed(people):
        if all(a.id != b.id for b in out):
            out.append(a)
        if len(out) == 2:
            break
    return list(reversed(out))


def _state(kb: KnowledgeBase, word: str) -> str | None:
    names = kb.local[LANG]
    refs = names.get("name", word) + names.get("short", word)
    return next((r for r in refs if r in kb.states), None)


def _office_key(kb: KnowledgeBase, code: str, title: str) -> str | None:
    refs = kb.local[LANG].get("title", title)
    keys = [r.split(":") for r in refs]
    key = next((k for _, c, k in keys if c == code), None) or next((k for _, c, k in keys if c == "*"), None)
    return key


def _holder(kb: KnowledgeBase, code: str, title: str, when: date | None) -> Actor | None:
    key = _office_key(kb, code, title)
    if key is None:
        return None
    return kb.holder(code, key, when) if when is not None else None


def _body(kb: KnowledgeBase, code: str, body: str) -> Actor | None:
    refs = [r.split(":") for r in kb.local[LANG].get("body", body)]
    key = next((k for _, c, k in refs if c == code), None) or next((k for _, c, k in refs if c == "*"), None)
    return kb.body_actor(code, key) if key else None


def _by_surname(kb: KnowledgeBase, surname: str, title: str, when: date | None) -> Actor | None:
    """The person of that surname who fits the title: in office then (under that title) first,
    then anyone in office, then the only one of that name."""
    slugs = [r[7:] for r in kb.local[LANG].get("surname", surname) if r.startswith("person:")]
    if not slugs:
        return None
    people = [kb.person_actor(s, when) for s in slugs]
    if len(people) == 1:
        return people[0]
    keys = {k for _, _, k in (r.split(":") for r in kb.local[LANG].get("title", title))}
    for s, a in zip(slugs, people, strict=True):
        if keys and when is not None and set(kb.offices_of(s, when)) & keys:
            return a
    for s, a in zip(slugs, people, strict=True):
        if when is not None and kb.in_office(s, when):
            return a
    return None


# --- officials the KB does not know -----------------------------------------------------------

#: Posts whose holders news names but a knowledge base of leaders and ministers seldom lists:
#: vice ministers, ambassadors, consuls, spokespeople, directors (駐日大使: to Japan; 駐大阪総領事).
_POSTS = r"(?:駐[\u4e00-\u9fff]{1,4}?)?(?:外務|外交部)?(?:副?(?:次官|大使|総領事|領事|報道官|局長|審議官|公使|参事官))"
_UNLISTED = re.compile(rf"(?<![\u4e00-\u9fff々])(?P<name>[\u4e00-\u9fff々]{{2,4}})・?(?P<post>{_POSTS})")
#: States whose people's names are read in pinyin.
_CHINESE = frozenset({"CHN", "TWN", "HKG", "MAC"})


def unlisted_officials(doc: Doc, kb: KnowledgeBase, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with officials the KB does not know named as people: a name the parse marks
    as a person's or a proper noun, right before a post (中国外務省の劉建国次官, 山本一郎・駐中国大使,
    中国の張海涛駐日大使). The official's state is the one named just before (中国の, 中国外務省の),
    else Japan's for an envoy to another country (駐中国大使 in Japanese news); the name is written
    as the state writes it (Japanese: Hepburn from the reading; Chinese: pinyin). A mention of the
    post alone that the new one covers (駐中国大使 -> Japan's embassy) is replaced by it."""
    text = doc.text
    starts = {t.idx: t for t in doc}
    found: list[Mention] = []
    for m in _UNLISTED.finditer(text):
        s, e = m.span("name")
        first = starts.get(s)
        if first is None or "固有名詞" not in first.tag_ or "地名-国" in first.tag_:
            continue  # 前外務次官, 中国大使: no name before the post
        if any(x.actor is not None and x.evidence[0].start < e and s < x.evidence[0].end for x in mentions):
            continue  # a name the KB knows
        country = _state_before(mentions, text, s)
        post = m["post"]
        if country is None and post.startswith("駐") and not post.startswith("駐日"):
            country = HOME  # 駐中国大使 in Japanese news: Japan's envoy
        tokens = [t for t in doc if s <= t.idx < e]
        name = _romanised(m["name"], tokens, country)
        key = _office_key(kb, country, post.removeprefix("駐")) if country else None
        actor = _official(kb, m["name"], name, country, key)
        found.append(Mention(m.group(0), [Span(m.start(), m.end())], actor, "name", 0.7))
    if not found:
        return mentions
    covered = [f.evidence[0] for f in found]
    kept = [x for x in mentions if not any(c.start <= x.evidence[0].start and x.evidence[0].end <= c.end
                                           for c in covered)]
    return sorted(kept + found, key=lambda x: x.evidence[0].start)


def _state_before(mentions: list[Mention], text: str, at: int) -> str | None:
    """The state of a mention that ends right before ``at`` (中国の, 中国外務省の)."""
    for x in reversed(mentions):
        end = x.evidence[0].end
        if end <= at and text[end:at] in ("", "の") and x.actor is not None and x.actor.country:
            return x.actor.country
        if end <= at - 2:
            break
    return None


def _romanised(han: str, tokens: list[Token], country: str | None) -> str:
    from teller.japanese.romaji import chinese_name, japanese_name

    if country in _CHINESE:
        return chinese_name(han) or han
    readings = [(t.morph.get("Reading", []) or [""])[0] for t in tokens]
    if country == HOME and tokens and all(readings) and len(tokens) >= 2:
        return japanese_name(readings[0], "".join(readings[1:]))
    return han


def _official(kb: KnowledgeBase, han: str, name: str, country: str | None, key: str | None) -> Actor:
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or f"ja-{content_id('p', han)[2:10]}"
    if slug in kb.people:
        slug = f"{slug}-{content_id('p', han)[2:8]}"  # a namesake of someone the KB knows
    role = kb.role_title(country, key) if country and key else None
    cameo = kb.states[country].cameo + "GOV" if country in kb.states else None
    return Actor(id=f"person:{slug}", name=name, kind="person", country=country, role=role,
                 sector="GOV" if country else None, cameo=cameo)
