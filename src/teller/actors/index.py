"""A compact SQLite index of imported office holders (e.g. the Wikidata-derived office-holders
table), built once from a source file the user names and opened read-only at load time.

The source table is far larger than the curated knowledge base (tens of thousands of tenures),
so it is not held in memory: the index answers two questions with indexed queries, in constant
time per question — who is called this name (``people_named``), and who held this office in this
country at this date (``holders``). Curated facts win over it; the knowledge base asks the index
only when its own files have no answer (see :meth:`KnowledgeBase.holder`).

Dates in the source have day, month or year precision, and an empty end means "no end known as
of the source's snapshot date", so every tenure is kept as a *sure* span (certainly in office)
inside a *possible* span (perhaps in office); a holder certainly in office beats one perhaps in
office, which matters at year-precision handovers (Johnson vs. Sunak in 2022).

Source columns (tab-separated, header line): name, aliases (``|``-separated), country (ISO3),
office, office_title, start, end, gender, source (``id@YYYY-MM-DD`` snapshot), source_id.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from teller.actors.names import fold, norm
from teller.errors import DataError

SCHEMA_VERSION = "3"
COLUMNS = ("name", "aliases", "country", "office", "office_title", "start", "end", "gender", "source", "source_id")

#: Source office categories -> knowledge-base office keys (``offices.tsv``).
OFFICE_KEYS = {
    "head_of_state": "head_of_state", "head_of_government": "head_of_government",
    "foreign_minister": "foreign", "defence_minister": "defence", "interior_minister": "interior",
    "finance_minister": "finance", "minister": "minister",
}

#: ``other`` posts named by their title: the first pattern that matches gives the office key.
_OTHER_TITLES = (
    (re.compile(r"\bvice[- ]president\b", re.I), "vice_president"),
    (re.compile(r"\b(deputy prime minister|vice[- ]premier)\b", re.I), "deputy_head_of_government"),
    (re.compile(r"\b(permanent representative|ambassador) (of \w+ )?to the united nations\b", re.I), "un_ambassador"),
    (re.compile(r"\bchief of (the )?(general |defence |defense )?staff\b", re.I), "military_chief"),
    (re.compile(r"\bsecretary[- ]general of the united nations\b", re.I), "secretary_general"),
)
_SNAPSHOT = re.compile(r"@(\d{4}-\d{2}-\d{2}|\d{4})")

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE people (id INTEGER PRIMARY KEY, qid TEXT, name TEXT NOT NULL, gender TEXT, aliases TEXT);
CREATE TABLE names (key TEXT NOT NULL, kind TEXT NOT NULL, person INTEGER NOT NULL);
CREATE TABLE tenures (person INTEGER NOT NULL, country TEXT NOT NULL, office TEXT NOT NULL, title TEXT,
    start TEXT, end TEXT, lo TEXT, sure_lo TEXT, sure_hi TEXT, hi TEXT, source TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names (key, kind);
CREATE INDEX tenures_office ON tenures (country, office, lo);
CREATE INDEX tenures_person ON tenures (person);
"""


@dataclass(frozen=True, slots=True)
class IndexedTenure:
    person: int
    country: str
    office: str  # knowledge-base key: head_of_state, foreign, minister, vice_president, other ...
    title: str | None
    start: str  # as given (YYYY, YYYY-MM or YYYY-MM-DD)
    end: str
    lo: date | None  # earliest possible first day
    sure_lo: date | None  # latest possible first day: certainly in office from here ...
    sure_hi: date | None  # ... to here (exclusive)
    hi: date | None  # first day certainly out of office (None: open)
    source: str

    def possible(self, when: date) -> bool:
        return (self.lo is None or self.lo <= when) and (self.hi is None or when < self.hi)

    def sure(self, when: date) -> bool:
        return (self.sure_lo is None or self.sure_lo <= when) and (self.sure_hi is not None and when < self.sure_hi)


@dataclass(frozen=True, slots=True)
class IndexedPerson:
    id: int
    qid: str
    name: str
    gender: str | None
    aliases: tuple[str, ...]


def _bounds(value: str) -> tuple[date, date] | None:
    """(first, last) day a date of day, month or year precision may denote."""
    value = value.strip()
    try:
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = date(y, m, 1)
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        d = date.fromisoformat(value)
        return d, d
    except ValueError:
        return None


