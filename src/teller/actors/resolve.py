"""Resolve every actor mention in an article to an actor, at the event's date.

One left-to-right pass over the tokens, using the knowledge-base gazetteer hits and spaCy's
parse, builds mentions in text order while keeping a short history of who was mentioned where;
anaphora ("the minister", "he", "his Japanese counterpart", "the two ministers") are resolved
against that history. The rules are hand-written because no library does dated office-holder
resolution: coreference models (e.g. coreferee, fastcoref) are slow, English-pronoun-gender
driven — exactly what must *not* decide here, since ``verify`` flags "his" for a woman — and
know nothing of who held an office on a given day.

Mention kinds: ``name`` (full name), ``title`` (title + name: "Foreign Minister Kamikawa"),
``surname``, ``possessive`` ("Japan's foreign minister"), ``anaphor`` ("the minister"),
``counterpart``, ``pronoun``, ``group`` (``members`` set), ``apposition`` (", Japan's foreign
minister," after a name), ``state``, ``demonym``, ``capital``, ``organisation``, ``body``
("China's Foreign Ministry"), ``learnt`` (a person the knowledge base lacks, named in the article).
Mentions may nest only in two ways: a ``group`` spans its conjoined members ("Japan and the
United States"), and a ``counterpart`` phrase contains its possessive ``pronoun``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from teller.actors.gazetteer import Gazetteer, Hit
from teller.actors.kb import KnowledgeBase, fold, norm
from teller.records import Actor, Article, Mention, Span, content_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Confidence by how a mention was resolved: explicit names are near-certain, inference less so.
CONF = {
    "name": 0.97, "title": 0.97, "surname": 0.88, "possessive": 0.9, "apposition": 0.9,
    "anaphor": 0.75, "counterpart": 0.8, "pronoun": 0.7, "group": 0.8, "state": 0.95,
    "demonym": 0.85, "capital": 0.8, "organisation": 0.93, "body": 0.9, "learnt": 0.6,
    "learnt_role": 0.65, "unknown_holder": 0.4, "surname_first": 0.6,
}

PRONOUNS = {"he": "subj", "she": "subj", "him": "obj", "her": "poss_or_obj", "his": "poss",
            "hers": "poss", "himself": "refl", "herself": "refl"}
MODIFIERS = {"new", "newly", "appointed", "incoming", "outgoing", "acting", "current", "then", "top",
             "sitting", "incumbent", "caretaker", "interim", "designate", "-", "then-", "senior", "powerful",
             "longtime", "long-serving", "veteran", "hawkish"}
FORMER = {"former", "ex", "ex-", "previous", "erstwhile"}
NOT_HOLDER = {"deputy", "vice", "junior", "assistant", "under", "shadow", "state", "parliamentary", "a", "an"}
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
PERSON_GROUP = {"ministers": "minister", "leaders": "leader", "presidents": "leader", "diplomats": "minister",
                "secretaries": "minister", "men": "any", "women": "any", "officials": "any",
                "counterparts": "any", "premiers": "leader", "heads": "leader"}
STATE_GROUP = {"countries", "nations", "sides", "governments", "allies", "states", "neighbours",
               "neighbors", "powers", "partners", "capitals"}
LOCATIVE = {"in", "at", "to", "from", "near", "into", "via", "outside", "inside", "around", "toward",
            "towards", "across", "within", "through", "visit", "visited", "visiting", "arrived", "left"}
MINISTERIAL = {"foreign", "defence", "finance", "trade", "interior", "justice", "chief_cabinet_secretary",
               "national_security_adviser", "minister"}
LEADER = {"head_of_state", "head_of_government"}
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class Seen:
    """One earlier person or state mention, for resolving what comes after it."""

    actor: Actor
    tok: int
    sent: int
    subject: bool
    offices: tuple[str, ...] = ()


@dataclass(slots=True)
class _TitlePhrase:
    start: int
    end: int  # exclusive; covers the name if any
    country: str | None
    offices: list[str]
    former: bool
    title_end: int
    name: tuple[int, int] | None = None
    body: bool = False
    definite: bool = False
    generic: bool = False


@dataclass
class _Ctx:
    doc: Doc
    kb: KnowledgeBase
    when: date | None
    text: str
    hits: dict[int, Hit]
    sent_of: list[int]
    mentions: list[Mention] = field(default_factory=list)
    persons: list[Seen] = field(default_factory=list)
    states: list[Seen] = field(default_factory=list)
    learnt: dict[str, Actor] = field(default_factory=dict)
    learnt_surnames: dict[str, Actor] = field(default_factory=dict)
    learnt_offices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    person_at: dict[int, Actor] = field(default_factory=dict)  # token index -> person mentioned there
    low: list[str] = field(default_factory=list)  # lower-cased token texts
    english: bool = True  # learn unknown people only from English text (NER is English-only)
    done_until: int = 0
    countries: set[str] | None = None  # the states the text names, once asked for
    indexed: set[str] = field(default_factory=set)  # ids of people found in the office-holder index


_GAZ: dict[int, tuple[KnowledgeBase, Gazetteer]] = {}


def gazetteer(kb: KnowledgeBase) -> Gazetteer:
    """The gazetteer of ``kb``, built once (cached while the knowledge base is unchanged)."""
    key = id(kb)
    cached = _GAZ.get(key)
    version = getattr(kb, "_index_version", 0)
    if cached is None or cached[0] is not kb or getattr(cached[1], "_version", None) != version:
        g = Gazetteer(kb)
        g._version = version  # type: ignore[attr-defined]
        _GAZ[key] = (kb, g)
        return g
    return cached[1]


def resolve(doc: Doc, article: Article, kb: KnowledgeBase, when: date | None = None) -> list[Mention]:
    """Every actor mention in ``doc`` (parsed from ``article.text``), in text order."""
    if len(doc.text) != len(article.text):
        raise ValueError("resolve: doc.text must equal article.text (spans are offsets into it)")
    low = [t.lower_ for t in doc]
    hits = gazetteer(kb).scan(doc, article.text, low)
    sent_of = [0] * len(doc)
    for si, s in enumerate(doc.sents):
        sent_of[s.start:s.end] = [si] * (s.end - s.start)
    ctx = _Ctx(doc, kb, when, article.text, {h.start: h for h in hits}, sent_of, low=low,
               english=(article.language or "en").lower().startswith("en"))
    _walk(ctx)
    _conjoined_groups(ctx)
    ctx.mentions.sort(key=lambda m: (m.evidence[0].start, -m.evidence[0].end))
    return ctx.mentions


# ---- the pass -------------------------------------------------------------------------------

#: Words that can open a mention that is not a gazetteer hit; any other token is skipped at once.
TRIGGERS = frozenset({"the", "his", "her", "their", "both"} | FORMER | MODIFIERS | set(PRONOUNS))


def _walk(ctx: _Ctx) -> None:
    doc = ctx.doc
    n = len(doc)
    low = ctx.low
    ents = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
    hits = ctx.hits
    i = 0
    while i < n:
        if i not in hits and i not in ents and not (low[i] in ctx.learnt_surnames or low[i] in ctx.learnt):
            lo = low[i]
            if lo not in TRIGGERS:
                i += 1
                continue
            # "the", "his", "former", ...: only worth a look before a KB hit or a group word
            if lo not in PRONOUNS and not any(k in hits for k in range(i + 1, min(i + 5, n))) and not (
                    i + 1 < n and (low[i + 1] in NUMBERS or low[i + 1] in PERSON_GROUP or low[i + 1] in STATE_GROUP)):
                i += 1
                continue
        nxt = (_counterpart(ctx, i) or _group(ctx, i) or _title_or_body(ctx, i) or _person_ent(ctx, i, ents)
               or _hit(ctx, i) or _pronoun(ctx, i))
        i = nxt if nxt and nxt > i else i + 1


def _span(ctx: _Ctx, start: int, end: int) -> Span:
    doc = ctx.doc
    return Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


#: Words that make a leader's name their government: "the Obama administration", "the Assad
#: regime", "Netanyahu's cabinet".
GOVERNMENT_OF_LEADER = frozenset({"administration", "government", "regime", "cabinet"})


def _leader_government(ctx: _Ctx, end: int, actor: Actor | None) -> int | None:
    """The end of "<leader> ('s) administration" after a person mention ending at ``end``."""
    if actor is None or actor.kind != "person" or not actor.country or actor.country not in ctx.kb.states:
        return None
    k = end + (1 if end < len(ctx.doc) and ctx.low[end] in ("'s", "\u2019s") else 0)
    if k < len(ctx.doc) and ctx.low[k] in GOVERNMENT_OF_LEADER:
        return k + 1
    return None


def _emit(ctx: _Ctx, start: int, end: int, actor: Actor | None, kind: str, *, conf: float | None = None,
          members: list[Actor] | None = None, track: bool = True) -> Mention:
    gov_end = _leader_government(ctx, end, actor)
    if gov_end is not None:  # the government acts, under its leader's name
        assert actor is not None and actor.country is not None
        actor, end, kind = ctx.kb.government_actor(actor.country), gov_end, "name"
    sp = _span(ctx, start, end)
    m = Mention(text=ctx.text[sp.start:sp.end], evidence=[sp], actor=actor, kind=kind,
                confidence=CONF.get(kind, 0.7) if conf is None else conf, members=members or [])
    ctx.mentions.append(m)
    if track and actor is not None:
        root = _root(ctx.doc, start, end)
        dep = root.dep_
        subj = dep in ("nsubj", "nsubjpass") or (dep == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
        seen = Seen(actor, start, ctx.sent_of[start], subj)
        if actor.kind == "person":
            seen.offices = _offices(ctx, actor)
            ctx.persons.append(seen)
            for t in range(start, end):
                ctx.person_at[t] = actor
        elif actor.country:
            ctx.states.append(seen)
    return m


def _root(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of tokens [start, end): cheaper than building a Span for ``.root``."""
    if end - start == 1:
        return doc[start]
    for k in range(end - 1, start - 1, -1):
        tok = doc[k]
        if not start <= tok.head.i < end or tok.head.i == k:
            return tok
    return doc[end - 1]


