"""One act told again with its sides named differently (the state, its government, its leader;
a headline and a lede) is one event; two acts of one type and countries stay two when they name
different people, different targets or different days (sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def of_type(code, text, etype):
    return [e for e in code(text).events if e.event == etype]


def test_headline_lede_and_body_tell_one_expulsion(code):
    evs = of_type(code, "Iran expels two German diplomats\n\nIran on Tuesday expelled two German diplomats in "
                        "retaliation for the closure of its consulates. President Masoud Pezeshkian also "
                        "expelled German envoys.", "SANCTION")
    assert len(evs) == 1, evs
    assert [a.country for a in evs[0].actor] == ["IRN"] and [r.country for r in evs[0].recipient] == ["DEU"]
    assert len(evs[0].evidence) >= 2


def test_a_government_and_its_leader_imposing_sanctions_is_one_act(code):
    evs = of_type(code, "The Norwegian government on Monday imposed sanctions on Belarus over the crackdown. "
                        "Prime Minister Jonas Gahr Store also imposed sanctions on Belarusian officials.", "SANCTION")
    assert len(evs) == 1, evs


def test_a_retelling_without_its_target_joins_the_act(code):
    evs = of_type(code, "Protesters marched against the government in Lima on Saturday. More than 500 "
                        "demonstrators rallied outside the congress building.", "PROTEST")
    assert len(evs) == 1, evs
    assert evs[0].recipient


def test_two_targets_of_one_country_are_two_arrests(code):
    evs = of_type(code, "Turkish police detained opposition leader Ozgur Ozel on Tuesday. Turkish police also "
                        "detained 40 students on Tuesday.", "COERCE")
    assert len(evs) == 2, evs


def test_two_days_are_two_accusations(code):
    evs = of_type(code, "Russia accused Ukraine on Monday of shelling the plant. The Russian foreign ministry "
                        "accused Kyiv on Thursday of attacking a convoy.", "ACCUSE")
    assert len(evs) == 2, evs


def test_two_people_of_one_side_are_two_acts(code):
    evs = of_type(code, "President Vladimir Putin criticised Japan on Monday. Foreign Minister Sergei Lavrov "
                        "criticised Japan on Monday over its new defence plan.", "ACCUSE")
    assert len(evs) == 2, evs
