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


def test_run_survives_bad_items_and_is_idempotent(tmp_path, analyse_here):
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

    def flaky(article, doc, **kw):
        if "boom" in article.text:
            raise RuntimeError("stage exploded")
        return real(article, doc, **kw)

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


def test_fast_attribute_ruler_and_lemmatizer_give_the_stock_annotations(nlp):
    from teller.nlp import get_nlp
    from teller.nlp.attribute_ruler import FastAttributeRuler
    from teller.nlp.lemmatizer import FastLemmatizer

    stock = get_nlp(fast=False)
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert not isinstance(stock.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert nlp.pipe_names == stock.pipe_names
    compared = 0
    for ours, theirs in zip(nlp.pipe(_RULER_TEXTS), stock.pipe(_RULER_TEXTS), strict=True):
        assert [t.text for t in ours] == [t.text for t in theirs]
        for a, b in zip(ours, theirs, strict=True):
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


# --- the store in batches: the same rows as one save per article, and the same isolation ------

def _table_rows(path) -> dict[str, list[str]]:
    import sqlite3

    con = sqlite3.connect(path)
    out: dict[str, list[str]] = {}
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if table.startswith("search_fts_") and table != "search_fts_content":
            continue  # FTS5's own shadow tables: their bytes follow insertion order
        # the full-text rows' ids follow insertion order too: what they index must agree
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("stored", "applied", "updated")
                and not (table.startswith("search_") and r[1] in ("id", "rowid"))]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(map(repr, con.execute(f"SELECT {quoted} FROM {table}")))
    con.close()
    return out


def _shared_event_batch():
    import dataclasses

    from teller.records import Span
    from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

    a, b, c = talks_analysis(), protest_analysis(), undated_analysis()
    shared = a.events[1]  # one event reported by a and b: b must add its spans, not a second event
    shared.article_ids = [a.article.id, b.article.id]
    b.events.append(dataclasses.replace(shared, evidence=[Span(0, 9)]))
    return [a, b, c, talks_analysis(), talks_analysis(url="https://mirror.example/talks")]


def test_save_many_writes_what_one_save_per_article_writes(tmp_path):
    from teller.store import Store

    one, many = Store(f"sqlite:///{tmp_path / 'one.db'}"), Store(f"sqlite:///{tmp_path / 'many.db'}")
    expected = [one.save(x) for x in _shared_event_batch()]
    got = many.save_many(_shared_event_batch())
    assert got == expected == [True, True, True, False, True]  # the repeated article is "already stored"
    assert many.save_many(_shared_event_batch()) == [False] * 5
    one.close(), many.close()
    mine, theirs = _table_rows(tmp_path / "many.db"), _table_rows(tmp_path / "one.db")
    assert mine == theirs
    assert len(mine["events"]) >= 8 and len(mine["evidence"]) > 10


def test_save_many_loses_only_the_bad_article(tmp_path):
    from teller.records import Flag
    from teller.store import Store, StoreError
    from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    refused = talks_analysis()  # the database refuses it (NOT NULL), after the others were written
    refused.flags.append(Flag(kind=None, severity="error", message="no kind"))  # type: ignore[arg-type]
    malformed = undated_analysis()
    malformed.events[0].evidence = [None]  # type: ignore[list-item]
    got = store.save_many([protest_analysis(), refused, malformed])
    assert got[0] is True
    assert isinstance(got[1], StoreError) and refused.article.id in str(got[1])
    assert isinstance(got[2], StoreError) and "malformed analysis" in str(got[2])
    assert store.article(protest_analysis().article.id) is not None
    assert store.article(refused.article.id) is None and store.stats()["articles"] == 1
    assert store.save_many([talks_analysis()]) == [True]  # once fixed it goes in
    store.close()


def test_save_many_is_one_transaction_per_batch(tmp_path):
    """Why save_many exists: one transaction (and far fewer statements) per batch instead of per
    article. Counted, not timed: the speed itself is a benchmark's job (benchmarks/profile_stages.py)."""
    from sqlalchemy import event

    from teller.store import Store
    from test_store_fixtures import talks_analysis

    def counted(store):
        counts = {"commit": 0, "statements": 0}
        event.listen(store.engine, "commit", lambda conn: counts.__setitem__("commit", counts["commit"] + 1))
        event.listen(store.engine, "before_cursor_execute",
                     lambda *a: counts.__setitem__("statements", counts["statements"] + 1))
        return counts

    one, many = Store(f"sqlite:///{tmp_path / 'one.db'}"), Store(f"sqlite:///{tmp_path / 'many.db'}")
    batch = [talks_analysis(url=f"https://news.example/{i}") for i in range(96)]
    c_one, c_many = counted(one), counted(many)
    assert all(one.save(a) for a in batch)
    assert all(r is True for i in range(0, 96, 32) for r in many.save_many(batch[i:i + 32]))
    assert c_one["commit"] >= 96 and c_many["commit"] <= 3
    assert c_many["statements"] < 0.5 * c_one["statements"], (c_many, c_one)
    assert one.stats()["articles"] == many.stats()["articles"] == 96
    one.close(), many.close()