def _offices(ctx: _Ctx, actor: Actor) -> tuple[str, ...]:
    learnt = actor.id not in ctx.indexed and any(a is actor for a in ctx.learnt.values())
    if actor.id.startswith("person:") and actor.id[7:] in ctx.kb.people and not learnt:
        return ctx.kb.offices_of(actor.id[7:], ctx.when)
    if actor.id.startswith("role:"):
        return (actor.id.split(".")[-1],)
    return ctx.learnt_offices.get(actor.id, ())


def _low(ctx: _Ctx, i: int) -> str:
    low = ctx.low
    return low[i] if 0 <= i < len(low) else ""


# ---- title phrases: "Japan's foreign minister", "U.S. Secretary of State Antony Blinken" ----

def _read_title_phrase(ctx: _Ctx, i: int) -> _TitlePhrase | None:
    doc, kb, n = ctx.doc, ctx.kb, len(ctx.doc)
    start = i
    definite = False
    former = False
    country: str | None = None
    if _low(ctx, i) in ("the", "a", "an") and i not in ctx.hits:  # "the Argentine" may name the state
        if _low(ctx, i) != "the":
            return None
        definite = True
        i += 1
    while i < n and _low(ctx, i) in FORMER | MODIFIERS and i not in ctx.hits:  # not "New" of "New Zealand"
        former = former or _low(ctx, i) in FORMER
        i += 1
    h = ctx.hits.get(i)
    if h is not None and (e := h.first("state", "adj", "org")) is not None and not h.first("title", "body", "person"):
        country = e.ref[0]
        i = h.end
        if _low(ctx, i) in ("'s", "'"):
            i += 1
    elif h is not None and h.first("capital") and not h.first("title", "body") and _low(ctx, h.end) in ("'s",):
        country = h.first("capital").ref[0]  # type: ignore[union-attr]
        i = h.end + 1
    while i < n and _low(ctx, i) in FORMER | MODIFIERS:
        former = former or _low(ctx, i) in FORMER
        i += 1
    h = ctx.hits.get(i)
    if h is None:
        return None
    if i > 0 and _low(ctx, i - 1) in NOT_HOLDER and (i - 1 >= start or ctx.doc[i - 1].is_title):
        return None  # "deputy foreign minister", "a minister", "Deputy Foreign Minister X"
    te = h.first("title", "body")
    if te is None:
        if h.first("person") and (country is not None or former):
            # "Saudi Crown Prince Mohammed bin Salman", "British King Charles III": the alias holds the title
            return _TitlePhrase(start, h.end, country, [], former, h.start, name=(h.start, h.end))
        return None
    body = te.kind == "body"
    refs = [e.ref for e in h.entries if e.kind == te.kind]
    title_end = h.end
    j = h.end
    # "Foreign Minister of Japan"
    if country is None and _low(ctx, j) == "of":
        h2 = ctx.hits.get(j + 1)
        if h2 is None and _low(ctx, j + 1) == "the":
            h2 = ctx.hits.get(j + 2)
        if h2 is not None and (e2 := h2.first("state")):
            country = e2.ref[0]
            j = title_end = h2.end
    offices, generic = _pick_offices(refs, country)
    own_country = not any(c == "*" for c, _ in refs) and len({c for c, _ in refs}) == 1 and h.end - h.start > 1
    if country is None and not definite and not own_country and doc[h.start].is_lower and _read_name(ctx, j) is None:
        # a lower-case title with no determiner, country or name: "minister-level talks"; a
        # title naming its country ("president of the United States") stands alone
        return None
    if country is None:
        specific = {c for c, _ in refs if c != "*"}
        if not any(c == "*" for c, _ in refs) and len(specific) == 1:
            country = specific.pop()  # "Secretary of State" -> USA, "Chief Cabinet Secretary" -> JPN
    tp = _TitlePhrase(start, j, country, offices, former, title_end, body=body, definite=definite, generic=generic)
    if not body:
        name = _read_name(ctx, j)
        if name:
            tp.name = name
            tp.end = name[1]
    return tp


