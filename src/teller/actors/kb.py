"""The actor knowledge base: states, organisations, offices and office holders with tenure.

The data are plain tab-separated files under ``teller/data/actors/`` (format in
``docs/actors.md``) so a user can read, correct and extend them with any editor; each file is
validated on load and a bad line raises :class:`teller.errors.DataError` naming file and line.

Actor ids are readable and stable: ``JPN`` (the state), ``JPN.GOV`` (its government),
``JPN.GOV.foreign`` (a ministry), ``org:nato`` (an organisation), ``person:yoko-kamikawa``.
A person keeps one id for life; the ``role``/``role_start``/``role_end`` of the returned
:class:`~teller.records.Actor` describe the office held at the date asked for (or the last one
held before it), so "former Foreign Minister Hayashi" and the current holder stay distinct.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from teller.actors.names import fold, norm
from teller.errors import DataError
from teller.records import Actor

if TYPE_CHECKING:
    from teller.actors.index import ActorIndex, IndexedTenure
    from teller.config import Settings

log = logging.getLogger(__name__)

_GENDERS = {"female", "male", ""}
_WS = re.compile(r"\s+")
_CODE = re.compile(r"^[A-Z]{3}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_OFFICE = re.compile(r"^[a-z_]+$")


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


@dataclass(slots=True)
class State:
    code: str
    cameo: str
    name: str
    status: str  # member, observer, other
    aliases: list[str]
    adjectives: list[str]
    capitals: list[str]


@dataclass(slots=True)
class Organisation:
    id: str
    cameo: str
    name: str
    kind: str
    aliases: list[str]
    country: str | None = None


@dataclass(slots=True)
class Office:
    country: str  # ISO alpha-3, or "*" for the generic office every state has
    key: str  # head_of_state, head_of_government, foreign, defence, ...
    sector: str  # PLOVER/CAMEO sector: GOV, MIL, ...
    cameo: str  # CAMEO agent suffix: GOV, GOVMIL, ...
    titles: list[str]
    bodies: list[str]  # the ministry or office it heads ("Foreign Ministry")


@dataclass(slots=True)
class Tenure:
    country: str
    offices: tuple[str, ...]
    start: date | None
    end: date | None  # first day no longer in office (exclusive); None = still in office
    title: str | None = None  # the office's own title when the source gives one ("Minister of Health")
    source: str = "curated"  # where the fact comes from: curated, or an imported table's source id

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(slots=True)
class Person:
    slug: str
    name: str
    gender: str | None
    surname: str
    aliases: list[str] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)
    cameo: str | None = None  # for imported people without an office
    country: str | None = None
    #: dated CAMEO codes from imported dictionaries: (cameo, start, end exclusive)
    periods: list[tuple[str, date | None, date | None]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"person:{self.slug}"


@dataclass(slots=True)
class _Row:
    path: str
    line: int
    cells: dict[str, str]

    def err(self, message: str) -> DataError:
        return DataError(message, item=f"{self.path}:{self.line}")

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def need(self, name: str) -> str:
        value = self.get(name)
        if not value:
            raise self.err(f"column {name!r} is empty")
        return value

    def many(self, name: str) -> list[str]:
        return [v.strip() for v in self.get(name).split("|") if v.strip()]

    def day(self, name: str) -> date | None:
        value = self.get(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.err(f"column {name!r}: {value!r} is not a date (YYYY-MM-DD)") from None


def _rows(path: str, text: str, required: Iterable[str]) -> Iterator[_Row]:
    """Rows of a TSV file whose first non-comment line names the columns."""
    header: list[str] | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise DataError(f"header lacks column(s) {', '.join(missing)}", item=f"{path}:{n}")
            continue
        if len(cells) > len(header):
            raise DataError(f"{len(cells)} cells for {len(header)} columns", item=f"{path}:{n}")
        yield _Row(path, n, dict(zip(header, cells)))


#: file kind -> the columns it must have; the loader tells files apart by name prefix.
SCHEMAS: dict[str, tuple[str, ...]] = {
    "states": ("code", "cameo", "name", "status", "aliases", "adjectives", "capitals"),
    "organisations": ("id", "cameo", "name", "kind", "aliases"),
    "offices": ("country", "office", "sector", "cameo", "titles", "bodies"),
    "holders": ("person", "name", "gender", "country", "office", "start", "end", "aliases"),
    "actors": ("actor", "name", "kind", "country", "cameo", "start", "end", "aliases"),
    "cities": ("name", "country", "population", "aliases"),
    "aliases": ("ref", "lang", "kind", "aliases"),
}

#: What an ``aliases`` line names: a state, person or organisation by its name; a person by the
#: surname used with titles (上川外相); a state by its one-character short form (米, in 米大統領,
#: 日米); an office by its title (外相) or the body it heads (外務省). See docs/japanese.md.
ALIAS_KINDS = ("name", "surname", "short", "title", "body")


@dataclass(slots=True)
class LocalNames:
    """The names one language uses for the knowledge base's entries (an ``aliases`` file):
    kind (``ALIAS_KINDS``) -> alias as written -> refs (``JPN``, ``person:slug``, ``org:id``,
    ``office:CC:key``). Kept apart from the English indexes, which the English matchers are
    built from."""

    by_kind: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {k: {} for k in ALIAS_KINDS})

    def get(self, kind: str, alias: str) -> list[str]:
        return self.by_kind[kind].get(alias, [])


def file_kind(path: str | Path, text: str = "") -> str:
    """Which schema a file follows: by its header line (or, failing that, its name)."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            header = {c.strip() for c in line.split("\t")}
            for kind in ("holders", "actors", "states", "organisations", "offices", "cities", "aliases"):
                if set(SCHEMAS[kind]) <= header:
                    return kind
            break
    name = Path(path).name
    for kind in SCHEMAS:
        if name.startswith(kind):
            return kind
    raise DataError(f"unknown knowledge-base file: its header matches none of {', '.join(SCHEMAS)} "
                    "(see docs/actors.md)", item=str(path))


