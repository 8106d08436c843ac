"""People the knowledge base may not hold: a name is matched against the curated people, then the
imported office-holder index, and otherwise learnt from the text (kind ``learnt``), with the
nationality and role the text gives them ("the American reporter Evan Smith", "Smith, a
Kenyan lawyer,")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.actors.home import home_country
from teller.actors.kb import fold, norm
from teller.actors.mentions import NOT_HOLDER, PARTICLES, SLUG_BAD, Ctx, TitlePhrase, latest
from teller.actors.titles import appositive_role, title_fits
from teller.records import Actor, content_id

#: Words that may stand between a country qualifier and the name it qualifies.
NP_STOP_POS = frozenset({"VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"})


if TYPE_CHECKING:
    from spacy.tokens import Doc



def named(ctx: Ctx, start: int, end: int, tp: TitlePhrase | None) -> tuple[Actor, str]:
    """The person a name (after an optional title phrase) denotes, learnt if unknown."""
    kb = ctx.kb
    h = ctx.hits.get(start)
    kind = "title" if tp is not None else "name"
    if h is not None and h.end == end:
        full = [e.ref[0] for e in h.entries if e.kind == "person"]
        if full:
            return kb.person_actor(choose(ctx, full, tp), ctx.when), kind
        sur = [e.ref[0] for e in h.entries if e.kind == "surname"]
        if sur and tp is not None and tp.country is not None and not any(
                kb.people[x].country == tp.country or any(t.country == tp.country for t in kb.people[x].tenures)
                for x in sur):
            sur = []  # "Pope Francis": the title's country rules out every known Francis
        if sur:
            learnt = ctx.learnt_surnames.get(norm(ctx.doc[start:end].text))
            fits = tp is not None and any(title_fits(ctx, x, tp) for x in sur)
            if learnt is not None and not fits and \
                    latest(ctx, learnt.id) >= max(latest(ctx, f"person:{x}") for x in sur):
                return learnt, "learnt"  # "Hunter Biden ... Biden", unless "Vice President Biden"
            return kb.person_actor(choose(ctx, sur, tp), ctx.when), kind if tp else "surname"
    return indexed_or_learnt(ctx, start, end, tp, kind)


def indexed_or_learnt(ctx: Ctx, start: int, end: int, tp: TitlePhrase | None, kind: str) -> tuple[Actor, str]:
    """A name the curated files lack: an imported office holder of that name (who fits the
    title, if any), else a person learnt from the article."""
    name = ctx.doc[start:end].text.removesuffix("'s")
    key = norm(name)
    if key not in ctx.learnt:
        if tp is None:
            tp = appositive_role(ctx, end)
        offices = [] if tp is None or tp.generic else tp.offices
        country = tp.country if tp else None
        actor = ctx.kb.indexed_person(name, ctx.when, country=country, offices=offices,
                                      surname=end - start == 1 and tp is not None, context=text_countries(ctx))
        if actor is not None:
            ctx.indexed.add(actor.id)
            ctx.learnt[key] = actor  # later mentions of the name or surname are this person
            ctx.learnt_surnames.setdefault(norm(name.split()[-1]), actor)
            return actor, kind
    actor = learn(ctx, start, end, tp)
    return actor, kind if actor.id in ctx.indexed else "learnt"


def choose(ctx: Ctx, slugs: list[str], tp: TitlePhrase | None) -> str:
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


def text_countries(ctx: Ctx) -> set[str]:
    """The states the article names (by name, demonym or capital)."""
    if ctx.countries is None:
        ctx.countries = {e.ref[0] for h in ctx.hits.values() for e in h.entries
                         if e.kind in ("state", "adj", "capital")}
    return ctx.countries


def learn(ctx: Ctx, start: int, end: int, tp: TitlePhrase | None) -> Actor:
    """A person the knowledge base lacks, described by the article itself."""
    name = ctx.doc[start:end].text
    if name.endswith("'s"):
        name = name[:-2]
    key = norm(name)
    known = ctx.learnt.get(key) or ctx.learnt_surnames.get(key)
    if known is not None:
        return known
    if tp is None:
        tp = appositive_role(ctx, end)
    kb = ctx.kb
    country = tp.country if tp else None
    office = tp.offices[0] if tp and tp.offices and not tp.generic and country else None
    if country is None:
        # "Nigerian junior foreign minister X", "Iran's religious leader X": the country
        # qualifies the name's noun phrase from further left than a title phrase reads
        country, junior = np_country(ctx, tp.start if tp else start)
        if country is None and tp is None:
            country = appos_country(ctx, start, end)
        if country in kb.states and tp is not None and tp.offices and not tp.generic and not junior:
            office = tp.offices[0]
    role = kb.role_title(country, office) if office and country else None
    off = kb.office(country, office) if office and country else None
    cameo = None
    if country and country in kb.states:
        cameo = f"{kb.states[country].cameo}{off.cameo if off else 'GOV'}" if tp else kb.states[country].cameo
    elif country and country in kb.orgs:  # "NATO spokesperson ...": the organisation's code, no country
        cameo, country = kb.orgs[country].cameo, kb.orgs[country].country
    slug = SLUG_BAD.sub("-", fold(key)).strip("-") or content_id("p", key)[2:]
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


def np_country(ctx: Ctx, start: int) -> tuple[str | None, bool]:
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
            h = next((x for x in (ctx.hits.get(j) for j in range(max(0, k - 3), k))
                      if x is not None and x.end == k + 1), None)
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
            if city is not None and heads_into(tok, start):
                # "Kharkiv Governor X", "Odesa mayor X": a city's official is of its state, but
                # holds no national office (reported as junior so no office is given)
                return city, True
        if tok.pos_ in NP_STOP_POS or low in ("the", "a", "an"):
            return None, False
        junior = junior or low in NOT_HOLDER
    return None, False


def heads_into(tok, start: int) -> bool:
    """Whether ``tok``'s head chain reaches the phrase starting at ``start`` within four steps."""
    for _ in range(4):
        if tok.i >= start:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def appos_country(ctx: Ctx, start: int, end: int) -> str | None:
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


