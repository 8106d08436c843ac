"""Noun groups for the dictionary coder: actor and agent phrases matched longest-first, joined
into groups (conjunctions, "of/in" links) and composed into CAMEO codes for the sentence date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from teller.dictionaries.tabari import ActorEntry, AgentEntry
from teller.events.petrarch_dictionaries import Dictionaries
from teller.events.petrarch_syntax import SentenceView


@dataclass
class Unit:
    start: int
    end: int
    actor: ActorEntry | None = None
    agent: AgentEntry | None = None


@dataclass
class Group:
    """A noun phrase's codes (several for compounds) and its token extent."""

    start: int
    end: int
    codes: list[str]
    has_actor: bool


_FILLER_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "POS", "PRP$", "RB", "CD", "HYPH", "NNP", "NNPS"})
LINK_PREPS = frozenset({"OF", "IN", "FROM", "AT"})
CONJ = frozenset({"AND", "OR", "NOR", ",", "NEITHER", "BOTH", "EITHER"})


#: a coded noun phrase: (start, end, actor codes, agents, names an actor)
_Coded = tuple[int, int, list[str], list[AgentEntry], bool]

def match_units(words: list[str], dicts: Dictionaries) -> list[Unit]:
    """Longest actor/agent phrase at each position, left to right, no overlaps."""
    units: list[Unit] = []
    i = 0
    n = len(words)
    while i < n:
        best: Unit | None = None
        for index, kind in ((dicts.actor_index, "actor"), (dicts.agent_index, "agent")):
            for phrase, item in index.get(words[i], ()):
                ln = _phrase_len_at(words, i, phrase)
                if ln and (best is None or ln > best.end - best.start):
                    best = Unit(i, i + ln, **{kind: item})  # type: ignore[arg-type]
                    break  # lists are longest first
        if best is None and len(words[i]) > 3 and words[i].endswith("S"):
            # plural of a one-word actor name: "Palestinians", "Afghans" (not for agents,
            # whose plurals the agent dictionary spells out)
            for phrase, item in dicts.actor_index.get(words[i][:-1], ()):
                if len(phrase) == 1:
                    best = Unit(i, i + 1, actor=item)  # type: ignore[arg-type]
                    break
        if best is not None:
            units.append(best)
            i = best.end
        else:
            i += 1
    return units


def _phrase_len_at(words: list[str], i: int, phrase: tuple[str, ...]) -> int:
    """Tokens consumed if ``phrase`` starts at ``i`` (a dictionary "W." also matches "W" ".")."""
    j = i
    for w in phrase:
        if j < len(words) and words[j] == w:
            j += 1
        elif j + 1 < len(words) and words[j] + words[j + 1] == w:
            j += 2
        else:
            return 0
    return j - i


