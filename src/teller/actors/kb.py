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
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teller.actors.entries import (
    OFFICE_RE,
    LocalNames,
    Office,
    Organisation,
    Person,
    State,
    Tenure,
    file_kind,
    strip_the,
)
from teller.actors.kb_files import FileLoading
from teller.actors.kb_holders import VAGUE_OFFICES, IndexedHolders
from teller.actors.names import fold, norm
from teller.errors import DataError
from teller.records import Actor

if TYPE_CHECKING:
    from teller.actors.index import ActorIndex
    from teller.config import Settings

__all__ = ["KnowledgeBase", "fold", "norm"]

log = logging.getLogger(__name__)


class KnowledgeBase(FileLoading, IndexedHolders):
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
        self._actor_cache: dict[tuple, Any] = {}  # actors, and offices held at a date
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
            # news names a government by its capital and as the state's officials or authorities
            a = Actor(id=f"{code}.GOV", name=f"Government of {st.name}", kind="government", country=code,
                      sector="GOV", cameo=f"{st.cameo}GOV",
                      aliases=[*st.capitals, f"{st.name} officials", f"{st.name} authorities"])
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
            st = self.states.get(o.country) if o.country else None
            # a national body's sector is its code's ("CHNMIL" -> MIL; "USABUS" -> BUS)
            sector = o.cameo[len(st.cameo):len(st.cameo) + 3] or None \
                if st is not None and o.cameo.startswith(st.cameo) else None
            a = Actor(id=oid, name=o.name, kind=o.kind, country=o.country, cameo=o.cameo, sector=sector,
                      aliases=list(o.aliases))
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
            return min(current, key=lambda t: (_SENIORITY.get(t.offices[0], 9), t.offices[0] in VAGUE_OFFICES))
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
        cover = [x for x in p.periods
                 if when is None or ((x[1] is None or x[1] <= when) and (x[2] is None or when < x[2]))]
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
                self._actor_cache[key] = got
        return got

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
        if OFFICE_RE.match(office) and (self.office(code, office) is not None):
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
        for k in (key, strip_the(key)):
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
        for k in dict.fromkeys((key, strip_the(key), key.replace(".", ""))):
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
