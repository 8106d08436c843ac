"""The Japanese stage chain up to the coded events (what ``pipeline.find`` runs for English)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from teller.findings import Findings
from teller.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from teller.actors import KnowledgeBase

_PAGE_BASES = frozenset({"date line", "dateline", "url"})


def find(article: Article, doc: Doc, kb: KnowledgeBase) -> Findings:
    """Publication time, times, actors and events of a Japanese article parsed by GiNZA."""
    from teller.extract.published import anchor_candidates, day_known
    from teller.japanese import actors, events, timex
    from teller.japanese.published import publication_time

    pt = publication_time(article)
    if article.published is None and pt.basis in _PAGE_BASES and pt.when is not None:
        article = replace(article, published=pt.when.isoformat())
    dct = day_known(pt)
    timexes = timex.annotate_among(article.text, anchor_candidates(pt))
    when = pt.when.date() if pt.when else None
    mentions = actors.unlisted_officials(doc, kb, actors.resolve(article.text, kb, when))
    coded = events.code_article(doc, article, mentions, timexes, dct=dct, kb=kb)
    return Findings(article, dct, pt.flag(), timexes, mentions, coded)
