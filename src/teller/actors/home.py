"""The one country an article is about, when its places and actors say so.

A local report names its own country's places and institutions over and over and other
countries rarely; people and organisations it names without a nationality ("Michael Smith,
32, of Fort Worth", "the company said") are, failing any other sign, of that country. The
count is per mention: the countries of the states, demonyms, capitals, organisations, bodies
and known people named, and of the cities and regions among the text's place names
(``cities.tsv``, ``regions.tsv``). The article's country is the only one named, or one named
at least twice and in at least three mentions of four; otherwise there is none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from teller.actors.names import norm

if TYPE_CHECKING:
    from teller.actors.kb import KnowledgeBase
    from teller.records import Mention

#: Mention kinds that say nothing about where an article is: guessed, or pointing back.
_NOT_EVIDENCE = frozenset({"learnt", "pronoun", "group", "anaphor", "counterpart"})


def home_country(mentions: Iterable[Mention], place_names: Iterable[str], kb: KnowledgeBase) -> str | None:
    """The article's country from its ``mentions`` and the ``place_names`` no mention covers."""
    counts: dict[str, int] = {}
    for m in mentions:
        a = m.actor
        if a is not None and a.country in kb.states and m.kind not in _NOT_EVIDENCE:
            counts[a.country] = counts.get(a.country, 0) + 1
    for name in place_names:
        code = kb.cities.get(norm(name))
        if code is not None:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    top, n = max(counts.items(), key=lambda kv: kv[1])
    total = sum(counts.values())
    return top if n == total or (n >= 2 and n * 4 >= total * 3) else None
