"""How much of an article is parsed: the first ``TELLER_MAX_CHARS`` characters.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088) and its cost and
memory grow with the text (a 1M-character text took 56-274 s and 2-5 GB), while news articles
are a few thousand characters. Longer texts (a book, a dump of a whole site, a generated page)
are cut for the analysis at a line or word break at most ``max_chars`` in: every span the
stages find lies in that part, so it is valid in the whole text, which the article keeps. The
analysis then carries a ``text_truncated`` flag saying how much was read.
"""

from __future__ import annotations

from dataclasses import replace

from teller.records import Analysis, Article, Flag

#: How far back from the limit a line break, then a space, is looked for to cut at.
_LOOK_BACK = 2000


#: A Japanese text is cut at this share of ``max_chars``: it makes ~3 times the tokens per character
#: of English, and GiNZA and the Japanese stages hold several times more per token (a
#: 100,000-character Japanese text took a worker 270 MB past its loaded size even parsed in pieces).
JA_SHARE = 3


def parse_part(article: Article, max_chars: int) -> Article:
    """``article`` itself when it is short enough, else its first part (with a note); a
    Japanese article's limit is ``max_chars // JA_SHARE``."""
    from teller.languages import is_japanese

    if is_japanese(article.language):
        max_chars = max(1000, max_chars // JA_SHARE)
    text = article.text
    if len(text) <= max_chars:
        return article
    cut = text.rfind("\n", max_chars - _LOOK_BACK, max_chars)
    if cut <= 0:
        cut = text.rfind(" ", max_chars - _LOOK_BACK, max_chars)
    if cut <= 0:
        cut = max_chars
    note = Flag("text_truncated", "warning",
                f"text of {len(text):,} characters: only the first {cut:,} were analysed (TELLER_MAX_CHARS)")
    repeats = [(c, o) for c, o in article.repeats if c.end <= cut and o.end <= cut]
    return replace(article, text=text[:cut], repeats=repeats, notes=[*article.notes, note])


def whole(article: Article, analysis: Analysis) -> Analysis:
    """``analysis`` of ``parse_part(article)`` with the article's whole text back in place."""
    if analysis.article.text is article.text:
        return analysis
    analysis.article = replace(analysis.article, text=article.text, repeats=article.repeats,
                               notes=article.notes)
    return analysis