def tenure_span(start: str, end: str, source: str) -> tuple[date | None, date | None, date | None, date | None]:
    """(lo, sure_lo, sure_hi, hi) for a tenure; ends are exclusive. A day-precision end is the
    handover day (Kishida's end is Kono's start); an empty end is sure up to the source's
    snapshot date and possible for ever after."""
    s = _bounds(start) if start else None
    e = _bounds(end) if end else None
    lo, sure_lo = (s if s else (None, None))
    sure_hi: date | None
    hi: date | None
    if e is not None and e[0] == e[1]:  # a day: the source's end is the handover day (the successor's first)
        sure_hi = hi = e[0]
    elif e is not None:
        sure_hi, hi = e[0], e[1] + timedelta(days=1)
    else:
        m = _SNAPSHOT.search(source)
        snap = _bounds(m.group(1)) if m else None
        sure_hi, hi = (snap[0] if snap else None), None
    return lo, sure_lo, sure_hi, hi


#: Sub-national posts the source files under the state (``IRQ head_of_state "President of Iraqi
#: Kurdistan"``): kept, but as ``other``, so they never answer for the state's own offices.
_REGIONAL = re.compile(r"\b(Kurdistan|Zanzibar|Puntland|Jubaland|Bougainville|Gagauzia|Adjara|Republika Srpska|"
                       r"Federation of Bosnia)\b", re.I)


def office_key(office: str, title: str) -> str:
    if _REGIONAL.search(title):
        return "other"
    if office in OFFICE_KEYS:
        return OFFICE_KEYS[office]
    for pattern, key in _OTHER_TITLES:
        if pattern.search(title):
            return key
    return "other"


def _keys(text: str) -> set[str]:
    k = norm(text)
    return {k, fold(k)} if k else set()


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a source table, checked for its columns."""
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise DataError(f"cannot read ({err.strerror})", item=str(path)) from None
    with fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"header lacks column(s) {', '.join(missing)}", item=str(path))
        yield from reader


def build_index(sources: Iterable[str | Path], target: str | Path) -> dict[str, object]:
    """Build the index at ``target`` from the source tables (written beside it, then moved in
    place, so a process reading the old index is never disturbed). Returns what was built."""
    paths = [Path(s) for s in sources]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(_DDL)
        people: dict[str, int] = {}
        names: set[tuple[str, str, int]] = set()
        tenures: list[tuple] = []
        snapshots: dict[str, str] = {}
        for src in paths:
            for row in read_rows(src):
                name = (row.get("name") or "").strip()
                country = (row.get("country") or "").strip()
                if not name or not country:
                    continue
                qid = (row.get("source_id") or "").strip() or f"{src.name}:{name}"
                pid = people.get(qid)
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                if pid is None:
                    pid = people[qid] = len(people) + 1
                    con.execute("INSERT INTO people VALUES (?, ?, ?, ?, ?)",
                                (pid, qid, name, (row.get("gender") or "").strip() or None, "|".join(aliases)))
                for alias in [name, *aliases]:
                    for k in _keys(alias):
                        names.add((k, "name", pid))
                        if " " in k:
                            names.add((k.rsplit(" ", 1)[1], "surname", pid))
                title = (row.get("office_title") or "").strip()
                start, end, source = ((row.get(c) or "").strip() for c in ("start", "end", "source"))
                lo, sure_lo, sure_hi, hi = tenure_span(start, end, source)
                key = office_key((row.get("office") or "").strip(), title)
                tenures.append((pid, country, key, title or None, start, end, _iso(lo), _iso(sure_lo),
                                _iso(sure_hi), _iso(hi), source))
                sid = source.split("@")[0]
                m = _SNAPSHOT.search(source)
                if m and m.group(1) > snapshots.get(sid, ""):
                    snapshots[sid] = m.group(1)
        con.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(names))
        con.executemany("INSERT INTO tenures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tenures)
        con.executescript(_INDEXES)
        meta = {"schema": SCHEMA_VERSION, "built": date.today().isoformat(),
                "sources": "|".join(_fingerprint(s) for s in paths),
                "as_of": "|".join(f"{k}={v}" for k, v in sorted(snapshots.items()))}
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, target)
    return {"path": str(target), "people": len(people), "tenures": len(tenures), "names": len(names),
            "bytes": target.stat().st_size, "seconds": round(time.perf_counter() - started, 2)}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _fingerprint(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{int(st.st_mtime)}"


class ActorIndex:
    """Read-only queries on a built index."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DataError("no actor index here (build it with `teller actors build-index FILE`)", item=str(path))
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            self.meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as err:
            raise DataError(f"not an actor index ({err})", item=str(path)) from None

    def fresh_for(self, sources: Iterable[Path]) -> bool:
        """Whether the index was built from exactly these files, unchanged, by this schema."""
        want = "|".join(_fingerprint(Path(s)) for s in sources)
        return self.meta.get("schema") == SCHEMA_VERSION and self.meta.get("sources") == want

    def person(self, pid: int) -> IndexedPerson:
        qid, name, gender, aliases = self._con.execute(
            "SELECT qid, name, gender, aliases FROM people WHERE id = ?", (pid,)).fetchone()
        return IndexedPerson(pid, qid, name, gender, tuple(a for a in (aliases or "").split("|") if a))

    def people_named(self, key: str, *, surname: bool = False) -> list[int]:
        """People whose name or alias (normalised, see :func:`teller.actors.kb.norm`) is ``key``;
        with ``surname``, those whose name ends in it."""
        rows = self._con.execute("SELECT DISTINCT person FROM names WHERE key = ? AND kind = ?",
                                 (key, "surname" if surname else "name"))
        return [r[0] for r in rows]

    def tenures(self, pid: int) -> list[IndexedTenure]:
        rows = self._con.execute("SELECT * FROM tenures WHERE person = ? ORDER BY lo", (pid,))
        return [self._tenure(r) for r in rows]

    def holders(self, country: str, offices: Iterable[str], when: date) -> list[IndexedTenure]:
        """Tenures of ``offices`` in ``country`` that may cover ``when``, the most certain and
        then the newest first."""
        offices = list(offices)
        marks = ",".join("?" * len(offices))
        day = when.isoformat()
        rows = self._con.execute(
            f"SELECT * FROM tenures WHERE country = ? AND office IN ({marks}) AND (lo IS NULL OR lo <= ?) "
            "AND (hi IS NULL OR hi > ?)", (country, *offices, day, day))
        found = [self._tenure(r) for r in rows]
        # certainly in office first; then one certainly appointed by then (at a year-precision
        # handover the incumbent, not a successor who may not have started); then the newest
        return sorted(found, key=lambda t: (t.sure(when), t.sure_lo is None or t.sure_lo <= when, t.lo or date.min),
                      reverse=True)

    @staticmethod
    def _tenure(r: tuple) -> IndexedTenure:
        return IndexedTenure(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", _day(r[6]), _day(r[7]),
                             _day(r[8]), _day(r[9]), r[10] or "")

    def stats(self) -> dict[str, object]:
        """Counts by source, office and decade, and the sources' snapshot ("as of") dates."""
        q = self._con.execute
        by_source = dict(q("SELECT substr(source, 1, instr(source || '@', '@') - 1), count(*) FROM tenures GROUP BY 1"))
        by_office = dict(q("SELECT office, count(*) FROM tenures GROUP BY office ORDER BY count(*) DESC"))
        decades: dict[str, int] = {}
        for (lo, hi) in q("SELECT lo, hi FROM tenures"):
            first = int(lo[:4]) // 10 * 10 if lo else 1990
            last = int(hi[:4]) // 10 * 10 if hi else date.today().year // 10 * 10
            for d in range(max(first, 1950), last + 1, 10):
                decades[f"{d}s"] = decades.get(f"{d}s", 0) + 1
        return {
            "people": q("SELECT count(*) FROM people").fetchone()[0],
            "tenures": q("SELECT count(*) FROM tenures").fetchone()[0],
            "countries": q("SELECT count(DISTINCT country) FROM tenures").fetchone()[0],
            "by_source": by_source,
            "by_office": by_office,
            "by_decade": dict(sorted(decades.items())),
            "as_of": dict(p.split("=", 1) for p in self.meta.get("as_of", "").split("|") if "=" in p),
            "built": self.meta.get("built"),
            "bytes": self.path.stat().st_size,
        }


