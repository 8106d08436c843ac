"""teller.summarize: highlights and event briefs built only from extracted, evidenced facts.

* :func:`highlights` picks 2–4 sentences of the article, verbatim, that carry its main events,
  skipping repeated copies and sentences with unresolved flags (``summarize.highlights``).
* :func:`brief` writes one sentence per event from the Event record's fields alone
  (``summarize.brief``): nothing in a brief that the record does not hold.
"""

from __future__ import annotations

from teller.summarize.brief import brief, date_phrase
from teller.summarize.highlights import highlights, rank_events

__all__ = ["highlights", "brief", "date_phrase", "rank_events"]
