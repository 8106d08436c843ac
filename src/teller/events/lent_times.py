"""Times one telling lends another: the day told before the first of two conjoined verbs, and
the day of an announcement, decision or move that refers back to an act told just before.

``teller.events.own_times`` decides which time expressions are an event's own; these rules run
after it, for events left with none, so a day the text does state reaches them rather than the
publication-day fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from teller.events.context import Candidate
from teller.events.own_times import between_subject_and_verb, bounding_prep, path_is_own, timex_span
from teller.records import TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc


def share_with_conjuncts(doc: Doc, cands: list[Candidate], timexes: Sequence[TimeValue]) -> None:
    """A day told before the first of two conjoined verbs dates both: in "Biden Tuesday
    ordered the expulsion of 20 diplomats and sanctioned three officers" (or "On Tuesday, Biden
    ordered ... and sanctioned ...") the day is the coordinated acts', so the second verb, with
    no subject and no time of its own, takes it. A day after the first verb ("ordered ... on
    Tuesday and will sanction ...") is that verb's alone."""
    for c in cands:
        if c.timexes or c.nominal:
            continue
        verb = doc[c.clause]
        if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX") \
                or any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.children):
            continue
        first = verb.head
        while first.dep_ == "conj" and first.head.pos_ in ("VERB", "AUX"):
            first = first.head  # "ordered A, froze B and sanctioned C": the first verb's day
        for tv in timexes:
            span = timex_span(doc, tv)
            if span is not None and span.end <= first.i and span.sent.start == verb.sent.start \
                    and tv.type in ("DATE", "TIME") and not bounding_prep(span) \
                    and (between_subject_and_verb(span, {first.i}) or path_is_own(span, {first.i}) is not None):
                c.timexes.append(tv)


#: Nouns that name an earlier told act without being an event themselves: "Biden made the
#: announcement on Tuesday", "Friday's decision", "the move came on Monday", "took part in
#: Saturday's mission".
_BACK_NOUNS = frozenset({"announcement", "decision", "move", "statement", "declaration", "remarks", "comments",
                         "step", "order", "pledge", "ruling", "verdict", "mission", "operation"})
#: Back-reference nouns that only name talks.
_TALK_NOUNS = frozenset({"talks", "talk", "meeting", "call", "conversation", "summit"})
#: Verbs that only carry such a noun: its time is the noun's ("made the announcement on Tuesday").
_LIGHT_VERBS = frozenset({"make", "issue", "deliver", "release", "publish", "come", "follow", "take", "hold"})


def _referring_noun(doc: Doc, span):
    """The definite back-reference noun the time expression dates, if any: "Friday's
    announcement", "the decision on Monday", "made the announcement ... on Tuesday"."""
    root = span.root
    words = _BACK_NOUNS | _TALK_NOUNS
    if root.dep_ in ("poss", "compound", "npadvmod", "nmod") and root.head.lower_ in words:
        return root.head
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.lower_ in words \
            and _definite(root.head.head):
        return root.head.head
    for verb in span.sent:
        if verb.lemma_.lower() not in _LIGHT_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        noun = next((t for t in verb.children if t.dep_ in ("dobj", "nsubj", "nsubjpass")
                     and t.lower_ in words and _definite(t)), None)
        if noun is not None and (between_subject_and_verb(span, {verb.i})
                                 or path_is_own(span, {verb.i}) is not None):
            return noun
    return None


def _definite(noun) -> bool:
    return any(t.dep_ == "poss" or (t.dep_ == "det" and t.lower_ in ("the", "this", "that", "these"))
               for t in noun.children)


def date_through_back_references(doc: Doc, cands: list[Candidate], timexes: Sequence[TimeValue]) -> None:
    """"Biden says Israel and Lebanon have agreed on a ceasefire. Biden made the announcement in
    Washington on Tuesday.": the announcement is the act told just before, so its day dates that
    act. The nearest earlier happened event within two sentences is the one referred to (the
    nearest earlier talks for "the meeting", "the call"); when it is dated already, or the noun
    has an event of its own sentence to date, nothing changes."""
    sents = {s.start: n for n, s in enumerate(doc.sents)}
    for tv in timexes:
        span = timex_span(doc, tv)
        if span is None or tv.type not in ("DATE", "TIME") or bounding_prep(span):
            continue
        noun = _referring_noun(doc, span)
        if noun is None or any(c.sentence.start <= noun.idx < c.sentence.end and tv in c.timexes for c in cands):
            continue
        here = sents[noun.sent.start]
        talks = noun.lower_ in _TALK_NOUNS

        def sentence_no(c: Candidate) -> int:
            span = doc.char_span(c.sentence.start, c.sentence.end, alignment_mode="expand")
            assert span is not None  # "expand" covers the sentence's characters with tokens
            return sents[span.sent.start]

        earlier = [c for c in cands if c.event_span.start < noun.idx and c.status == "happened"
                   and here - sentence_no(c) <= 2 and (not talks or c.type == "CONSULT")]
        if not earlier:
            continue
        target = max(earlier, key=lambda c: c.event_span.start)
        if not target.timexes and not target.report_timexes:
            target.timexes.append(tv)
