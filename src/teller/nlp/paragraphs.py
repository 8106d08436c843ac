"""A blank line ends a sentence.

The parser alone runs a headline, a date line and the lead on into one "sentence" when nothing
but line breaks separates them ("US accuses Russia ... hacking\\n\\n08 October 2016\\n\\nThe
administration on Friday accused ..."): the lead's verb then hangs below the headline's, its
"on Friday" is never the lead event's own, and the event falls back to the publication day.
Paragraph breaks are set as sentence starts before the parser runs; the parser keeps preset
boundaries and segments the rest as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NAME = "teller_paragraph_breaks"


def mark(doc: Doc) -> Doc:
    """Start a sentence at the first token after each blank line."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


def install(nlp: Language) -> None:
    """Put :func:`mark` before the parser (once)."""
    from spacy.language import Language

    if NAME in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    if NAME not in Language.factories and not Language.has_factory(NAME):
        Language.component(NAME, func=mark)
    nlp.add_pipe(NAME, before="parser")
