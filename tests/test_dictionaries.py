"""TABARI/PETRARCH dictionary readers, on small dictionaries written here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from teller.dictionaries.tabari import (
    DatedCode,
    dictionary_kind,
    parse_actors,
    parse_agents,
    parse_date,
    parse_discards,
    parse_verbs,
)
from teller.errors import DataError

ACTORS = """\
# a made-up actor dictionary
<!-- a block comment
     over two lines [XXX] -->
RURITANIA_  [RUR]
+RURITANIAN_
+STRELSAU   # the capital
	[RURGOV 19950601-990815]

KING_RUDOLF_  ; legacy comment
+RUDOLF
	[RURELI <19940101]
	[RURGOV 940102 - 20091231]
	[RURELI >20100101]

NORTH_ELBONIA [NEL 010101-051231] [NELREB]
NAMELESS_HERMIT
ACME_RELIEF_TEAM_	[NGORURCHR214]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_parse_date_two_and_four_digit_years() -> None:
    assert parse_date("19950601") == date(1995, 6, 1)
    assert parse_date("950601") == date(1995, 6, 1)
    assert parse_date("300101") == date(2030, 1, 1)  # YY 00-30 is 20YY
    assert parse_date("310101") == date(1931, 1, 1)
    with pytest.raises(ValueError):
        parse_date("9506011")


def test_actor_names_synonyms_codes_and_comments(tmp_path: Path) -> None:
    entries = parse_actors(_write(tmp_path, "test.actors.txt", ACTORS))
    by_name = {e.names[0]: e for e in entries}
    assert "XXX" not in {c.code for e in entries for c in e.codes}  # inside <!-- -->
    rur = by_name["RURITANIA"]
    assert rur.names == ["RURITANIA", "RURITANIAN", "STRELSAU"]
    assert rur.codes[0] == DatedCode("RUR")
    assert rur.codes[1] == DatedCode("RURGOV", date(1995, 6, 1), date(1999, 8, 15))
    assert rur.source.endswith(":4")
    king = by_name["KING RUDOLF"]
    assert king.names == ["KING RUDOLF", "RUDOLF"]
    assert king.comment == "legacy comment"
    assert king.codes == [
        DatedCode("RURELI", None, date(1994, 1, 1)),
        DatedCode("RURGOV", date(1994, 1, 2), date(2009, 12, 31)),
        DatedCode("RURELI", date(2010, 1, 1), None),
    ]
    # codes may contain digits; several bracket groups on one line
    assert by_name["ACME RELIEF TEAM"].codes == [DatedCode("NGORURCHR214")]
    assert by_name["NORTH ELBONIA"].codes == [
        DatedCode("NEL", date(2001, 1, 1), date(2005, 12, 31)),
        DatedCode("NELREB"),
    ]
    assert by_name["NAMELESS HERMIT"].codes == []


def test_dated_roles_choose_the_code_for_a_date(tmp_path: Path) -> None:
    entries = {e.names[0]: e for e in parse_actors(_write(tmp_path, "a.actors.txt", ACTORS))}
    king = entries["KING RUDOLF"]
    assert king.code_on(date(1990, 5, 5)) == "RURELI"
    assert king.code_on(date(1994, 1, 2)) == "RURGOV"  # limits are inclusive
    assert king.code_on(date(2009, 12, 31)) == "RURGOV"
    assert king.code_on(date(2012, 1, 1)) == "RURELI"
    rur = entries["RURITANIA"]
    assert rur.code_on(date(1997, 1, 1)) == "RURGOV"
    assert rur.code_on(date(2005, 1, 1)) == "RUR"  # outside the dated role: the default
    assert entries["NORTH ELBONIA"].code_on(date(2010, 1, 1)) == "NELREB"
    assert entries["NAMELESS HERMIT"].code_on(date(2010, 1, 1)) is None


def test_bad_date_is_skipped_not_fatal(tmp_path: Path) -> None:
    text = "ZEMBLA [ZEM]\n\t[ZEMGOV 1999-2000]\n\t[ZEMREB >990101]\n"
    (entry,) = parse_actors(_write(tmp_path, "z.actors.txt", text))
    assert entry.codes == [DatedCode("ZEM"), DatedCode("ZEMREB", date(1999, 1, 1), None)]


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        parse_actors(tmp_path / "nope.actors.txt")
