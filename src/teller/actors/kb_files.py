"""Reading knowledge-base files into a :class:`~teller.actors.kb.KnowledgeBase`: one method per
file kind (states, cities, organisations, offices, holders, imported actors, other languages'
aliases), each validating its row and raising :class:`~teller.errors.DataError` naming file and
line, plus the cross-file checks. A mixin: the knowledge base's own indexes are filled in."""

from __future__ import annotations

import unicodedata
from datetime import date

from teller.actors.entries import (
    ALIAS_KINDS,
    CODE_RE,
    GENDERS,
    OFFICE_RE,
    SCHEMAS,
    SLUG_RE,
    LocalNames,
    Office,
    Organisation,
    Person,
    Row,
    State,
    Tenure,
    file_kind,
    read_rows,
    strip_the,
)
from teller.actors.names import fold, norm
from teller.errors import DataError


class FileLoading:
    """The loading half of :class:`~teller.actors.kb.KnowledgeBase` (see the module doc)."""

    # filled in by KnowledgeBase.__init__
    states: dict
    orgs: dict
    offices: dict
    people: dict
    names: dict
    adjectives: dict
    capitals: dict
    cities: dict
    surnames: dict
    titles: dict
    bodies: dict
    local: dict
    _cameo_codes: dict
    _actor_cache: dict
    _index_version: int

    def office(self, country: str, key: str) -> Office | None:  # pragma: no cover - see KnowledgeBase
        raise NotImplementedError

    def add_file(self, path: str, text: str) -> None:
        kind = file_kind(path, text)
        adder = getattr(self, f"_add_{kind}")
        for row in read_rows(path, text, SCHEMAS[kind]):
            adder(row)
        self._actor_cache.clear()
        self._index_version += 1

    def _add_states(self, row: Row) -> None:
        code = row.need("code")
        if not CODE_RE.match(code):
            raise row.err(f"code {code!r} is not an ISO 3166 alpha-3 code")
        if code in self.states:
            raise row.err(f"state {code} defined twice")
        status = row.need("status")
        if status not in ("member", "observer", "other"):
            raise row.err(f"status {status!r} is not member, observer or other")
        st = State(code, row.get("cameo") or code, row.need("name"), status, row.many("aliases"),
                   row.many("adjectives"), row.many("capitals"))
        self.states[code] = st
        for alias in [st.name, *st.aliases]:
            self._name(alias, ("state", code))
        for adj in st.adjectives:
            self.adjectives.setdefault(norm(adj), code)
        for cap in st.capitals:
            self.capitals.setdefault(norm(cap), code)
        self._cameo_codes[st.cameo] = code

    def _add_cities(self, row: Row) -> None:
        code = row.need("country")
        if not CODE_RE.match(code):
            raise row.err(f"country {code!r} is not an ISO 3166 alpha-3 code")
        for name in [row.need("name"), *row.many("aliases")]:
            self.cities.setdefault(norm(name), code)  # rows come most important first per name

    def _add_organisations(self, row: Row) -> None:
        oid = row.need("id")
        if not oid.startswith("org:") or not SLUG_RE.match(oid[4:]):
            raise row.err(f"id {oid!r} must look like org:some-name (lower case, digits, hyphens)")
        if oid in self.orgs:
            raise row.err(f"organisation {oid} defined twice")
        country = row.get("country") or None
        org = Organisation(oid, row.need("cameo"), row.need("name"), row.need("kind"), row.many("aliases"), country)
        self.orgs[oid] = org
        for alias in [org.name, *org.aliases]:
            self._name(alias, ("org", oid))

    def _add_offices(self, row: Row) -> None:
        country, key = row.need("country"), row.need("office")
        if country != "*" and not CODE_RE.match(country) and country not in self.orgs:
            raise row.err(f"country {country!r} is not '*', an ISO 3166 alpha-3 code or a known org: id")
        if not OFFICE_RE.match(key):
            raise row.err(f"office {key!r} must be lower case words joined by '_'")
        off = Office(country, key, row.need("sector"), row.need("cameo"), row.many("titles"), row.many("bodies"))
        self.offices[(country, key)] = off
        for t in off.titles:
            self.titles.setdefault(norm(t), []).append((country, key))
        for b in off.bodies:
            self.bodies.setdefault(norm(b), []).append((country, key))

    def _person(self, row: Row, *, slug: str | None = None, lenient: bool = False) -> Person:
        slug = slug or row.need("person")
        if not SLUG_RE.match(slug):
            raise row.err(f"person {slug!r} must be lower case letters, digits and hyphens")
        gender = row.get("gender")
        if gender not in GENDERS:
            raise row.err(f"gender {gender!r} is not female, male or empty")
        name = row.need("name")
        p = self.people.get(slug)
        if p is None:
            p = Person(slug, name, gender or None, row.get("surname") or name.split()[-1])
            self.people[slug] = p
            self._name(name, ("person", slug))
            for k in {norm(p.surname), fold(norm(p.surname))}:
                self.surnames.setdefault(k, []).append(slug)
        elif p.name != name:
            if not lenient:
                raise row.err(f"person {slug} is named {p.name!r} on an earlier line, {name!r} here")
            if name not in p.aliases:
                p.aliases.append(name)
                self._name(name, ("person", slug))
        if gender and p.gender is None:
            p.gender = gender
        for alias in row.many("aliases"):
            if alias not in p.aliases:
                p.aliases.append(alias)
                self._name(alias, ("person", slug))
        return p

    def _add_holders(self, row: Row) -> None:
        p = self._person(row)
        country = row.need("country")
        if not CODE_RE.match(country) and not country.startswith("org:"):
            raise row.err(f"country {country!r} is not an ISO 3166 alpha-3 code or an org: id")
        offices = tuple(o.strip() for o in row.need("office").split("+"))
        start, end = row.day("start"), row.day("end")
        if start and end and end < start:
            raise row.err(f"tenure ends ({end}) before it starts ({start})")
        p.tenures.append(Tenure(country, offices, start, end))
        p.tenures.sort(key=lambda t: t.start or date.min)
        p.country = p.country or country

    def _add_actors(self, row: Row) -> None:
        """Imported actors (e.g. from a PETRARCH dictionary): people with dated CAMEO codes,
        and groups/organisations. Lenient about names already known: they become aliases."""
        aid, kind = row.need("actor"), row.need("kind")
        country = row.get("country") or None
        if country and not CODE_RE.match(country):
            raise row.err(f"country {country!r} is not an ISO 3166 alpha-3 code")
        cameo = row.get("cameo") or None
        start, end = row.day("start"), row.day("end")
        if kind == "person":
            if not aid.startswith("person:"):
                raise row.err(f"person id {aid!r} must start with 'person:'")
            p = self._person(row, slug=aid[7:], lenient=True)
            p.country = p.country or country
            if cameo:
                p.periods.append((cameo, start, end))
                p.periods.sort(key=lambda t: t[1] or date.min)
                p.cameo = p.cameo or cameo
            return
        if not aid.startswith("org:") or not SLUG_RE.match(aid[4:]):
            raise row.err(f"id {aid!r} must look like org:some-name (lower case, digits, hyphens)")
        org = self.orgs.get(aid)
        if org is None:
            org = Organisation(aid, cameo or "", row.need("name"), kind, [], country)
            self.orgs[aid] = org
            self._name(org.name, ("org", aid))
        for alias in row.many("aliases"):
            if alias not in org.aliases:
                org.aliases.append(alias)
                self._name(alias, ("org", aid))

    def _add_aliases(self, row: Row) -> None:
        ref, lang, kind = row.need("ref"), row.need("lang"), row.need("kind")
        if kind not in ALIAS_KINDS:
            raise row.err(f"kind {kind!r} is not one of {', '.join(ALIAS_KINDS)}")
        if kind in ("title", "body"):
            parts = ref.split(":")
            if len(parts) != 3 or parts[0] != "office" or (parts[1], parts[2]) not in self.offices:
                raise row.err(f"{kind} ref {ref!r} must name an office as office:COUNTRY:key (see offices.tsv)")
        elif kind == "short" and ref not in self.states:
            raise row.err(f"short form ref {ref!r} is not a state code")
        elif ref.startswith("person:"):
            if ref[7:] not in self.people:
                raise row.err(f"unknown person {ref!r} (holders.tsv)")
        elif ref.startswith("org:"):
            if ref not in self.orgs:
                raise row.err(f"unknown organisation {ref!r}")
        elif ref not in self.states:
            raise row.err(f"ref {ref!r} is no state code, person: or org: id")
        names = self.local.setdefault(lang, LocalNames()).by_kind[kind]
        for alias in row.many("aliases"):
            refs = names.setdefault(unicodedata.normalize("NFKC", alias), [])
            if ref not in refs:
                refs.append(ref)

    def _name(self, alias: str, ref: tuple[str, str]) -> None:
        key = norm(alias)
        for k in {key, strip_the(key), fold(key), fold(strip_the(key))}:
            refs = self.names.setdefault(k, [])
            if ref not in refs:
                refs.append(ref)

    def validate(self) -> None:
        """Cross-file checks: every office holder's country and office exist."""
        for p in self.people.values():
            for t in p.tenures:
                if t.country not in self.states and t.country not in self.orgs:
                    raise DataError(f"{p.slug}: unknown country {t.country}", item="holders")
                for o in t.offices:
                    if self.office(t.country, o) is None:
                        raise DataError(f"{p.slug}: unknown office {o!r} for {t.country}", item="holders")