def _pick_offices(refs: list[tuple[str, str]], country: str | None) -> tuple[list[str], bool]:
    if country is not None:
        own = [o for c, o in refs if c == country]
        if own:
            return own, False
    generic = [o for c, o in refs if c == "*"]
    if generic:
        return generic, generic == ["minister"]
    return [o for _, o in refs], False


#: Courtesy words before a name that are no part of it ("Mr. Donald J. Trump", "Shri Narendra Modi").
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mister", "madam", "madame", "dr", "dr.",
                        "shri", "sri", "smt", "smt.", "shrimati", "h.e.", "excellency"})


def _read_name(ctx: _Ctx, j: int) -> tuple[int, int] | None:
    """A person's name right after a title: a known name, or up to four capitalised words
    (after a courtesy word: "the Prime Minister, Shri Narendra Modi")."""
    doc, n = ctx.doc, len(ctx.doc)
    while j < n - 1 and ctx.low[j] in HONORIFICS:
        j += 2 if ctx.low[j + 1] == "." else 1
    h = ctx.hits.get(j)
    if h is not None:
        if h.first("person") or (h.first("surname") and not _propn_at(ctx, h.end)):
            return (h.start, h.end)
        if not h.kinds() <= {"surname"}:
            return None
    k = j
    while k < n and k - j < 4 and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and (
            k not in ctx.hits or ctx.hits[k].kinds() <= {"surname"}):
        k = ctx.hits[k].end if k in ctx.hits else k + 1
    return (j, k) if k > j else None


def _propn_at(ctx: _Ctx, k: int) -> bool:
    """A capitalised proper noun at ``k`` that is no other KB name: the rest of a name."""
    if k >= len(ctx.doc):
        return False
    t = ctx.doc[k]
    return t.pos_ == "PROPN" and t.text[:1].isupper() and (k not in ctx.hits or ctx.hits[k].kinds() <= {"surname"})


def _title_or_body(ctx: _Ctx, i: int) -> int | None:
    tp = _read_title_phrase(ctx, i)
    if tp is None:
        return None
    kb, when = ctx.kb, ctx.when
    if tp.body:
        if tp.country is None:
            return None
        body = kb.org_actor(tp.country) if tp.country in kb.orgs else kb.body_actor(tp.country, tp.offices[0])
        _emit(ctx, tp.start, tp.end, body, "body")
        return tp.end
    if tp.name is not None:
        if tp.country is None and _low(ctx, tp.end) == "of":
            h2 = ctx.hits.get(tp.end + 1)
            if h2 is not None and (e2 := h2.first("state")):
                tp.country = e2.ref[0]
        actor, kind = _named(ctx, tp.name[0], tp.name[1], tp)
        _emit(ctx, tp.start, tp.end, actor, kind)
        return _apposition_after(ctx, tp.end, actor)
    # no name: possessive ("Japan's foreign minister") or anaphor ("the minister")
    nxt = _name_after_comma(ctx, tp.end)
    if nxt is not None:  # "Chile's new trade minister, Maria Lopez"
        actor, kind = _named(ctx, nxt[0], nxt[1], tp)
        _emit(ctx, tp.start, tp.end, actor, "apposition", track=False)
        _emit(ctx, nxt[0], nxt[1], actor, kind)
        return nxt[1]
    if tp.country is not None and not tp.generic:
        if tp.former:
            _emit(ctx, tp.start, tp.end, _former_holder(ctx, tp), "possessive", conf=CONF["anaphor"])
            return tp.end
        actor = None
        for office in tp.offices:
            actor = kb.holder(tp.country, office, when)
            if actor:
                break
        if actor is not None:
            _emit(ctx, tp.start, tp.end, actor, "possessive")
        else:
            _emit(ctx, tp.start, tp.end, _role_actor(ctx, tp.country, tp.offices[0]), "possessive",
                  conf=CONF["unknown_holder"])
        return tp.end
    actor = _anaphor(ctx, tp)
    if actor is None and tp.country in kb.states and not tp.former:
        # "a French minister", "a senior British minister": no one earlier fits, but the
        # phrase still says whose official acts
        actor = _role_actor(ctx, tp.country, tp.offices[0] if tp.offices else "minister")
        _emit(ctx, tp.start, tp.end, actor, "anaphor", conf=CONF["unknown_holder"])
        return tp.end
    _emit(ctx, tp.start, tp.end, actor, "anaphor", conf=CONF["anaphor"] if actor else 0.2)
    return tp.end


