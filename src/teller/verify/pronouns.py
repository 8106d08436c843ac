"""Pronoun–gender agreement: "his inaugural address" for a woman minister.

``actors.resolve`` links each pronoun to the most salient fitting person *by position and role,
not by gender*, so that a pronoun of the wrong gender stays linked to the person it is about and
can be flagged here. Position-based resolution is sometimes simply wrong, so the check only
speaks when the reading is unambiguous:

* the person the pronoun is linked to is named in the same or the previous sentence, before it
  and outside any quotation, and is named in full (two words or more) somewhere in the article,
  so a bare surname that the resolver matched to a namesake ("Li") is not enough;
* no other candidate of the pronoun's gender (or of unknown gender) is mentioned in that window:
  no other resolved person, no unresolved spaCy PERSON entity, no gendered noun ("the man"),
  and no surname of another person of the article (resolved, or a PERSON entity anywhere);
* the pronoun is not inside a quotation (where "he" may be anybody the speaker means), nor the
  speaker right after one ('...," she said'), whom position alone cannot identify.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from teller.records import Actor, Article, Flag, Mention, Span
from teller.verify.text import SentenceIndex, inside_any, overlaps, quoted_spans, same_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

PRONOUN_GENDER: dict[str, str] = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}
_POSSESSIVE = re.compile(r"[’']s?$")
_AFTER_QUOTE = re.compile(r"[\"”’'][,.!?]?\s*$|[,.!?][\"”’']\s*$")
_GENDERED_NOUN = {
    "male": re.compile(r"\b(?:man|men|boy|father|son|husband|brother|king|prince|spokesman|chairman|"
                       r"gentleman|uncle|nephew|grandfather|businessman|congressman|mr)\b", re.I),
    "female": re.compile(r"\b(?:woman|women|girl|mother|daughter|wife|sister|queen|princess|spokeswoman|"
                         r"chairwoman|lady|aunt|niece|grandmother|businesswoman|congresswoman|mrs|ms)\b", re.I),
}


def _first(m: Mention) -> Span | None:
    return min(m.evidence) if m.evidence else None


def pronoun_mismatches(
    article: Article,
    mentions: Sequence[Mention],
    sentences: SentenceIndex,
    doc: Doc | None = None,
) -> list[Flag]:
    """``pronoun_mismatch`` warnings (evidence: the pronoun, then the person's nearest name)."""
    text = article.text
    quotes: list[Span] | None = None
    people = [
        (sp, m) for m in mentions if m.kind != "pronoun" and m.evidence
        for sp in m.evidence
    ]
    full_names = {m.actor.id for m in mentions
                  if m.actor is not None and m.kind != "pronoun" and len(m.text.split()) >= 2}
    flags: list[Flag] = []
    for m in mentions:
        if m.kind != "pronoun" or m.actor is None or not m.evidence or m.actor.id not in full_names:
            continue
        want = PRONOUN_GENDER.get(m.text.strip().lower())
        have = m.actor.gender
        if want is None or have is None or want == have:
            continue
        pron = _first(m)
        assert pron is not None
        if quotes is None:
            quotes = quoted_spans(text)
        if inside_any(pron, quotes) or _AFTER_QUOTE.search(text, max(0, pron.start - 6), pron.start):
            continue
        i = sentences.index_of(pron.start)
        if i is None:
            continue
        window = Span(sentences.spans[max(0, i - 1)].start, pron.start)
        name = _named_in_window(people, m.actor.id, window, quotes)
        if name is None or _has_rival(people, m.actor, want, window, text, doc):
            continue
        flags.append(Flag(
            kind="pronoun_mismatch",
            severity="warning",
            message=(f"{m.text!r} refers to {m.actor.name}, who is {have}"
                     f" (named as {name.of(text)!r})"),
            evidence=[pron, name],
        ))
    return flags


def _named_in_window(
    people: list[tuple[Span, Mention]], actor_id: str, window: Span, quotes: list[Span]
) -> Span | None:
    """The last span in ``window``, outside quotations, that names the actor."""
    best = None
    for sp, m in people:
        if (m.actor is not None and m.actor.id == actor_id and window.start <= sp.start
                and sp.end <= window.end and not inside_any(sp, quotes)):
            if best is None or sp.start > best.start:
                best = sp
    return best


def _article_people(people: list[tuple[Span, Mention]], actor: Actor, gender: str, doc: Doc | None,
                    text: str) -> set[str]:
    """Surnames of the article's other people who could fit the pronoun: resolved persons of
    that gender or unknown gender, and spaCy PERSON entities anywhere in the text (the parser
    often misses a person's first mention but tags later ones)."""
    own = {w for n in (actor.name, *actor.aliases) for w in n.split()}
    names = {
        _POSSESSIVE.sub("", m.actor.name.split()[-1]) for _, m in people
        if m.actor is not None and m.actor.id != actor.id and m.actor.kind == "person"
        and m.actor.gender in (gender, None) and m.actor.name.split()
    }
    if doc is not None and same_text(doc, text):
        names |= {_POSSESSIVE.sub("", e.text.split()[-1]) for e in doc.ents if e.label_ == "PERSON" and e.text.split()}
    return {n for n in names if len(n) >= 3 and n not in own and n[0].isupper()}


def _surname_in_window(names: set[str], window: Span, text: str, own: list[Span]) -> bool:
    """Another fitting person of the article named in the window without a mention there."""
    segment = text[window.start:window.end]
    for name in names:
        if name not in segment:
            continue
        for hit in re.finditer(rf"\b{re.escape(name)}\b", segment):
            sp = Span(window.start + hit.start(), window.start + hit.end())
            if not any(overlaps(sp, o) for o in own):
                return True
    return False


def _has_rival(
    people: list[tuple[Span, Mention]], actor: Actor, gender: str, window: Span, text: str, doc: Doc | None
) -> bool:
    """Is another person the pronoun could fit mentioned in the window?"""
    actor_id = actor.id
    own: list[Span] = []
    other_people: list[Span] = []
    for sp, m in people:
        if not (window.start <= sp.start and sp.end <= window.end):
            continue
        a = m.actor
        if a is not None and a.id == actor_id:
            own.append(sp)
        elif a is not None and a.kind == "person":
            other_people.append(sp)
            if a.gender in (gender, None):
                return True
    if _GENDERED_NOUN[gender].search(text, window.start, window.end):
        return True
    if _surname_in_window(_article_people(people, actor, gender, doc, text), window, text, own):
        return True
    if doc is not None and same_text(doc, text):
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start_char < window.start or ent.end_char > window.end:
                continue
            es = Span(ent.start_char, ent.end_char)
            if not any(overlaps(es, s) for s in own + other_people):
                return True  # an unresolved person: the pronoun may be theirs
    return False
