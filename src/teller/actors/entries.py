"""The knowledge base's entries (states, organisations, offices, people and their tenures) and
the tab-separated files they are read from: the schemas, the row reader and the file-kind test.
:mod:`teller.actors.kb` holds them; ``docs/actors.md`` gives the file format."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from teller.errors import DataError

GENDERS = {"female", "male", ""}
WS_RE = re.compile(r"\s+")
CODE_RE = re.compile(r"^[A-Z]{3}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OFFICE_RE = re.compile(r"^[a-z_]+$")


def strip_the(key: str) -> str:
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
class Row:
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


def read_rows(path: str, text: str, required: Iterable[str]) -> Iterator[Row]:
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
        yield Row(path, n, dict(zip(header, cells, strict=False)))


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