class KnowledgeBase:
    """States, organisations, offices and people, with name indexes for lookup and matching."""

    def __init__(self) -> None:
        self.states: dict[str, State] = {}
        self.orgs: dict[str, Organisation] = {}
        self.offices: dict[tuple[str, str], Office] = {}
        self.people: dict[str, Person] = {}
        #: normalised alias -> refs: ("state", code) ("gov", code) ("org", id) ("person", slug)
        self.names: dict[str, list[tuple[str, str]]] = {}
        self.adjectives: dict[str, str] = {}  # "japanese" -> "JPN"
        self.capitals: dict[str, str] = {}  # "tokyo" -> "JPN"
        #: places only, never actors: "kharkiv" -> "UKR" (the most populous city of that name)
        self.cities: dict[str, str] = {}
        self.surnames: dict[str, list[str]] = {}  # "blinken" -> [slug]
        self.titles: dict[str, list[tuple[str, str]]] = {}  # "secretary of state" -> [("USA", "foreign")]
        self.bodies: dict[str, list[tuple[str, str]]] = {}  # "foreign ministry" -> [("*", "foreign")]
        self._cameo_codes: dict[str, str] = {}
        self._actor_cache: dict[tuple, object] = {}  # actors, and offices held at a date
        self._index_version = 0
        #: imported office holders (:mod:`teller.actors.index`), asked when the files have no answer
        self.index: ActorIndex | None = None
        self._adopted: dict[int, str] = {}  # index person id -> slug in self.people
        #: other languages' names for the entries above ("ja" -> 上川陽子, 外相, 米 ...)
        self.local: dict[str, LocalNames] = {}

    # ---- loading ---------------------------------------------------------------------------

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> KnowledgeBase:
        """The knowledge base shipped with teller (cached: built once per process)."""
        base = resources.files("teller").joinpath("data", "actors")
        files = sorted((p for p in base.iterdir() if p.name.endswith(".tsv")), key=lambda p: _load_order(p.name))
        kb = cls()
        for p in files:
            kb.add_file(p.name, p.read_text(encoding="utf-8"))
        kb.validate()
        kb.index = _default_index("", "")
        return kb

    @classmethod
    def for_settings(cls, settings: Settings) -> KnowledgeBase:
        """The shipped knowledge base plus the user's files the settings name
        (``TELLER_ACTORS_PATH``); cached per list of files."""
        if not settings.actors_path and not settings.office_holders and not settings.actors_index:
            return cls.default()
        return cls._with_files(settings.actors_path, settings.office_holders, settings.actors_index)

    @classmethod
    @functools.lru_cache(maxsize=4)
    def _with_files(cls, paths: tuple[str, ...], office_holders: str = "", actors_index: str = "") -> KnowledgeBase:
        kb = cls.load(paths, include_default=True)
        kb.index = _default_index(office_holders, actors_index)
        return kb

    @classmethod
    def load(cls, paths: Iterable[str | Path], *, include_default: bool = False) -> KnowledgeBase:
        """A knowledge base from the given files (plus the shipped ones when asked)."""
        kb = cls()
        todo: list[tuple[str, str]] = []
        if include_default:
            base = resources.files("teller").joinpath("data", "actors")
            todo += [(p.name, p.read_text(encoding="utf-8")) for p in base.iterdir() if p.name.endswith(".tsv")]
        for path in paths:
            p = Path(path)
            try:
                todo.append((str(p), p.read_text(encoding="utf-8")))
            except OSError as err:
                raise DataError(f"cannot read ({err.strerror})", item=str(p)) from None
        for name, text in sorted(todo, key=lambda t: _load_order(file_kind(t[0], t[1]))):
            kb.add_file(name, text)
        kb.validate()
        return kb

    def add_file(self, path: str, text: str) -> None:
        kind = file_kind(path, text)
        adder = getattr(self, f"_add_{kind}")
        for row in _rows(path, text, SCHEMAS[kind]):
            adder(row)
        self._actor_cache.clear()
        self._index_version += 1

    def _add_states(self, row: _Row) -> None:
        code = row.need("code")
        if not _CODE.match(code):
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

    def _add_cities(self, row: _Row) -> None:
        code = row.need("country")
        if not _CODE.match(code):
            raise row.err(f"country {code!r} is not an ISO 3166 alpha-3 code")
        for name in [row.need("name"), *row.many("aliases")]:
            self.cities.setdefault(norm(name), code)  # rows come most important first per name

    def _add_organisations(self, row: _Row) -> None:
        oid = row.need("id")
        if not oid.startswith("org:") or not _SLUG.match(oid[4:]):
            raise row.err(f"id {oid!r} must look like org:some-name (lower case, digits, hyphens)")
        if oid in self.orgs:
            raise row.err(f"organisation {oid} defined twice")
        country = row.get("country") or None
        org = Organisation(oid, row.need("cameo"), row.need("name"), row.need("kind"), row.many("aliases"), country)
        self.orgs[oid] = org
        for alias in [org.name, *org.aliases]:
            self._name(alias, ("org", oid))

    def _add_offices(self, row: _Row) -> None:
        country, key = row.need("country"), row.need("office")
        if country != "*" and not _CODE.match(country) and country not in self.orgs:
            raise row.err(f"country {country!r} is not '*', an ISO 3166 alpha-3 code or a known org: id")
        if not _OFFICE.match(key):
            raise row.err(f"office {key!r} must be lower case words joined by '_'")
        off = Office(country, key, row.need("sector"), row.need("cameo"), row.many("titles"), row.many("bodies"))
        self.offices[(country, key)] = off
        for t in off.titles:
            self.titles.setdefault(norm(t), []).append((country, key))
        for b in off.bodies:
            self.bodies.setdefault(norm(b), []).append((country, key))

    def _person(self, row: _Row, *, slug: str | None = None, lenient: bool = False) -> Person:
        slug = slug or row.need("person")
        if not _SLUG.match(slug):
            raise row.err(f"person {slug!r} must be lower case letters, digits and hyphens")
        gender = row.get("gender")
        if gender not in _GENDERS:
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

    def _add_holders(self, row: _Row) -> None:
        p = self._person(row)
        country = row.need("country")
        if not _CODE.match(country) and not country.startswith("org:"):
            raise row.err(f"country {country!r} is not an ISO 3166 alpha-3 code or an org: id")
        offices = tuple(o.strip() for o in row.need("office").split("+"))
        start, end = row.day("start"), row.day("end")
        if start and end and end < start:
            raise row.err(f"tenure ends ({end}) before it starts ({start})")
        p.tenures.append(Tenure(country, offices, start, end))
        p.tenures.sort(key=lambda t: t.start or date.min)
        p.country = p.country or country

    def _add_actors(self, row: _Row) -> None:
        """Imported actors (e.g. from a PETRARCH dictionary): people with dated CAMEO codes,
        and groups/organisations. Lenient about names already known: they become aliases."""
        aid, kind = row.need("actor"), row.need("kind")
        country = row.get("country") or None
        if country and not _CODE.match(country):
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
        if not aid.startswith("org:") or not _SLUG.match(aid[4:]):
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

    def _add_aliases(self, row: _Row) -> None:
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
        for k in {key, _strip_the(key), fold(key), fold(_strip_the(key))}:
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

    # ---- actors ----------------------------------------------------------------------------

    def office(self, country: str, key: str) -> Office | None:
        return self.offices.get((country, key)) or self.offices.get(("*", key))

    def state_actor(self, code: str) -> Actor:
        key = ("state", code)
        a = self._actor_cache.get(key)
        if a is None:
            st = self.states[code]
            a = Actor(id=code, name=st.name, kind="state", country=code, cameo=st.cameo,
                      aliases=[*st.aliases, *st.adjectives])
            self._actor_cache[key] = a
        return a

    def government_actor(self, code: str) -> Actor:
        key = ("gov", code)
        a = self._actor_cache.get(key)
        if a is None:
            st = self.states[code]
            a = Actor(id=f"{code}.GOV", name=f"Government of {st.name}", kind="government", country=code,
                      sector="GOV", cameo=f"{st.cameo}GOV", aliases=list(st.capitals))
            self._actor_cache[key] = a
        return a

    def body_actor(self, code: str, office_key: str) -> Actor:
        """The ministry or office that an office holder heads ("China's Foreign Ministry")."""
        key = ("body", code, office_key)
        a = self._actor_cache.get(key)
        if a is None:
            st = self.states[code]
            off = self.office(code, office_key)
            name = off.bodies[0] if off and off.bodies else office_key
            a = Actor(id=f"{code}.GOV.{office_key}", name=f"{name} ({st.name})", kind="government",
                      country=code, sector=off.sector if off else "GOV",
                      cameo=f"{st.cameo}{off.cameo if off else 'GOV'}", aliases=list(off.bodies if off else []))
            self._actor_cache[key] = a
        return a

    def org_actor(self, oid: str) -> Actor:
        key = ("org", oid)
        a = self._actor_cache.get(key)
        if a is None:
            o = self.orgs[oid]
            a = Actor(id=oid, name=o.name, kind=o.kind, country=o.country, cameo=o.cameo, aliases=list(o.aliases))
            self._actor_cache[key] = a
        return a

    def tenure_at(self, person: Person, when: date | None) -> Tenure | None:
        """The office held at ``when`` (the most senior if several), else the last one before it."""
        if not person.tenures:
            return None
        if when is None:
            current = [t for t in person.tenures if t.end is None]
            return current[-1] if current else person.tenures[-1]
        current = [t for t in person.tenures if t.covers(when)]
        if current:
            # a named office before a vague one ("Secretary of Defense" over an "other" post
            # whose year-precision end still overlaps)
            return min(current, key=lambda t: (_SENIORITY.get(t.offices[0], 9), t.offices[0] in _VAGUE_OFFICES))
        past = [t for t in person.tenures if t.end is not None and t.end <= when]
        return past[-1] if past else None

    def person_actor(self, slug: str, when: date | None) -> Actor:
        at = self._actor_cache.get(("person@", slug, when))
        if at is not None:
            return at
        at = self._person_actor(slug, when)
        if len(self._actor_cache) < 100_000:  # bounded: one entry per person and day asked
            self._actor_cache[("person@", slug, when)] = at
        return at

    def _person_actor(self, slug: str, when: date | None) -> Actor:
        p = self.people[slug]
        t = self.tenure_at(p, when)
        key = ("person", slug, id(t))
        a = self._actor_cache.get(key)
        if a is not None:
            return a
        if t is None and p.periods:
            return self._period_actor(p, when)
        if t is None:
            country = p.country or (p.tenures[0].country if p.tenures else None)
            cameo = p.cameo or (f"{self.states[country].cameo}GOV" if country in self.states and p.tenures else None)
            country = country if country in self.states else None
            a = Actor(id=p.id, name=p.name, kind="person", country=country, sector=None, cameo=cameo,
                      gender=p.gender, aliases=list(p.aliases))  # type: ignore[arg-type]
        else:
            off = self.office(t.country, t.offices[0])
            assert off is not None  # validate() guarantees it
            if t.country in self.orgs:  # an organisation's officer: its code, no country
                org = self.orgs[t.country]
                country, cameo = org.country, org.cameo
            else:
                country, cameo = t.country, f"{self.states[t.country].cameo}{off.cameo}"
            a = Actor(id=p.id, name=p.name, kind="person", country=country,
                      role=t.title or self.role_title(t.country, t.offices[0]),
                      sector=off.sector, cameo=cameo, gender=p.gender,  # type: ignore[arg-type]
                      role_start=t.start.isoformat() if t.start else None,
                      role_end=t.end.isoformat() if t.end else None, aliases=list(p.aliases))
        self._actor_cache[key] = a
        return a

    def _period_actor(self, p: Person, when: date | None) -> Actor:
        """An imported person's actor: the dated CAMEO code that holds at ``when``."""
        cover = [x for x in p.periods if when is None or ((x[1] is None or x[1] <= when) and (x[2] is None or when < x[2]))]
        past = [x for x in p.periods if when is not None and x[2] is not None and x[2] <= when]
        cameo, start, end = (cover or past or p.periods)[-1]
        country = self._cameo_codes.get(cameo[:3]) or p.country
        sector = cameo[3:6] if len(cameo) >= 6 else None
        return Actor(id=p.id, name=p.name, kind="person", country=country, sector=sector, cameo=cameo,
                     gender=p.gender, role_start=start.isoformat() if start else None,  # type: ignore[arg-type]
                     role_end=end.isoformat() if end else None, aliases=list(p.aliases))

    def role_title(self, country: str, office_key: str) -> str:
        off = self.office(country, office_key)
        return off.titles[0] if off and off.titles else office_key

    def offices_of(self, slug: str, when: date | None) -> tuple[str, ...]:
        key = ("offices@", slug, when)
        got = self._actor_cache.get(key)
        if got is None:
            t = self.tenure_at(self.people[slug], when)
            got = t.offices if t else ()
            if len(self._actor_cache) < 100_000:
                self._actor_cache[key] = got  # type: ignore[assignment]
        return got  # type: ignore[return-value]

    def held_before(self, slug: str, offices: Iterable[str], when: date | None) -> bool:
        """Whether the person held one of ``offices`` in a tenure that ended by ``when``."""
        wanted = set(offices)
        return any(t.end is not None and (when is None or t.end <= when) and wanted & set(t.offices)
                   for t in self.people[slug].tenures)

    def in_office(self, slug: str, when: date | None) -> bool:
        p = self.people[slug]
        if when is None:
            return any(t.end is None for t in p.tenures)
        return any(t.covers(when) for t in p.tenures)

    # ---- queries ---------------------------------------------------------------------------

    def holder(self, country: str, office: str, when: date | None = None) -> Actor | None:
        """Who held ``office`` (a key like ``foreign`` or a title like "Foreign Minister") in
        ``country`` (code or name) at ``when`` (None: now)."""
        code = self._country_code(country)
        if code is None:
            return None
        keys = self._office_keys(code, office)
        if keys == ["leader"]:  # "Chinese leader": whoever leads, by the country's system
            first = "head_of_state" if code in EXECUTIVE_HEAD_OF_STATE else "head_of_government"
            other = "head_of_government" if first == "head_of_state" else "head_of_state"
            return self.holder(code, first, when) or self.holder(code, other, when)
        best: tuple[date, str] | None = None
        for slug in self._holders_index().get(code, ()):
            for t in self.people[slug].tenures:
                if t.country != code or t.source != "curated" or not any(k in t.offices for k in keys):
                    continue
                if (when is None and t.end is None) or (when is not None and t.covers(when)):
                    cand = (t.start or date.min, slug)
                    if best is None or cand > best:  # the newest appointment wins on a handover day
                        best = cand
        if best:
            return self.person_actor(best[1], when)
        return self._indexed_holder(code, keys, when)

    # ---- the imported index: asked only where the curated files have no answer ---------------

    def _indexed_holder(self, code: str, keys: list[str], when: date | None) -> Actor | None:
        keys = [k for k in keys if k not in _VAGUE_OFFICES]
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
        wanted = set(offices) - _VAGUE_OFFICES
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

    @functools.cached_property
    def _holders_by_country(self) -> dict[str, list[str]]:
        idx: dict[str, list[str]] = {}
        for slug, p in self.people.items():
            # curated tenures only: people adopted from the index answer through the index, so
            # the answer does not depend on who was adopted before this was built
            for c in {t.country for t in p.tenures if t.source == "curated"}:
                idx.setdefault(c, []).append(slug)
        return idx

    def _holders_index(self) -> dict[str, list[str]]:
        # rebuilt when files were added after first use
        if getattr(self, "_hidx_version", None) != self._index_version:
            self.__dict__.pop("_holders_by_country", None)
            self._hidx_version = self._index_version
        return self._holders_by_country

    def _office_keys(self, code: str, office: str) -> list[str]:
        if _OFFICE.match(office) and (self.office(code, office) is not None):
            return [office]
        refs = self.titles.get(norm(office), [])
        if not refs and not office.isascii():  # a title in another language (aliases files): 外相
            refs = [tuple(r.split(":")[1:]) for names in self.local.values()  # type: ignore[misc]
                    for r in names.get("title", unicodedata.normalize("NFKC", office))]
        keys = [k for c, k in refs if c == code] or [k for c, k in refs if c == "*"]
        return keys

    def _country_code(self, text: str) -> str | None:
        if text in self.states or text in self.orgs:
            return text
        if text.upper() in self.states:
            return text.upper()
        if text in self._cameo_codes:
            return self._cameo_codes[text]
        key = norm(text)
        for k in (key, _strip_the(key)):
            for kind, ref in self.names.get(k, []):
                if kind == "state":
                    return ref
            if k in self.adjectives:
                return self.adjectives[k]
        return None

    def country(self, code_or_name: str) -> Actor | None:
        """The state for an ISO/CAMEO code, name, alias or adjective ("JPN", "Japan", "Japanese")."""
        code = self._country_code(code_or_name.strip())
        return self.state_actor(code) if code else None

    def lookup(self, name: str, when: date | None = None) -> list[Actor]:
        """Actors whose id, code, name or alias is ``name``; or the holder of an office named like
        "Japan's foreign minister" / "Foreign Minister of Japan". People get their role at ``when``."""
        raw = name.strip()
        if not raw:
            return []
        out: list[Actor] = []
        seen: set[str] = set()

        def add(a: Actor | None) -> None:
            if a is not None and a.id not in seen:
                seen.add(a.id)
                out.append(a)

        for a in self._by_id(raw, when):
            add(a)
        key = norm(raw)
        for k in dict.fromkeys((key, _strip_the(key), key.replace(".", ""))):
            for kind, ref in self.names.get(k, []):
                add(self._ref_actor(kind, ref, when))
            if k in self.adjectives:
                add(self.state_actor(self.adjectives[k]))
            if k in self.capitals:
                add(self.government_actor(self.capitals[k]))
            for slug in self.surnames.get(k, []):
                add(self.person_actor(slug, when))
            for c, okey in self.bodies.get(k, []):
                if c != "*":
                    add(self.body_actor(c, okey))
        if not out and not raw.isascii():
            for a in self._local_lookup(unicodedata.normalize("NFKC", raw), when):
                add(a)
        if not out:
            for a in self._office_phrase(key, when):
                add(a)
        if not out:
            add(self.indexed_person(raw, when))
        # people in office at the date first, then the rest (stable otherwise)
        return sorted(out, key=lambda a: not (a.kind == "person" and a.id[7:] in self.people
                                             and self.in_office(a.id[7:], when)))

    def local_actor(self, ref: str, when: date | None) -> Actor | None:
        """The actor an ``aliases`` ref names (``JPN``, ``person:slug``, ``org:id``)."""
        if ref.startswith("person:"):
            return self.person_actor(ref[7:], when) if ref[7:] in self.people else None
        if ref in self.orgs:
            return self.org_actor(ref)
        return self.state_actor(ref) if ref in self.states else None

    def _local_lookup(self, raw: str, when: date | None) -> list[Actor]:
        """A name in another language (``aliases`` files): 上川陽子, 米国, or an office phrase
        "日本の外相" / "米国務長官" (a state's name or short form, then a title)."""
        out: list[Actor] = []
        for names in self.local.values():
            out += [a for ref in names.get("name", raw) if (a := self.local_actor(ref, when))]
            if out:
                return out
            for title, refs in names.by_kind["title"].items():
                if not raw.endswith(title) or raw == title:
                    continue
                head = raw[: -len(title)].removesuffix("の")
                codes = names.get("name", head) + names.get("short", head)
                for code in codes:
                    for ref in refs:
                        _, country, key = ref.split(":")
                        if country in ("*", code):
                            h = self.holder(code, key, when)
                            if h is not None:
                                return [h]
        return out

    def _by_id(self, raw: str, when: date | None) -> list[Actor]:
        if raw.startswith("person:") and raw[7:] in self.people:
            return [self.person_actor(raw[7:], when)]
        if raw in self.orgs:
            return [self.org_actor(raw)]
        parts = raw.split(".")
        if parts[0] in self.states:
            if len(parts) == 1:
                return [self.state_actor(parts[0])]
            if len(parts) == 2 and parts[1] == "GOV":
                return [self.government_actor(parts[0])]
            if len(parts) == 3 and parts[1] == "GOV" and self.office(parts[0], parts[2]):
                return [self.body_actor(parts[0], parts[2])]
        if raw in self._cameo_codes:
            return [self.state_actor(self._cameo_codes[raw])]
        return []

    def _office_phrase(self, key: str, when: date | None) -> list[Actor]:
        m = re.match(r"^(?:the )?(.+?)(?:'s| of) (.+)$", key)
        pairs = [(m.group(1), m.group(2)), (m.group(2), m.group(1))] if m else []
        for country, title in pairs:
            code = self._country_code(country)
            if code and self._office_keys(code, title):
                h = self.holder(code, title, when)
                return [h] if h else []
            if code:
                bodies = self.bodies.get(title, [])
                keys = [k for c, k in bodies if c == code] or [k for c, k in bodies if c == "*"]
                if keys:
                    return [self.body_actor(code, keys[0])]
        # "japanese foreign minister"
        words = key.split()
        for i in range(1, len(words)):
            code = self._country_code(" ".join(words[:i]))
            if code and self._office_keys(code, " ".join(words[i:])):
                h = self.holder(code, " ".join(words[i:]), when)
                return [h] if h else []
        return []

    def _ref_actor(self, kind: str, ref: str, when: date | None) -> Actor:
        if kind == "state":
            return self.state_actor(ref)
        if kind == "org":
            return self.org_actor(ref)
        if kind == "person":
            return self.person_actor(ref, when)
        return self.government_actor(ref)

    def stats(self) -> dict[str, int]:
        return {
            "states": len(self.states),
            "organisations": len(self.orgs),
            "offices": len(self.offices),
            "people": len(self.people),
            "tenures": sum(len(p.tenures) for p in self.people.values()),
            "aliases": len(self.names) + len(self.adjectives) + len(self.capitals),
        }


