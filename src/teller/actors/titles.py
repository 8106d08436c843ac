"""Title phrases: "Japan's foreign minister", "Foreign Minister Kamikawa", "former foreign
minister Hayashi", "the minister", ", the U.S. secretary of state," read into the country and
offices they name (:class:`~teller.actors.mentions.TitlePhrase`) and resolved to the holder at
the article's date, a former holder, or the role itself when nobody is known."""

from __future__ import annotations

from teller.actors.mentions import (
    FORMER,
    HONORIFICS,
    LEADER,
    MINISTERIAL,
    MODIFIERS,
    NOT_HOLDER,
    PARTICLES,
    Ctx,
    TitlePhrase,
    emit,
    low_at,
)
from teller.records import Actor


def read_title_phrase(ctx: Ctx, i: int) -> TitlePhrase | None:
    doc, _kb, n = ctx.doc, ctx.kb, len(ctx.doc)
    start = i
    definite = False
    former = False
    country: str | None = None
    if low_at(ctx, i) in ("the", "a", "an") and i not in ctx.hits:  # "the Argentine" may name the state
        if low_at(ctx, i) != "the":
            return None
        definite = True
        i += 1
    while i < n and low_at(ctx, i) in FORMER | MODIFIERS and i not in ctx.hits:  # not "New" of "New Zealand"
        former = former or low_at(ctx, i) in FORMER
        i += 1
    h = ctx.hits.get(i)
    if h is not None and (e := h.first("state", "adj", "org")) is not None and not h.first("title", "body", "person"):
        country = e.ref[0]
        i = h.end
        if low_at(ctx, i) in ("'s", "'"):
            i += 1
    elif h is not None and h.first("capital") and not h.first("title", "body") and low_at(ctx, h.end) in ("'s",):
        country = h.first("capital").ref[0]  # type: ignore[union-attr]
        i = h.end + 1
    while i < n and low_at(ctx, i) in FORMER | MODIFIERS:
        former = former or low_at(ctx, i) in FORMER
        i += 1
    h = ctx.hits.get(i)
    if h is None:
        return None
    if i > 0 and low_at(ctx, i - 1) in NOT_HOLDER and (i - 1 >= start or ctx.doc[i - 1].is_title):
        return None  # "deputy foreign minister", "a minister", "Deputy Foreign Minister X"
    te = h.first("title", "body")
    if te is None:
        if h.first("person") and (country is not None or former):
            # "Saudi Crown Prince Mohammed bin Salman", "British King Charles III": the alias holds the title
            return TitlePhrase(start, h.end, country, [], former, h.start, name=(h.start, h.end))
        return None
    body = te.kind == "body"
    refs = [e.ref for e in h.entries if e.kind == te.kind]
    title_end = h.end
    j = h.end
    # "Foreign Minister of Japan"
    if country is None and low_at(ctx, j) == "of":
        h2 = ctx.hits.get(j + 1)
        if h2 is None and low_at(ctx, j + 1) == "the":
            h2 = ctx.hits.get(j + 2)
        if h2 is not None and (e2 := h2.first("state")):
            country = e2.ref[0]
            j = title_end = h2.end
    offices, generic = pick_offices(refs, country)
    own_country = not any(c == "*" for c, _ in refs) and len({c for c, _ in refs}) == 1 and h.end - h.start > 1
    if country is None and not definite and not own_country and doc[h.start].is_lower and read_name(ctx, j) is None:
        # a lower-case title with no determiner, country or name: "minister-level talks"; a
        # title naming its country ("president of the United States") stands alone
        return None
    if country is None:
        specific = {c for c, _ in refs if c != "*"}
        if not any(c == "*" for c, _ in refs) and len(specific) == 1:
            country = specific.pop()  # "Secretary of State" -> USA, "Chief Cabinet Secretary" -> JPN
    tp = TitlePhrase(start, j, country, offices, former, title_end, body=body, definite=definite, generic=generic)
    if not body:
        name = read_name(ctx, j)
        if name:
            tp.name = name
            tp.end = name[1]
    return tp


