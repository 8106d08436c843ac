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


def test_a_quoted_nickname_inside_a_name_is_no_sentence_start(nlp) -> None:
    doc = nlp("BOGOTA—Colombia’s government says it has extradited drug lord Dairo “Otoniel” Usuga to the "
              "United States, where he faces trafficking charges.")
    assert len(list(doc.sents)) == 1
    doc = nlp("The army of Mohamed Hamdan “Hemedti” Dagalo attacked El Fasher. “We will win,” he said.")
    assert [s.text for s in doc.sents][0].endswith("El Fasher.")


def test_a_quotation_still_starts_its_own_sentence(nlp) -> None:
    doc = nlp("He said: “We will not expel anyone.” Putin added that Russia would respond.")
    assert [s.text.strip() for s in doc.sents][-1] == "Putin added that Russia would respond."


def test_the_extradited_man_keeps_his_destination(nlp) -> None:
    from datetime import UTC, datetime

    from conftest import article_coder

    code = article_coder(nlp, datetime(2025, 3, 12, 9, 0, tzinfo=UTC))
    evs = code("BOGOTA—Colombia’s government says it has extradited drug lord Dairo “Otoniel” Usuga to the "
               "United States, where he faces trafficking charges.").events
    assert [(e.event, [r.country for r in e.recipient]) for e in evs] == [("COOPERATE", ["USA"])]
