"""The store's tables as SQLAlchemy Core ``Table`` objects, by the names queries use.

Every query module (writing, event and article reads, views, flat export rows) builds its
statements on these; the definitions (columns, indexes) live in :mod:`teller.store.models`.
"""

from __future__ import annotations

from sqlalchemy import Table

from teller.store import models as m

ARTICLES: Table = m.ArticleRow.__table__  # type: ignore[assignment]
ACTORS: Table = m.ActorRow.__table__  # type: ignore[assignment]
MENTIONS: Table = m.MentionRow.__table__  # type: ignore[assignment]
TIMEXES: Table = m.TimexRow.__table__  # type: ignore[assignment]
EVENTS: Table = m.EventRow.__table__  # type: ignore[assignment]
EVENT_ACTORS: Table = m.EventActorRow.__table__  # type: ignore[assignment]
EVENT_ARTICLES: Table = m.EventArticleRow.__table__  # type: ignore[assignment]
FLAGS: Table = m.FlagRow.__table__  # type: ignore[assignment]
EVIDENCE: Table = m.EvidenceRow.__table__  # type: ignore[assignment]
HIGHLIGHTS: Table = m.HighlightRow.__table__  # type: ignore[assignment]
BRIEFS: Table = m.BriefRow.__table__  # type: ignore[assignment]
STORY_STATE: Table = m.StoryStateRow.__table__  # type: ignore[assignment]
STORIES: Table = m.StoryRow.__table__  # type: ignore[assignment]
DUPLICATES: Table = m.DuplicateRow.__table__  # type: ignore[assignment]
VERSIONS: Table = m.SchemaVersion.__table__  # type: ignore[assignment]

#: The values of ``events.status`` and ``flags.severity``.
STATUSES: tuple[str, ...] = ("happened", "planned", "hypothetical", "denied")
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
#: The most rows one page of a list may ask for.
MAX_LIMIT = 1000

__all__ = ["ACTORS", "ARTICLES", "BRIEFS", "DUPLICATES", "EVENTS", "EVENT_ACTORS", "EVENT_ARTICLES", "EVIDENCE",
           "FLAGS", "HIGHLIGHTS", "MAX_LIMIT", "MENTIONS", "SEVERITIES", "STATUSES", "STORIES", "STORY_STATE",
           "TIMEXES", "VERSIONS"]
