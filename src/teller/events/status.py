"""Whether an event happened, is planned, hypothetical or denied: negation (including "no" talks,
"failed to", "refusal to"), modality (future, intention, conditionals, "would" under a speech
verb) read up the chain of controlling verbs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teller.events.context import CodingContext
from teller.events.syntax import (
    COND_MARKS,
    DEONTIC_AUX,
    FUTURE_AUX,
    HYPO_AUX,
    NEG_DETS,
    headline_subject,
    is_controlled,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns whose "to"-infinitive is an act not done ("refusal to accept", "failure to withdraw").
REFUSAL_NOUNS = frozenset({"refusal", "failure", "reluctance", "unwillingness", "inability"})

#: Verbs of trying, and what undoes the attempt when coordinated with it ("tried to arrest him
#: but failed", "attempted to bring him in but withdrew after resistance").
ATTEMPT = frozenset({"attempt", "try", "seek"})
GAVE_UP = frozenset({"fail", "withdraw", "retreat", "abandon", "abort", "flee", "pull"})


def attempt_failed(ctx: CodingContext, tok: Token) -> bool:
    """Whether ``tok`` is an attempted act that the sentence says failed."""
    head = tok.head
    if not is_controlled(tok) or head.i == tok.i or ctx.lem[head.i] not in ATTEMPT:
        return False
    return any(c.dep_ == "conj" and ctx.lem[c.i] in GAVE_UP and not any(g.dep_ == "neg" for g in c.children)
               for t in (tok, head) for c in t.children)


def event_status(ctx: CodingContext, trigger: Token, clause: Token, nominal: bool,
                 threat: bool = False, etype: str | None = None) -> tuple[str, bool]:
    """(status, negated) of the event ``trigger`` names in ``clause``; ``threat``: the trigger
    is a threat, whose own modality is its content; ``etype``: the event type, for decisions
    that announcing performs."""
    negated = False
    decided = False  # a future act under a verb that makes a decision public
    planned = False
    hypo = False
    speculative = False  # "may warn", "plans to threaten": the threat itself is not yet made
    if nominal:
        for ch in trigger.children:
            low = ch.lower_
            if ch.dep_ == "det" and low in NEG_DETS:
                negated = True
            elif ch.dep_ in ("amod", "compound") and ctx.lem[ch.i] in ctx.future_adj:
                planned = speculative = True
            elif ch.dep_ in ("amod",) and low in ctx.hypo_adj:
                hypo = speculative = True
    tok = clause
    for _ in range(6):
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if any(c.dep_ == "neg" for c in tok.children):
            negated = not negated
        if aux & FUTURE_AUX or ("going" in aux and any(c.lower_ == "to" for c in tok.children)):
            planned = True
            decided = decided or announces(ctx, tok)
        if aux & HYPO_AUX:
            hypo = speculative = True
        if "would" in aux:
            # future-in-the-past under a speech verb ("said it would meet") is a plan
            if tok.dep_ == "ccomp" and ctx.lem[tok.head.i] in ctx.report:
                planned = True
                decided = decided or announces(ctx, tok)
            else:
                hypo = True
        if aux & DEONTIC_AUX:
            hypo = speculative = True
        if tok.dep_ != "ROOT" and "to" in aux and "be" in aux and tok.tag_ == "VBN" and not subject_of(tok):
            planned = True  # "a meeting to be held in New York"
        if tok is clause and headline_subject(tok) is not None:
            planned = True  # a headline's "Biden to meet Xi": the plain infinitive is the future
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in c.children):
                hypo = True
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in COND_MARKS for m in tok.children):
            hypo = True
        if tok is clause and attempt_failed(ctx, tok):
            negated = not negated
            break
        head = tok.head
        if is_controlled(tok) and head.i != tok.i:
            hl = ctx.lem[head.i]
            if hl in ctx.fail:
                negated = not negated
            elif hl in ctx.intend or head.pos_ == "ADJ" or hl == "be":
                planned = speculative = True
                decided = decided or hl in ctx.lex.words("decree")  # "decided to lift sanctions"
            elif tok.dep_ == "advcl":
                break  # a purpose clause ("met to discuss") does not inherit its head's status
            tok = head
            continue
        if tok.dep_ == "acl" and head.pos_ == "NOUN" and ctx.lem[head.i] in REFUSAL_NOUNS and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            negated = not negated  # "the government's refusal to accept ..."
            break
        if tok.dep_ in ("conj",) and head.i != tok.i and subject_of(tok) is None:
            # coordinated verbs share auxiliaries ("will meet and discuss"), not clauses with
            # their own subject ("X did not attack, and Y condemned it")
            tok = head
            continue
        break
    if negated:
        return "denied", True
    if threat and not speculative:
        # a threat is said now: its future or conditional content ("would respond forcefully",
        # "will be met with force") is what was threatened, and the statement happened
        return "happened", False
    if hypo:
        return "hypothetical", False
    if planned and decided and etype in ctx.lex.words("decided"):
        # "announced he would lift all sanctions": the announcement is the concession (or the
        # sanction) itself; the lifting's own later steps are not separate events
        return "happened", False
    if planned:
        return "planned", False
    return "happened", False


def announces(ctx: CodingContext, tok: Token) -> bool:
    """Whether clause ``tok`` is what a decision verb makes public ("announced (that) he would
    ...", "revealed the US will be lifting ...")."""
    return tok.dep_ == "ccomp" and tok.head.i != tok.i and ctx.lem[tok.head.i] in ctx.lex.words("decree")


def negated_mode(etype: str) -> str | None:
    return {"CONSULT": "meet", "AGREE": "meet", "AID": "assist", "COOPERATE": "assist", "CONCEDE": "yield",
            "RETREAT": "yield", "SUPPORT": "change"}.get(etype)
