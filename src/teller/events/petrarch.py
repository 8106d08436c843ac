"""A dictionary-driven event coder for TABARI/PETRARCH dictionaries, and its evaluation.

Researchers have decades of curated CAMEO dictionaries (verb patterns, dated actors, agents,
discards). ``DictionaryCoder`` codes a sentence with them the way TABARI/PETRARCH do: find the
actors (longest phrase match, dated codes chosen for the sentence date), compose agents with
them (``Arnor security officials`` -> ``ARNGOV``, ``NGO~`` prefixes), find dictionary verbs the
parse tags as verbs, match the verb's patterns (words before/after ``*``, ``_`` adjacency,
``&synsets``, ``$`` source, ``+`` target, ``%`` compound, ``^`` skip) and take the source from
the clause subject and the target from the verb phrase. Syntax comes from a Penn-treebank parse
when the record has one, else from spaCy (``teller.nlp``). Nothing here depends on a record id
or an expected answer: every decision is read from the dictionaries and the parse.

The parts live beside it: ``petrarch_dictionaries`` (compiled dictionaries, ``load_dictionaries``),
``petrarch_groups`` (actor/agent noun groups), ``petrarch_patterns`` (verbs and their patterns),
``petrarch_syntax`` (treebank and spaCy sentence views).

``evaluate_petrarch`` scores the coder on a PETRARCH validation file (``<Sentence>`` records with
``<EventCoding>`` answers): event-level precision/recall/F1 and a per-category breakdown.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from teller.dictionaries.tabari import DiscardEntry
from teller.errors import DataError, InputError
from teller.events.petrarch_dictionaries import Dictionaries, load_dictionaries
from teller.events.petrarch_groups import CONJ, LINK_PREPS, Group, match_units, noun_groups
from teller.events.petrarch_patterns import Match, VerbSite, best_pattern, find_verbs
from teller.events.petrarch_syntax import Clause, SentenceView, TreebankError, from_spacy, from_treebank

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

__all__ = ["Coding", "Dictionaries", "DictionaryCoder", "load_dictionaries", "evaluate_petrarch"]


@dataclass(frozen=True)
class Coding:
    """One coded event: CAMEO source and target actor codes, event code, and why."""

    source: str
    target: str
    code: str
    evidence: str  # "VERB word: pattern" — the verb and the dictionary line that fired
    verb_span: tuple[int, int] = (-1, -1)  # character offsets of the verb in the sentence


class DictionaryCoder:
    """Code sentences with TABARI/PETRARCH dictionaries.

    ``DictionaryCoder.from_paths([...])`` or ``DictionaryCoder(load_dictionaries([...]))``;
    ``coder.code(text, doc=None, parse=None, when=None)`` returns ``list[Coding]``. Give
    ``parse`` (a bracketed treebank string) or ``doc`` (a spaCy Doc/Span of the sentence); with
    neither, the shared spaCy pipeline parses ``text``. ``when`` picks dated actor codes.
    """

    def __init__(self, dicts: Dictionaries, *, require_dyad: bool = True) -> None:
        self.dicts = dicts
        self.require_dyad = require_dyad

    @classmethod
    def from_paths(cls, paths: Sequence[Path | str]) -> DictionaryCoder:
        return cls(load_dictionaries(paths))

    def discarded(self, text: str) -> DiscardEntry | None:
        rx = self.dicts.discard_re
        m = rx.search(" ".join(text.upper().split())) if rx is not None else None
        return self.dicts.discard_by_phrase.get(" ".join(m.group(1).split())) if m else None

    def code(self, text: str, doc: Doc | Span | None = None, *, parse: str | None = None,
             when: date | None = None) -> list[Coding]:
        if self.discarded(text) is not None:
            return []
        out: list[Coding] = []
        for view in self._views(text, doc, parse):
            out.extend(self.code_view(view, when=when))
        return list(dict.fromkeys(out))

    def _views(self, text: str, doc: Doc | Span | None, parse: str | None) -> list[SentenceView]:
        """One view per sentence (a Doc of several sentences is coded sentence by sentence)."""
        if parse:
            try:
                return [from_treebank(parse, text)]
            except TreebankError as exc:
                # a caller who supplies a parse must hear that it is broken, not get a guess
                raise InputError(f"unreadable treebank parse: {exc}") from exc
        if doc is None:
            from teller.nlp import get_nlp

            doc = get_nlp()(text)
        tokens = list(doc)
        if not tokens:
            return []
        origin = tokens[0].idx
        # a Span is taken as one sentence; a Doc is split into its sentences
        if tokens[0].doc is not doc or not tokens[0].doc.has_annotation("SENT_START"):
            return [from_spacy(doc, origin)]
        first, last = tokens[0].i, tokens[-1].i
        return [from_spacy(s, origin) for s in tokens[0].doc.sents if s.end > first and s.start <= last]

    def code_view(self, view: SentenceView, *, when: date | None = None) -> list[Coding]:
        units = match_units(view.upper, self.dicts)
        if view.places:
            # "the South China Sea" names a sea, not China: drop actor names strictly inside
            units = [u for u in units if not any(
                s <= u.start and u.end <= e and (e - s) > (u.end - u.start) for s, e in view.places)]
        groups = noun_groups(view, units, when)
        out: list[Coding] = []
        for site in find_verbs(view, self.dicts):
            out.extend(self._code_site(view, site, groups))
        return list(dict.fromkeys(out))

    def _code_site(self, view: SentenceView, site: VerbSite, groups: list[Group]) -> list[Coding]:
        clause = view.clauses.get(site.head) or Clause(site.head, None, (site.start, len(view.words)))
        lo = 0  # patterns see the whole sentence before the verb, as in TABARI
        hi = len(view.words)
        match = best_pattern(site, view, self.dicts, groups, lo, hi)
        block = self.dicts.verbs.blocks[site.entry.block]
        code = match.pattern.code if match.pattern else (site.entry.form.code or block.code or "---")
        if not _is_event_code(code.split(":")[0]):
            return []
        source, target = self._actors(view, site, clause, groups, match)
        if not target and len(source) > 1 and ":" in code:
            target = source  # "X and Y will hold joint exercises": a mutual event between them
        if self.require_dyad and (not source or not target):
            return []
        primary, _, reciprocal = code.partition(":")
        how = " ".join(match.pattern.raw.split()) if match.pattern else f"{site.entry.form.phrase} [{code}]"
        ev = f"{' '.join(view.words[site.start:site.end])}: {how}"
        span = (view.offsets[site.start][0], view.offsets[site.end - 1][1])
        out: list[Coding] = []
        for s in source:
            for t in target:
                if s == t:
                    continue
                out.append(Coding(s, t, primary, ev, span))
                if reciprocal and _is_event_code(reciprocal):
                    out.append(Coding(t, s, reciprocal, ev, span))
        return out

    def _actors(self, view: SentenceView, site: VerbSite, clause: Clause, groups: list[Group],
                match: Match) -> tuple[list[str], list[str]]:
        subject = self._subject(view, clause, groups, site)
        if match.compound is not None:
            if match.compound_before_verb or subject is None or subject is match.compound:
                return match.compound.codes, match.compound.codes  # "% HAVE *": each with each
            return subject.codes, match.compound.codes  # "* WITH %": the subject with all
        source = match.source.codes if match.source else []
        target = match.target.codes if match.target else []
        if not source:
            agent = self._passive_agent(view, clause, groups, site)
            if agent is not None and match.target is None:
                return agent.codes, (subject.codes if subject else [])
            source = subject.codes if subject else []
        if not target:
            g = _group_in(groups, (site.end, max(clause.vp[1], site.end)))
            if g is None:
                # a parse that cut the verb phrase short ("break into an anti- Gondor parade"):
                # the first actor before the next verb or clause break
                stop = next((j for j in range(site.end, len(view.words))
                             if view.tags[j].startswith("VB") or view.words[j] in (",", ";", ":")), len(view.words))
                g = _group_in(groups, (site.end, stop))
            target = g.codes if g else []
        return source, target

    @staticmethod
    def _subject(view: SentenceView, clause: Clause, groups: list[Group], site: VerbSite) -> Group | None:
        if clause.subject is None:
            # no subject in the parse: an actor right before the verb ("Ethiopia act on ...")
            j = site.start
            while j > 0 and view.tags[j - 1] in ("RB", "MD"):
                j -= 1
            return next((g for g in groups if g.end == j), None)
        inside = [g for g in groups if g.start >= clause.subject[0] and g.end <= clause.subject[1]]
        words = view.upper
        if len(inside) > 1 and all(
                any(w in CONJ for w in words[a.end:b.start]) and not any(w in LINK_PREPS for w in words[a.end:b.start])
                for a, b in zip(inside, inside[1:], strict=False)):
            # "Fornost and the evil awful Gondor": every actor group of the subject
            return Group(inside[0].start, inside[-1].end,
                          list(dict.fromkeys(c for g in inside for c in g.codes)), True)
        if inside:
            return inside[0]
        s, e = clause.subject
        if e - s == 1 and view.tags[s] == "PRP":
            # "Ethiopia indicated it would act": a pronoun subject of a clause governed by another
            # verb is that verb's subject (the innermost clause whose verb phrase holds it)
            governing = [c for c in view.clauses.values()
                         if c.verb < s and c.vp[0] <= s < c.vp[1] and c.subject and c.subject[1] <= c.verb]
            if governing:
                gov = min(governing, key=lambda c: c.vp[1] - c.vp[0])
                return _group_in(groups, gov.subject)  # type: ignore[arg-type]
        return None

    @staticmethod
    def _passive_agent(view: SentenceView, clause: Clause, groups: list[Group], site: VerbSite) -> Group | None:
        if clause.passive_agent is not None:
            return _group_in(groups, clause.passive_agent)
        return None


def _is_event_code(code: str) -> bool:
    return bool(code) and any(ch.isalnum() for ch in code) and code.strip("-") != ""


def _group_in(groups: list[Group], span: tuple[int, int]) -> Group | None:
    for g in groups:
        if g.start >= span[0] and g.end <= span[1]:
            return g
    return None


def _group_near(groups: list[Group], pos: int, *, before: bool) -> Group | None:
    if before:
        cands = [g for g in groups if g.end <= pos]
        return cands[-1] if cands else None
    cands = [g for g in groups if g.start >= pos]
    return cands[0] if cands else None


# ---------------------------------------------------------------------------------------------
# evaluation on a PETRARCH validation file


@dataclass
class _Record:
    id: str
    category: str
    when: date | None
    text: str
    parse: str | None
    expected: list[tuple[str, str, str]]


def _read_records(path: Path) -> list[_Record]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise DataError(f"cannot read validation records: {exc}", item=str(path)) from exc
    out: list[_Record] = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        parse = s.findtext("Parse")
        when = None
        d = (s.get("date") or "").strip()
        if len(d) == 8 and d.isdigit():
            when = date(int(d[:4]), int(d[4:6]), int(d[6:]))
        expected = [
            (e.get("sourcecode", ""), e.get("targetcode", ""), e.get("eventcode", ""))
            for e in s.findall("EventCoding")
            if e.get("eventcode") and e.get("noevents") is None and e.get("error") is None
        ]
        out.append(_Record(s.get("id", ""), s.get("category", ""), when, text,
                           parse.strip() if parse and parse.strip() else None, expected))
    return out


def _nlp() -> Language:
    from teller.nlp import get_nlp

    return get_nlp()


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


def evaluate_petrarch(records: Path, dictionaries: list[Path], *, use_parse: bool = True,
                      verbose: bool = False) -> dict:
    """Event-level P/R/F1 of ``DictionaryCoder`` on a PETRARCH validation file.

    A coding is right when source, target and event code all equal an expected
    ``<EventCoding>`` (multiset matching); every coding on a ``noevents`` or ``error`` record is
    a false positive. ``use_parse=False`` ignores the records' treebank parses and uses spaCy.
    """
    coder = DictionaryCoder.from_paths(dictionaries)
    recs = _read_records(Path(records))
    totals: Counter[str] = Counter()
    per_cat: dict[str, Counter] = defaultdict(Counter)
    details = []
    for rec in recs:
        try:
            if use_parse and rec.parse:
                got = coder.code(rec.text, parse=rec.parse, when=rec.when)
            else:  # a record is one sentence: code it whole, as a Span
                got = coder.code(rec.text, _nlp()(rec.text)[:], when=rec.when)
        except InputError as exc:
            log.info("%s: %s", rec.id, exc)
            got = []
        got_keys = Counter((c.source, c.target, c.code) for c in got)
        exp_keys = Counter(rec.expected)
        tp = sum((got_keys & exp_keys).values())
        fp = sum(got_keys.values()) - tp
        fn = sum(exp_keys.values()) - tp
        for c in (totals, per_cat[rec.category]):
            c["tp"] += tp
            c["fp"] += fp
            c["fn"] += fn
            c["records"] += 1
        if verbose and (fp or fn):
            details.append({"id": rec.id, "text": rec.text, "expected": sorted(exp_keys),
                            "got": sorted(got_keys), "evidence": sorted({c.evidence for c in got})})
    result: dict = {"records": len(recs)}
    result.update({k: v for k, v in _prf(totals["tp"], totals["fp"], totals["fn"]).items()})
    result["by_category"] = {
        cat: {"records": c["records"], **_prf(c["tp"], c["fp"], c["fn"])}
        for cat, c in sorted(per_cat.items())
    }
    if verbose:
        result["errors"] = details
    return result