def noun_groups(view: SentenceView, units: list[Unit], when: date | None) -> list[Group]:
    """Compose units into noun groups: adjacent actor+agents, "agent of/in/from actor", and
    compounds joined by "and", "or", ",". Returns groups in text order."""
    words = view.upper
    tags = view.tags
    # 1. phrases: runs of units separated only by filler words
    phrases: list[list[Unit]] = []
    for u in units:
        if phrases:
            prev = phrases[-1][-1]
            gap = range(prev.end, u.start)
            if all(_is_filler(words[k], tags[k]) or _adjective_conj(k, words, tags) for k in gap):
                phrases[-1].append(u)
                continue
        phrases.append([u])
    # 2. phrase codes
    coded: list[_Coded] = []
    for ph in phrases:
        agents = [u.agent for u in ph if u.agent is not None]
        actors = [u for u in ph if u.actor is not None]
        if not actors and all(tags[k].startswith("JJ") for u in ph for k in range(u.start, u.end)):
            continue  # "naval exercises": an adjective alone names no actor
        codes = actor_codes(actors[0].actor if actors else None, when)
        for later in actors[1:]:
            # "Chinese President Xi Jinping": a later actor refining the first (CHN -> CHNGOV)
            # wins; an unrelated one ("the evil Arnor awful Gondor") does not
            more = actor_codes(later.actor, when)
            if codes and more and all(any(m.startswith(c) and len(m) > len(c) for c in codes) for m in more):
                codes = more
        coded.append((ph[0].start, ph[-1].end, codes, agents, bool(actors)))
    # 3. compounds of phrases, then "agents of/in/from actors" linking
    compounds: list[list[int]] = []
    for k, (s, _e, _c, _a, _h) in enumerate(coded):
        if compounds:
            pe = coded[compounds[-1][-1]][1]
            between = words[pe:s]
            if between and all(w in CONJ or _is_filler(w, tags[pe + j]) for j, w in enumerate(between)) \
                    and any(w in CONJ for w in between):
                compounds[-1].append(k)
                continue
        compounds.append([k])
    groups: list[Group] = []
    k = 0
    while k < len(compounds):
        members = [coded[m] for m in compounds[k]]
        nxt = compounds[k + 1] if k + 1 < len(compounds) else None
        link = False
        if nxt is not None:
            pe = members[-1][1]
            ns = coded[nxt[0]][0]
            between = words[pe:ns]
            link = bool(between) and between[0] in LINK_PREPS and all(
                _is_filler(w, tags[pe + 1 + j]) for j, w in enumerate(between[1:]))
        if link and nxt is not None and not members[-1][4]:
            targets = [coded[m] for m in nxt]
            all_agents = all(not m[4] for m in members)
            heads = members if all_agents else members[-1:]
            rest = [] if all_agents else members[:-1]
            codes = []
            for r in rest:
                codes.extend(compose_codes(r[2], r[3], r[4]))
            for t in targets:
                for h in heads:
                    codes.extend(compose_codes(t[2], t[3] + h[3], t[4]))
            groups.append(Group(members[0][0], targets[-1][1], codes, True))
            k += 2
            continue
        codes = []
        named: _Coded | None = None  # the last member that named its own actor
        for m in members:
            if not m[4] and named is not None and named[4] and named[3]:
                # "Danish media and government": the government is Danish too
                codes.extend(compose_codes(named[2], named[3][:-1] + m[3], True))
            else:
                codes.extend(compose_codes(m[2], m[3], m[4]))
                named = m
        groups.append(Group(members[0][0], members[-1][1], codes, any(m[4] for m in members)))
        k += 1
    for g in groups:
        g.codes = [c for c in dict.fromkeys(g.codes) if c]
    return [g for g in groups if g.codes]


def _adjective_conj(k: int, words: list[str], tags: list[str]) -> bool:
    """ "awful and evil": a conjunction between adjectives joins words, not actors."""
    return (words[k] in ("AND", "OR", ",") and 0 < k < len(words) - 1
            and tags[k - 1].startswith("JJ") and tags[k + 1].startswith("JJ"))


def _is_filler(word: str, tag: str) -> bool:
    return tag in _FILLER_TAGS or word in ("'S", "'", "THE", "A", "AN")


def actor_codes(actor: ActorEntry | None, when: date | None) -> list[str]:
    if actor is None:
        return []
    code = actor.code_on(when)
    if code is None or code.strip("-") == "" and False:
        return []
    return [c for c in code.split("/") if c] if code else []


def compose_codes(actor_codes: list[str], agents: list[AgentEntry], has_actor: bool) -> list[str]:
    bases = actor_codes if has_actor else ["---"]
    if has_actor and not actor_codes:
        return []  # an actor whose dictionary code is null on this date
    out = []
    for base in bases:
        code = base
        for ag in agents:
            if ag.position == "prefix":
                code = ag.compose(code)
        for ag in agents:
            if ag.position == "suffix":
                code = ag.compose(code)
        if code.strip("-") and not (base == "---" and code == "---"):
            out.append(code)
    return out

