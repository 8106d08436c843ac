"""The one rule-based sentence splitter, and the one list of abbreviations it knows.

Used where no spaCy parse is at hand or a parse would cost more than the answer is worth:
repeated passages (``extract.repeats``, before any parse), "same sentence?" and tense windows
in ``timex`` (which also runs on TimeML text without a parse), and ``verify.text``'s fallback.
Where a caller does hold a ``Doc`` parsed from the same text, it uses the parser's sentences
instead (``verify.text.sentence_spans``): they know more than these rules (a quotation running
over a full stop, a sentence opening in lower case), and the pipeline already paid for them.
``timex.tense`` keeps these rules even when handed a ``Doc``: it reads the ``Doc`` only when the
words leave the tense open, and the TimeML evaluation runs without a parse, so the window it
reads must not depend on whether a parse is at hand.

A sentence ends:

- after a run of ``. ! ? …`` (plus closing quotes or brackets) followed by white space or the end
  of the text, unless the run is one ``.`` after an abbreviation (:data:`ABBREVIATIONS`, or an
  initial such as "J." or "U.S."), or the next word starts in lower case ("2 p.m. on Friday");
- after a CJK ``。！？``, white space or not;
- at a line break (a heading or a paragraph without final punctuation ends there).

The scan is linear in the text: every character is read a bounded number of times (no
backtracking pattern; the look-back for an abbreviation reads at most :data:`_WORD_MAX`
characters), so 40,000 dots or 20,000 quotes in a row cost milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from teller.records import Span
from teller.text.calendar_names import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

#: Words whose period does not end a sentence, as written ("Mr. Abe", "Sept. 12", "Corp. said").
#: Matched as written or in capitals ("GEN."); lower-case entries only in lower case.
ABBREVIATIONS: frozenset[str] = frozenset(
    "Mr Mrs Ms Dr Prof St Gen Sen Rep Gov Lt Col Sgt Capt Cmdr Adm Maj Jr Sr Messrs Pres Rev Hon "
    "Inc Corp Co Ltd Dept No Vol Fig Est Mt Ft vs etc approx".split()
    + [a for abbrs in MONTH_ABBREVIATIONS for a in abbrs]
    + [a for abbrs in WEEKDAY_ABBREVIATIONS for a in abbrs]
)

#: A candidate end: a whole run of terminal punctuation (never a part of one: the look-behind and
#: the possessive quantifiers keep the search linear) with its closing quotes, before white space
#: or the end; or a CJK terminal; or a line break.
_TRIGGER = re.compile(r"(?<![.!?…])(?P<run>[.!?…]++)[\"'”’)\]]*+(?=\s|\Z)|[。！？][\"'”’)\]]*+|\n")
_OPENERS = "\"'“‘([ \t"
_SPACE = re.compile(r"\s*")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")
#: The longest word looked back at for an abbreviation ("U.S.A", "approx", "Messrs").
_WORD_MAX = 8


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` in order, as spans without surrounding white space."""
    spans: list[Span] = []
    start = 0
    for end, nxt in sentence_breaks(text):
        if sp := strip_span(text, start, end):
            spans.append(sp)
        start = nxt
    if sp := strip_span(text, start, len(text)):
        spans.append(sp)
    return spans


def sentence_breaks(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``(end of a sentence, start of the next)`` for each sentence end whose punctuation or
    line break begins in ``text[start:end]``; the rule may read a few characters either side."""
    stop = len(text) if end is None else end
    pos = start
    while True:
        m = _TRIGGER.search(text, pos)  # no end bound: the pattern looks past ``end``
        if m is None or m.start() >= stop:
            return
        a, close = m.span()
        if m.group() == "\n":
            after = _space_end(text, close)
            yield a, after
            pos = after
        elif m["run"] and ((m["run"] == "." and _abbreviation_before(text, a)) or _lower_next(text, close)):
            pos = close  # a line break in the white space after it is still seen
        else:
            after = _space_end(text, close)
            yield close, after
            pos = after


def _space_end(text: str, at: int) -> int:
    """Where the white space from ``at`` ends."""
    m = _SPACE.match(text, at)
    return m.end() if m else at


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the word before the period at ``dot`` is an abbreviation or an initial."""
    j = dot
    lo = max(0, dot - _WORD_MAX - 1)
    while j > lo and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    if j == lo and j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        return False  # a longer word than any abbreviation
    word = text[j:dot]
    if not word:
        return False
    return (word in ABBREVIATIONS or (word.isupper() and word.title() in ABBREVIATIONS)
            or _INITIALS.fullmatch(word) is not None)


def _lower_next(text: str, pos: int) -> bool:
    """Whether the next word after ``pos`` (past white space and opening quotes) is lower case."""
    ahead = text[pos:pos + 12].lstrip(_OPENERS)
    return ahead[:1].islower()


def strip_span(text: str, start: int, end: int) -> Span | None:
    """``text[start:end]`` without surrounding white space, or ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