def _former_holder(ctx: _Ctx, tp: _TitlePhrase) -> Actor | None:
    """An earlier-mentioned person who held this office and no longer does."""
    for s in reversed(ctx.persons):
        if s.actor.country == tp.country and s.actor.role_end and ctx.when and s.actor.role_end <= ctx.when.isoformat():
            if any(o in tp.offices for o in s.offices):
                return s.actor
    return None


def _role_actor(ctx: _Ctx, country: str, office: str) -> Actor:
    """Whoever holds an office the knowledge base has no holder for: an actor with the role."""
    kb = ctx.kb
    off = kb.office(country, office)
    role = kb.role_title(country, office)
    if country in kb.orgs:
        org = kb.orgs[country]
        return Actor(id=f"role:{country}.{office}", name=f"{role} of {org.name}", kind="person", country=org.country,
                     role=role, sector=off.sector if off else None, cameo=org.cameo)
    st = kb.states[country]
    return Actor(id=f"role:{country}.{office}", name=f"{role} of {st.name}", kind="person", country=country,
                 role=role, sector=off.sector if off else "GOV", cameo=f"{st.cameo}{off.cameo if off else 'GOV'}")


def _anaphor(ctx: _Ctx, tp: _TitlePhrase) -> Actor | None:
    """'the minister', 'the foreign minister', 'the Secretary': the latest fitting person."""
    wanted = set(tp.offices) | (LEADER if "leader" in tp.offices else set())
    if tp.former:  # "the former foreign minister": someone mentioned who held it before
        for s in reversed(ctx.persons):
            slug = s.actor.id[7:]
            if slug in ctx.kb.people and ctx.kb.held_before(slug, wanted, ctx.when):
                if tp.country is None or s.actor.country == tp.country:
                    return s.actor
        return None
    for s in reversed(ctx.persons):
        if tp.country is not None and s.actor.country != tp.country:
            continue
        if tp.generic:
            if any(o in MINISTERIAL for o in s.offices) or (s.actor.role or "").lower().find("minister") >= 0:
                return s.actor
        elif any(o in wanted for o in s.offices):
            return s.actor
    if tp.country is not None and not tp.generic:
        for office in tp.offices:
            h = ctx.kb.holder(tp.country, office, ctx.when)
            if h:
                return h
    return None


def _name_after_comma(ctx: _Ctx, j: int) -> tuple[int, int] | None:
    if _low(ctx, j) != ",":
        return None
    name = _read_name(ctx, j + 1)
    if name is None:
        return None
    h = ctx.hits.get(name[0])
    if h is not None or any(ctx.doc[k].ent_type_ == "PERSON" for k in range(*name)):
        return name
    return None


def _apposition_after(ctx: _Ctx, j: int, actor: Actor | None) -> int:
    """', Japan's foreign minister,' after a name is the same person."""
    if _low(ctx, j) != ",":
        return j
    tp = _read_title_phrase(ctx, j + 1)
    if tp is None or tp.name is not None or tp.body:
        return j
    _emit(ctx, tp.start, tp.end, actor, "apposition", track=False)
    return tp.end


# ---- names ----------------------------------------------------------------------------------

def _named(ctx: _Ctx, start: int, end: int, tp: _TitlePhrase | None) -> tuple[Actor, str]:
    """The person a name (after an optional title phrase) denotes, learnt if unknown."""
    kb = ctx.kb
    h = ctx.hits.get(start)
    kind = "title" if tp is not None else "name"
    if h is not None and h.end == end:
        full = [e.ref[0] for e in h.entries if e.kind == "person"]
        if full:
            return kb.person_actor(_choose(ctx, full, tp), ctx.when), kind
        sur = [e.ref[0] for e in h.entries if e.kind == "surname"]
        if sur and tp is not None and tp.country is not None and not any(
                kb.people[x].country == tp.country or any(t.country == tp.country for t in kb.people[x].tenures)
                for x in sur):
            sur = []  # "Pope Francis": the title's country rules out every known Francis
        if sur:
            learnt = ctx.learnt_surnames.get(norm(ctx.doc[start:end].text))
            fits = tp is not None and any(_fits_title(ctx, x, tp) for x in sur)
            if learnt is not None and not fits and _latest(ctx, learnt.id) >= max(_latest(ctx, f"person:{x}") for x in sur):
                return learnt, "learnt"  # "Hunter Biden ... Biden", unless "Vice President Biden"
            return kb.person_actor(_choose(ctx, sur, tp), ctx.when), kind if tp else "surname"
    return _indexed_or_learnt(ctx, start, end, tp, kind)


def _indexed_or_learnt(ctx: _Ctx, start: int, end: int, tp: _TitlePhrase | None, kind: str) -> tuple[Actor, str]:
    """A name the curated files lack: an imported office holder of that name (who fits the
    title, if any), else a person learnt from the article."""
    name = ctx.doc[start:end].text.removesuffix("'s")
    key = norm(name)
    if key not in ctx.learnt:
        if tp is None:
            tp = _appositive_role(ctx, end)
        offices = [] if tp is None or tp.generic else tp.offices
        country = tp.country if tp else None
        actor = ctx.kb.indexed_person(name, ctx.when, country=country, offices=offices,
                                      surname=end - start == 1 and tp is not None, context=_text_countries(ctx))
        if actor is not None:
            ctx.indexed.add(actor.id)
            ctx.learnt[key] = actor  # later mentions of the name or surname are this person
            ctx.learnt_surnames.setdefault(norm(name.split()[-1]), actor)
            return actor, kind
    actor = _learn(ctx, start, end, tp)
    return actor, kind if actor.id in ctx.indexed else "learnt"


