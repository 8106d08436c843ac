"""``unsupported_language``: the article is in a language whose events teller does not code.

Without this flag a German article reads as "0 events, quality 100": a clean article with nothing
in it, when in fact nothing in it was read. The flag says so and costs the quality score most of
its points (``verify.quality``); the article is still stored and shown.
"""

from __future__ import annotations

from teller.languages import CODED_LANGUAGES, installed, is_coded
from teller.records import Article, Flag


def unsupported_language(article: Article) -> list[Flag]:
    """One warning when ``article.language`` is known and not one teller codes; else nothing."""
    if is_coded(article.language):
        return []
    coded = ", ".join(repr(c) for c in sorted(CODED_LANGUAGES) if installed(c))
    return [Flag(
        kind="unsupported_language",
        severity="warning",
        message=f"written in {article.language!r}, a language teller does not code (it codes {coded}): "
                f"no events were extracted",
    )]
