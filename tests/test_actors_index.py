"""The imported office-holder index: built from a table the test writes, asked by the knowledge
base only where the curated files have no answer, and used by resolution."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from teller.actors import KnowledgeBase, resolve
from teller.actors.index import ActorIndex, build_index, tenure_span
from teller.cli import main
from teller.errors import DataError
from teller.records import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "actors" / "office-holders.tsv"
HEADER = "name\taliases\tcountry\toffice\toffice_title\tstart\tend\tgender\tsource\tsource_id\n"
# Invented people (so every answer visibly comes from this table), in real countries.
ROWS = [
    ("Batbayar Testuul", "Batbayar Tëstuul", "MNG", "foreign_minister", "Minister of Foreign Affairs of Mongolia",
     "2014-03-02", "2016-07-20", "male", "epscr@2022-07-20", "Q9000001"),
    ("Oyun Sampleva", "", "MNG", "foreign_minister", "Minister of Foreign Affairs of Mongolia",
     "2016-07-20", "", "female", "epscr@2022-07-20", "Q9000002"),
    ("Gan Oldrule", "", "MNG", "head_of_state", "President of Mongolia", "2009", "2017", "male",
     "wl2021@2021-08-26", "Q9000003"),
    ("Dorj Newrule", "", "MNG", "head_of_state", "President of Mongolia", "2017", "", "male",
     "wl2021@2024-10-23", "Q9000004"),
    ("Kenji Notreal", "", "JPN", "foreign_minister", "Minister for Foreign Affairs", "2023-01-01", "", "male",
     "epscr@2023-03-01", "Q9000005"),
    ("Erdene Regionov", "", "MNG", "head_of_government", "Prime Minister of Mongolia", "2015-01-01", "2019-01-01",
     "male", "epscr@2022-07-20", "Q9000006"),
]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("idx")
    src = d / "holders.tsv"
    src.write_text(HEADER + "".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8")
    built = build_index([src], d / "index.sqlite")
    assert built["tenures"] == len(ROWS) and built["people"] == len(ROWS)
    return d / "index.sqlite"


@pytest.fixture(scope="module")
def kb(index_path) -> KnowledgeBase:
    kb = KnowledgeBase.load([], include_default=True)
    kb.index = ActorIndex(index_path)
    return kb


def test_spans_keep_precision_and_snapshot():
    # a year-precision start is sure only from the year's last day; an open end is sure until
    # the source's snapshot date and possible for ever after
    lo, sure_lo, sure_hi, hi = tenure_span("2017", "", "wl2021@2024-10-23")
    assert (lo, sure_lo, sure_hi, hi) == (date(2017, 1, 1), date(2017, 12, 31), date(2024, 10, 23), None)
    assert tenure_span("2014-03", "2016-07-20", "x")[1:] == (date(2014, 3, 31), date(2016, 7, 20), date(2016, 7, 20))
    assert tenure_span("2014", "2016-07", "x")[2:] == (date(2016, 7, 1), date(2016, 8, 1))


def test_holder_at_date_from_the_index(kb):
    assert kb.holder("MNG", "foreign", date(2015, 5, 1)).name == "Batbayar Testuul"
    later = kb.holder("Mongolia", "Foreign Minister", date(2018, 5, 1))
    assert later.name == "Oyun Sampleva" and later.country == "MNG" and later.cameo == "MNGGOV"
    assert later.role == "Minister of Foreign Affairs of Mongolia" and later.gender == "female"
    assert kb.holder("MNG", "foreign", date(2010, 1, 1)) is None


def test_year_precision_handover_keeps_the_incumbent(kb):
    # both may hold office in 2017; only the incumbent certainly had been appointed by March
    assert kb.holder("MNG", "head_of_state", date(2017, 3, 1)).name == "Gan Oldrule"
    assert kb.holder("MNG", "head_of_state", date(2019, 3, 1)).name == "Dorj Newrule"


def test_curated_rows_win(kb):
    got = kb.holder("JPN", "foreign", date(2023, 9, 14))
    assert got.id == "person:yoko-kamikawa"


def test_lookup_by_name_and_folded_alias(kb):
    for name in ("Batbayar Testuul", "batbayar tëstuul", "Batbayar Testuul"):
        found = kb.lookup(name, date(2015, 1, 1))
        assert [a.name for a in found] == ["Batbayar Testuul"]
        assert found[0].role_start == "2014-03-02"


def test_lookup_of_office_phrase(kb):
    found = kb.lookup("Mongolia's foreign minister", date(2015, 6, 1))
    assert [a.name for a in found] == ["Batbayar Testuul"]


def test_stats_by_source_office_and_decade(kb):
    st = kb.index.stats()
    assert st["by_source"] == {"epscr": 4, "wl2021": 2}
    assert st["by_office"]["foreign"] == 3
    assert st["by_decade"]["2010s"] == 5 and st["by_decade"]["2020s"] == 3  # open tenures reach today
    assert st["as_of"] == {"epscr": "2023-03-01", "wl2021": "2024-10-23"}


def test_bad_source_is_a_clear_error(tmp_path):
    src = tmp_path / "bad.tsv"
    src.write_text("name\tcountry\nX\tMNG\n", encoding="utf-8")
    with pytest.raises(DataError, match="header lacks"):
        build_index([src], tmp_path / "i.sqlite")
    with pytest.raises(DataError, match="no actor index"):
        ActorIndex(tmp_path / "missing.sqlite")


def _resolved(nlp, kb, text: str, when: date):
    return resolve(nlp(text), Article(id="t", text=text, language="en"), kb, when=when)


def test_resolution_names_indexed_people_with_their_office(nlp, kb):
    text = "Mongolian Foreign Minister Oyun Sampleva met reporters. Sampleva said the visit went well."
    ms = _resolved(nlp, kb, text, date(2018, 4, 2))
    people = [m for m in ms if m.actor is not None and m.actor.kind == "person"]
    assert {m.actor.name for m in people} == {"Oyun Sampleva"}
    assert all(m.actor.country == "MNG" and m.kind != "learnt" for m in people)


def test_resolution_of_title_at_date_and_former_holder(nlp, kb):
    ms = _resolved(nlp, kb, "The Mongolian foreign minister spoke first.", date(2015, 6, 1))
    assert ms[0].actor is not None and ms[0].actor.name == "Batbayar Testuul"
    ms = _resolved(nlp, kb, "Former foreign minister Testuul criticised the plan.", date(2020, 6, 1))
    person = next(m for m in ms if m.actor is not None and m.actor.kind == "person")
    assert person.actor.name == "Batbayar Testuul" and person.actor.role_end == "2016-07-20"


def test_cli_builds_an_index(tmp_path):
    src = tmp_path / "h.tsv"
    src.write_text(HEADER + "\t".join(ROWS[0]) + "\n", encoding="utf-8")
    out = tmp_path / "i.sqlite"
    result = CliRunner().invoke(main, ["actors", "build-index", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 tenures of 1 people" in result.output
    assert ActorIndex(out).people_named("batbayar testuul")


def test_cli_stats_reads_the_named_index(tmp_path, index_path, monkeypatch):
    monkeypatch.setenv("TELLER_ACTORS_INDEX", str(index_path))
    monkeypatch.setenv("TELLER_OFFICE_HOLDERS", "none")
    KnowledgeBase._with_files.cache_clear()
    try:
        result = CliRunner().invoke(main, ["actors", "stats", "--json"])
    finally:
        KnowledgeBase._with_files.cache_clear()
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["index"] is None  # "none" turns the index off
    monkeypatch.delenv("TELLER_OFFICE_HOLDERS")
    src = index_path.parent / "holders.tsv"
    monkeypatch.setenv("TELLER_OFFICE_HOLDERS", str(src))
    KnowledgeBase._with_files.cache_clear()
    try:
        result = CliRunner().invoke(main, ["actors", "stats", "--json"])
    finally:
        KnowledgeBase._with_files.cache_clear()
    assert json.loads(result.output)["index"]["tenures"] == len(ROWS)


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared/data/actors/office-holders.tsv is absent")
def test_office_at_date_set_on_the_real_table():
    from teller.evaluation.offices import evaluate_offices

    result = evaluate_offices(ROOT / "tests" / "data" / "actors" / "offices_at_date.txt")
    assert result["cases"] >= 300 and result["countries"] >= 60
    assert result["accuracy"] >= 0.95, "\n".join(result["misses"])


def test_bare_name_must_be_a_recent_national_office_holder(nlp, kb):
    text = "Officials said Batbayar Testuul would attend the dinner."
    then = _resolved(nlp, kb, text, date(2016, 1, 4))
    assert any(m.actor is not None and m.actor.name == "Batbayar Testuul" and m.kind != "learnt" for m in then)
    # twenty years after his tenure, a bare name is someone else of that name: learnt
    later = _resolved(nlp, kb, text, date(2036, 1, 4))
    people = [m for m in later if m.actor is not None and m.actor.kind == "person"]
    assert people and all(m.kind == "learnt" and m.actor.country is None for m in people)
    assert all(m.actor.role is None and m.actor.cameo is None for m in people)  # a namesake, not the holder


def test_office_shown_is_the_named_one_held_at_the_date(tmp_path):
    src = tmp_path / "h.tsv"
    who = ("Tomor Twohats", "")
    rows = [(*who, "MNG", "other", "Chief of the Army", "2015-03-01", "2017", "male", "epscr@2022-07-20", "Q9000010"),
            (*who, "MNG", "defence_minister", "Minister of Defence of Mongolia", "2017-06-01", "2019-02-01",
             "male", "epscr@2022-07-20", "Q9000010")]
    src.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    build_index([src], tmp_path / "i.sqlite")
    kb = KnowledgeBase.load([], include_default=True)
    kb.index = ActorIndex(tmp_path / "i.sqlite")
    # the army post's year-precision end overlaps the ministry: the ministry is shown
    assert kb.lookup("Tomor Twohats", date(2017, 9, 1))[0].role == "Minister of Defence of Mongolia"
    assert kb.lookup("Tomor Twohats", date(2016, 9, 1))[0].role == "Chief of the Army"
    assert kb.lookup("Tomor Twohats", date(2020, 9, 1))[0].role_end == "2019-02-01"
