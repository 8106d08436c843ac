"""A blank line ends a sentence (``teller.nlp.paragraphs``): a headline and a date line are not
parsed into the lead, so the lead's own "on Friday" dates the lead's event. Texts written for
these tests."""

from __future__ import annotations

from teller.nlp.paragraphs import NAME


def test_blank_lines_start_sentences(nlp) -> None:
    doc = nlp("Japan protests Chinese survey ship near islands\n\n12 May 2023\n\n"
              "The Japanese government on Friday formally protested to Beijing about the ship.")
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0].startswith("Japan protests") and starts[0].endswith("islands")
    assert starts[-1].startswith("The Japanese government on Friday")
    assert nlp.pipe_names.index(NAME) < nlp.pipe_names.index("parser")


def test_single_line_breaks_are_left_to_the_parser(nlp) -> None:
    doc = nlp("The minister arrived in Manila\non Tuesday for talks.")
    assert len(list(doc.sents)) == 1
