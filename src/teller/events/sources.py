"""Who reports, not who acts: the tokens that name the source of a report — a news outlet or
agency ("reported Kyodo News", "the TASS news agency said", "(AP Photo/...)", "MENAFN -"),
or the article's own outlet. Their mentions are no party of the events the report tells.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

#: Last words that make a name a newsroom's ("Kyodo News", "The Moscow Times", "Jiji Press").
NEWSROOM_HEADS = frozenset({"news", "times", "post", "press", "daily", "herald", "tribune", "journal",
                            "gazette", "telegraph", "tv", "television", "radio", "broadcasting", "newspaper",
                            "chronicle", "inquirer", "wire"})

#: Nouns that say a name is a newsroom: "the TASS news agency", "state broadcaster KBS".
NEWSROOM_NOUNS = frozenset({"newspaper", "daily", "broadcaster", "outlet", "tabloid", "newswire", "network",
                            "channel", "paper", "agency", "agencies", "television", "radio"})

#: Words that, before "agency", make it a newsroom ("news agency"), not an office ("energy agency").
_AGENCY_KINDS = frozenset({"news", "press", "wire", "state", "official"})


@lru_cache(maxsize=1)
def outlet_names() -> frozenset[str]:
    text = resources.files("teller.data").joinpath("plover/outlets.tsv").read_text(encoding="utf-8")
    return frozenset(_key(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _key(name: str) -> str:
    words = name.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def is_outlet_name(name: str, source: str | None = None) -> bool:
    """Whether ``name`` names a news outlet: a listed one, the article's own ``source``
    ("Times of Malta", "Yahoo News Canada (Reuters)": each part), or a name ending in a
    newsroom word ("Kyodo News", "The Moscow Times")."""
    key = _key(name)
    if not key:
        return False
    if key in outlet_names() or key in own_outlets(source):
        return True
    words = key.replace("'s", "").split()
    return len(words) > 1 and words[-1] in NEWSROOM_HEADS


def own_outlets(source: str | None) -> frozenset[str]:
    """The names an article's ``source`` field gives ("BBC News", "Rediff.com (PTI copy)" ->
    "rediff.com", "pti")."""
    if not source:
        return frozenset()
    parts = [source] + [p for chunk in source.replace(")", "(").split("(") for p in chunk.split(";")]
    out = set()
    for p in parts:
        words = [w for w in p.replace(",", " ").split() if w.lower() not in ("copy", "item", "text", "excerpt", "of")]
        if words:
            out.add(_key(" ".join(words)))
    return frozenset(k for k in out if len(k) > 1)


def source_tokens(doc: Doc, source: str | None = None) -> set[int]:
    """Indices of the tokens that name a report's source in ``doc``."""
    out: set[int] = set()
    for span in _candidate_names(doc):
        if is_outlet_name(span.text, source) or _called_newsroom(span):
            out.update(range(span.start, span.end))
    out.update(_photo_credits(doc))
    return out


def _candidate_names(doc: Doc) -> Iterator[SpacySpan]:
    """Named entities, and runs of proper nouns the NER left out ("MENAFN", "Kyodo")."""
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "FAC"):
            covered.update(range(ent.start, ent.end))
            yield ent
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and i not in covered:
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and j not in covered:
                j += 1
            yield doc[i:j]
            i = j
        else:
            i += 1


def _called_newsroom(span: SpacySpan) -> bool:
    """ "the TASS news agency", "state broadcaster KBS", "Xinhua news agency": the name is a
    compound of, or in apposition to, a newsroom noun."""
    root = span.root
    head = root.head
    for noun in (head, *(c for c in root.children if c.dep_ == "appos")):
        if noun.i in range(span.start, span.end) or noun.lower_ not in NEWSROOM_NOUNS:
            continue
        if noun.lower_ in ("agency", "agencies") and not any(c.lower_ in _AGENCY_KINDS for c in noun.children):
            continue  # "the International Atomic Energy Agency", "the agency" of a government
        if noun.lower_ in ("network", "channel", "paper", "television", "radio") and \
                not any(c.lower_ in ("news", "state", "television", "tv") for c in noun.children):
            continue
        if root.dep_ in ("compound", "appos", "nmod") or noun.head.i == root.i:
            return True
    return False


def _photo_credits(doc: Doc) -> Iterator[int]:
    """ "(AP Photo/Jane Doe)", "Image: John Doe AP/Press Association Images": the credit names
    who took or sold a picture."""
    for t in doc:
        if t.lower_ in ("photo", "photos", "images") and t.i > 0:
            start = t.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and start > t.i - 4:
                start -= 1
            end = t.i + 1
            while end < len(doc) and end < t.i + 8 and doc[end].text not in (")", ".", "|") and \
                    (doc[end].pos_ in ("PROPN", "PUNCT", "SYM") or doc[end].text == "/"):
                end += 1
            if start < t.i or (t.i + 1 < len(doc) and doc[t.i + 1].text == "/"):
                yield from range(start, end)
