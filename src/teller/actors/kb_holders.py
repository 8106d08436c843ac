"""The imported office-holder index as the knowledge base asks it: where the curated files have
no answer, the holder of an office at a date, or the one indexed person a name fits, is adopted
into the knowledge base's people on first use (:meth:`IndexedHolders.adopt`). A mixin of
:class:`~teller.actors.kb.KnowledgeBase`."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from teller.actors.entries import Office, Person, Tenure
from teller.actors.names import fold, norm

if TYPE_CHECKING:
    from teller.actors.index import ActorIndex, IndexedTenure
    from teller.records import Actor

#: Office keys too vague to name one holder ("the Japanese minister" is not anyone in particular).
VAGUE_OFFICES = frozenset({"minister", "other"})
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


#: Offices whose holders are named in news without a title often enough to trust a bare name.
_NATIONAL_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign", "defence", "interior",
                               "finance", "vice_president", "deputy_head_of_government"})
_RECENT = timedelta(days=5 * 365)


def _plausible(t: IndexedTenure, when: date | None, context: Collection[str]) -> bool:
    """Whether a bare name may mean the holder of ``t``: recent, and national or in context."""
    if when is not None and not ((t.lo is None or t.lo <= when + _RECENT / 5)
                                 and (t.hi is None or when - _RECENT < t.hi)):
        return False
    return t.office in _NATIONAL_OFFICES or t.country in context


def _slugify(name: str) -> str:
    return _SLUG_BAD.sub("-", fold(norm(name))).strip("-") or "person"



class IndexedHolders:
    """The index-asking half of :class:`~teller.actors.kb.KnowledgeBase` (see the module doc)."""

    index: ActorIndex | None
    states: dict
    people: dict
    names: dict
    _adopted: dict
    _actor_cache: dict

    if TYPE_CHECKING:  # provided by KnowledgeBase, which this class is mixed into
        def person_actor(self, slug: str, when: date | None) -> Actor: ...

        def office(self, country: str, key: str) -> Office | None: ...

    def _indexed_holder(self, code: str, keys: list[str], when: date | None) -> Actor | None:
        keys = [k for k in keys if k not in VAGUE_OFFICES]
        if self.index is None or not keys:
            return None
        found = self.index.holders(code, keys, when or date.today())
        return self.person_actor(self.adopt(found[0].person), when) if found else None

    def adopt(self, pid: int) -> str:
        """The slug of an indexed person, added to ``people`` on first use with all their
        indexed tenures. A curated person of the same name and country is the same person, and
        keeps exactly their curated tenures: what a curated person's actor says must not depend
        on which articles were read before (adoption is lazy)."""
        slug = self._adopted.get(pid)
        if slug is not None:
            return slug
        assert self.index is not None
        ip = self.index.person(pid)
        tenures = [Tenure(t.country, (t.office,), t.lo, t.hi, t.title, t.source) for t in self.index.tenures(pid)
                   if t.country in self.states and self.office(t.country, t.office) is not None]
        countries = {t.country for t in tenures}
        same = [s for k in {norm(ip.name), fold(norm(ip.name))} for kind, s in self.names.get(k, [])
                if kind == "person" and (not self.people[s].tenures
                                         or {t.country for t in self.people[s].tenures} & countries)]
        if same:
            slug = same[0]
        else:
            slug = _slugify(ip.name)
            if slug in self.people:
                slug = f"{slug}-{ip.qid.lower()}"
            p = Person(slug, ip.name, ip.gender if ip.gender in ("female", "male") else None,
                       ip.name.split()[-1], list(ip.aliases), sorted(tenures, key=lambda t: t.start or date.min))
            p.country = tenures[0].country if tenures else None
            self.people[slug] = p
        self._adopted[pid] = slug
        self._actor_cache.clear()
        return slug

    def indexed_person(self, name: str, when: date | None, *, country: str | None = None,
                       offices: Iterable[str] = (), surname: bool = False,
                       context: Collection[str] = ()) -> Actor | None:
        """The one indexed person called ``name`` (a full name or alias; with ``surname``, a
        surname that must come with a country or an office), fitting the country and offices
        given; None when there is no such person or several fit.

        A bare name with no title or country beside it is more often someone else of the same
        name ("businessman Andrew Yang" is not Taiwan's defence minister of 2013), so then the
        person must have held office within five years of ``when``, and either a national office
        or one of a country in ``context`` (the countries the text names)."""
        if self.index is None:
            return None
        wanted = set(offices) - VAGUE_OFFICES
        if surname and not wanted and country is None:
            return None
        key = norm(name)
        pids = list(dict.fromkeys(self.index.people_named(key, surname=surname) +
                                  (self.index.people_named(fold(key), surname=surname) if fold(key) != key else [])))
        if not pids:
            return None
        fits = []
        for pid in pids[:50]:
            ts = self.index.tenures(pid)
            if country is not None and not any(t.country == country for t in ts):
                continue
            if wanted and not any(t.office in wanted and (country is None or t.country == country) for t in ts):
                continue
            if not wanted and country is None and not any(_plausible(t, when, context) for t in ts):
                continue
            fits.append((any(when is not None and t.possible(when) for t in ts), pid))
        if len(fits) > 1:  # several people of that name: the one in office then, if only one is
            fits = [f for f in fits if f[0]]
        if len(fits) != 1:
            return None
        return self.person_actor(self.adopt(fits[0][1]), when)