def pick_offices(refs: list[tuple[str, str]], country: str | None) -> tuple[list[str], bool]:
    if country is not None:
        own = [o for c, o in refs if c == country]
        if own:
            return own, False
    generic = [o for c, o in refs if c == "*"]
    if generic:
        return generic, generic == ["minister"]
    return [o for _, o in refs], False


def read_name(ctx: Ctx, j: int) -> tuple[int, int] | None:
    """A person's name right after a title: a known name, or up to four capitalised words
    (after a courtesy word: "the Prime Minister, Shri Narendra Modi"), with the particles between
    them ("Asaad al-Shaibani", "Ursula von der Leyen")."""
    n = len(ctx.doc)
    while j < n - 1 and ctx.low[j] in HONORIFICS:
        j += 2 if ctx.low[j + 1] == "." else 1
    h = ctx.hits.get(j)
    if h is not None:
        if h.first("person") or (h.first("surname") and not propn_at(ctx, h.end)):
            return (h.start, h.end)
        if not h.kinds() <= {"surname"}:
            return None
    k, words = j, 0
    while k < n and words < 4:
        if propn_at(ctx, k):
            k = ctx.hits[k].end if k in ctx.hits else k + 1
            words += 1
            continue
        # a particle inside a name: "Asaad al-Shaibani", "Ursula von der Leyen"
        p = k
        while p < n and p - k < 3 and k > j and ctx.low[p] in PARTICLES:
            p += 1
        if p == k or not propn_at(ctx, p):
            break
        k = p
    return (j, k) if k > j else None


def propn_at(ctx: Ctx, k: int) -> bool:
    """A capitalised proper noun at ``k`` that is no other KB name: the rest of a name."""
    if k >= len(ctx.doc):
        return False
    t = ctx.doc[k]
    return t.pos_ == "PROPN" and t.text[:1].isupper() and (k not in ctx.hits or ctx.hits[k].kinds() <= {"surname"})


def former_holder(ctx: Ctx, tp: TitlePhrase) -> Actor | None:
    """An earlier-mentioned person who held this office and no longer does."""
    for s in reversed(ctx.persons):
        if s.actor.country == tp.country and s.actor.role_end and ctx.when and s.actor.role_end <= ctx.when.isoformat():
            if any(o in tp.offices for o in s.offices):
                return s.actor
    return None


def role_actor(ctx: Ctx, country: str, office: str) -> Actor:
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


def title_anaphor(ctx: Ctx, tp: TitlePhrase) -> Actor | None:
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


def name_after_comma(ctx: Ctx, j: int) -> tuple[int, int] | None:
    if low_at(ctx, j) != ",":
        return None
    name = read_name(ctx, j + 1)
    if name is None:
        return None
    h = ctx.hits.get(name[0])
    if h is not None or any(ctx.doc[k].ent_type_ == "PERSON" for k in range(*name)):
        return name
    return None


def apposition_after(ctx: Ctx, j: int, actor: Actor | None) -> int:
    """', Japan's foreign minister,' after a name is the same person."""
    if low_at(ctx, j) != ",":
        return j
    tp = read_title_phrase(ctx, j + 1)
    if tp is None or tp.name is not None or tp.body:
        return j
    emit(ctx, tp.start, tp.end, actor, "apposition", track=False)
    return tp.end


def appositive_role(ctx: Ctx, j: int) -> TitlePhrase | None:
    if low_at(ctx, j) == ",":
        tp = read_title_phrase(ctx, j + 1)
        if tp is not None and tp.name is None and not tp.body:
            return tp
    return None


def title_fits(ctx: Ctx, slug: str, tp: TitlePhrase) -> bool:
    """Whether a KB person held (at any time) an office the title names, in its country."""
    wanted = set(tp.offices) | (LEADER if "leader" in tp.offices else set())
    return any((tp.country is None or t.country == tp.country) and (tp.generic or wanted & set(t.offices))
               for t in ctx.kb.people[slug].tenures)
