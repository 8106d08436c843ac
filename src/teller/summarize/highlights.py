"""Highlights: two to four sentences of the article, verbatim, that carry its main events.

A highlight is extractive on purpose: every word is the article's own, and its evidence span
points at it, so a reader can check it in place. Sentences are chosen by the events that the
events stage found (their evidence spans), most important event first:

* the main event is represented by its first sentence free of unresolved (warning/error)
  flags; when every sentence of it is flagged, by the least-flagged one whose flags are all
  about its date, shown corrected: the flagged time is replaced by the event's resolved date
  and the original is quoted ("on the evening of 14 September 2023 (the text says “the evening
  of March 14”)"). A highlight never repeats a flagged error as if it were true, so a sentence
  with any other flag is left out, even the main event's;
* each further event adds its first clean sentence, up to four;
* repeated copies (``article.repeats``) never appear; sentences flagged warning/error are
  skipped; if events give fewer than two sentences, the first clean lead sentences fill in;
* the result is in text order.

Summarisation libraries (sumy, gensim's TextRank) rank sentences by word overlap and know
nothing of events, flags or repeated passages, which are the point here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from teller.records import Article, Event, Flag, Highlight, Span
from teller.summarize.brief import date_phrase
from teller.verify.text import SentenceIndex, overlaps, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_HIGHLIGHTS = 2
MAX_HIGHLIGHTS = 4
_STATUS_WEIGHT = {"happened": 1.0, "planned": 0.6, "hypothetical": 0.2, "denied": 0.2}
# A lead sentence worth filling in with: words, and a sentence-final mark (not a heading).
_FULL_SENTENCE = re.compile(r"[.!?。！？][\"'”’)」]*$")
#: Fewer words than this is a fragment (a dateline, a caption), not a highlight.
MIN_WORDS = 4
#: Flags about a time expression: a highlight can show the time corrected instead.
DATE_FLAGS = frozenset({"date_conflict", "future_past_event", "invalid_time", "mt_swap", "date_outside_tenure"})
#: Words before a flagged time that the corrected phrase replaces with its own preposition.
_LEAD_IN = re.compile(r"(?:\b(?:on|at|in)\s+)?(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?$", re.I)


def rank_events(events: Sequence[Event], text_length: int) -> list[Event]:
    """Events, most important first: status, confidence, how often and how early reported."""
    def score(e: Event) -> float:
        first = min((sp.start for sp in e.evidence), default=text_length)
        early = 1.0 - first / max(text_length, 1)
        return (
            _STATUS_WEIGHT.get(e.status, 0.0)
            + e.confidence
            + 0.15 * min(len(e.evidence), 4)
            + early
            + (0.3 if e.actor and (e.recipient or e.event in ("PROTEST", "MOBILIZE", "RETREAT")) else 0.0)
        )
    return sorted((e for e in events if e.evidence), key=lambda e: (-score(e), e.id))


def _copies(article: Article) -> list[Span]:
    return [copy for copy, _ in article.repeats]


def _flag_counts(spans: Sequence[Span], flags: Sequence[Flag]) -> list[int]:
    """How many unresolved (warning/error) flags touch each sentence."""
    index = SentenceIndex(spans)
    counts = [0] * len(spans)
    for f in flags:
        if f.severity == "info":
            continue
        touched: set[int] = set()
        for sp in f.evidence:
            touched.update(index.overlapping(sp))
        for i in touched:
            counts[i] += 1
    return counts


def _word_count(text: str) -> int:
    n = len(text.split())
    # Scripts written without spaces: count about one word per two characters.
    return n if n > 2 or len(text) < 12 else max(n, len(text) // 2)


def highlights(
    article: Article,
    doc: Doc | None,
    events: Sequence[Event],
    flags: Sequence[Flag],
) -> list[Highlight]:
    """2–4 verbatim sentences carrying the article's main events, in text order."""
    text = article.text or ""
    spans = sentence_spans(text, doc)
    if not spans:
        return []
    copies = _copies(article)
    in_copy = [any(overlaps(s, c) for c in copies) for s in spans]
    flagged = _flag_counts(spans, flags)
    index = SentenceIndex(spans)
    chosen: list[int] = []
    fixed: dict[int, str] = {}  # sentence -> its text with flagged times corrected

    ranked = rank_events(events, len(text))
    for rank, event in enumerate(ranked):
        if len(chosen) >= MAX_HIGHLIGHTS:
            break
        sents = sorted({i for sp in event.evidence for i in index.overlapping(sp)})
        sents = [i for i in sents if _word_count(spans[i].of(text)) >= MIN_WORDS] or sents
        originals = [i for i in sents if not in_copy[i]] or sents
        clean = [i for i in originals if flagged[i] == 0]
        if clean:
            pick = clean[0]
        else:
            bodies = {i: _corrected(text, spans[i], event, flags) for i in originals} if rank == 0 else {}
            fixable = [i for i, body in bodies.items() if body is not None]
            if not fixable:
                continue
            pick = min(fixable, key=lambda i: (flagged[i], i))  # the main event, corrected
            fixed[pick] = bodies[pick]  # type: ignore[assignment]
        if pick not in chosen:
            chosen.append(pick)

    for i, s in enumerate(spans):  # fill from the lead when events gave too little
        if len(chosen) >= MIN_HIGHLIGHTS:
            break
        body = s.of(text)
        if i in chosen or in_copy[i] or flagged[i] or _word_count(body) < 6 or not _FULL_SENTENCE.search(body):
            continue
        chosen.append(i)

    return [Highlight(text=fixed.get(i, spans[i].of(text)), evidence=[spans[i]]) for i in sorted(chosen)]


def _corrected(text: str, sentence: Span, event: Event, flags: Sequence[Flag]) -> str | None:
    """The sentence with every flagged time replaced by the event's resolved date and the
    original quoted; ``None`` when a flag on it is not about a time or the event has no date."""
    touching = [f for f in flags if f.severity != "info" and any(overlaps(sp, sentence) for sp in f.evidence)]
    if any(f.kind not in DATE_FLAGS for f in touching):
        return None
    phrase = date_phrase(event.date)
    if phrase is None:
        return None
    inside = sorted({(sp.start, sp.end) for f in touching for sp in f.evidence
                     if sentence.start <= sp.start and sp.end <= sentence.end})
    if not inside:
        return None
    out, pos = [], sentence.start
    for start, end in inside:
        if start < pos:
            continue  # nested in a span already replaced
        lead = _LEAD_IN.search(text, pos, start)
        begin = lead.start() if lead and lead.group() else start
        original = text[start:end]
        out.append(text[pos:begin])
        out.append(f"{phrase[0]} {phrase[1]} (the text says “{original}”)")
        pos = end
    out.append(text[pos:sentence.end])
    return "".join(out)