def _choose(ctx: _Ctx, slugs: list[str], tp: _TitlePhrase | None) -> str:
    """Among people sharing a name, the one already mentioned, in the office named, in office."""
    if len(slugs) == 1:
        return slugs[0]
    kb, when = ctx.kb, ctx.when
    mentioned = {s.actor.id for s in ctx.persons}

    def score(slug: str) -> tuple:
        p = kb.people[slug]
        offices = kb.offices_of(slug, when)
        fits_title = tp is not None and any(o in tp.offices for o in offices)
        fits_country = tp is not None and tp.country is not None and p.country == tp.country
        return (p.id in mentioned, fits_title, fits_country, kb.in_office(slug, when))

    return max(slugs, key=score)


def _text_countries(ctx: _Ctx) -> set[str]:
    """The states the article names (by name, demonym or capital)."""
    if ctx.countries is None:
        ctx.countries = {e.ref[0] for h in ctx.hits.values() for e in h.entries
                         if e.kind in ("state", "adj", "capital")}
    return ctx.countries


def _learn(ctx: _Ctx, start: int, end: int, tp: _TitlePhrase | None) -> Actor:
    """A person the knowledge base lacks, described by the article itself."""
    name = ctx.doc[start:end].text
    if name.endswith("'s"):
        name = name[:-2]
    key = norm(name)
    known = ctx.learnt.get(key) or ctx.learnt_surnames.get(key)
    if known is not None:
        return known
    if tp is None:
        tp = _appositive_role(ctx, end)
    kb = ctx.kb
    country = tp.country if tp else None
    office = tp.offices[0] if tp and tp.offices and not tp.generic and country else None
    if country is None:
        # "Nigerian junior foreign minister X", "Iran's religious leader X": the country
        # qualifies the name's noun phrase from further left than a title phrase reads
        country, junior = _np_country(ctx, tp.start if tp else start)
        if country is None and tp is None:
            country = _appos_country(ctx, start, end)
        if country in kb.states and tp is not None and tp.offices and not tp.generic and not junior:
            office = tp.offices[0]
    role = kb.role_title(country, office) if office and country else None
    off = kb.office(country, office) if office and country else None
    cameo = None
    if country and country in kb.states:
        cameo = f"{kb.states[country].cameo}{off.cameo if off else 'GOV'}" if tp else kb.states[country].cameo
    elif country and country in kb.orgs:  # "NATO spokesperson ...": the organisation's code, no country
        cameo, country = kb.orgs[country].cameo, kb.orgs[country].country
    slug = _SLUG_BAD.sub("-", fold(key)).strip("-") or content_id("p", key)[2:]
    if f"person:{slug}" in ctx.indexed:  # a namesake of an office holder named here: not that person
        slug = f"{slug}-{content_id('p', key + ':learnt')[2:8]}"
    actor = Actor(id=f"person:{slug}", name=name, kind="person", country=country,
                  role=role, sector=(off.sector if off else ("GOV" if tp and country else None)), cameo=cameo)
    ctx.learnt[key] = actor
    surname = norm(name.split()[-1])
    if surname != key:
        ctx.learnt_surnames.setdefault(surname, actor)
    if office:
        ctx.learnt_offices[actor.id] = (office,)
    return actor


#: Words that may stand between a country qualifier and the name it qualifies.
_NP_STOP_POS = frozenset({"VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"})


def _np_country(ctx: _Ctx, start: int) -> tuple[str | None, bool]:
    """The state (or organisation) a demonym or possessive a few words left of ``start`` gives the
    noun phrase ("Nigerian junior foreign minister", "Iran's religious leader", "U.N. mediator"),
    if the parse attaches it to that phrase; and whether a junior office word came between."""
    doc, n = ctx.doc, len(ctx.doc)
    root = doc[start:min(start + 1, n)].root if start < n else None
    if root is None:
        return None, False
    junior = False
    for k in range(start - 1, max(-1, start - 6), -1):
        tok = doc[k]
        low = tok.lower_
        if low in ("'s", "'"):
            continue
        h = ctx.hits.get(k)
        if h is None:  # a hit is indexed by its first token: find one ending here
            h = next((x for x in (ctx.hits.get(j) for j in range(max(0, k - 3), k)) if x is not None and x.end == k + 1), None)
        if h is not None:
            e = h.first("state", "adj", "org")
            if e is None or h.first("title", "body", "person") or (
                    e.ref[0] not in ctx.kb.states and e.ref[0] not in ctx.kb.orgs):
                return None, False
            # the qualifier must modify this phrase: its head chain reaches the phrase
            t = doc[h.end - 1]
            for _ in range(4):
                if t.i >= start:
                    return e.ref[0], junior
                if t.head.i == t.i:
                    break
                t = t.head
            return None, False
        if h is None and tok.pos_ == "PROPN" and tok.text[:1].isupper():
            city = ctx.kb.cities.get(norm(tok.text))
            if city is not None and _heads_into(tok, start):
                # "Kharkiv Governor X", "Odesa mayor X": a city's official is of its state, but
                # holds no national office (reported as junior so no office is given)
                return city, True
        if tok.pos_ in _NP_STOP_POS or low in ("the", "a", "an"):
            return None, False
        junior = junior or low in NOT_HOLDER
    return None, False


def _heads_into(tok, start: int) -> bool:
    """Whether ``tok``'s head chain reaches the phrase starting at ``start`` within four steps."""
    for _ in range(4):
        if tok.i >= start:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _appos_country(ctx: _Ctx, start: int, end: int) -> str | None:
    """The state (or organisation) an apposition beside a name gives it: "X, Algeria's leading activist",
    "a member of the Syrian parliament, X" (a description, not an office, so no role)."""
    doc = ctx.doc
    root = doc[start:end].root
    sides = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        sides.append(root.head)
    for side in sides:
        for t in side.subtree:
            if start <= t.i < end or abs(t.i - root.i) > 10:
                continue
            h = ctx.hits.get(t.i)
            if h is not None and not h.first("title", "body", "person") and (e := h.first("state", "adj", "org")):
                if e.ref[0] in ctx.kb.states or e.ref[0] in ctx.kb.orgs:
                    return e.ref[0]
    return None


