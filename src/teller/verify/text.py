"""Small text geometry shared by the checks: sentence spans, quotations, overlaps.

The checks need to know which sentence a span sits in and whether it is inside a quotation.
Sentences come from the spaCy ``Doc`` when it was parsed from the article's text (one parse for
the whole pipeline, and the parser knows quotations and lower-case openings the rules do not);
the rule-based :mod:`teller.text.sentences` is the fallback for callers without a parse, so
``verify`` and ``summarize`` still work (less precisely) on a bare ``Article``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from teller.records import Span
from teller.text.sentences import sentence_spans as rule_sentences
from teller.text.sentences import strip_span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_QUOTE_CHARS = re.compile(r"[\"“”]")


def same_text(doc: Doc, text: str) -> bool:
    """Was ``doc`` parsed from ``text``? (Cheap: ``doc.text`` would rebuild the whole string.)"""
    if len(doc) == 0:
        return not text.strip()
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text, doc[0].idx)


def sentence_spans(text: str, doc: Doc | None = None) -> list[Span]:
    """Sentences of ``text`` as stripped spans in text order, never crossing a line break.

    Uses ``doc.sents`` when ``doc`` was parsed from exactly ``text`` (parser or senter present);
    otherwise the rule-based splitter of :mod:`teller.text.sentences`.
    """
    base: Iterable[tuple[int, int]]
    if doc is not None and same_text(doc, text) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        base = ((s.start_char, s.end_char) for s in doc.sents)
    else:
        return rule_sentences(text)
    spans: list[Span] = []
    for s, e in base:
        # Paragraph breaks are hard sentence breaks: the parser sometimes runs a heading into
        # the next paragraph.
        pos = s
        for part in text[s:e].split("\n"):
            sp = strip_span(text, pos, pos + len(part))
            if sp:
                _append(spans, sp, text)
            pos += len(part) + 1
    return spans


_HAS_WORD = re.compile(r"\w")


def _append(spans: list[Span], sp: Span, text: str) -> None:
    """Add ``sp``, gluing a wordless fragment (a lone closing quote the parser split off) to the
    sentence before it on the same line."""
    if spans and not _HAS_WORD.search(text, sp.start, sp.end) and "\n" not in text[spans[-1].end : sp.start]:
        spans[-1] = Span(spans[-1].start, sp.end)
    else:
        spans.append(sp)


class SentenceIndex:
    """Find the sentence that contains an offset, in O(log n)."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = list(spans)
        self._starts = [s.start for s in self.spans]

    def index_of(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.spans[i].end:
            return i
        return i if i >= 0 else None  # offsets in the gap after a sentence belong to it

    def overlapping(self, span: Span) -> list[int]:
        """Indices of the sentences that overlap ``span``."""
        first = max(0, bisect_right(self._starts, span.start) - 1)
        out = []
        for i in range(first, len(self.spans)):
            s = self.spans[i]
            if s.start >= span.end:
                break
            if overlaps(s, span):
                out.append(i)
        return out


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def quoted_spans(text: str) -> list[Span]:
    """Stretches inside double quotation marks, paired within each paragraph.

    Straight quotes alternate open/close; curly quotes say which they are. An unclosed quote at a
    paragraph end (the newspaper convention for a quotation running on) quotes to that end.
    """
    spans: list[Span] = []
    pos = 0
    for para in text.split("\n"):
        open_at: int | None = None
        for m in _QUOTE_CHARS.finditer(para):
            ch = m.group()
            if open_at is None and ch != "”":
                open_at = m.start()
            elif open_at is not None and ch != "“":
                spans.append(Span(pos + open_at, pos + m.end()))
                open_at = None
        if open_at is not None:
            spans.append(Span(pos + open_at, pos + len(para)))
        pos += len(para) + 1
    return spans


def inside_any(span: Span, spans: Sequence[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)
