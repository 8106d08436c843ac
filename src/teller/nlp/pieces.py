"""Parse a long text in pieces, so that one text never holds the parse's whole working memory.

spaCy's networks work on a whole batch at once: the tok2vec layers of ``en_core_web_sm`` hold
some 15 KB per token while a text is parsed (a 100,000-character text, ~20,000 tokens, peaked
~350 MB over the loaded model; a batch of texts adds up the same way). That is what took a
worker process to 1.05 GB in the fuzz run (the English model, GiNZA after a Japanese item, and
one text at the ``TELLER_MAX_CHARS`` cap). GiNZA holds even more per token (~70 KB: a
12,000-character Japanese text peaked 570 MB), and SudachiPy, its tokenizer, refuses any text over
49,149 bytes ("Input is too long"), so a Japanese article over ~16,000 characters was not
analysed at all.

So a text longer than ``size`` characters is cut into pieces at paragraph breaks (else line
breaks, else sentence ends, else spaces; a cut falls after the whole run of white space, so no
white-space token is split and a blank line still reads as one), each piece is parsed on its
own, and the pieces are joined into one ``Doc`` (``Doc.from_docs``) whose text is the original
text, character for character. Texts of at most ``size`` characters (20,000; 3,000 for
Japanese), i.e. nearly every news article, are parsed exactly as before. GiNZA's own per-document
data (``Doc.user_data``: bunsetu and clause heads, which teller does not read) is not carried
over to a joined Doc. Only the first and last few tokens of each piece lose
the context of the neighbouring piece, and pieces start at paragraph breaks where they can.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Characters per piece of an English (or other non-Japanese) text: ~4,000 tokens, ~70 MB of parse.
PIECE_CHARS = 20_000
#: Characters per piece of a Japanese text: GiNZA's parse holds ~70 KB per token (a 12,000-character
#: text peaked 570 MB over the loaded models, 3,000 ~125 MB), and SudachiPy takes at most 49,149 bytes.
JA_PIECE_CHARS = 3_000

#: Where a piece may end, best first: after a blank line, a line break, a sentence end, a space.
_BREAKS = (re.compile(r"\n[ \t\r\f\v]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?。！？][\"'”’)]*\s+|[。！？]"),
           re.compile(r"\s+"))


def cut_points(text: str, size: int) -> list[int]:
    """Offsets where ``text`` is cut into pieces of at most ``size`` characters (none when it is
    short enough). Each cut is at the best break in the second half of the window before it."""
    size = max(2, size)
    cuts: list[int] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        low = start + size // 2
        cut = end
        for pattern in _BREAKS:
            found = [m.end() for m in pattern.finditer(text, low, end) if _ends_run(text, m.end())]
            if found:
                cut = found[-1]
                break
        else:  # no break: a hard cut, moved before a run of white space it would fall in
            back = len(text[start:end].rstrip())
            if not _ends_run(text, end) and back > 0:
                cut = start + back
        cuts.append(cut)
        start = cut
    return cuts


def _ends_run(text: str, i: int) -> bool:
    """Whether offset ``i`` is not inside a run of white space (a cut there splits no token)."""
    return i >= len(text) or not text[i].isspace() or not text[i - 1].isspace()


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut at :func:`cut_points`; ``"".join(pieces(t, n)) == t``."""
    bounds = [0, *cut_points(text, size), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def piece_size(nlp: Language) -> int:
    """How many characters of one text ``nlp`` parses at a time."""
    return JA_PIECE_CHARS if nlp.lang == "ja" else PIECE_CHARS


def parse_all(nlp: Language, texts: list[str], batch_size: int, size: int | None = None) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, with each text over ``size`` characters parsed in pieces and joined
    back into one Doc, and the texts parsed together adding up to at most ``size`` characters
    (a batch's parse memory adds up like one text's). Raises what spaCy raises."""
    from spacy.tokens import Doc

    size = size or piece_size(nlp)
    split = [pieces(t, size) for t in texts]
    flat = [p for ps in split for p in ps]
    docs = _parse_grouped(nlp, flat, batch_size, size)
    for ps in split:
        parts = [next(docs) for _ in ps]
        if len(parts) == 1:
            yield parts[0]
            continue
        with warnings.catch_warnings():  # GiNZA's per-doc user data (bunsetu, clauses) is not merged: W102
            warnings.filterwarnings("ignore", message=r"\[W102\]")
            yield Doc.from_docs(parts, ensure_whitespace=False)


def _parse_grouped(nlp: Language, texts: list[str], batch_size: int, budget: int) -> Iterator[Doc]:
    group: list[str] = []
    size = 0
    for text in texts:
        if group and (size + len(text) > budget or len(group) >= batch_size):
            yield from nlp.pipe(group, batch_size=batch_size)
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield from nlp.pipe(group, batch_size=batch_size)
