"""The translation check over stored articles: ``translation_mismatch`` flags on translations.

After ``teller run`` stores a batch, two kinds of pair are compared (``check_stored``):

* a translation and its source, when the translation names it (``Article.translation_of``: the
  JSON Lines field, or an English page's ``<link rel="alternate" hreflang="ja">``), whichever of the
  two was stored first (a source arriving later finds the translations waiting for it);
* a Japanese and an English report of one canonical event (the stories stage merged them) from
  the same outlet: the Japanese one is taken for the source.

Each difference becomes one ``translation_mismatch`` warning on the translation, its evidence the
translation's span, its message the source's words and where they are. Flags are replaced, not
added, when a pair is checked again, and the article's quality score is recomputed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from teller.compare import CompareError, Difference, compare, language_of
from teller.records import Article, Flag

log = logging.getLogger(__name__)

KIND = "translation_mismatch"


def translation_flags(source: Article, translation: Article, *, kb: Any = None) -> list[Flag]:
    """One ``translation_mismatch`` warning per difference; evidence: the translation's span."""
    return [_flag(d, source) for d in compare(source, translation, kb=kb)]


def _flag(d: Difference, source: Article) -> Flag:
    where = source.url or source.id
    return Flag(
        kind=KIND,
        severity="warning",
        message=(f"{d.kind}: {d.translation_text!r} here, {d.source_text!r} in the source "
                 f"({where} [{d.source.start}:{d.source.end}]): {d.explanation}"),
        evidence=[d.translation],
    )


def pairs_for(store: Any, article_ids: Iterable[str]) -> list[tuple[Article, Article]]:
    """``(source, translation)`` pairs that involve one of ``article_ids``, each once."""
    pairs: dict[tuple[str, str], tuple[Article, Article]] = {}
    ids = list(dict.fromkeys(article_ids))
    for aid in ids:
        art = store.article(aid)
        if art is None:
            continue
        if art.translation_of:
            src = store.find_article(art.translation_of)
            if src is not None and src.id != art.id:
                pairs.setdefault((src.id, art.id), (src, art))
        for tr in store.translations_of(art):
            if tr.id != art.id:
                pairs.setdefault((art.id, tr.id), (art, tr))
    for group in store.co_reports(ids):
        arts = [a for a in (store.article(i) for i in group) if a is not None]
        for ja in (a for a in arts if language_of(a) == "ja"):
            for en in (a for a in arts if language_of(a) == "en"):
                if ja.source and en.source and ja.source.casefold() == en.source.casefold():
                    pairs.setdefault((ja.id, en.id), (ja, en))
    return list(pairs.values())


def check_stored(store: Any, article_ids: Iterable[str], *, kb: Any = None) -> int:
    """Compare every pair :func:`pairs_for` finds and store the flags; the number of pairs
    checked. A pair that cannot be compared (two English texts, say) is skipped with a log line."""
    from teller import verify

    done = 0
    for source, translation in pairs_for(store, article_ids):
        try:
            flags = translation_flags(source, translation, kb=kb)
        except CompareError as err:
            log.info("translation check skipped for %s (source %s): %s", translation.id, source.id, err)
            continue
        others = [f for f in store.flags(translation.id) if f.kind != KIND]
        score, _ = verify.quality(translation, others + flags)
        store.replace_flags(translation.id, KIND, flags, score)
        done += 1
    return done
