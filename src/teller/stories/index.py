"""``StoryIndex``: near-duplicates, story clusters and canonical events over a stream of analyses.

Everything is decided by symmetric pair tests (is B a copy of A? are A and B about the same
story? could event reports x and y be one event?) over candidates found through blocking keys,
so adding an article costs a few dictionary look-ups and a handful of comparisons, never a pass
over the archive. Groups are components of those links (union-find, which only grows), and
canonical events are re-clustered only inside the component a new report touched. Ids are named
after the earliest member (publication time, then id), so the same set of articles in any order
gives the same stories, copies, events and ids.

State is kept as plain JSON-able dicts (``to_state``/``from_state``): per article its MinHash
signature, embedding and entity keys, per report the coded Event record; restoring replays them
without the texts or the NLP.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from teller.errors import DataError
from teller.records import Analysis, Event, Story, content_id, to_dict
from teller.stories import dedup, embed, merge, tenure
from teller.stories.articles import (
    Art,
    b64,
    chunks,
    compact_iso,
    features,
    groups,
    iso_of,
    published_iso,
    texts,
)
from teller.stories.codec import event_from, freeze_event, source_of, thaw_event
from teller.stories.keys import (
    KEY_BITS,
    KEY_MASK,
    article_time,
    entities,
    event_keys,
    push,
    story_keys,
    unresolved_days,
)
from teller.stories.rows import Rows

if TYPE_CHECKING:
    from teller.actors import KnowledgeBase

_DAY = 86400.0
STATE_VERSION = 1
#: The "day" story keys of articles with no known time are kept under (none is near a real day).
_NO_DAY = KEY_MASK >> 1


@dataclass(frozen=True, slots=True)
class Settings:
    #: Days between publications within which two articles may share a story.
    window_days: float = 3.0
    #: Cosine of title+lead embeddings above which two articles share a story outright.
    text_high: float = 0.82
    #: Lower cosine that suffices when the articles also share enough entities.
    text_low: float = 0.55
    entity_jaccard: float = 0.3
    #: An article with no known time may also join a dated story it shares most of its entities
    #: with (this Jaccard, and two named people or ``timeless_text`` cosine), provided only one
    #: story in time passes that test: titles and leads of undated pages are often boilerplate.
    timeless_jaccard: float = 0.5
    timeless_text: float = 0.45
    dup_threshold: float = dedup.THRESHOLD


class StoryIndex:
    """Incremental, order-independent index of copies, stories and canonical events."""

    def __init__(self, settings: Settings | None = None, *, kb: KnowledgeBase | None = None) -> None:
        """``kb``: the knowledge base whose country names make a place country-level (no more
        telling than the country itself); the shipped one when not given."""
        self.settings = settings or Settings()
        self._kb = kb
        self._is_country: Callable[[str], bool] | None = None
        self._arts: dict[str, Art] = {}
        self._dups = dedup.NearDuplicates(self.settings.dup_threshold)
        self._dup_uf = merge.UnionFind()
        self._story_uf = merge.UnionFind()
        #: story key (code of a person or side pair, day) -> article slot, or a tuple or list of
        #: them (most keys have one); keys are packed ints (``_code``): a million strings would not fit
        self._by_key: dict[int, int | tuple[int, ...] | list[int]] = {}
        self._codes: dict[Any, int] = {}
        self._vecs = Rows(embed.DIM, np.float16)
        self._pub = Rows(1, np.float64)
        self._slot_ids: list[str] = []
        # events
        self._reports: dict[str, merge.Report] = {}
        self._blocks: dict[int, str | tuple[str, ...] | list[str]] = {}  # event key -> report id(s), as _by_key
        self._ev_uf = merge.UnionFind()
        self._members: dict[str, list[str]] = {}  # component root -> reports, when more than one
        self._dirty: set[str] = set()
        #: articles with no known time -> the dated articles that pass the story test with them
        #: (-> cosine), the ones they join (the best match and those near it in time), the span of
        #: those publications, and their reports (re-placed when that span changes)
        self._timeless_links: dict[str, dict[str, float]] = defaultdict(dict)
        #: the same for the weaker entity test (``Settings.timeless_jaccard``): used only when the
        #: article has no link above and these all lie in one story window
        self._weak_links: dict[str, dict[str, float]] = defaultdict(dict)
        #: articles with no known time that pass the text test with each other (never joined
        #: to each other directly: see ``_join``)
        self._twins: dict[str, set[str]] = defaultdict(set)
        self._joined: dict[str, list[str]] = {}
        self._span: dict[str, tuple[float, float]] = {}
        self._timeless_reports: dict[str, list[str]] = defaultdict(list)
        #: articles with no known time -> the intervals (epoch seconds) in which the offices they
        #: name were held (``extract.tenure_window``): the only times of the stories they may join
        self._windows: dict[str, tuple[tuple[float, float], ...]] = {}
        self._day_range: tuple[int, int] | None = None  # days of the dated articles' story keys
        #: component root -> its canonical events: a lone report's id (the event is that report's
        #: record under its canonical id) or a frozen Event (``codec.freeze_event``)
        self._canon: dict[str, list[str | tuple]] = {}

    def __len__(self) -> int:
        return len(self._arts)

    def __contains__(self, article_id: object) -> bool:
        """Whether the article with this id has been added."""
        return article_id in self._arts

    # --- adding --------------------------------------------------------------------------------

    def add(self, analysis: Analysis) -> None:
        """Add one analysed article (again adding the same article id is a no-op)."""
        if analysis.article.id not in self._arts:
            self._link_batch([analysis], *features([texts(analysis)]))

    def add_many(self, analyses: Iterable[Analysis], batch: int = 256, workers: int = 1) -> None:
        """Like ``add`` for each, embedding texts in batches (faster for archives).

        With ``workers > 1`` the text features (MinHash signature, embedding), which depend on
        nothing but the text, are computed in that many worker processes (spawned: forking a
        process with the tokenizer's threads running can deadlock) while this one links; the
        result is the same as with one worker. Worth it for archives, not for a handful.
        """
        pieces = chunks(analyses, batch)
        if workers <= 1:
            for chunk in pieces:
                self._link_batch(chunk, *features([texts(a) for a in chunk]))
            return
        import multiprocessing as mp
        from collections import deque

        with mp.get_context("spawn").Pool(workers, initializer=embed.model) as pool:
            pending: deque = deque()
            for chunk in pieces:
                pending.append((chunk, pool.apply_async(features, ([texts(a) for a in chunk],))))
                if len(pending) > 2 * workers:  # bounded read-ahead: never the whole stream in memory
                    done, res = pending.popleft()
                    self._link_batch(done, *res.get())
            while pending:
                done, res = pending.popleft()
                self._link_batch(done, *res.get())

    def _link_batch(self, chunk: list[Analysis], sigs: np.ndarray, vecs: np.ndarray) -> None:
        for a, sig, vec in zip(chunk, sigs, vecs, strict=True):
            art = a.article
            if art.id in self._arts:
                continue
            published = article_time(a)
            aid = art.id
            window = self._tenure_window(a) if published is None else None
            self._add_article(aid, published, art.published, source_of(art), art.title or "",
                              sig, vec, entities(a), story_keys(a), window)
            for ev in a.events:
                self._add_event(ev, aid, unresolved_days(a, ev) if published is None else None)

    def _add_article(self, aid: str, published: float | None, published_iso: str | None, source: str,
                     title: str, sig: np.ndarray, vec: np.ndarray, entities: tuple[str, ...],
                     keys: tuple[str, ...], window: tuple[tuple[float, float], ...] | None = None) -> None:
        timeless = published is None
        if timeless and window:
            self._windows[aid] = window
        published = published or 0.0
        slot = self._vecs.append(vec)
        self._pub.append(np.nan if timeless else published)  # NaN: never near, found apart
        self._slot_ids.append(aid)
        rec = Art(aid, published, compact_iso(published, published_iso), source, title, slot,
                   merge.shared(entities), merge.shared(keys), timeless)
        self._arts[aid] = rec
        for other in self._dups.add(aid, published, sig):
            self._dup_uf.union(aid, other)
            self._story_uf.union(aid, other)
        for other, cos, weak in self._story_links(rec):
            if rec.timeless and self._arts[other].timeless:
                # two pages with no known time: each may join the story the other joined
                self._twins[aid].add(other)
                self._twins[other].add(aid)
                self._join(aid)
                self._join(other)
                continue
            if rec.timeless == self._arts[other].timeless:
                self._story_uf.union(aid, other)
                continue
            lone, dated = (aid, other) if rec.timeless else (other, aid)
            (self._weak_links if weak else self._timeless_links)[lone][dated] = cos
            self._join(lone)
        if timeless:
            day = _NO_DAY
        else:
            day = int(published // _DAY)
            lo, hi = self._day_range or (day, day)
            self._day_range = (min(lo, day), max(hi, day))
            day &= KEY_MASK
        for k in keys:
            push(self._by_key, self._code(k) << KEY_BITS | day, slot)

    def _own_links(self, tid: str) -> dict[str, float]:
        """The dated articles ``tid`` links to itself (text links, else unambiguous weak ones)."""
        links = self._in_tenure(tid, self._timeless_links.get(tid, {}))
        if not links:
            links = self._in_tenure(tid, self._weak_links.get(tid, {}))
            times = [self._arts[a].published for a in links]
            if times and max(times) - min(times) > 2 * self.settings.window_days * _DAY:
                links = {}  # entity links to stories apart in time: no telling which
        return links

    def _join(self, tid: str, propagate: bool = True) -> None:
        """Which story an article with no known time joins: its best-matching dated article and
        the other matches published within ``window_days`` of it (one story, never a bridge
        between stories years apart). Their publication span is its window in time; its undated
        reports are re-placed when the span changes. Decided from all links so far, so the end
        result does not depend on the order articles came in.

        With no link of the text test, the weaker entity links (``_weak_links``) count when they
        all lie within one story window: an undated page that shares its people with the reports
        of one week joins them; one that shares them with stories months apart joins none.

        With no link of its own at all, it takes the dated articles its timeless twins (pages
        that pass the text test with it) link to by their own links, when those lie within one
        story window: one hop, so no chain of undated pages bridges stories years apart."""
        arts, days = self._arts, self.settings.window_days * _DAY
        if propagate:  # a twin that joins through this page's own links decides again
            for twin in sorted(self._twins.get(tid, ())):
                self._join(twin, propagate=False)
        links = self._own_links(tid)
        if not links and self._twins.get(tid):
            links = self._in_tenure(tid, {a: c for twin in sorted(self._twins[tid])
                                          for a, c in self._own_links(twin).items()})
            times = [arts[a].published for a in links]
            if times and max(times) - min(times) > 2 * days:
                links = {}  # twins in stories apart in time: no telling which
        if not links:
            if tid not in self._joined:
                return
            del self._joined[tid]  # a later article made its only weak story ambiguous
            span = None
        else:
            best = arts[max(links, key=lambda a: (links[a], a))].published
            joined = sorted(a for a in links if abs(arts[a].published - best) <= days)
            self._joined[tid] = joined
            span = (min(arts[a].published for a in joined), max(arts[a].published for a in joined))
        if self._span.get(tid) == span:
            return
        if span is None:
            self._span.pop(tid, None)
        else:
            self._span[tid] = span
        for rid in self._timeless_reports.get(tid, ()):
            old = self._reports[rid]
            if old.dated:
                continue
            new = merge.Report.of(old.event_record(), old.article_id, None, is_country=self._country_names(),
                                  window=span, when=old.when)
            if (new.lo, new.hi) == (old.lo, old.hi):
                continue
            new.canon = old.canon
            self._reports[rid] = new
            self._dirty.add(self._ev_uf.find(rid))
            self._place(new)

    def _in_tenure(self, tid: str, links: dict[str, float]) -> dict[str, float]:
        """The links of ``tid`` to stories told while the offices it names were held."""
        window = self._windows.get(tid)
        if not window:
            return links
        slack = self.settings.window_days * _DAY
        return {a: c for a, c in links.items()
                if any(lo - slack <= self._arts[a].published <= hi + slack for lo, hi in window)}

    def _code(self, part: Any) -> int:
        """A small int for a key part (side, person, side pair, type and status), the same for
        equal parts; codes depend on arrival order, the keys they make only on the parts."""
        code = self._codes.get(part)
        if code is None:
            code = self._codes[part] = len(self._codes) + 3  # after ANY_SIDE and LONE_SIDE
        return code

    def _story_links(self, rec: Art) -> list[tuple[str, float, bool]]:
        """Earlier-added articles that share a story with ``rec`` (symmetric test, vectorised),
        as (id, cosine, weak): ``weak`` links pass only the entity test for articles with no
        known time (``Settings.timeless_jaccard``) and join nothing by themselves.

        A dated article looks within ``window_days`` of its publication and at the articles with
        no known time; one with no known time looks at the dated articles of every day (a dict
        look-up per key and day, no scan of the articles) and at the other timeless ones, which
        are never joined to it directly: with no time to keep them apart, chains of them would
        join stories years apart (``_join`` takes one hop)."""
        s = self.settings
        if rec.timeless:
            days: Iterable[int] = [*(range(self._day_range[0], self._day_range[1] + 1) if self._day_range else ()),
                                   _NO_DAY]
        else:
            day = int(rec.published // _DAY)
            span = int(np.ceil(s.window_days))
            days = [*range(day - span, day + span + 1), _NO_DAY]
        found: set[int] = set()
        by_key = self._by_key
        for k in rec.keys:
            code = self._code(k) << KEY_BITS
            for d in days:
                got = by_key.get(code | (d & KEY_MASK))
                if got is not None:
                    found.add(got) if isinstance(got, int) else found.update(got)
        if not found:
            return []
        slots = np.fromiter(sorted(found), dtype=np.int64, count=len(found))
        if not rec.timeless:
            pub = self._pub.take(slots)
            slots = slots[(np.abs(pub - rec.published) <= s.window_days * _DAY) | np.isnan(pub)]
        cos = self._vecs.take(slots).astype(np.float32) @ self._vecs[rec.slot].astype(np.float32)
        out = [(self._slot_ids[i], float(c), False) for i, c in zip(slots, cos, strict=True) if c >= s.text_high]
        mine = set(rec.entities)
        for i, c in zip(slots, cos, strict=True):
            if c >= s.text_high:
                continue
            other = self._arts[self._slot_ids[i]]
            shared = [e for e in other.entities if e in mine]
            union = len(mine) + len(other.entities) - len(shared)
            jaccard = len(shared) / union if union else 0.0
            if c >= s.text_low and jaccard >= s.entity_jaccard:
                out.append((other.id, float(c), False))
            elif rec.timeless != other.timeless and jaccard >= s.timeless_jaccard and \
                    (c >= s.timeless_text or sum(e.startswith("person:") for e in shared) >= 2):
                out.append((other.id, float(c), True))
        return out

    def _add_event(self, ev: Event, article_id: str, when: str | None = None) -> None:
        """Add a report of ``ev``; ``when``: for an article with no known time, the unresolved
        value naming the event's days (see ``unresolved_days``)."""
        if ev.id in self._reports:
            return
        art = self._arts[article_id]
        rep = merge.Report.of(ev, article_id, None if art.timeless else art.published,
                              is_country=self._country_names(), window=self._span.get(article_id), when=when)
        self._reports[rep.id] = rep
        if art.timeless:
            self._timeless_reports[article_id].append(rep.id)
        self._place(rep)

    def _place(self, rep: merge.Report) -> None:
        """Union ``rep`` with the compatible reports its keys find, and index it under them."""
        index_keys, query_keys = event_keys(rep, self._code)
        seen: set[str] = set()
        for k in query_keys:
            got = self._blocks.get(k)
            for other in (() if got is None else (got,) if isinstance(got, str) else got):
                if other in seen:
                    continue
                seen.add(other)
                if merge.compatible(rep, self._reports[other]):
                    self._union_events(rep.id, other)
        for k in index_keys:
            push(self._blocks, k, rep.id)
        self._dirty.add(self._ev_uf.find(rep.id))

    def _union_events(self, a: str, b: str) -> None:
        ra, rb = self._ev_uf.find(a), self._ev_uf.find(b)
        if ra == rb:
            return
        keep = self._ev_uf.union(a, b)
        drop = rb if keep == ra else ra
        members = self._members.setdefault(keep, [keep])
        members.extend(self._members.pop(drop, []) or [drop])
        self._canon.pop(drop, None)
        self._dirty.discard(drop)
        self._dirty.add(keep)

    # --- reading -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        reports = self._reports
        for root in sorted(self._dirty):
            members = self._members.get(root) or [root]  # absent: a lone report
            groups = merge.cluster([reports[m] for m in members])
            built: list[str | tuple] = []
            for g in groups:
                if len(g) == 1 and g[0].story_day() is None:
                    # the report's own record under its canonical id: built when read
                    g[0].canon = merge.canonical_id(g)
                    built.append(g[0].id)
                    continue
                ev = merge.build([r.event_record() for r in g], reports)
                built.append(freeze_event(ev, share_reason=False))
                for r in g:
                    r.canon = ev.id
            self._canon[root] = built
        self._dirty.clear()

    def _canonical(self) -> Iterator[tuple[str, list[str] | tuple[str, ...], str | tuple]]:
        """(canonical id, article ids, kept form) of every canonical event, without building it."""
        self._refresh()
        reports = self._reports
        for built in self._canon.values():
            for c in built:
                if isinstance(c, str):
                    r = reports[c]
                    yield r.canon, [r.article_id], c  # type: ignore[misc]
                else:
                    yield c[0], c[16], c

    def _thaw(self, kept: str | tuple, parts: dict[int, Any]) -> Event:
        if isinstance(kept, str):
            r = self._reports[kept]
            ev = thaw_event(r.record, r.article_id, parts)
            ev.id, ev.article_ids = r.canon, [r.article_id]  # type: ignore[assignment]
            return ev
        return thaw_event(kept, None, parts)

    def canonical_events(self) -> list[Event]:
        """One Event per real event: all reports' article ids and evidence, best-supported date.

        Fresh records; equal actors, dates and places are shared among them."""
        kept = sorted((cid, k) for cid, _, k in self._canonical())  # ids are distinct
        parts: dict[int, Any] = {}
        return [self._thaw(k, parts) for _, k in kept]

    def canonical_id(self, event_id: str) -> str | None:
        """The canonical event a per-article event was merged into."""
        self._refresh()
        r = self._reports.get(event_id)
        return r.canon if r is not None else None

    def event_map(self) -> dict[str, str]:
        """Per-article event id -> canonical event id."""
        self._refresh()
        return {i: self._reports[i].canon for i in sorted(self._reports)}  # type: ignore[misc]

    def sources(self) -> dict[str, dict[str, Any]]:
        """Canonical id -> ``{"reports", "sources", "independent_sources"}``.

        ``sources`` are the distinct outlets (``Article.source``, else the URL host);
        ``independent_sources`` counts a wire copy carried by several outlets once.
        """
        originals = self.duplicates()
        out = {}
        for cid, article_ids, _ in sorted(self._canonical(), key=lambda c: c[0]):
            outlets = sorted({self._arts[a].source for a in article_ids})
            indep = {self._arts[originals.get(a, a)].source for a in article_ids}
            out[cid] = {"reports": len(article_ids), "sources": outlets,
                        "independent_sources": len(indep)}
        return out

    def duplicates(self) -> dict[str, str]:
        """Copy article id -> original article id (the earliest of its group of copies)."""
        copies = groups(self._dup_uf, self._arts)
        out = {}
        for members in copies:
            first = members[0]
            for m in members[1:]:
                out[m] = first
        return dict(sorted(out.items()))

    def stories(self) -> list[Story]:
        """Story clusters: text, entity and copy links, plus articles sharing a canonical event."""
        events = [(cid, article_ids) for cid, article_ids, _ in self._canonical()]
        uf = merge.UnionFind()
        uf.parent = dict(self._story_uf.parent)
        for tid, joined in self._joined.items():
            for a in joined:
                uf.union(tid, a)
        for _, article_ids in events:
            for a in article_ids[1:]:
                uf.union(article_ids[0], a)
        events_of: dict[str, list[str]] = defaultdict(list)
        for cid, article_ids in events:
            events_of[uf.find(article_ids[0])].append(cid)
        del events
        originals = self.duplicates()
        out = []
        for members in groups(uf, self._arts):
            arts = [self._arts[m] for m in members]
            head = next((a for a in arts if a.id not in originals and a.title), arts[0])
            root = uf.find(members[0])
            # an article with no known time has no place in the story's span ("" when none has)
            dated = [a for a in arts if not a.timeless]
            out.append(Story(
                id=content_id("sto", members[0]), article_ids=members,
                event_ids=sorted(events_of.get(root, [])), title=head.title,
                first_seen=iso_of(min(dated, key=lambda a: a.published)) if dated else "",
                last_seen=iso_of(max(dated, key=lambda a: (a.published, a.id))) if dated else "",
            ))
        return sorted(out, key=lambda s: s.id)

    # --- state ---------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Plain JSON-able dict of everything needed to go on adding later (no texts)."""
        arts = []
        for a in sorted(self._arts.values(), key=lambda a: a.id):
            arts.append({
                "id": a.id, "published": None if a.timeless else a.published, "published_iso": published_iso(a),
                "source": a.source, "title": a.title, "entities": list(a.entities), "keys": list(a.keys),
                "sig": b64(self._dups.signature_of(a.id).astype(np.uint32)),
                **({"window": tenure.to_rows(self._windows[a.id])}
                   if a.id in self._windows else {}),
                "vec": b64(self._vecs[a.slot].astype(np.float16)),
            })
        events = [{"article_id": r.article_id, "published": None if self._arts[r.article_id].timeless else r.published,
                   "event": to_dict(r.event_record()), **({"when": r.when} if r.when else {})}
                  for r in (self._reports[i] for i in sorted(self._reports))]
        return {"version": STATE_VERSION, "settings": to_dict(self.settings), "articles": arts, "events": events}

    def _knowledge(self) -> KnowledgeBase:
        if self._kb is None:  # on first use: an index of articles alone needs no KB
            from teller.actors import KnowledgeBase

            self._kb = KnowledgeBase.default()
        return self._kb

    def _country_names(self) -> Callable[[str], bool]:
        if self._is_country is None:
            self._is_country = merge.country_names(self._knowledge())
        return self._is_country

    def _tenure_window(self, analysis: Analysis) -> tuple[tuple[float, float], ...] | None:
        return tenure.window_of(analysis, self._knowledge)

    @classmethod
    def from_state(cls, state: dict[str, Any], *, kb: KnowledgeBase | None = None) -> StoryIndex:
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise DataError(f"story index state must be a dict with version {STATE_VERSION}")
        idx = cls(Settings(**state.get("settings", {})), kb=kb)
        try:
            # by publication time: the result does not depend on the order, but the LSH keeps only a
            # few weeks open, and replaying in id order would rebuild a week for nearly every article
            for a in sorted(state["articles"], key=lambda a: (float(a["published"] or 0.0), a["id"])):
                sig = np.frombuffer(base64.b64decode(a["sig"]), dtype=np.uint32).copy()
                vec = np.frombuffer(base64.b64decode(a["vec"]), dtype=np.float16).astype(np.float32)
                published = a["published"]
                idx._add_article(a["id"], None if published is None else float(published), a.get("published_iso"),
                                 a["source"],
                                 a.get("title") or "", sig, vec, tuple(sorted(a.get("entities") or ())),
                                 tuple(a.get("keys") or ()), tenure.from_rows(a.get("window")))
            for e in state["events"]:
                idx._add_event(event_from(e["event"]), e["article_id"], e.get("when"))
        except (KeyError, TypeError, ValueError) as err:
            raise DataError(f"malformed story index state: {err}") from err
        return idx
