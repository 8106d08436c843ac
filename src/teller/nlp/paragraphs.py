"""A blank line ends a sentence.

The parser alone runs a headline, a date line and the lead on into one "sentence" when nothing
but line breaks separates them ("US accuses Russia ... hacking\\n\\n08 October 2016\\n\\nThe
administration on Friday accused ..."): the lead's verb then hangs below the headline's, its
"on Friday" is never the lead event's own, and the event falls back to the publication day.
Paragraph breaks are set as sentence starts before the parser runs; the parser keeps preset
boundaries and segments the rest as before.

The other way round, a nickname quoted inside a name ("drug lord Joaquin “El Chapo” Guzman",
"Mohamed Hamdan “Hemedti” Dagalo") is no sentence start: the parser otherwise ends the
sentence before the opening quote and the rest of the clause ("... to the United States")
loses its verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NAME = "teller_paragraph_breaks"


_OPEN = frozenset({"“", '"', "‘"})
_CLOSE = frozenset({"”", '"', "’"})


def mark(doc: Doc) -> Doc:
    """Start a sentence at the first token after each blank line; keep a quoted nickname
    between two capitalised name words inside its sentence."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    for tok in doc[1:-2]:
        if tok.text not in _OPEN or tok.whitespace_:  # a nickname's quote opens on its word
            continue
        end = _nickname_end(doc, tok.i)
        if end is not None:
            for t in doc[tok.i:end + 2]:
                t.is_sent_start = False
    return doc


def _nickname_end(doc: Doc, i: int) -> int | None:
    """The index of the closing quote of a nickname opened at ``i`` between name words
    (capitalised, no sentence punctuation), else None."""
    before = doc[i - 1]
    if not (before.text[:1].isupper() and before.is_alpha and before.whitespace_):
        return None
    for j in range(i + 1, min(i + 5, len(doc) - 1)):
        t = doc[j]
        if t.text in _CLOSE:
            after = doc[j + 1]
            ok = j > i + 1 and t.whitespace_ and after.text[:1].isupper() and after.is_alpha
            return j if ok else None
        if not (t.text[:1].isupper() and t.is_alpha):
            return None
    return None


def install(nlp: Language) -> None:
    """Put :func:`mark` before the parser (once)."""
    from spacy.language import Language

    if NAME in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    if NAME not in Language.factories and not Language.has_factory(NAME):
        Language.component(NAME, func=mark)
    nlp.add_pipe(NAME, before="parser")