def looks_like_name(doc: Doc, start: int, end: int) -> bool:
    """Two to five capitalised words (name particles allowed), no digits or symbols."""
    if end - start > 5:
        return False
    for k in range(start, end):
        t = doc[k].text
        if t.lower() in PARTICLES or t.lower().startswith(("al-", "el-")):
            continue
        if not t[:1].isupper() or not t.replace("-", "").replace("'", "").replace(".", "").isalpha():
            return False
    return True


def settle_nationalities(ctx: Ctx) -> None:
    """Give people learnt without a nationality the one the text gives them elsewhere.

    A name is learnt at its first mention; a later one may say more ("Swift ... the American
    singer Swift said"): any mention of the person qualified by a state gives its state. A
    person the text never qualifies, named in an article about one country (a local report:
    every state, demonym, capital and city it names, or three in four of them, are that
    country's), is taken to be of that country, at lower confidence. The country is never
    taken from whoever acts on the person: only the person's own phrase and the article's
    places count. The learnt actor is shared by all its mentions, so all of them agree.
    """
    kb = ctx.kb
    todo = [a for a in {id(a): a for a in ctx.learnt.values()}.values()
            if a.kind == "person" and a.country is None and not a.cameo and a.id not in ctx.indexed]
    if not todo:
        return
    waiting = {a.id for a in todo}
    for seen in ctx.persons:
        a = seen.actor
        if a.id in waiting and a.country is None:
            code, _ = np_country(ctx, seen.tok)
            if code in kb.states:
                a.country, a.cameo = code, kb.states[code].cameo
    home = home_country(ctx.mentions, (e.text for e in ctx.doc.ents if e.label_ == "GPE" and e.start not in ctx.hits),
                        kb)
    if home is None:
        return
    for a in todo:
        if a.country is None:
            a.country, a.cameo = home, kb.states[home].cameo
            ctx.guessed.add(a.id)
    for m in ctx.mentions:
        if m.actor is not None and m.actor.id in ctx.guessed:
            m.confidence = min(m.confidence, 0.5)