# --- teller run --workers: same output as one process ----------------------------------------

def test_run_with_workers_stores_what_one_process_stores(tmp_path, analyse_here):
    """``--workers 1`` analyses here (no item limit, so no supervised worker), ``--workers 2`` in a
    pool of two processes: both store the same rows."""
    src = tmp_path / "in"
    src.mkdir()
    lines = [_article_line(i) for i in range(40)] + ["{not json", json.dumps({"title": "no text"})]
    (src / "a.jsonl").write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    outputs = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        result = runner.invoke(main, ["run", str(src), "--db", f"sqlite:///{db}", "--no-progress",
                                      "--workers", str(workers)])
        assert result.exit_code == 0, result.output
        assert "40 articles stored" in result.output and "2 errors" in result.output, result.output
        outputs[workers] = _table_rows(db)
    assert outputs[1] == outputs[2]
    assert len(outputs[1]["events"]) >= 40


def test_an_item_that_cannot_reach_a_worker_loses_only_itself(monkeypatch):
    """An article that cannot be sent to a worker (here: it does not pickle) is one error; the
    rest of its batch is sent again item by item and analysed (``teller.workers``; one supervised
    worker: sending is the same whatever the pool's size, and each worker loads the model)."""
    from teller.pipeline import Pipeline

    arts = [Article(id=f"a{i}", text=f"India and Japan held talks on Monday, item {i}.",
                    published="2023-01-02T00:00:00+00:00") for i in range(6)]
    arts[3].repeats = [(lambda: None,)]  # type: ignore[list-item]  # unpicklable: its batch fails
    out = list(Pipeline().process_many(arts, batch_size=2, supervise=True))
    assert len(out) == 6
    failed = [r for r in out if isinstance(r, Exception)]
    assert [str(e).split(":")[0] for e in failed] == ["[T100] a3"]
    assert [r.article.id for r in out if not isinstance(r, Exception)] == ["a0", "a1", "a2", "a4", "a5"]


def test_lemmatizer_front_only_for_the_english_rule_lemmatizer():
    import spacy

    from teller.nlp.lemmatizer import FastLemmatizer, install

    lookup = spacy.blank("en")
    lookup.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert install(lookup) is False
    other = spacy.blank("xx")
    other.add_pipe("lemmatizer", config={"mode": "rule"})
    assert install(other) is False
    assert not isinstance(other.get_pipe("lemmatizer"), FastLemmatizer)


def test_numpy_matrix_products_give_the_blis_annotations():
    """With single-threaded OpenBLAS the networks multiply through numpy: same parse, less CPU."""
    import spacy

    from teller import config
    from teller.nlp import get_nlp
    from teller.nlp.blas import blas_threads, use_fast_gemm
    from teller.nlp.paragraphs import install as install_paragraph_breaks

    before = blas_threads()
    if before is None:
        pytest.skip("numpy's OpenBLAS is not reachable here; the pipeline keeps BLIS")
    try:
        blas_threads(2)
        other = spacy.load(config.get("TELLER_SPACY_MODEL"))
        install_paragraph_breaks(other)  # in both of teller's modes: compare like with like
        assert use_fast_gemm(other) is False  # multi-threaded OpenBLAS would spin: keep BLIS
        assert blas_threads(1) == 1
        assert use_fast_gemm(other) is True
        assert other.get_pipe("tok2vec").model.ops.use_blis is False
        stock = get_nlp(fast=False)
        assert stock.get_pipe("tok2vec").model.ops.use_blis is True
        texts = _RULER_TEXTS[:-1] * 2
        for ours, theirs in zip(other.pipe(texts), stock.pipe(texts), strict=True):
            assert [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in ours] == \
                   [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in theirs]
    finally:
        blas_threads(before)


def test_eval_petrarch_takes_dictionaries_as_the_issue_writes_them(tmp_path, monkeypatch):
    import teller.events.petrarch as petrarch

    files = []
    for name in ("records.xml", "v.txt", "a.txt", "g.txt", "d.txt"):
        (tmp_path / name).write_text("x")
        files.append(str(tmp_path / name))
    seen = {}

    def fake(records, dictionaries):
        seen["dicts"] = [str(d) for d in dictionaries]
        return {"records": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "by_category": {}}

    monkeypatch.setattr(petrarch, "evaluate_petrarch", fake)
    result = CliRunner().invoke(main, ["eval", "petrarch", files[0], "--dictionaries", *files[1:], "--json"])
    assert result.exit_code == 0, result.output
    assert seen["dicts"] == files[1:]
    none = CliRunner().invoke(main, ["eval", "petrarch", files[0]])
    assert none.exit_code != 0 and "dictionaries" in none.output


