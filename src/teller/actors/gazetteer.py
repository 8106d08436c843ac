"""Find every knowledge-base name in a spaCy ``Doc`` in one left-to-right pass.

A dictionary keyed by normalised surface text plus a set of the keys' prefixes that end at a
word boundary make a character trie without a trie: from each token the key grows one token at a
time and stops as soon as it is no prefix of any alias, so almost every token costs one set
lookup. spaCy's ``PhraseMatcher`` would need the aliases tokenised by the same pipeline (a
``Language`` object the knowledge base does not have, and ~1 s to build for 10k aliases); this
index builds in milliseconds from the data alone and works with any tokenisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from teller.actors.kb import KnowledgeBase, norm

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: kinds whose text must be capitalised (names) vs. titles, matched in any case
PROPER = frozenset({"state", "org", "person", "surname", "adj", "capital", "gov"})
_ALNUM = re.compile(r"\w")
_ACRONYM = re.compile(r"^[A-Z0-9.&+-]+$")

#: A priority per kind when one surface has several readings ("Brussels": the EU before Belgium).
_RANK = {"person": 0, "title": 1, "body": 2, "org": 3, "state": 4, "adj": 5, "capital": 6, "surname": 7}


@dataclass(slots=True)
class Entry:
    kind: str
    ref: tuple[str, str]  # state: (code, ""); title/body: (country or "*", office); person: (slug, "")
    exact: str | None  # acronyms ("US", "WHO") match only in this exact case


@dataclass(slots=True)
class Hit:
    start: int  # token index
    end: int  # token index, exclusive
    entries: list[Entry]

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def first(self, *kinds: str) -> Entry | None:
        for e in self.entries:
            if e.kind in kinds:
                return e
        return None


class Gazetteer:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.table: dict[str, list[Entry]] = {}
        for key, refs in kb.names.items():
            for kind, ref in refs:
                self._add(key, kind if kind != "gov" else "capital", (ref, ""), None)
        for st in kb.states.values():
            for alias in [st.name, *st.aliases]:
                self._mark_exact(alias, "state", (st.code, ""))
            for adj in st.adjectives:
                self._add(norm(adj), "adj", (st.code, ""), adj if _ACRONYM.match(adj) else None)
            for cap in st.capitals:
                self._add(norm(cap), "capital", (st.code, ""), None)
        for o in kb.orgs.values():
            for alias in [o.name, *o.aliases]:
                self._mark_exact(alias, "org", (o.id, ""))
        for key, slugs in kb.surnames.items():
            for slug in slugs:
                self._add(key, "surname", (slug, ""), None)
        for key, refs in kb.titles.items():
            for country, office in refs:
                self._add(key, "title", (country, office), None)
        for key, refs in kb.bodies.items():
            for country, office in refs:
                self._add(key, "body", (country, office), None)
        for extra in GENERIC_TITLES:
            self._add(extra, "title", ("*", "minister"), None)
        imported = {slug for slug, p in kb.people.items() if not p.tenures}

        def rank(e: Entry) -> tuple[int, int]:
            # people known only from an imported dictionary yield to curated names and to states
            weak = e.kind in ("person", "surname") and e.ref[0] in imported
            return (_RANK.get(e.kind, 9) + (10 if weak else 0), 0)

        for entries in self.table.values():
            entries.sort(key=rank)
        self.prefixes: set[str] = set()
        for key in self.table:
            for k in range(1, len(key) + 1):
                if k == len(key) or not (_ALNUM.match(key[k]) and _ALNUM.match(key[k - 1])):
                    self.prefixes.add(key[:k])

    def _add(self, key: str, kind: str, ref: tuple[str, str], exact: str | None) -> None:
        entries = self.table.setdefault(key, [])
        for e in entries:
            if e.kind == kind and e.ref == ref:
                return
        entries.append(Entry(kind, ref, exact))

    def _mark_exact(self, alias: str, kind: str, ref: tuple[str, str]) -> None:
        """Acronym aliases ("US", "UN") must match case exactly, so "us" stays a pronoun."""
        if not _ACRONYM.match(alias.replace(" ", "")):
            return
        for key in {norm(alias), norm(alias).removeprefix("the ")}:
            for e in self.table.get(key, []):
                if e.kind == kind and e.ref == ref:
                    e.exact = alias.removeprefix("the ")

    def scan(self, doc: Doc, text: str | None = None, low: list[str] | None = None) -> list[Hit]:
        """Longest, leftmost, non-overlapping matches. ``text`` (``doc.text``) and ``low`` (the
        lower-cased token texts) may be passed when the caller already has them."""
        hits: list[Hit] = []
        text = doc.text if text is None else text
        low = [t.lower_ for t in doc] if low is None else low
        n = len(low)
        prefixes, table = self.prefixes, self.table
        i = 0
        while i < n:
            key = low[i]
            if key not in prefixes:
                i += 1
                continue
            toks = doc
            best: tuple[int, list[Entry]] | None = None
            j = i
            while True:
                if key in table:
                    ok = self._accept(table[key], text[toks[i].idx : toks[j].idx + len(toks[j])])
                    if ok:
                        best = (j + 1, ok)
                j += 1
                if j >= n:
                    break
                key = key + (" " if toks[j - 1].whitespace_ else "") + low[j]
                if key not in prefixes:
                    break
            if best is None:
                i += 1
                continue
            hits.append(Hit(i, best[0], best[1]))
            i = best[0]
        return hits

    @staticmethod
    def _accept(entries: list[Entry], surface: str) -> list[Entry]:
        out = []
        for e in entries:
            if e.exact is not None:
                if surface.replace("\n", " ") != e.exact:
                    continue
            elif e.kind in PROPER and not surface[:1].isupper():
                continue
            out.append(e)
        return out


#: Bare titles that name a minister of any portfolio ("Minister Kamikawa", "the minister").
GENERIC_TITLES = ("minister", "secretary")
