"""TempEval-3 scoring of teller.timex: the scorer on a hand-made TimeML file, and pinned
accuracy floors on TimeBank + AQUAINT (skipped when ../shared/data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from teller.evaluation.timeml import evaluate_timeml, format_report, read_tml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-10" temporalFunction="false"
      functionInDocument="CREATION_TIME">20210310</TIMEX3></DCT>
<TEXT>
The harbour board met on <TIMEX3 tid="t1" type="DATE" value="2021-03-09">Tuesday</TIMEX3> &amp; agreed to
reopen the pier <TIMEX3 tid="t2" type="DATE" value="2021-W11">next week</TIMEX3>. Repairs took
<TIMEX3 tid="t3" type="DURATION" value="P3M">three months</TIMEX3>, the board said in
<TIMEX3 tid="t4" type="DATE" value="2020-12">December</TIMEX3>.
</TEXT>
</TimeML>
"""

KEYS = {"documents", "gold_timexes", "strict", "relaxed", "type_accuracy", "value_accuracy", "value_f1"}


def test_read_tml_maps_offsets_into_raw_text(tmp_path: Path) -> None:
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    doc = read_tml(f)
    assert doc.dct.isoformat().startswith("2021-03-10")
    assert "&amp;" not in doc.text and " & " in doc.text
    assert [doc.text[g.start:g.end] for g in doc.gold] == ["Tuesday", "next week", "three months", "December"]


def test_evaluate_contract_and_scores(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.tml").write_text(TML, encoding="utf-8")
    r = evaluate_timeml(tmp_path, verbose=True)
    assert KEYS <= set(r)
    assert set(r["strict"]) == set(r["relaxed"]) == {"precision", "recall", "f1"}
    assert r["documents"] == 1 and r["gold_timexes"] == 4
    # The December of a past clause written in March 2021 is December 2020; all four agree.
    assert r["relaxed"]["recall"] == 1.0
    assert r["value_accuracy"] == 1.0
    assert r["value_f1"] == pytest.approx(r["relaxed"]["f1"])
    assert isinstance(r["misses"], list)
    assert "value F1" in format_report(r)


def test_evaluate_reports_misses(tmp_path: Path) -> None:
    bad = TML.replace('value="2021-W11"', 'value="2021-W12"')
    (tmp_path / "doc.tml").write_text(bad, encoding="utf-8")
    r = evaluate_timeml(tmp_path / "doc.tml", verbose=True)
    assert r["value_accuracy"] == 0.75
    assert any(m["kind"] == "value" and m["gold"] == "2021-W12" for m in r["misses"])


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "broken.tml").write_text("<TimeML>no text</TimeML>", encoding="utf-8")
    r = evaluate_timeml(tmp_path)
    assert r["documents"] == 0 and r["errors"]


# Floors a little below what the engine reaches (relaxed F1 0.943 / 0.945 / 0.944 and value F1
# 0.835 / 0.788 / 0.820 on TimeBank / AQUAINT / both), so that a regression fails the suite.
FLOORS = {
    "TimeBank": (0.93, 0.82),
    "AQUAINT": (0.93, 0.77),
    "": (0.93, 0.81),
}


@pytest.mark.parametrize("part", ["TimeBank", "AQUAINT", ""])
def test_tbaq_accuracy_floors(part: str) -> None:
    root = shared_path("timeml", "TBAQ-cleaned")
    r = evaluate_timeml(root / part if part else root)
    relaxed_floor, value_floor = FLOORS[part]
    assert r["relaxed"]["f1"] >= relaxed_floor, r
    assert r["value_f1"] >= value_floor, r