_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "la", "le",
                        "bin", "bint", "ibn", "al", "el", "ben", "y", "e", "du", "des", "ter", "ten", "-", "'s", "."})


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    """Two to five capitalised words (name particles allowed), no digits or symbols."""
    if end - start > 5:
        return False
    for k in range(start, end):
        t = doc[k].text
        if t.lower() in _PARTICLES or t.lower().startswith(("al-", "el-")):
            continue
        if not t[:1].isupper() or not t.replace("-", "").replace("'", "").replace(".", "").isalpha():
            return False
    return True


def _appositive_role(ctx: _Ctx, j: int) -> _TitlePhrase | None:
    if _low(ctx, j) == ",":
        tp = _read_title_phrase(ctx, j + 1)
        if tp is not None and tp.name is None and not tp.body:
            return tp
    return None


def _person_ent(ctx: _Ctx, i: int, ents: dict) -> int | None:
    """A PERSON entity the knowledge base lacks (or a learnt person's surname)."""
    ent = ents.get(i)
    if ent is None:
        tok = ctx.doc[i]
        if tok.text[:1].isupper() and i not in ctx.hits and (ctx.learnt or ctx.learnt_surnames):
            actor = ctx.learnt_surnames.get(tok.lower_) or ctx.learnt.get(tok.lower_)
            if actor is not None:
                known = actor.id in ctx.indexed  # an office holder from the index, named before
                _emit(ctx, i, i + 1, actor, "surname" if known else "learnt", conf=None if known else CONF["learnt"])
                return i + 1
        return None
    end = ent.end
    if end - 1 > i and ctx.doc[end - 1].lower_ in ("'s", "'"):
        end -= 1
    inside = [ctx.hits[k] for k in range(i, end) if k in ctx.hits]
    # a KB name inside a longer PERSON entity: a surname alone ("Maria Lopez" vs a known Lopez)
    # is someone else; anything else (a full name, a title, a state) is left to the hit
    if inside and not all(h.kinds() <= {"surname"} and h.end - h.start < end - i for h in inside):
        return None
    key = norm(ctx.doc[i:end].text)
    known = ctx.learnt.get(key) or ctx.learnt_surnames.get(key)
    tp = None if known else _appositive_role(ctx, end)
    if known is None and not (ctx.english and _looks_like_name(ctx.doc, i, end) and (end - i > 1 or tp)):
        return None  # one bare word ("Scholars", "Martin") or not a name: no one to learn
    if known is not None:
        actor, kind = known, "name" if known.id in ctx.indexed else "learnt"
    else:
        actor, kind = _indexed_or_learnt(ctx, i, end, tp, "name")
    conf = None if kind != "learnt" else CONF["learnt_role"] if actor.role else CONF["learnt"]
    _emit(ctx, i, end, actor, kind, conf=conf)
    return _apposition_after(ctx, end, actor)


# ---- single hits: states, demonyms, capitals, organisations, people --------------------------

def _hit(ctx: _Ctx, i: int) -> int | None:
    h = ctx.hits.get(i)
    if h is None:
        return None
    kb, doc = ctx.kb, ctx.doc
    e = h.entries[0]
    start = i
    if e.kind == "person":
        actor, kind = _named(ctx, h.start, h.end, None)
        _emit(ctx, h.start, h.end, actor, kind)
        return _apposition_after(ctx, h.end, actor)
    if e.kind == "surname":
        if h.first("state", "org", "adj") and doc[i].ent_type_ != "PERSON":
            e = h.first("state", "org", "adj")  # type: ignore[assignment]
        elif norm(doc[h.start:h.end].text) in ctx.learnt_surnames and not _surname_ok(ctx, h, strict=True):
            actor = ctx.learnt_surnames[norm(doc[h.start:h.end].text)]
            _emit(ctx, h.start, h.end, actor, "learnt", conf=CONF["learnt"])
            return h.end
        elif not _surname_ok(ctx, h):
            return h.end
        else:
            actor = _surname(ctx, h)
            known = actor.id[7:] in ctx.kb.people
            seen_before = any(s.actor.id == actor.id for s in ctx.persons)
            _emit(ctx, h.start, h.end, actor, "surname" if known else "learnt",
                  conf=None if seen_before or not known else CONF["surname_first"])
            return _apposition_after(ctx, h.end, actor)
    if e.kind == "state":
        # "the United States" takes its article; "the Japan-U.S. alliance", "the U.S. side" do not
        if i > 0 and doc[i - 1].lower_ == "the" and _low(ctx, h.end) != "-" and \
                _root(doc, h.start, h.end).dep_ not in ("compound", "amod", "nmod"):
            start = i - 1
        _emit(ctx, start, h.end, kb.state_actor(e.ref[0]), "state")
    elif e.kind == "adj":
        _emit(ctx, h.start, h.end, kb.state_actor(e.ref[0]), "demonym")
    elif e.kind == "capital":
        root = _root(doc, h.start, h.end)
        if root.head.lower_ in LOCATIVE or _dateline(ctx, h):
            return h.end  # a place ("talks in Tokyo", "TOKYO (Reuters) -"), not the government
        _emit(ctx, h.start, h.end, kb.government_actor(e.ref[0]), "capital")
    elif e.kind == "org":
        if i > 0 and doc[i - 1].lower_ == "the":
            start = i - 1
        _emit(ctx, start, h.end, kb.org_actor(e.ref[0]), "organisation")
    else:
        return None
    return h.end


