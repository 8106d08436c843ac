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
from datetime import date
from typing import TYPE_CHECKING

from teller.actors.anaphora import conjoined_groups, counterpart, group, pronoun
from teller.actors.gazetteer import Gazetteer, Hit
from teller.actors.kb import KnowledgeBase, norm
from teller.actors.learn import (
    choose,
    indexed_or_learnt,
    looks_like_name,
    named,
    settle_nationalities,
    text_countries,
)
from teller.actors.mentions import (
    CONF,
    FORMER,
    LOCATIVE,
    MODIFIERS,
    NUMBERS,
    PERSON_GROUP,
    PRONOUNS,
    STATE_GROUP,
    Ctx,
    emit,
    latest,
    low_at,
    root_of,
)
from teller.actors.titles import (
    apposition_after,
    appositive_role,
    former_holder,
    name_after_comma,
    read_title_phrase,
    role_actor,
    title_anaphor,
)
from teller.records import Actor, Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc


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
    ctx = Ctx(doc, kb, when, article.text, {h.start: h for h in hits}, sent_of, low=low,
               english=(article.language or "en").lower().startswith("en"))
    _walk(ctx)
    conjoined_groups(ctx)
    settle_nationalities(ctx)
    ctx.mentions.sort(key=lambda m: (m.evidence[0].start, -m.evidence[0].end))
    return ctx.mentions


# ---- the pass -------------------------------------------------------------------------------

#: Words that can open a mention that is not a gazetteer hit; any other token is skipped at once.
TRIGGERS = frozenset({"the", "his", "her", "their", "both"} | FORMER | MODIFIERS | set(PRONOUNS))


def _walk(ctx: Ctx) -> None:
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
        nxt = (counterpart(ctx, i) or group(ctx, i) or _title_or_body(ctx, i) or _person_ent(ctx, i, ents)
               or _hit(ctx, i) or pronoun(ctx, i))
        i = nxt if nxt and nxt > i else i + 1


# ---- title phrases: "Japan's foreign minister", "U.S. Secretary of State Antony Blinken" ----


def _title_or_body(ctx: Ctx, i: int) -> int | None:
    tp = read_title_phrase(ctx, i)
    if tp is None:
        return None
    kb, when = ctx.kb, ctx.when
    if tp.body:
        if tp.country is None:
            return None
        body = kb.org_actor(tp.country) if tp.country in kb.orgs else kb.body_actor(tp.country, tp.offices[0])
        emit(ctx, tp.start, tp.end, body, "body")
        return tp.end
    if tp.name is not None:
        if tp.country is None and low_at(ctx, tp.end) == "of":
            h2 = ctx.hits.get(tp.end + 1)
            if h2 is not None and (e2 := h2.first("state")):
                tp.country = e2.ref[0]
        actor, kind = named(ctx, tp.name[0], tp.name[1], tp)
        emit(ctx, tp.start, tp.end, actor, kind)
        return apposition_after(ctx, tp.end, actor)
    # no name: possessive ("Japan's foreign minister") or anaphor ("the minister")
    nxt = name_after_comma(ctx, tp.end)
    if nxt is not None:  # "Chile's new trade minister, Maria Lopez"
        actor, kind = named(ctx, nxt[0], nxt[1], tp)
        emit(ctx, tp.start, tp.end, actor, "apposition", track=False)
        emit(ctx, nxt[0], nxt[1], actor, kind)
        return nxt[1]
    if tp.country is not None and not tp.generic:
        if tp.former:
            emit(ctx, tp.start, tp.end, former_holder(ctx, tp), "possessive", conf=CONF["anaphor"])
            return tp.end
        holder: Actor | None = None
        for office in tp.offices:
            holder = kb.holder(tp.country, office, when)
            if holder:
                break
        if holder is not None:
            emit(ctx, tp.start, tp.end, holder, "possessive")
        else:
            emit(ctx, tp.start, tp.end, role_actor(ctx, tp.country, tp.offices[0]), "possessive",
                  conf=CONF["unknown_holder"])
        return tp.end
    anaphor = title_anaphor(ctx, tp)
    if anaphor is None and tp.country in kb.states and not tp.former:
        # "a French minister", "a senior British minister": no one earlier fits, but the
        # phrase still says whose official acts
        anaphor = role_actor(ctx, tp.country, tp.offices[0] if tp.offices else "minister")
        emit(ctx, tp.start, tp.end, anaphor, "anaphor", conf=CONF["unknown_holder"])
        return tp.end
    emit(ctx, tp.start, tp.end, anaphor, "anaphor", conf=CONF["anaphor"] if anaphor else 0.2)
    return tp.end


# ---- names ----------------------------------------------------------------------------------


def _person_ent(ctx: Ctx, i: int, ents: dict) -> int | None:
    """A PERSON entity the knowledge base lacks (or a learnt person's surname)."""
    ent = ents.get(i)
    if ent is None:
        tok = ctx.doc[i]
        if tok.text[:1].isupper() and i not in ctx.hits and (ctx.learnt or ctx.learnt_surnames):
            actor = ctx.learnt_surnames.get(tok.lower_) or ctx.learnt.get(tok.lower_)
            if actor is not None:
                indexed = actor.id in ctx.indexed  # an office holder from the index, named before
                emit(ctx, i, i + 1, actor, "surname" if indexed else "learnt",
                     conf=None if indexed else CONF["learnt"])
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
    tp = None if known else appositive_role(ctx, end)
    if known is None and not (ctx.english and looks_like_name(ctx.doc, i, end) and (end - i > 1 or tp)):
        return None  # one bare word ("Scholars", "Martin") or not a name: no one to learn
    if known is not None:
        actor, kind = known, "name" if known.id in ctx.indexed else "learnt"
    else:
        actor, kind = indexed_or_learnt(ctx, i, end, tp, "name")
    conf = None if kind != "learnt" else CONF["learnt_role"] if actor.role else CONF["learnt"]
    emit(ctx, i, end, actor, kind, conf=conf)
    return apposition_after(ctx, end, actor)


