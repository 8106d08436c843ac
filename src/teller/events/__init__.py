"""teller.events: PLOVER event coding over spaCy dependency parses (see docs/events.md).

``code_article(doc, article, mentions, timexes, dct=...)`` returns a ``CodedArticle`` with the
article's events (one per real event, repeats merged, dated with ``teller.timex.reconcile``) and
the time flags raised while dating them. The trigger lexicon is a data file,
``teller/data/plover/lexicon.tsv``.
"""

from teller.events.article import CodedArticle, code_article
from teller.events.cameo import cameo_to_plover, plover_category, quad_code

__all__ = ["CodedArticle", "code_article", "cameo_to_plover", "plover_category", "quad_code"]
