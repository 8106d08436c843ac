"""Who is named, in both languages: Japanese spellings -> actor refs -> English spellings.

The Japanese side comes from two places: ``data/translation/names_ja.tsv`` (this module's own
small table) and any kanji/katakana alias the knowledge base itself carries (Japanese keys among
its names, or the Japanese alias file's tables, ``kb.local["ja"]``, when the Japanese reader's
aliases are loaded), which win over the table. The English side is
always the knowledge base's: a person's name, aliases and surname; a state's name, aliases and
adjectives. Refs are ``person:<slug>``, ``state:<code>`` or ``name:<English name>`` (a person the
knowledge base does not know, with the table's gender).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

#: Titles or honorifics that must follow a bare surname marked 'titled' in the table.
_TITLED_NEXT = re.compile(r"(?:外務大臣|外相|大臣|首相|総理|国務長官|長官|大統領|官房長官|防衛相|防衛大臣|"
                          r"氏|さん|議員|代表|委員長)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Alias:
    ja: str
    refs: tuple[str, ...]
    titled: bool = False


@dataclass
class Names:
    """Japanese aliases, English spellings and genders for the refs teller can compare."""

    aliases: list[Alias] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)  # ref -> English spellings
    gender: dict[str, str] = field(default_factory=dict)  # person ref -> "female" | "male"
    _ja_re: re.Pattern[str] | None = None
    _en_re: re.Pattern[str] | None = None
    _en_ref: dict[str, str] = field(default_factory=dict)

    def find_japanese(self, text: str) -> list[tuple[int, int, Alias]]:
        """Non-overlapping aliases in ``text``, longest first at each position."""
        if self._ja_re is None:
            alts = sorted({a.ja for a in self.aliases}, key=len, reverse=True)
            self._ja_re = re.compile("|".join(map(re.escape, alts))) if alts else re.compile(r"(?!)")
        by_ja: dict[str, Alias] = {}
        for a in self.aliases:
            by_ja.setdefault(a.ja, a)
        out = []
        for m in self._ja_re.finditer(text):
            alias = by_ja[m.group()]
            if alias.titled and not _TITLED_NEXT.match(text, m.end()):
                continue
            out.append((m.start(), m.end(), alias))
        return out

    def find_english(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, ref)`` for every English spelling of a known ref (case-sensitive)."""
        if self._en_re is None:
            spell = sorted(self._en_ref, key=len, reverse=True)
            self._en_re = (re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, spell)) + r")(?![\w])")
                           if spell else re.compile(r"(?!)"))
        return [(m.start(), m.end(), self._en_ref[m.group()]) for m in self._en_re.finditer(text)]

    def describe(self, ref: str) -> str:
        spellings = self.english.get(ref)
        return spellings[0] if spellings else ref.split(":", 1)[-1]


def _table_rows() -> list[tuple[str, tuple[str, ...], str, bool]]:
    text = resources.files("teller").joinpath("data", "translation", "names_ja.tsv").read_text(encoding="utf-8")
    rows = []
    header_seen = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        cols += [""] * (4 - len(cols))
        refs = tuple(r.strip() for r in cols[1].split(",") if r.strip())
        rows.append((cols[0].strip(), refs, cols[2].strip(), cols[3].strip() == "titled"))
    return rows


def load(kb: Any) -> Names:
    """The names for ``kb`` (a :class:`teller.actors.KnowledgeBase`); cached per knowledge base."""
    return _cached(kb) if isinstance(kb, Hashable) else _build(kb)


@cache
def _cached(kb: Any) -> Names:
    return _build(kb)


def _build(kb: Any) -> Names:
    names = Names()
    for ja, refs, titled in _kb_aliases(kb):
        names.aliases.append(Alias(ja, refs, titled))
    known = {a.ja for a in names.aliases}
    for ja, refs, gender, titled in _table_rows():
        if ja not in known:
            names.aliases.append(Alias(ja, refs, titled))
        for ref in refs:
            if gender and ref.startswith("name:"):
                names.gender[ref] = gender
    for ref in {r for a in names.aliases for r in a.refs}:
        _english(names, kb, ref)
    return names


def _kb_aliases(kb: Any) -> list[tuple[str, tuple[str, ...], bool]]:
    """Japanese aliases the knowledge base carries: ``(alias, refs, titled)``.

    Two shapes are read: Japanese keys among ``kb.names`` (aliases in holders.tsv and the other
    files), and the Japanese alias file's per-kind tables (``kb.local["ja"].by_kind``: ``name``
    entries match alone, ``surname`` ones only before a title or 氏; one-character ``short`` forms
    such as 米 are left to this module's compounds, 日米, 米中)."""
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for key, refs in getattr(kb, "names", {}).items():
        wanted = tuple(f"{kind}:{code}" for kind, code in refs if kind in ("person", "state"))
        if _CJK.search(key) and wanted:
            out[key] = (wanted, False)
    local = getattr(kb, "local", {}) or {}
    ja = local.get("ja") if isinstance(local, dict) else None
    by_kind = getattr(ja, "by_kind", {}) or {}
    for kind, titled in (("name", False), ("surname", True)):
        for alias, refs in (by_kind.get(kind) or {}).items():
            wanted = tuple(r if r.startswith("person:") else f"state:{r}" for r in refs
                           if r.startswith("person:") or (r.isupper() and len(r) == 3))
            if wanted and alias not in out:
                out[alias] = (wanted, titled)
    return [(alias, refs, titled) for alias, (refs, titled) in out.items()]


def _english(names: Names, kb: Any, ref: str) -> None:
    kind, _, code = ref.partition(":")
    spellings: list[str] = []
    if kind == "person" and code in getattr(kb, "people", {}):
        p = kb.people[code]
        spellings = [p.name, *p.aliases, p.surname]
        if p.gender:
            names.gender[ref] = p.gender
    elif kind == "state" and code in getattr(kb, "states", {}):
        s = kb.states[code]
        spellings = [s.name, *s.aliases, *s.adjectives]
    elif kind == "name":
        spellings = [code, code.split()[-1]]
    spellings = [s for s in spellings if s and not _CJK.search(s) and len(s) >= 2]
    names.english[ref] = spellings
    for s in spellings:
        names._en_ref.setdefault(s, ref)
