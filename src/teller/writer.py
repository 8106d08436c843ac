"""Storing analyses and keeping the stories up to date, so that a crash loses nothing.

``teller run`` and ``teller watch`` both hand their analyses to a :class:`StoreWriter`. It

* skips articles already stored **before** they are parsed (:meth:`StoreWriter.unstored`): article
  ids are content hashes of the normalised text and URL, known right after extraction, so a re-run
  after a crash costs one ``SELECT`` per batch instead of re-analysing everything;
* stores analyses ``STORE_BATCH`` at a time (``Store.save_many``, one transaction per batch) and
  adds each stored article to the story index;
* on opening, adds to the story index every stored article the saved index does not know
  (:meth:`StoreWriter.open`). The index state is saved at the end of a run (and after every poll
  of ``teller watch``); a process killed in between left articles stored but not in any story,
  and this is where they join. Because the index gives the same stories whatever the order
  articles arrive in, the result equals an uninterrupted run's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from teller.records import Analysis, Article

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase
    from teller.store import Store
    from teller.stories import StoryIndex

log = logging.getLogger(__name__)

#: Analyses per store transaction (``Store.save_many``); a crash loses at most this many
#: analysed articles, which a re-run stores (ids are content hashes).
STORE_BATCH = 64
#: Stored articles read back per query when indexing the ones a killed run left out.
_RECOVER_BATCH = 200


class StoreWriter:
    """Batches analyses into the store and the story index (see the module docstring).

    ``on_stored(analysis, stored)`` is called for every analysis after its batch is written
    (``stored`` False: it was there already); ``on_error(message)`` for one that could not be.
    """

    def __init__(self, store: Store, kb: KnowledgeBase, *, stories: bool = True,
                 on_stored: Callable[[Analysis, bool], None] | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.kb = kb
        self.stories = stories
        self.on_stored = on_stored or (lambda analysis, stored: None)
        self.on_error = on_error or (lambda message: log.error("%s", message))
        self.index: StoryIndex | None = None
        self._before: dict[str, str] = {}
        self._pending: list[Analysis] = []
        #: articles added to the index since the stories were last saved
        self.unsaved = 0
        #: articles found stored before analysis (``unstored``)
        self.skipped = 0

    # --- opening ---------------------------------------------------------------------------

    def open(self) -> int:
        """Restore the story index and add the stored articles it lacks; how many were added."""
        if not self.stories:
            return 0
        from teller.stories import StoryIndex

        state = self.store.story_state()
        self.index = StoryIndex.from_state(state, kb=self.kb) if state else StoryIndex(kb=self.kb)
        self._before = self.index.event_map()
        missing = [aid for aid in self.store.article_ids() if aid not in self.index]
        for start in range(0, len(missing), _RECOVER_BATCH):
            for aid in missing[start:start + _RECOVER_BATCH]:
                analysis = self.store.analysis(aid)
                if analysis is not None:
                    self.index.add(analysis)
        self.unsaved += len(missing)
        if missing:
            log.info("indexed %d stored articles that no story index held (an interrupted run)", len(missing))
        return len(missing)

    # --- before analysis -------------------------------------------------------------------

    def unstored(self, articles: Sequence[Article]) -> list[Article]:
        """``articles`` without the ones already stored (one query); counts the others in ``skipped``."""
        known = self.store.known_article_ids([a.id for a in articles])
        if known:
            for a in articles:
                if a.id in known:
                    self.on_stored(Analysis(article=a), False)
            self.skipped += sum(1 for a in articles if a.id in known)
        return [a for a in articles if a.id not in known]

    # --- writing ---------------------------------------------------------------------------

    def add(self, analysis: Analysis) -> None:
        self._pending.append(analysis)
        if len(self._pending) >= STORE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Store the pending analyses and add the new ones to the story index."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        for analysis, outcome in zip(pending, self.store.save_many(pending), strict=True):
            if isinstance(outcome, Exception):
                self.on_error(f"store failed for {analysis.article.url or analysis.article.id}: {outcome}")
                continue
            if outcome and self.index is not None:
                self.index.add(analysis)
                self.unsaved += 1
            self.on_stored(analysis, bool(outcome))

    def save_stories(self) -> int:
        """Store canonical events, stories and copy links when anything changed; how many reports
        joined an event reported elsewhere (0 when nothing changed)."""
        self.flush()
        if self.index is None or not self.unsaved:
            return 0
        merged = save_stories(self.store, self.index, self._before)
        self._before = self.index.event_map()
        self.unsaved = 0
        return merged


def save_stories(store: Store, index: StoryIndex, before: dict[str, str]) -> int:
    """Store canonical events, stories and copy links; returns how many reports were merged.

    A canonical event seeded by one article can be re-seeded when an earlier report arrives:
    the old canonical id is then superseded by the new one, so lists never show both.
    """
    from teller import summarize

    after = index.event_map()
    replaces = dict(after)
    for event_id, old in before.items():
        new = after.get(event_id)
        if new and old != new:
            replaces[old] = new
    canon = index.canonical_events()
    store.save_events(canon, replaces=replaces, briefs={e.id: summarize.brief(e) for e in canon})
    store.save_stories(index.to_state(), index.stories(), index.duplicates())
    return sum(len(e.article_ids) for e in canon if len(e.article_ids) > 1)
