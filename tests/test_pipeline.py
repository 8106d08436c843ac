"""The batch: bad items give one error line each, the rest is stored, re-runs store nothing twice."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from teller.cli import main
from teller.records import Article

pytestmark = pytest.mark.slow


def _article_line(i: int) -> str:
    text = (f"Japanese Foreign Minister Yoko Kamikawa spoke by phone with Australian Foreign Minister "
            f"Penny Wong on Tuesday about maritime security, officials said. Item {i}.")
    return json.dumps({"url": f"https://t.invalid/{i}", "title": f"Call {i}", "text": text,
                       "published": "2023-10-04T10:00:00+09:00", "source": "Test Wire"})


def test_run_survives_bad_items_and_is_idempotent(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(_article_line(i) for i in range(3)) + "\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "feed.rss").write_text("this is not xml at all")
    db = f"sqlite:///{tmp_path / 't.db'}"
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(tmp_path), "--db", db, "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "3 articles stored" in first.output
    assert "3 errors" in first.output
    for name in ("empty.txt", "binary.html", "feed.rss"):
        assert name in first.output
    again = runner.invoke(main, ["run", str(tmp_path), "--db", db, "--no-progress"])
    assert "0 articles stored, 3 already stored" in again.output


def test_process_json_has_the_public_keys(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Moscow on Monday.")
    result = CliRunner().invoke(main, ["process", str(f), "--published", "2024-04-09T12:00:00+03:00", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"article", "mentions", "timexes", "events", "flags", "highlights"}
    assert data["article"]["published"].startswith("2024-04-09T12:00:00+03:00")
    meet = [e for e in data["events"] if e["event"] == "CONSULT"]
    assert meet and meet[0]["date"]["value"].startswith("2024-04-08")


def test_process_bad_file_is_one_clear_error(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    result = CliRunner().invoke(main, ["process", str(f)])
    assert result.exit_code != 0
    assert "empty" in result.output.lower()
    assert "Traceback" not in result.output


def test_analysis_failure_in_one_article_does_not_stop_the_batch(monkeypatch):
    from teller import pipeline

    real = pipeline.analyse

    def flaky(article, doc):
        if "boom" in article.text:
            raise RuntimeError("stage exploded")
        return real(article, doc)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    arts = [Article(id=f"a{i}", text=t, published="2023-01-02T00:00:00+00:00")
            for i, t in enumerate(["India and Japan held talks on Monday.", "boom", "France praised Germany."])]
    out = list(pipeline.process_many(arts))
    assert len(out) == 3
    assert isinstance(out[1], Exception) and "stage exploded" in str(out[1])
    assert out[0].article.id == "a0" and out[2].article.id == "a2"


def test_quickstart_samples_exist():
    lines = (EXAMPLES / "articles" / "samples.jsonl").read_text().splitlines()
    assert len(lines) >= 16


def test_flags_on_overlapping_text_are_kept_once():
    from teller.pipeline import _dedupe_flags
    from teller.records import Flag, Span

    a = Flag("invalid_time", "warning", "impossible clock time", [Span(10, 28)])
    b = Flag("invalid_time", "warning", "'14 p.m.' is not a possible clock time", [Span(10, 17)])
    c = Flag("invalid_time", "warning", "another one", [Span(100, 107)])
    d = Flag("foreign_script", "warning", "stray character", [Span(12, 13)])
    assert _dedupe_flags([a, b, c, d]) == [a, c, d]


def test_commands_refuse_an_unusable_database_with_one_line(tmp_path):
    bad = f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}"
    runner = CliRunner()
    for args in (["serve", "--db", bad], ["export", "--db", bad]):
        result = runner.invoke(main, args)
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output and "Error" in result.output, result.output


# --- the parse: tuned components must not change what the stages read ------------------------

_RULER_TEXTS = [
    "Japanese Foreign Minister Yoko Kamikawa spoke by telephone with her Australian counterpart on "
    "Tuesday, and the two agreed to keep working closely together.",
    "There are three reasons, there was a fourth, and there's no doubt: it isn't over.",
    "I ain't gonna sign it, he said; let's wait. She gets what she got, and we gotta go.",
    "Officials said   the talks (which lasted 45 minutes) were \"frank\" -- and useful.\n\nMore later.",
    "The U.S.-led coalition's 2,000 troops won't withdraw before May 3, 2024, doesn't it?",
    "",
]


def test_fast_attribute_ruler_gives_the_stock_annotations(nlp):
    from teller.nlp import get_nlp
    from teller.nlp.attribute_ruler import FastAttributeRuler

    stock = get_nlp(fast=False)
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert not isinstance(stock.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert nlp.pipe_names == stock.pipe_names
    compared = 0
    for ours, theirs in zip(nlp.pipe(_RULER_TEXTS), stock.pipe(_RULER_TEXTS)):
        assert [t.text for t in ours] == [t.text for t in theirs]
        for a, b in zip(ours, theirs):
            assert (a.tag_, a.pos_, str(a.morph), a.lemma_, a.dep_, a.head.i, a.ent_type_) == \
                   (b.tag_, b.pos_, str(b.morph), b.lemma_, b.dep_, b.head.i, b.ent_type_), a.text
            compared += 1
    assert compared > 80
    # the multi-token rules really ran: "gonna" is "go" + "to", "let's" is "let" + "us"
    doc = nlp("We are gonna win, let's go.")
    assert [t.lemma_ for t in doc[2:4]] == ["go", "to"] and doc[7].lemma_ == "us"


def test_fast_attribute_ruler_refuses_patterns_it_cannot_reproduce():
    import spacy

    from teller.nlp.attribute_ruler import FastAttributeRuler, install

    plain = spacy.blank("en")
    plain.add_pipe("attribute_ruler").add([[{"LOWER": "acme"}, {"LOWER": "corp", "OP": "?"}]], {"TAG": "NNP"})
    assert install(plain) is False
    assert not isinstance(plain.get_pipe("attribute_ruler"), FastAttributeRuler)

    simple = spacy.blank("en")
    ruler = simple.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["acme", "globex"]}}]], {"TAG": "NNP", "LEMMA": "firm"})
    ruler.add([[{"LOWER": "globex"}]], {"LEMMA": "globex"})  # later rule wins for its attribute
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"TAG": "NNP"}, index=-1)
    assert install(simple) is True
    doc = simple("Acme and Globex moved to New York .")
    assert [(t.tag_, t.lemma_) for t in doc] == [
        ("NNP", "firm"), ("", ""), ("NNP", "globex"), ("", ""), ("", ""), ("", ""), ("NNP", ""), ("", "")]
