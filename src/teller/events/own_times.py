"""Which time expressions are an event's own, decided from the dependency parse (see
:func:`dates_event`): the coder ties every time expression of a sentence to the nearest event
above it, but only those that are the event's own circumstance count. A time that modifies
another noun ("Norway's October output", "Monday night's loss", "the show on Sept. 12"), that
sits in another clause (a relative clause, a complement, a second conjoined verb), or that
bounds a period instead of dating an act ("since the 14th century", "until 2022", "by 2024") is
left out, so that other times told in the same sentence do not reach ``timex.reconcile`` as
rival dates of the event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events import lexicon
from teller.events.clauses import participle_head
from teller.events.context import Candidate
from teller.events.triggers import CROWD_CONTROL
from teller.records import TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: Dependency relations that open another clause: a time below one belongs to that clause's act.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "conj", "parataxis", "csubj", "csubjpass"})
#: Relations by which a time expression modifies the noun above it ("October oil production",
#: "Monday night's loss", "demand next year", "the final date, Oct. 10").
_NOUN_MOD_DEPS = frozenset({"poss", "compound", "nmod", "amod", "npadvmod", "nummod", "appos"})
#: Prepositions that make a time the bound of a period or a deadline, not the date of the act.
_BOUND_PREPS = frozenset({"since", "until", "till", "til", "by", "through", "throughout"})
#: Prepositions whose object is a place or a partner: a time attached below one is a common
#: misattachment ("met in the capital on Monday"), so it still dates the event.
_PLACE_PREPS = frozenset({"in", "at", "near", "with", "to", "from", "outside", "inside"})


def timex_span(doc: Doc, tv: TimeValue):
    if not tv.evidence:
        return None
    sp = doc.char_span(tv.evidence[0].start, tv.evidence[0].end, alignment_mode="expand")
    return sp if sp is not None and len(sp) else None


def bounding_prep(span) -> bool:
    """True when the expression is governed by "since/until/by ...": a bound, not a date."""
    root = span.root
    prep = None
    if root.pos_ == "ADP" or root.dep_ == "prep":
        prep = root
    elif root.dep_ == "pobj" and root.head.dep_ in ("prep", "agent") and not (span.start <= root.head.i < span.end):
        prep = root.head
    elif span.start > 0 and span.doc[span.start - 1].pos_ in ("ADP", "SCONJ"):
        prep = span.doc[span.start - 1]
    first = span[0].lower_
    return (prep is not None and prep.lower_ in _BOUND_PREPS) or first in _BOUND_PREPS


def path_is_own(span, stop: set[int], event_noun: int = -1) -> int | None:
    """Walk from the expression up to a token in ``stop``; the index reached, or None when the
    walk leaves the expression through another noun or another clause first."""
    tok = span.root
    if tok.i in stop:
        return tok.i
    for _ in range(14):
        head = tok.head
        if head.i == tok.i:
            return None
        inside = span.start <= tok.i < span.end
        if inside and head.i not in stop and head.pos_ in ("NOUN", "PROPN") and tok.dep_ in _NOUN_MOD_DEPS \
                and not span.start <= head.i < span.end:
            return None  # modifies another noun: "Monday night's loss", "October oil production"
        if not inside:
            if tok.dep_ in _CLAUSE_DEPS and not (tok.dep_ == "conj" and tok.pos_ not in ("VERB", "AUX")) \
                    and not (tok.dep_ in ("acl", "relcl") and head.i == event_noun):
                # another clause's act: "which kicks off June 9", "and concludes Oct. 10"; but a
                # clause describing the event noun itself dates it ("a summit to be held Friday")
                return None
            if tok.pos_ == "NOUN" and not (tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS) \
                    and not _misattached_object(tok, stop):
                return None  # inside a noun phrase: "a hometown show on Sept. 12"
        if head.i in stop:
            return head.i
        tok = head
    return None


def _misattached_object(tok, stop: set[int]) -> bool:
    """The parser often hangs "on 12 May" on the event verb's object ("gave Chile a shipment of
    grain on 12 May"): a thing given or imposed has no date of its own, so the date is the act's;
    an object that is an event itself ("announced a show on Sept. 12") keeps its date."""
    return tok.dep_ in ("dobj", "dative") and tok.head.i in stop and tok.lemma_.lower() not in lexicon.default().nouns


def dates_event(doc: Doc, c: Candidate, tv: TimeValue) -> bool:
    """Whether the time expression ``tv`` (which the coder tied to ``c``) dates the event itself."""
    span = timex_span(doc, tv)
    if span is None:
        return True  # nothing to judge by: keep the coder's attachment
    if bounding_prep(span):
        return False
    stop = {c.trigger, c.clause}
    head = participle_head(doc[c.clause])
    if head is not None:
        stop.add(head)
    for ch in doc[c.clause].children:  # "fired tear gas to disperse them on Sunday": one occasion
        if participle_head(ch) == c.clause:
            stop.add(ch.i)
    if c.nominal and doc[c.trigger].head.lemma_.lower() in CROWD_CONTROL:
        stop.add(doc[c.trigger].head.i)  # "broke up a rally on Sunday": the rally's day
    if between_subject_and_verb(span, stop):
        return True
    return path_is_own(span, stop, c.trigger if c.nominal else -1) is not None


def between_subject_and_verb(span, stop: set[int]) -> bool:
    """News puts the day between subject and verb ("The two ministers on Tuesday agreed ...",
    "President Obama Thursday ordered ..."); the parser hangs it on the subject, but a person
    or a state is not "on Tuesday": the day is the act's."""
    root = span.root
    prep = root.head if root.dep_ == "pobj" else root
    noun = prep.head if prep.dep_ in ("prep", "npadvmod") or prep is root else None
    if noun is None or noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i not in stop:
        return False
    return noun.i < span.start and span.end <= noun.head.i


def dates_report(doc: Doc, c: Candidate, tv: TimeValue, report_verbs: frozenset[str]) -> bool:
    """A time with no event of its own dates the event only through the speech verb governing
    it ("police said Tuesday that ..."), not when it belongs to some other act of the sentence."""
    span = timex_span(doc, tv)
    if span is None or bounding_prep(span):
        return False
    clause = doc[c.clause]
    governors = {t.i for t in clause.ancestors if t.lemma_.lower() in report_verbs}
    return bool(governors) and path_is_own(span, governors) is not None