def _report(i: int, source: str, text: str, published: str) -> str:
    return json.dumps({"url": f"https://s{i}.invalid/a", "title": text.split(".")[0], "text": text,
                       "published": published, "source": source})


def _visible(db_path) -> tuple[list[str], list[str]]:
    import sqlite3

    con = sqlite3.connect(db_path)
    events = sorted(r[0] for r in con.execute("select id from events where superseded_by is null"))
    stories = sorted(r[0] for r in con.execute("select id from stories"))
    return events, stories


def test_run_merges_reports_across_articles_and_runs(tmp_path, monkeypatch):
    # About merging, not the per-item time limit: the runs analyse in this process with the
    # loaded model instead of starting a worker (and loading the model) for each of the three.
    monkeypatch.setenv("TELLER_ITEM_TIMEOUT", "0")
    reports = [
        _report(1, "Wire One", "Indian Prime Minister Narendra Modi spoke by phone with French President "
                "Emmanuel Macron on Tuesday about defence cooperation.", "2023-06-14T09:00:00+05:30"),
        _report(2, "Daily Two", "French President Emmanuel Macron and Indian Prime Minister Narendra Modi "
                "held a telephone call on Tuesday, the Elysee said.", "2023-06-14T08:00:00+02:00"),
        _report(3, "Times Three", "Macron talked with Modi by telephone on Tuesday, officials in Paris said. "
                "The two leaders discussed submarines.", "2023-06-15T10:00:00+02:00"),
        _report(4, "Wire One", "Brazilian President Luiz Inacio Lula da Silva visited Beijing on Friday "
                "and met Chinese President Xi Jinping.", "2023-04-14T20:00:00+08:00"),
    ]
    first, second, whole = tmp_path / "first.jsonl", tmp_path / "second.jsonl", tmp_path / "whole.jsonl"
    first.write_text("\n".join(reports[2:]) + "\n")  # the latest report first: re-seeding happens
    second.write_text("\n".join(reports[:2]) + "\n")
    whole.write_text("\n".join(reports) + "\n")
    runner = CliRunner()
    for f in (first, second):
        r = runner.invoke(main, ["run", str(f), "--db", f"sqlite:///{tmp_path / 'inc.db'}", "--no-progress"])
        assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["run", str(whole), "--db", f"sqlite:///{tmp_path / 'all.db'}", "--no-progress"])
    assert "merged across articles" in r.output and " 0 merged" not in r.output, r.output
    # Adding later gives what one run over everything gives: same canonical events, same stories.
    assert _visible(tmp_path / "inc.db") == _visible(tmp_path / "all.db")

    from teller.store import Store

    store = Store(f"sqlite:///{tmp_path / 'all.db'}")
    calls = [e for e in store.events(event="CONSULT", country="IND") if e.status == "happened"]
    assert len(calls) == 1, [(e.id, e.article_ids) for e in calls]
    assert len(calls[0].article_ids) == 3
    assert calls[0].date is not None and calls[0].date.value.startswith("2023-06-13")
    assert len(store.stories()) == 2


def test_an_article_in_an_uncoded_language_is_stored_flagged_and_not_coded(tmp_path, monkeypatch):
    monkeypatch.setenv("TELLER_ITEM_TIMEOUT", "0")  # analysed in this process: no worker to start
    text = ("Die Außenminister Deutschlands und Frankreichs haben sich am Dienstag in Berlin getroffen. "
            "Sie sprachen über die Lage in der Ukraine und vereinbarten weitere Gespräche im Herbst. "
            "Der französische Minister sagte, beide Länder würden eng zusammenarbeiten.")
    f = tmp_path / "de.txt"
    f.write_text(text)
    result = CliRunner().invoke(main, ["process", str(f), "--published", "2023-05-09T12:00:00+02:00", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["language"] == "de"
    assert data["events"] == []
    assert [fl["kind"] for fl in data["flags"] if fl["severity"] == "warning"] == ["unsupported_language"]
    assert data["quality"] <= 50
    db = f"sqlite:///{tmp_path / 't.db'}"
    stored = CliRunner().invoke(main, ["run", str(f), "--db", db, "--no-progress"])
    assert "1 articles stored" in stored.output, stored.output
    from fastapi.testclient import TestClient

    from teller.app import create_app

    with TestClient(create_app(db)) as client:  # shown, with the reason it has no events
        page = client.get(f"/articles/{data['article']['id']}")
    assert page.status_code == 200 and "unsupported_language" in page.text and "Außenminister" in page.text
