"""Reading spaCy dependency parses for the PLOVER coder: subjects, conjuncts, clause regions,
datelines, repaired lemmas and which prepositions introduce which party.

Small pure functions over ``Token``s, shared by the trigger, status, party and
place rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPO_AUX = frozenset({"could", "might", "may"})
DEONTIC_AUX = frozenset({"must", "should"})
COND_MARKS = frozenset({"if", "unless"})
NEG_DETS = frozenset({"no"})
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "order", "press", "force", "allow", "invite", "persuade",
                            "help", "encourage", "tell", "permit", "pressure", "remind", "appeal", "request",
                            "require", "oblige", "obligate", "compel"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "them"})

SUBJECT_PREPS = frozenset({"of", "from", "in", "throughout", "across", "inside"})


OBJECT_PREPS = frozenset({"of", "from", "by", "in", "to", "for", "against"})


PLACE_KINDS = frozenset({"state", "capital", "country", "gpe", "place", "region", "city"})


NO_DESCEND = frozenset({"relcl", "acl", "ccomp", "advcl", "punct", "cc", "xcomp", "conj"})


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def dateline_tokens(doc: Doc) -> list[int]:
    """Token indices of a news dateline opening a sentence ("WASHINGTON -", "NEW DELHI -")."""
    out: list[int] = []
    for sent in doc.sents:
        words: list[Token] = []
        for t in sent[:8]:
            if t.text in _DASHES:
                if words and all(w.text.isupper() or not w.is_alpha for w in words):
                    out.extend(w.i for w in words)
                break
            words.append(t)
    return out


def _known_words(lex: Lexicon) -> frozenset[str]:
    words = set(lex.verbs) | set(lex.nouns) | set(lex.adjs)
    for ws in lex.classes.values():
        words |= ws
    return frozenset(words)


_KNOWN: dict[int, frozenset[str]] = {}
#: Irregular forms of lexicon verbs that the small model sometimes leaves unlemmatized.


_IRREGULAR = {"sworn": "swear", "swore": "swear", "fought": "fight", "struck": "strike", "shot": "shoot",
              "froze": "freeze", "frozen": "freeze", "withdrew": "withdraw", "withdrawn": "withdraw",
              "forgave": "forgive", "forgiven": "forgive", "sent": "send", "held": "hold", "met": "meet",
              "beaten": "beat", "stole": "steal", "broke": "break", "broken": "break", "cut": "cut"}


def repaired_lemmas(doc: Doc, lex: Lexicon) -> list[str]:
    """Lower-case lemmas, repaired where the small model's lemmatizer misses a word the lexicon
    knows ("staged" -> "stag"): the inflected form is stripped back to a known verb."""
    from spacy.attrs import LEMMA, LOWER, TAG

    known = _KNOWN.get(id(lex))
    if known is None:
        known = _KNOWN[id(lex)] = _known_words(lex)
    memo = _LEMMA_MEMO.setdefault(id(lex), {})
    strings = doc.vocab.strings
    out = []
    # one array read instead of three string properties per token; the repaired lemma of a
    # (lemma, form, tag) triple never changes, so it is computed once per process
    for key in map(tuple, doc.to_array([LEMMA, LOWER, TAG]).tolist()):
        lem = memo.get(key)
        if lem is None:
            lem = memo[key] = _repair(strings[key[0]].lower(), strings[key[1]], strings[key[2]], known)
        out.append(lem)
    return out


_LEMMA_MEMO: dict[int, dict[tuple[int, int, int], str]] = {}


def _repair(lem: str, low: str, tag: str, known: frozenset[str]) -> str:
    if lem not in known and low in _IRREGULAR:
        return _IRREGULAR[low]
    if lem not in known and tag[:2] == "VB":
        for cand in (low[:-1], low[:-2], low[:-3], low[:-3] + "e", low[:-4], low[:-1] + "e"):
            if len(cand) > 2 and cand in known:
                return cand
    return lem


_PREP_TYPES: dict[str, frozenset[str] | None] = {
    "with": None, "to": None,
    "against": frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                          "ASSAULT"}),
    "on": frozenset({"REQUEST", "ACCUSE", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}),
    "upon": frozenset({"REQUEST", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}),
    "from": frozenset({"REQUEST", "SANCTION", "RETREAT", "AID", "REJECT", "CONCEDE", "AGREE", "COERCE"}),
    "into": frozenset({"ACCUSE", "COERCE"}),
    "between": frozenset({"CONSULT", "AGREE"}),
    "for": frozenset({"AID", "SUPPORT"}),
    "at": frozenset({"ASSAULT", "THREATEN", "ACCUSE"}),  # "hit back at X", "lashed out at X"
    # drills "around/near Taiwan" are aimed at it
    "around": frozenset({"MOBILIZE"}), "near": frozenset({"MOBILIZE"}), "surrounding": frozenset({"MOBILIZE"}),
    "toward": frozenset({"REQUEST", "THREATEN", "MOBILIZE"}),
    "towards": frozenset({"REQUEST", "THREATEN", "MOBILIZE"}),
}


def recipient_prep(prep: str, etype: str) -> bool:
    if prep not in _PREP_TYPES:
        return False
    types = _PREP_TYPES[prep]
    return types is None or etype in types


def is_deontic(clause: Token) -> bool:
    """"must", "should", "has to", "needs to" on a clause."""
    for a in clause.children:  # "should" is advice, not a demand
        if a.dep_ == "aux" and a.lower_ == "must":
            return True
    if clause.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in clause.children):
        return True
    return False


def is_controlled(tok: Token) -> bool:
    """An open complement: "plans to visit" (xcomp), or a subjectless "to" clause the parser
    attached as an adverbial ("have sworn to fight")."""
    if tok.dep_ == "xcomp":
        return True
    return tok.dep_ == "advcl" and subject_of(tok) is None and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def governs_by_xcomp(top: Token, tok: Token) -> bool:
    for _ in range(4):
        if not is_controlled(tok) or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == top.i:
            return True
    return False


def content_region(tok: Token) -> set[int]:
    out: set[int] = set()
    for ch in tok.children:
        if ch.dep_ in ("xcomp", "ccomp", "dobj", "prep", "pcomp", "acl", "attr", "oprd", "advcl") and ch.dep_ != "conj":
            if ch.dep_ == "advcl" and subject_of(ch) is not None and \
                    not any(m.dep_ == "mark" and m.lower_ == "for" for m in ch.children):
                continue  # "... after Y did Z" is no content; "pushed for Y to do Z" is
            if ch.dep_ == "dobj":  # the object itself, not what its participles say about it
                skip = {t.i for g in ch.children if g.dep_ == "relcl" or (g.dep_ == "acl" and g.tag_ in ("VBN", "VBG"))
                        for t in g.subtree}
                out.update(t.i for t in ch.subtree if t.i not in skip)
                continue
            out.update(t.i for t in ch.subtree)
    return out


def subject_of(tok: Token) -> Token | None:
    """The clause's subject; with two (a label parsed as one: "NHK: Kamikawa held ..."), the
    one nearest the verb."""
    found = None
    for c in tok.children:
        if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
            if found is None or (c.i < tok.i and c.i > found.i):
                found = c
    return found


def headline_subject(tok: Token) -> Token | None:
    """The subject of a headline's "X to do Y" when ``tok`` is its verb ("Biden to meet Xi",
    "Chile, Peru and Bolivia to sign pact"): the parser makes the name the root and hangs the
    verb on it (as xcomp, relcl, advcl or acl), or makes the verb the root under its subject."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    if tok.dep_ == "ROOT":
        return subject_of(tok)
    head = tok.head
    if tok.dep_ in ("xcomp", "relcl", "advcl", "acl") and head.dep_ == "ROOT" and head.i < tok.i and \
            head.i - head.sent.start <= 1 and (head.pos_ in ("PROPN", "NOUN") or head.ent_type_ or head.is_title):
        return head
    return None


def conjuncts_of(tok: Token) -> list[Token]:
    """The conjuncts of ``tok``: its conj chain, and a list the parser hung on it as an
    apposition ("Saudi Arabia, Egypt, Bahrain and the UAE": Egypt as the appos of Arabia,
    heading the rest)."""
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj" or (
        c.dep_ == "appos" and tok.pos_ == "PROPN" and c.pos_ == "PROPN" and any(g.dep_ == "conj" for g in c.children))]
    stack.extend(_along_with(tok))
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _along_with(tok: Token) -> list[Token]:
    """Partners added to a name by "along with" / "together with" ("Russia, along with China,
    vetoed ...")."""
    out = []
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in ("along", "together"):
            out += [g for w in c.children if w.dep_ == "prep" and w.lower_ == "with"
                    for g in w.children if g.dep_ == "pobj"]
        elif c.lower_ == "with" and any(a.lower_ in ("along", "together") for a in c.children if a.dep_ == "advmod"):
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def depth_of(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def agent_of(clause: Token) -> Token | None:
    """The passive "by"-agent of a clause ("was attacked by X" -> X)."""
    for c in clause.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None
