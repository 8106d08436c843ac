"""Garbled phrases: debris of literal (machine) translation and slips of editing.

Two patterns, both chosen for a very low false-alarm rate on edited English:

* An ``=`` gloss inside prose: "the chair of the G7 = seven major countries". Japanese and Korean
  news write an abbreviation and its expansion joined by ＝; a literal translation keeps the sign.
  Code, URLs, tickers ("US10YT=RR", "EUR= up") and markup (``type="big"``) have no spaces around
  the sign, so the gloss needs a word, spaces, the sign, spaces, a word (or the full-width ＝).
* A doubled function word ("the the", "to to"). Only words whose doubling is never grammatical
  are checked ("that that" and "had had" can be right), within one line, separated by spaces
  only. This is an editing slip that does not change the facts, so it is ``info``.
"""

from __future__ import annotations

import re

from teller.records import Flag, Span

_GLOSS = re.compile(
    r"(?<![\w=/&?:\"'])([A-Za-z][\w.\-]*)(?:[ \t]+[=＝][ \t]+|[ \t]*＝[ \t]*)"
    r"([A-Za-z][A-Za-z\-]*(?:[ \t]+[A-Za-z][A-Za-z\-]*){0,4})"
)
# Lines that look like code or formulas are not prose.
_CODE_LINE = re.compile(r"[{};<>]|==|\b(?:var|let|const|def|return|print)\b")

_STOP = frozenset(
    "in on at to of for and or but with by from as that which who is are was were will would "
    "has have had be been the a an this these those its their".split()
)

_NAME_GLUE = frozenset({"of", "for", "and", "the", "on", "de"})

_NEVER_DOUBLED = (
    "the a an to of in on at for with by from and or but are was were be been will would has have "
    "its their his her our your this these those which who whom not into onto than"
).split()
_NEVER_DOUBLED_SET = frozenset(_NEVER_DOUBLED)
#: Every character that ``re.IGNORECASE`` equates with a first letter of those words: the
#: letters in both cases, and the Turkish dotted/dotless I, which the engine folds to i.
_FIRST_LETTERS = "".join(sorted({c for w in _NEVER_DOUBLED for c in (w[0], w[0].upper())})) + "\u0130\u0131"
# A doubled word that starts with one of those letters, filtered by the set afterwards. The
# leading class (not ``\b``) lets the engine skip in C to the next such letter instead of trying
# the back-reference at every word; ``(?<!\w.)`` after it is the ``\b`` before the word. The
# matches are those of ``\b(\w+)[ \t]+\1\b`` (IGNORECASE) whose word is in the set: a word in
# the set starts with one of the letters, and a doubling skipped here (its first letter not in
# the class) could not hide one that is kept, since its second word starts with a letter equal
# to the first one's when case is ignored. Only ``\1`` ignores case: a case-insensitive class
# would switch off the skip. An alternation of the words is slower than either.
_DOUBLED = re.compile(r"([" + _FIRST_LETTERS + r"](?<!\w.)\w*)[ \t]+(?i:\1)\b")


def _line(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : end if end >= 0 else len(text)]


def equals_gloss(text: str) -> list[Flag]:
    """``garbled_phrase`` warnings for "X = expansion" glosses inside prose."""
    flags: list[Flag] = []
    if "=" not in text and "＝" not in text:
        return flags
    for m in _GLOSS.finditer(text):
        if _CODE_LINE.search(_line(text, m.start())):
            continue
        end = m.start(2) + _expansion_length(m.group(2))
        phrase = text[m.start() : end]
        flags.append(Flag(
            kind="garbled_phrase",
            severity="warning",
            message=f"literal-translation gloss {phrase!r}: an '=' inside a sentence",
            evidence=[Span(m.start(), end)],
        ))
    return flags


def _expansion_length(right: str) -> int:
    """Length of the gloss's expansion: a capitalised name ("International Atomic Energy
    Agency", joined by of/for/and) or lowercase words up to the first function word."""
    words = right.split()
    keep = [words[0]]
    if words[0][0].isupper():
        for i, w in enumerate(words[1:], 1):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if w[0].isupper() or (w in _NAME_GLUE and nxt[:1].isupper()):
                keep.append(w)
            else:
                break
    else:
        for w in words[1:]:
            if w.lower() in _STOP:
                break
            keep.append(w)
    return right.find(keep[-1], len(" ".join(keep[:-1]))) + len(keep[-1])


def doubled_words(text: str) -> list[Flag]:
    """``garbled_phrase`` info flags for a doubled function word ("the the")."""
    return [
        Flag(
            kind="garbled_phrase",
            severity="info",
            message=f"doubled word {m.group()!r}",
            evidence=[Span(m.start(), m.end())],
        )
        for m in _DOUBLED.finditer(text)
        if m.group(1).lower() in _NEVER_DOUBLED_SET
    ]


def garbled_phrases(text: str) -> list[Flag]:
    return equals_gloss(text) + doubled_words(text)
