"""What the stages before verification found in one parsed article, in either language.

Its own module so that the English chain (``teller.pipeline.find``) and the Japanese one
(``teller.japanese.stages.find``) return one type without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from teller.records import Article, Event, Flag, Mention, TimeValue

if TYPE_CHECKING:
    from datetime import datetime

    from teller.events import CodedArticle


@dataclass
class Findings:
    """What the stages before verification found in one parsed article: the article (with the
    publication time its page shows, when none was given), the anchor time (None when not known
    to the day) and its flag, times, actor mentions and the coded events (with their own flags
    and each event's clause depth, which evaluations read to pick a sentence's main event)."""

    article: Article
    dct: datetime | None
    dct_flag: Flag | None
    timexes: list[TimeValue]
    mentions: list[Mention]
    coded: CodedArticle

    @property
    def events(self) -> list[Event]:
        return self.coded.events