def default_sources(named: str = "") -> list[Path]:
    """The source tables ``named`` (``TELLER_OFFICE_HOLDERS``: ``:``-separated; ``none`` turns
    the index off), else ``../shared/data/actors/office-holders.tsv`` beside the checkout."""
    named = named.strip()
    if named.lower() == "none":
        return []
    if named:
        return [Path(p) for p in named.split(os.pathsep) if p.strip()]
    beside = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "actors" / "office-holders.tsv"
    return [beside] if beside.is_file() else []


def default_index_path(named: str = "") -> Path:
    """``named`` (``TELLER_ACTORS_INDEX``), else ``$XDG_CACHE_HOME/teller/actors-index.sqlite``."""
    if named.strip():
        return Path(named)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "teller" / "actors-index.sqlite"


def open_default(office_holders: str = "", actors_index: str = "") -> ActorIndex | None:
    """The index of the tables ``office_holders`` names (see :func:`default_sources`), kept at
    ``actors_index``, built on first use (or rebuilt when the tables changed); None when there
    is no table (or ``none``), unless an index already exists there."""
    sources = default_sources(office_holders)
    path = default_index_path(actors_index)
    if not sources:
        return ActorIndex(path) if path.is_file() and office_holders.strip().lower() != "none" else None
    sources = [s for s in sources if s.is_file()]
    if not sources:
        return None
    if path.is_file():
        idx = ActorIndex(path)
        if idx.fresh_for(sources):
            return idx
    build_index(sources, path)
    return ActorIndex(path)
