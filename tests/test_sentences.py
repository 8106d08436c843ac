"""The shared rule-based sentence splitter (teller.text.sentences)."""

from __future__ import annotations

from teller.text.sentences import ABBREVIATIONS, sentence_breaks, sentence_spans


def _sentences(text: str) -> list[str]:
    return [s.of(text) for s in sentence_spans(text)]


def test_abbreviations_initials_and_lowercase_continuations_do_not_end_a_sentence() -> None:
    text = "Mr. Tanaka met U.S. officials at 2 p.m. on Monday. They agreed.\nNew line here"
    assert _sentences(text) == ["Mr. Tanaka met U.S. officials at 2 p.m. on Monday.", "They agreed.",
                                "New line here"]


def test_month_and_weekday_abbreviations_come_from_the_calendar_table() -> None:
    assert {"Sept", "Jan", "Thurs", "Sat"} <= ABBREVIATIONS
    assert _sentences("The talks ended on Sept. 12 in Geneva. Both sides left.") == [
        "The talks ended on Sept. 12 in Geneva.", "Both sides left."]


def test_an_abbreviation_counts_only_as_written_or_in_capitals() -> None:
    # "no" in lower case is the word, not "No." (number); "GEN." in a headline is the title.
    assert _sentences("He said no. The talks ended.") == ["He said no.", "The talks ended."]
    assert _sentences("GEN. SMITH ARRIVES. Talks begin.") == ["GEN. SMITH ARRIVES.", "Talks begin."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = 'She said: "We will return." (They did.) Then they left!'
    assert _sentences(text) == ['She said: "We will return."', "(They did.)", "Then they left!"]


def test_decimals_and_hyphenated_acronyms_are_inside_words() -> None:
    assert _sentences("Growth was 3.5 percent in the U.S.-led bloc. Prices rose.") == [
        "Growth was 3.5 percent in the U.S.-led bloc.", "Prices rose."]


def test_cjk_terminals_end_a_sentence_without_white_space() -> None:
    assert _sentences("東京で会談した。合意した！") == ["東京で会談した。", "合意した！"]


def test_a_line_break_ends_a_sentence_and_blank_lines_give_no_empty_ones() -> None:
    text = "Talks resume\nThe minister said\n\n\nA new paragraph."
    assert _sentences(text) == ["Talks resume", "The minister said", "A new paragraph."]


def test_breaks_in_a_window_see_the_word_after_it() -> None:
    text = "He left. Monday was quiet."
    window_end = text.index("Monday")
    assert list(sentence_breaks(text, 0, window_end)) == [(8, 9)]
    assert list(sentence_breaks("He met Mr. Abe.", 0, 10)) == []


def test_forty_thousand_dots_split_in_one_pass() -> None:
    # issue 15: the old pattern backtracked over every dot (57 s); the scan is linear.
    text = "Before." + "." * 40_000 + " After the dots."
    assert _sentences(text) == ["Before." + "." * 40_000, "After the dots."]
    assert _sentences("." * 40_000) == ["." * 40_000]
    dotted = "a." * 20_000 + " End."
    assert _sentences(dotted) == ["a." * 20_000, "End."]


def test_twenty_thousand_quotes_split_in_one_pass() -> None:
    text = '"' * 20_000 + ". Next one. " + "\u201d" * 20_000
    assert _sentences(text) == ['"' * 20_000 + ".", "Next one.", "\u201d" * 20_000]
    many = "Yes. " * 10_000
    assert len(sentence_spans(many)) == 10_000