#: States whose head of state, not a prime minister, is "the leader" ("Chinese leader Xi").
EXECUTIVE_HEAD_OF_STATE = frozenset({
    "CHN", "RUS", "PRK", "FRA", "TUR", "KOR", "USA", "BRA", "ARG", "MEX", "IDN", "ZAF", "UKR", "TWN",
    "IRN", "SAU", "EGY", "SYR", "BLR", "VEN", "CUB", "KAZ", "UZB", "PHL", "NGA", "KEN",
})

#: Which office a person is called by when holding several at once (US President: both).
_SENIORITY = {"head_of_state": 0, "head_of_government": 1, "foreign": 2}


#: Office keys too vague to name one holder ("the Japanese minister" is not anyone in particular).
_VAGUE_OFFICES = frozenset({"minister", "other"})
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


def _default_index(office_holders: str, actors_index: str) -> ActorIndex | None:
    """The imported office-holder index the settings name (None when there is none; a broken
    one is reported and skipped, not fatal)."""
    from teller.actors.index import open_default

    try:
        return open_default(office_holders, actors_index)
    except (DataError, OSError, sqlite3.Error) as err:
        log.warning("actors: office-holder index not used: %s", err)
        return None


def _load_order(name: str) -> int:
    """States before offices before holders, so cross-references can be checked."""
    order = ("states", "organisations", "offices", "holders", "actors", "cities", "aliases")
    for i, prefix in enumerate(order):
        if name.startswith(prefix):
            return i
    return len(order)