# ---- single hits: states, demonyms, capitals, organisations, people --------------------------

def _hit(ctx: Ctx, i: int) -> int | None:
    h = ctx.hits.get(i)
    if h is None:
        return None
    kb, doc = ctx.kb, ctx.doc
    e = h.entries[0]
    start = i
    if e.kind == "person":
        actor, kind = named(ctx, h.start, h.end, None)
        emit(ctx, h.start, h.end, actor, kind)
        return apposition_after(ctx, h.end, actor)
    if e.kind == "surname":
        if h.first("state", "org", "adj") and doc[i].ent_type_ != "PERSON":
            e = h.first("state", "org", "adj")  # type: ignore[assignment]
        elif norm(doc[h.start:h.end].text) in ctx.learnt_surnames and not _surname_ok(ctx, h, strict=True):
            actor = ctx.learnt_surnames[norm(doc[h.start:h.end].text)]
            emit(ctx, h.start, h.end, actor, "learnt", conf=CONF["learnt"])
            return h.end
        elif not _surname_ok(ctx, h):
            return h.end
        else:
            actor = _surname(ctx, h)
            known = actor.id[7:] in ctx.kb.people
            seen_before = any(s.actor.id == actor.id for s in ctx.persons)
            emit(ctx, h.start, h.end, actor, "surname" if known else "learnt",
                  conf=None if seen_before or not known else CONF["surname_first"])
            return apposition_after(ctx, h.end, actor)
    if e.kind == "state":
        # "the United States" takes its article; "the Japan-U.S. alliance", "the U.S. side" do not
        if i > 0 and doc[i - 1].lower_ == "the" and low_at(ctx, h.end) != "-" and \
                root_of(doc, h.start, h.end).dep_ not in ("compound", "amod", "nmod"):
            start = i - 1
        emit(ctx, start, h.end, kb.state_actor(e.ref[0]), "state")
    elif e.kind == "adj":
        emit(ctx, h.start, h.end, kb.state_actor(e.ref[0]), "demonym")
    elif e.kind == "capital":
        root = root_of(doc, h.start, h.end)
        if root.head.lower_ in LOCATIVE or _dateline(ctx, h):
            return h.end  # a place ("talks in Tokyo", "TOKYO (Reuters) -"), not the government
        emit(ctx, h.start, h.end, kb.government_actor(e.ref[0]), "capital")
    elif e.kind == "org":
        if i > 0 and doc[i - 1].lower_ == "the":
            start = i - 1
        emit(ctx, start, h.end, kb.org_actor(e.ref[0]), "organisation")
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


def _dateline(ctx: Ctx, h: Hit) -> bool:
    """A news dateline: a capital at the start of a line, in capitals or followed by a dash."""
    start = ctx.doc[h.start].idx
    line_start = ctx.text.rfind("\n", 0, start) + 1
    if ctx.text[line_start:start].strip():
        return False
    end = ctx.doc[h.end - 1].idx + len(ctx.doc[h.end - 1])
    return ctx.text[start:end].isupper() or bool(_DATELINE_AFTER.match(ctx.text, end))


def _surname_ok(ctx: Ctx, h: Hit, *, strict: bool = False) -> bool:
    """Whether a bare surname may name a KB person; ``strict``: only if already mentioned."""
    slugs = {f"person:{e.ref[0]}" for e in h.entries if e.kind == "surname"}
    if any(s.actor.id in slugs for s in ctx.persons):
        return True
    if strict:
        return False
    key = norm(ctx.doc[h.start:h.end].text)
    if ctx.doc[h.start].ent_type_ == "PERSON":
        # a surname many people share ("Taylor", "Rice") names the office holder only in an
        # article that names their country: "Taylor said the tour ..." is someone else
        return key not in AMBIGUOUS_SURNAMES or any(ctx.kb.people[s[7:]].country in text_countries(ctx)
                                                    for s in slugs)
    if all(not ctx.kb.people[s[7:]].tenures for s in slugs):
        return False  # only people from an imported dictionary: "Camp David", "San Francisco"
    tok = ctx.doc[h.start]
    # a capitalised noun the knowledge base knows as an office holder's surname is that name,
    # even where the tagger reads the common noun ("Trump threatened tariffs")
    return key not in AMBIGUOUS_SURNAMES and (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.text.istitle()))


def _surname(ctx: Ctx, h: Hit) -> Actor:
    """A bare surname: a person learnt from the article or a KB person, whichever was named last."""
    key = norm(ctx.doc[h.start:h.end].text)
    learnt = ctx.learnt_surnames.get(key)
    slugs = [e.ref[0] for e in h.entries if e.kind == "surname"]
    if learnt is not None and latest(ctx, learnt.id) >= max(latest(ctx, f"person:{x}") for x in slugs):
        return learnt
    return ctx.kb.person_actor(choose(ctx, slugs, None), ctx.when)


# ---- counterparts, groups, pronouns --------------------------------------------------------


