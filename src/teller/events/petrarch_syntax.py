"""The shallow syntax the dictionary coder needs, from a Penn-treebank parse or a spaCy Doc.

A TABARI/PETRARCH coder only needs, per sentence: the tokens with their part-of-speech tags,
and for every verb its clause subject (a token span), the extent of its verb phrase, and whether
it is a passive with a "by" agent. Both a bracketed treebank parse (as shipped with PETRARCH
validation records) and a spaCy dependency parse give that, so the coder works on either.
No library reads treebank strings without pulling in NLTK, hence the small reader here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Clause", "SentenceView", "from_treebank", "from_spacy", "TreebankError"]

BE_FORMS = frozenset({"BE", "IS", "ARE", "WAS", "WERE", "BEEN", "BEING", "AM", "'S", "'RE"})
_PTB_ESCAPES = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "-LSB-": "[", "-RSB-": "]",
                "``": '"', "''": '"'}
_S_LABELS = frozenset({"S", "SQ", "SINV", "SBARQ"})


class TreebankError(ValueError):
    """A bracketed parse that cannot be read."""


@dataclass
class Clause:
    """One verb's syntactic frame (token indices, end exclusive)."""

    verb: int
    subject: tuple[int, int] | None
    vp: tuple[int, int]
    passive_agent: tuple[int, int] | None = None  # the NP after "by" in a passive


@dataclass
class SentenceView:
    words: list[str]  # as written
    tags: list[str]  # Penn tags
    offsets: list[tuple[int, int]]  # character spans in the sentence text (-1 when unknown)
    clauses: dict[int, Clause] = field(default_factory=dict)  # keyed by verb token index
    places: list[tuple[int, int]] = field(default_factory=list)  # named places/things (spaCy NER)

    @property
    def upper(self) -> list[str]:
        return [w.upper() for w in self.words]


# ---------------------------------------------------------------------------------------------
# treebank


@dataclass
class _Node:
    label: str
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    start: int = 0
    end: int = 0  # leaf index span, end exclusive
    word: str | None = None


_TOKEN = re.compile(r"\(|\)|[^\s()]+")


def _read_tree(text: str) -> _Node:
    tokens = _TOKEN.findall(text)
    if not tokens or tokens[0] != "(":
        raise TreebankError("parse does not start with '('")
    stack: list[_Node] = []
    root: _Node | None = None
    leaves = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "(":
            label = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1] not in "()" else ""
            node = _Node(label, parent=stack[-1] if stack else None, start=leaves)
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
            stack.append(node)
            i += 2 if label else 1
            # a preterminal: (TAG word)
            if label and i + 1 < len(tokens) and tokens[i] not in "()" and tokens[i + 1] == ")":
                node.word = tokens[i]
                leaves += 1
                i += 1
            continue
        if tok == ")":
            if not stack:
                raise TreebankError("unbalanced ')'")
            node = stack.pop()
            node.end = leaves
            i += 1
            continue
        raise TreebankError(f"unexpected token {tok!r}")
    if stack or root is None:
        raise TreebankError("unbalanced '('")
    return root


