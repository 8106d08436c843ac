"""teller compare: a Japanese source against its English translation (or the reverse).

The pairs in tests/data/compare/ are written for these tests (the seed's Japanese source is ours,
in the broadcaster's style); the seed translation is read from ../shared/seed and the test skips
without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from teller.cli import main
from teller.compare import CompareError, compare_texts, to_json
from teller.compare.english import read as read_en
from teller.compare.facts import DateValue
from teller.compare.japanese import kanji_number
from teller.compare.japanese import read as read_ja
from teller.compare.names import Alias, Names

DATA = Path(__file__).parent / "data" / "compare"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "teller-report-2023-09-14.txt"
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "teller" / "schema" / "compare.schema.json"
PAIRS = json.loads((DATA / "pairs.json").read_text(encoding="utf-8"))


def _valid(obj: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(obj, json.loads(SCHEMA.read_text(encoding="utf-8")))


def _seed_json() -> dict:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED}")
    result = CliRunner().invoke(main, ["compare", str(DATA / "seed_source_ja.txt"), str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_page_against_its_japanese_source_gives_every_known_defect():
    out = _seed_json()
    _valid(out)
    got = {(d["kind"], d["source"]["text"], d["translation"]["text"]) for d in out["differences"]}
    assert ("date", "14日", "March 14") in got
    assert ("date", "14日", "November 14") in got
    assert ("time", "夜9時すぎ", "14 p.m.") in got
    assert ("date", "14日", "the 9th") in got
    assert ("pronoun", "上川", "his") in got
    # nothing else: Blinken's own "his", the G7 count, the titles and "next week" agree
    assert {k for k, _, _ in got} == {"date", "time", "pronoun"}
    pronouns = [d for d in out["differences"] if d["kind"] == "pronoun"]
    assert len(pronouns) == 1 and "woman" in pronouns[0]["explanation"]


def test_seed_spans_point_at_the_words_in_both_extracted_texts():
    out = _seed_json()
    src = CliRunner().invoke(main, ["process", str(DATA / "seed_source_ja.txt"), "--json"])
    tr = CliRunner().invoke(main, ["process", str(SEED), "--json"])
    s_text, t_text = json.loads(src.output)["article"]["text"], json.loads(tr.output)["article"]["text"]
    for d in out["differences"]:
        assert s_text[d["source"]["start"]:d["source"]["end"]] == d["source"]["text"]
        assert t_text[d["translation"]["start"]:d["translation"]["end"]] == d["translation"]["text"]


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_written_pairs_give_exactly_their_differences(pair):
    found = compare_texts(pair["source"], pair["translation"], published=pair["published"])
    got = sorted((d.kind, d.source_text, d.translation_text) for d in found)
    assert got == sorted(tuple(x) for x in pair["expect"]), [d.explanation for d in found]
    _valid(to_json(found))
    for d in found:
        assert pair["source"][d.source.start:d.source.end] == d.source_text
        assert pair["translation"][d.translation.start:d.translation.end] == d.translation_text


def test_clean_pairs_exist_and_give_nothing():
    clean = [p for p in PAIRS if not p["expect"]]
    assert len(clean) >= 3
    assert all(compare_texts(p["source"], p["translation"], published=p["published"]) == [] for p in clean)


def test_compare_reads_stdin_and_prints_the_human_form(tmp_path):
    pair = PAIRS[1]
    src = tmp_path / "ja.txt"
    src.write_text(pair["source"], encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(src), "-", "--published", pair["published"]],
                                input=pair["translation"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 differences:") and "'4 p.m.'" in result.output


def test_two_texts_not_japanese_and_english_are_a_clear_error(tmp_path):
    de = tmp_path / "de.txt"
    de.write_text("Die Außenminister Deutschlands und Frankreichs haben sich am Dienstag in Berlin getroffen.")
    en = tmp_path / "en.txt"
    en.write_text("The foreign ministers of Germany and France met in Berlin on Tuesday.")
    result = CliRunner().invoke(main, ["compare", str(de), str(en)])
    assert result.exit_code == 1 and "Japanese text and an English one" in result.output
    with pytest.raises(CompareError):
        compare_texts("Two English texts.", "Both in English.")


def test_japanese_numbers_times_and_negation_by_rule():
    assert kanji_number("3万5000") == 35000 and kanji_number("1億2435万") == 124_350_000
    assert kanji_number("二十三") == 23 and kanji_number("１２") == 12
    names = Names()
    facts = read_ja("北朝鮮は１５日午後９時半すぎ、ミサイル二発を発射しなかった。対応しなければならない。", names)
    times = [f for f in facts if f.kind == "time"]
    assert len(times) == 1 and (times[0].value.hour, times[0].value.minute) == (21, 30)
    assert [f.value for f in facts if f.kind == "number"] == [2.0]
    assert [f.text for f in facts if f.kind == "negation"] == ["なかった"]  # obligation is not negation
    assert not [f for f in read_ja("いずれも日本の排他的経済水域の外側に落下した。まず、少なくない。", names)
                if f.kind == "negation"]
    texts = ("問題ないと述べた。", "少ない。", "危ない。", "就任間もない大臣。", "まもなく、始まる。", "来ない。")
    negated = {t: bool([f for f in read_ja(t, names) if f.kind == "negation"]) for t in texts}
    assert negated == {"問題ないと述べた。": True, "少ない。": False, "危ない。": False, "就任間もない大臣。": False,
                       "まもなく、始まる。": False, "来ない。": True}


def test_english_impossible_clock_time_is_kept_without_an_hour():
    facts = read_en("It took place shortly after 14 p.m. on the 9th, and ended at 9:30 p.m.", Names())
    times = [f.value for f in facts if f.kind == "time"]
    assert [t.hour for t in times] == [None, 21] and times[1].minute == 30
    assert [f.value.day for f in facts if f.kind == "date"] == [9]
    stamp = [f.value for f in read_en("Updated 9/14/2023, 3:42:54 PM.", Names()) if f.kind == "time"]
    assert [(t.hour, t.minute) for t in stamp] == [(15, 42)]  # seconds are no clock of their own
    dated = [f for f in read_en("Updated 9/14/2023, 3:42:54 PM.", Names()) if f.kind in ("date", "number")]
    assert [(f.kind, f.value) for f in dated] == [("date", DateValue(2023, 9, 14))]


def test_japanese_aliases_the_knowledge_base_carries_plug_in():
    """Aliases the knowledge base loads (the Japanese alias file's per-kind tables) are read
    beside this module's table: here a made-up short form for Kamikawa and a surname."""
    from types import SimpleNamespace

    from teller.actors import KnowledgeBase
    from teller.compare.names import load

    base = KnowledgeBase.default()
    kb = SimpleNamespace(names=base.names, people=base.people, states=base.states,
                         local={"ja": SimpleNamespace(by_kind={"name": {"ようこ外相": ["person:yoko-kamikawa"]},
                                                               "surname": {"ブリ": ["person:antony-blinken"]}})})
    names = load(kb)
    found = {text[s:e]: a.refs for text in ["ようこ外相はブリ長官と会談した。ブリが来た。"]
             for s, e, a in names.find_japanese(text)}
    assert found == {"ようこ外相": ("person:yoko-kamikawa",), "ブリ": ("person:antony-blinken",)}
    assert names.gender["person:yoko-kamikawa"] == "female" and "Kamikawa" in names.english["person:yoko-kamikawa"]


def test_the_source_gives_a_gender_the_knowledge_base_lacks():
    """A person the table knows only by name (no gender): the source's 彼女 says who she is."""
    from teller.compare import differ
    from teller.compare.english import sentences as en_sentences
    from teller.compare.japanese import sentences as ja_sentences

    names = Names()
    names.aliases.append(Alias("田中", ("name:Tanaka",)))
    names.english["name:Tanaka"] = ["Tanaka"]
    names._en_ref["Tanaka"] = "name:Tanaka"
    src_text = "田中代表は会見を開きました。彼女は辞任しないと述べました。"
    tr_text = "Representative Tanaka held a press conference. He said he would not resign."
    src = differ.Side(src_text, ja_sentences(src_text), read_ja(src_text, names), [])
    tr = differ.Side(tr_text, en_sentences(tr_text), read_en(tr_text, names), [])
    found = differ.compare(src, tr, [0, 1], names, None)
    assert [(f.kind, f.translation.text) for f in found] == [("pronoun", "He"), ("pronoun", "he")]


def test_a_date_line_at_the_head_of_the_source_gives_the_month_when_no_publication_time_is_known():
    src = "2023年9月14日 23時10分\n上川外務大臣は、14日夜、ブリンケン国務長官と電話で会談しました。"
    tr = "Foreign Minister Kamikawa held a telephone talk with Secretary of State Blinken on the evening of March 14."
    found = compare_texts(src, tr)
    assert [(d.kind, d.source_text, d.translation_text) for d in found] == [("date", "14日", "March 14")]
    assert compare_texts(src, tr.replace("March", "September")) == []
