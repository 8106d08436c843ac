"""A long text is parsed in pieces and joined back into one Doc (``teller.nlp.pieces``): the
parse's working memory is bounded by the piece, not the text, and a Japanese text longer than
SudachiPy's byte limit is parsed instead of failing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teller.nlp import pieces as pieces_module
from teller.nlp.pieces import cut_points, parse_all, pieces
from teller.records import Article

PARAGRAPH = ("The foreign minister of Japan met her Chinese counterpart in Beijing on Tuesday. "
             "Both sides agreed to resume the talks on fishing rights next month, officials said.")


def test_pieces_join_to_the_text_and_prefer_paragraph_breaks():
    text = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(30))
    parts = pieces(text, 1000)
    assert "".join(parts) == text
    assert len(parts) > 1 and all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])  # cut after the blank line, not inside it
    assert pieces(text[:900], 1000) == [text[:900]]  # short enough: one piece, untouched
    assert cut_points("short", 1000) == []


def test_a_text_without_breaks_is_cut_at_spaces_then_anywhere():
    words = "word " * 1000
    assert all(p.endswith(" ") for p in pieces(words, 300)[:-1])
    solid = "x" * 1000
    assert [len(p) for p in pieces(solid, 300)] == [300, 300, 300, 100]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab .。\n\t\r "), max_size=400), st.integers(2, 60))
def test_pieces_never_lose_a_character_nor_split_white_space(text, size):
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(0 < len(p) <= size for p in parts) or text == ""
    for a, b in zip(parts, parts[1:], strict=False):  # a cut inside a run of white space would split a token
        assert not (a[-1].isspace() and b[0].isspace()) or a.isspace(), (a, b)  # unless the run is longer than a piece


@pytest.mark.slow
def test_a_text_parsed_in_pieces_is_one_doc_with_the_whole_text(nlp):
    text = "\n\n".join(f"Report {i}. {PARAGRAPH}" for i in range(12))
    whole = nlp(text)
    (joined,) = parse_all(nlp, [text], 4, size=800)
    assert len(pieces(text, 800)) >= 3
    assert joined.text == text and len(joined) == len(whole)
    assert joined.has_annotation("DEP") and joined.tensor.shape[0] == len(joined)
    # cut at paragraph breaks, where a blank line starts a sentence anyway: the same sentences
    assert [s.start for s in joined.sents] == [s.start for s in whole.sents]
    assert [(e.start, e.label_) for e in joined.ents] == [(e.start, e.label_) for e in whole.ents]


@pytest.mark.slow
def test_an_article_parsed_in_pieces_is_analysed_whole(nlp, monkeypatch):
    from teller.pipeline import Pipeline

    pairs = [("Japan", "China"), ("India", "Canada"), ("France", "Germany"), ("Brazil", "Argentina"),
             ("Kenya", "Uganda"), ("Spain", "Portugal"), ("Poland", "Ukraine"), ("Egypt", "Jordan")]
    text = "\n\n".join(f"The foreign minister of {a} met the foreign minister of {b} in Geneva on Tuesday, "
                       f"officials said. {PARAGRAPH}" for a, b in pairs)
    art = Article(id="long", text=text, published="2023-01-10T00:00:00+00:00")
    pipe = Pipeline(nlp=nlp)
    before = pipe.analyse(art)
    monkeypatch.setattr(pieces_module, "PIECE_CHARS", 700)
    after = pipe.analyse(art)
    batch = list(pipe.process_many([art]))
    assert after.article.text == text and not any(f.kind == "text_truncated" for f in after.flags)
    # the pieces start at paragraph breaks: what is found is what the whole text gave
    assert [(e.event, e.evidence[0].start) for e in after.events] == \
        [(e.event, e.evidence[0].start) for e in before.events]
    last = len(text) - len(pieces(text, 700)[-1])
    assert any(e.evidence[0].start >= last for e in after.events)  # the last piece's events are there
    assert [e.event for e in batch[0].events] == [e.event for e in after.events]


def test_a_japanese_text_over_sudachis_byte_limit_is_tokenised_in_pieces():
    pytest.importorskip("sudachipy")
    import spacy

    try:
        ja = spacy.blank("ja")  # SudachiPy alone: no model to load
    except Exception as err:  # noqa: BLE001 - no dictionary installed
        pytest.skip(f"no Japanese tokenizer: {err}")
    text = "日本政府は月曜日、北京で中国と会談したと外務省が声明で発表した。\n" * 600  # ~20,000 characters
    assert len(text.encode()) > 49_149  # more than SudachiPy takes at once
    with pytest.raises(Exception, match="too long"):
        ja(text)
    (doc,) = parse_all(ja, [text], 16)
    assert doc.text == text
    assert all(len(p.encode()) < 49_149 for p in pieces(text, pieces_module.piece_size(ja)))


def test_a_japanese_text_is_cut_at_a_third_of_the_cap():
    from teller.languages import installed
    from teller.nlp.limits import JA_SHARE, parse_part

    if not installed("ja"):
        pytest.skip("GiNZA not installed")
    text = "日本政府は月曜日、北京で中国と会談したと外務省が声明で発表した。\n" * 400  # ~13,600 characters
    ja = parse_part(Article(id="ja", text=text, language="ja"), 9000)
    en = parse_part(Article(id="en", text=text, language="en"), 9000)
    assert len(ja.text) <= 9000 // JA_SHARE < len(en.text) <= 9000
    assert any(f.kind == "text_truncated" for f in ja.notes) and text.startswith(ja.text)