#: Surnames that are also common words, places or first names: alone they name a known person
#: only when spaCy sees a person there or the person was already mentioned.
AMBIGUOUS_SURNAMES = frozenset({
    "may", "hunt", "bishop", "cooper", "payne", "moon", "park", "lee", "kim", "li", "wang", "austin",
    "harris", "johnson", "charles", "wong", "lai", "hu", "abe", "kang", "cho", "chung", "yun", "qin",
    "serra", "champagne", "gabriel", "philippe", "borne", "joly", "salman", "anand", "vance", "kono",
    "kato", "fernández", "fernandez", "nunes", "vieira", "dion", "conte", "temer", "bennett", "maas",
    "cameron", "truss", "ban", "costa", "michel", "grossi", "elizabeth ii", "charles iii", "sugiono", "naruhito",
    # earlier holders whose surnames are common words or first names
    "rice", "baker", "powell", "perry", "christopher", "taylor", "doe", "amin", "sharon", "barak", "castro",
    "ramos", "ortega", "aquino", "moi", "wen", "zhu", "jiang", "bush", "clinton", "abbas", "peres", "allawi",
    "sharif", "bhutto", "hariri", "aoun", "rabin", "assad", "kohl", "major", "brown",
})


_DATELINE_AFTER = re.compile(r"\s*(?:,[^\n]{0,40}?)?\s*(?:\([^)\n]{1,40}\)\s*)?[-\u2013\u2014:]")


def _dateline(ctx: _Ctx, h: Hit) -> bool:
    """A news dateline: a capital at the start of a line, in capitals or followed by a dash."""
    start = ctx.doc[h.start].idx
    line_start = ctx.text.rfind("\n", 0, start) + 1
    if ctx.text[line_start:start].strip():
        return False
    end = ctx.doc[h.end - 1].idx + len(ctx.doc[h.end - 1])
    return ctx.text[start:end].isupper() or bool(_DATELINE_AFTER.match(ctx.text, end))


def _surname_ok(ctx: _Ctx, h: Hit, *, strict: bool = False) -> bool:
    """Whether a bare surname may name a KB person; ``strict``: only if already mentioned."""
    slugs = {f"person:{e.ref[0]}" for e in h.entries if e.kind == "surname"}
    if any(s.actor.id in slugs for s in ctx.persons):
        return True
    if strict:
        return False
    if ctx.doc[h.start].ent_type_ == "PERSON":
        return True
    if all(not ctx.kb.people[s[7:]].tenures for s in slugs):
        return False  # only people from an imported dictionary: "Camp David", "San Francisco"
    key = norm(ctx.doc[h.start:h.end].text)
    tok = ctx.doc[h.start]
    # a capitalised noun the knowledge base knows as an office holder's surname is that name,
    # even where the tagger reads the common noun ("Trump threatened tariffs")
    return key not in AMBIGUOUS_SURNAMES and (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.text.istitle()))


def _surname(ctx: _Ctx, h: Hit) -> Actor:
    """A bare surname: a person learnt from the article or a KB person, whichever was named last."""
    key = norm(ctx.doc[h.start:h.end].text)
    learnt = ctx.learnt_surnames.get(key)
    slugs = [e.ref[0] for e in h.entries if e.kind == "surname"]
    if learnt is not None and _latest(ctx, learnt.id) >= max(_latest(ctx, f"person:{x}") for x in slugs):
        return learnt
    return ctx.kb.person_actor(_choose(ctx, slugs, None), ctx.when)


def _latest(ctx: _Ctx, actor_id: str) -> int:
    """Token index of the latest mention of ``actor_id`` so far (-1: none)."""
    for s in reversed(ctx.persons):
        if s.actor.id == actor_id:
            return s.tok
    return -1


def _fits_title(ctx: _Ctx, slug: str, tp: _TitlePhrase) -> bool:
    """Whether a KB person held (at any time) an office the title names, in its country."""
    wanted = set(tp.offices) | (LEADER if "leader" in tp.offices else set())
    return any((tp.country is None or t.country == tp.country) and (tp.generic or wanted & set(t.offices))
               for t in ctx.kb.people[slug].tenures)


# ---- counterparts, groups, pronouns --------------------------------------------------------

def _counterpart(ctx: _Ctx, i: int) -> int | None:
    """'his Japanese counterpart', 'Blinken's Japanese counterpart', 'her counterpart from Japan'."""
    doc = ctx.doc
    lo = _low(ctx, i)
    possessor: Actor | None = None
    pron_end = None
    if lo in ("his", "her", "their"):
        j = i + 1
        pron_end = i + 1
    else:
        return None
    country = None
    h = ctx.hits.get(j)
    while _low(ctx, j) in MODIFIERS:
        j += 1
        h = ctx.hits.get(j)
    if h is not None and (e := h.first("adj", "state")):
        country = e.ref[0]
        j = h.end
    if _low(ctx, j) not in ("counterpart", "counterparts"):
        return None
    end = j + 1
    if country is None and _low(ctx, end) in ("from", "in", "of"):
        h2 = ctx.hits.get(end + 1)
        if h2 is None and _low(ctx, end + 1) == "the":
            h2 = ctx.hits.get(end + 2)
        if h2 is not None and (e2 := h2.first("state")):
            country, end = e2.ref[0], h2.end
    if pron_end is not None and lo != "their":
        possessor = _antecedent(ctx, i)
        _emit(ctx, i, pron_end, possessor, "pronoun", conf=CONF["pronoun"] if possessor else 0.2)
    actor = _counterpart_of(ctx, possessor, country)
    _emit(ctx, i, end, actor, "counterpart", conf=CONF["counterpart"] if actor else 0.2)
    return end


def _counterpart_of(ctx: _Ctx, possessor: Actor | None, country: str | None) -> Actor | None:
    offices = _offices(ctx, possessor) if possessor else ()
    if country is not None:
        for office in offices or ("foreign",):
            h = ctx.kb.holder(country, office, ctx.when)
            if h is not None:
                return h
        return _role_actor(ctx, country, (offices or ("foreign",))[0]) if country in ctx.kb.states else None
    # no country named: the latest person of another country holding the same office
    for s in reversed(ctx.persons):
        if possessor is not None and s.actor.id != possessor.id and s.actor.country != possessor.country:
            if not offices or set(offices) & set(s.offices):
                return s.actor
    return None


