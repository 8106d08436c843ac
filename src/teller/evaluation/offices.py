"""Office at a date: does a title phrase resolve to the person who held the office then?

The test set (``tests/data/actors/offices_at_date.txt``) has one case a line: phrase, country,
date, expected person (spellings separated by ``|``). Each phrase is put in a sentence of its own
and goes through the real resolution (:func:`teller.actors.resolve` at that date), so the whole
path is measured: title and country reading, the curated files, and the imported index.
``teller eval offices FILE --json`` prints accuracy, per-country counts and every miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from teller.actors.kb import KnowledgeBase, fold, norm
from teller.errors import DataError
from teller.records import Actor, Article


@dataclass(frozen=True, slots=True)
class OfficeCase:
    phrase: str
    country: str
    when: date
    expected: tuple[str, ...]
    line: int


def read_cases(path: str | Path) -> list[OfficeCase]:
    cases = []
    for n, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 4:
            raise DataError(f"{len(cells)} cells, expected 4 (phrase, country, date, person)", item=f"{path}:{n}")
        try:
            when = date.fromisoformat(cells[2].strip())
        except ValueError:
            raise DataError(f"{cells[2]!r} is not a date", item=f"{path}:{n}") from None
        cases.append(OfficeCase(cells[0].strip(), cells[1].strip(), when,
                                tuple(x.strip() for x in cells[3].split("|") if x.strip()), n))
    return cases


def _key(name: str) -> str:
    return fold(norm(name)).replace("-", " ").replace(".", "")


def matches(actor: Actor | None, case: OfficeCase) -> bool:
    if actor is None or actor.kind != "person" or actor.country != case.country:
        return False
    names = {_key(n) for n in (actor.name, *actor.aliases)}
    return any(_key(e) in names for e in case.expected)


def resolve_phrase(phrase: str, when: date, kb: KnowledgeBase) -> Actor | None:
    """The person the phrase names when it opens a sentence, resolved at ``when``."""
    from teller.actors import resolve
    from teller.nlp import parse

    text = f"{phrase[:1].upper()}{phrase[1:]} said on Monday that the talks would continue."
    for m in resolve(parse(text), Article(id="case", text=text, language="en"), kb, when=when):
        if m.evidence[0].start < len(phrase) and m.actor is not None and m.actor.kind == "person":
            return m.actor
    return None


def evaluate_offices(path: str | Path, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    kb = kb or KnowledgeBase.default()
    cases = read_cases(path)
    misses = []
    right = 0
    for case in cases:
        got = resolve_phrase(case.phrase, case.when, kb)
        if matches(got, case):
            right += 1
        else:
            said = f"{got.name} ({got.country})" if got else "nobody"
            misses.append(f"{case.line}: {case.phrase} @ {case.when} -> {said}; expected {case.expected[0]}")
    return {
        "cases": len(cases),
        "countries": len({c.country for c in cases}),
        "former": sum("former" in c.phrase.lower().split() for c in cases),
        "acting": sum(bool({"acting", "interim"} & set(c.phrase.lower().split())) for c in cases),
        "correct": right,
        "accuracy": round(right / len(cases), 4) if cases else 0.0,
        "index": str(kb.index.path) if kb.index else None,
        "misses": misses,
    }