def _leaves(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    todo = [node]
    while todo:
        n = todo.pop()
        if n.word is not None:
            out.append(n)
        else:
            todo.extend(reversed(n.children))
    return out


def _align(words: list[str], text: str) -> list[tuple[int, int]]:
    """Character offsets of each token in ``text`` (best effort, left to right)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        at = text.find(w, pos)
        if at < 0 or at - pos > 40:
            out.append((-1, -1))
            continue
        out.append((at, at + len(w)))
        pos = at + len(w)
    return out


def from_treebank(parse: str, text: str = "") -> SentenceView:
    """Build the view from a bracketed Penn-treebank parse ``(ROOT (S (NP ...) (VP ...)))``."""
    root = _read_tree(parse)
    leaves = _leaves(root)
    words = [_PTB_ESCAPES.get(n.word or "", n.word or "") for n in leaves]
    tags = [n.label for n in leaves]
    view = SentenceView(words, tags, _align(words, text))
    for idx, leaf in enumerate(leaves):
        if leaf.label.startswith("VB"):
            clause = _tree_clause(idx, leaf, words)
            if clause is not None:
                view.clauses[idx] = clause
    return view


def _tree_clause(idx: int, leaf: _Node, words: list[str]) -> Clause | None:
    vp = leaf.parent
    if vp is None or vp.label != "VP":
        return None  # a verb form inside a noun phrase ("the visiting president") is no event
    span = (vp.start, vp.end) if vp.label == "VP" else (idx, idx + 1)
    # climb VP chains and subject-less S (infinitives: "is about to restore") to the clause
    node = vp
    subject: tuple[int, int] | None = None
    passive = False
    while node.parent is not None:
        parent = node.parent
        if parent.label == "VP":
            head = next((c for c in parent.children if c.word is not None and c.label.startswith("VB")), None)
            if head is not None and head.word and head.word.upper() in BE_FORMS and node is vp:
                passive = leaf.label == "VBN"
            node = parent
            continue
        if parent.label in _S_LABELS or parent.label == "SBAR":
            before = [c for c in parent.children if c.end <= node.start]
            np = next((c for c in reversed(before) if c.label.startswith("NP")), None)
            if np is not None:
                subject = (np.start, np.end)
                break
            grand = parent.parent
            if grand is not None and grand.label == "VP" and any(
                    c.label.startswith("NP") and c.end <= parent.start for c in grand.children):
                break  # object control: "abandoned efforts to stop ..." is not Gollum stopping
            node = parent
            continue
        if parent.label in ("UCP", "FRAG", "PRN"):
            node = parent
            continue
        break
    agent = _by_agent(vp) if passive else None
    return Clause(idx, subject, span, agent)


def _by_agent(vp: _Node) -> tuple[int, int] | None:
    """The NP of a "by" phrase in the verb phrase (not inside a nested clause)."""
    todo = list(vp.children)
    while todo:
        child = todo.pop(0)
        if child.label in _S_LABELS or child.label == "SBAR" or child.word is not None:
            continue
        if child.label == "PP" and child.children:
            first = child.children[0]
            if first.word is not None and first.word.lower() == "by":
                np = next((c for c in child.children if c.label.startswith("NP")), None)
                if np is not None:
                    return (np.start, np.end)
        todo.extend(child.children)
    return None


# ---------------------------------------------------------------------------------------------
# spaCy

_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
# entities that are not actors even when an actor's name is inside them ("South China Sea")
# (only LOC: the small model labels unknown coordinated names "X and Y" as FAC or WORK_OF_ART)
_PLACE_LABELS = frozenset({"LOC"})
# dependencies through which a verb shares its governor's subject ("is about to restore",
# "condemned ... and promised"); "acl"/"relcl" attach to nouns and stop the climb
_CLIMB = frozenset({"xcomp", "conj", "aux", "auxpass", "acomp", "advcl", "pcomp", "prep"})
_OBJECTS = frozenset({"dobj", "obj", "dative"})


def from_spacy(doc: Doc | Span, origin: int | None = None) -> SentenceView:
    """Build the view from a spaCy Doc or Span (one sentence).

    Offsets are relative to character ``origin`` of the Doc (default: the first token).
    """
    tokens = list(doc)
    base = tokens[0].i if tokens else 0
    start_char = origin if origin is not None else (tokens[0].idx if tokens else 0)
    words = [t.text for t in tokens]
    tags = [t.tag_ or "" for t in tokens]
    offsets = [(t.idx - start_char, t.idx - start_char + len(t.text)) for t in tokens]
    view = SentenceView(words, tags, offsets)
    n = len(tokens)
    if tokens:
        first, last = tokens[0].i, tokens[-1].i
        view.places = [(e.start - base + (e[0].tag_ == "DT"), e.end - base) for e in tokens[0].doc.ents
                       if e.label_ in _PLACE_LABELS and e.start >= first and e.end <= last + 1
                       and not any(t.tag_ == "CC" or t.text == "," for t in e)]
    for t in tokens:
        # a participle used as an adjective ("visiting French President") heads no clause
        if not t.tag_.startswith("VB") or t.dep_ in ("amod", "compound", "nmod"):
            continue
        clause = _spacy_clause(t, base, n)
        if clause is not None:
            view.clauses[t.i - base] = clause
    return view


def _span(tok: Token, base: int, n: int) -> tuple[int, int]:
    return max(tok.left_edge.i - base, 0), min(tok.right_edge.i - base + 1, n)


def _spacy_clause(tok: Token, base: int, n: int) -> Clause:
    # verb phrase: the verb and what it governs to its right, minus conjoined verbs
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("conj", "cc") and child.pos_ in ("VERB", "AUX", "CCONJ"):
            break
        end = max(end, child.right_edge.i + 1)
    vp = (tok.i - base, min(end - base, n))
    subject = None
    passive = False
    agent = None
    node = tok
    for _ in range(6):
        subj = [c for c in node.children if c.dep_ in _SUBJ]
        if subj:
            subject = _span(subj[0], base, n)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in node.children)
            break
        if node.dep_ in _CLIMB and node.head is not node:
            if node.dep_ == "xcomp" and any(c.dep_ in _OBJECTS and c.i < node.i for c in node.head.children):
                break  # object control: "urged Eriador to respond" - not the governor's subject
            node = node.head
            continue
        break
    if passive:
        for c in tok.children:
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    agent = _span(objs[0], base, n)
    return Clause(tok.i - base, subject, vp, agent)