def _group(ctx: _Ctx, i: int) -> int | None:
    """'the two ministers', 'both countries', 'the three leaders'."""
    lo = _low(ctx, i)
    j = i
    count = 2
    if lo == "the" and _low(ctx, i + 1) in NUMBERS:
        count = NUMBERS[_low(ctx, i + 1)]
        j = i + 2
    elif lo == "both" and _low(ctx, i + 1) not in ("of",):
        j = i + 1
    else:
        return None
    noun = _low(ctx, j)
    if noun in ("foreign",) and _low(ctx, j + 1) == "ministers":
        j += 1
        noun = "ministers"
    if noun in PERSON_GROUP:
        host = _clause_subject(ctx, i)  # "Cavusoglu hosted the two ministers": not one of them
        members = _recent_people(ctx, count, PERSON_GROUP[noun], exclude=host.id if host else None)
    elif noun in STATE_GROUP:
        members = _recent_states(ctx, count)
    else:
        return None
    _emit(ctx, i, j + 1, None, "group", members=members, conf=CONF["group"] if len(members) == count else 0.3)
    return j + 1


def _recent_people(ctx: _Ctx, count: int, cls: str, exclude: str | None = None) -> list[Actor]:
    out: list[Actor] = []
    for s in reversed(ctx.persons):
        if s.actor.id == exclude or any(a.id == s.actor.id for a in out):
            continue
        if cls == "minister" and s.offices and not set(s.offices) & MINISTERIAL:
            continue
        if cls == "leader" and s.offices and not set(s.offices) & LEADER:
            continue
        out.append(s.actor)
        if len(out) == count:
            break
    return list(reversed(out))


def _recent_states(ctx: _Ctx, count: int) -> list[Actor]:
    """The last ``count`` distinct countries, named or implied by the people mentioned."""
    seen: list[tuple[int, str]] = [(s.tok, s.actor.country) for s in ctx.states if s.actor.country]
    seen += [(s.tok, s.actor.country) for s in ctx.persons if s.actor.country]
    out: list[str] = []
    for _, c in sorted(seen, reverse=True):
        if c not in out and c in ctx.kb.states:
            out.append(c)
        if len(out) == count:
            break
    return [ctx.kb.state_actor(c) for c in reversed(out)]


def _pronoun(ctx: _Ctx, i: int) -> int | None:
    lo = _low(ctx, i)
    if lo not in PRONOUNS:
        return None
    actor = _antecedent(ctx, i)
    _emit(ctx, i, i + 1, actor, "pronoun", conf=CONF["pronoun"] if actor else 0.2)
    return i + 1


def _antecedent(ctx: _Ctx, i: int) -> Actor | None:
    """The most salient earlier person, chosen by position and grammatical role, never gender.

    A subject or possessive pronoun refers to the subject of its clause (or of the clause that
    governs it: "Kerry said he ..."); an object pronoun to the latest other person; otherwise
    the nearest earlier subject in the sentence, else the subject of the nearest earlier
    sentence that mentions someone.
    """
    if not ctx.persons:
        return None
    tok = ctx.doc[i]
    sent = ctx.sent_of[i]
    same = [s for s in ctx.persons if s.sent == sent and s.tok < i]
    objective = tok.lower_ == "him" or (tok.lower_ == "her" and tok.dep_ in ("dobj", "pobj", "dative", "obj"))
    subject = _clause_subject(ctx, i)
    if objective:
        # "Trump praised him": not the clause's own subject; the latest other person
        exclude = {subject.id} if subject is not None else {s.actor.id for s in same if s.subject}
        for s in reversed(ctx.persons):
            if s.tok < i and s.actor.id not in exclude:
                return s.actor
        return (same or ctx.persons)[-1].actor
    obj = _object_of_for_phrase(ctx, tok)
    if obj is not None:
        return obj
    if subject is not None:
        return subject
    if same:
        subj = [s for s in same if s.subject]
        return (subj[-1] if subj else same[-1]).actor
    for back in range(1, 4):
        prev = [s for s in ctx.persons if s.sent == sent - back]
        if prev:
            subj = [s for s in prev if s.subject]
            return (subj[0] if subj else prev[0]).actor
    return ctx.persons[-1].actor


def _object_of_for_phrase(ctx: _Ctx, tok: Token) -> Actor | None:
    """'thanked Hayashi for his work', 'praised him for her efforts' reads as the object's."""
    noun = tok.head
    prep = noun.head
    if tok.dep_ != "poss" or noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.pos_ != "VERB":
        return None
    for child in prep.head.children:
        if child.dep_ == "dobj" and child.i < tok.i:
            return ctx.person_at.get(child.i)
    return None


def _clause_subject(ctx: _Ctx, i: int) -> Actor | None:
    """The person who is the subject of the clause containing token ``i`` (or of the clause
    governing it: "Kerry said he ..."), following relative pronouns to their noun."""
    tok = ctx.doc[i]
    node = tok
    for _ in range(8):
        head = node.head
        if head is node:
            return None
        node = head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        for child in node.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.i >= i or child.i == tok.i:
                continue
            target = child
            if child.lower_ in ("who", "that") and node.dep_ == "relcl":
                target = node.head
            actor = ctx.person_at.get(target.i)
            if actor is not None:
                return actor
            if target.lower_ in PRONOUNS:
                return None  # an unresolved pronoun subject: fall back to salience
    return None


def _conjoined_groups(ctx: _Ctx) -> None:
    """'Japan and the United States', 'Kamikawa and Blinken': a group mention over both."""
    ms = sorted((m for m in ctx.mentions if m.actor is not None and m.kind not in ("pronoun", "group", "apposition")),
                key=lambda m: m.evidence[0].start)
    text = ctx.text
    for a, b in zip(ms, ms[1:]):
        between = text[a.evidence[0].end:b.evidence[0].start]
        if between.strip().lower() != "and" or a.actor is None or b.actor is None:
            continue
        if (a.actor.kind == "person") != (b.actor.kind == "person") or a.actor.id == b.actor.id:
            continue
        sp = Span(a.evidence[0].start, b.evidence[0].end)
        ctx.mentions.append(Mention(text=text[sp.start:sp.end], evidence=[sp], actor=None, kind="group",
                                    confidence=min(a.confidence, b.confidence), members=[a.actor, b.actor]))
