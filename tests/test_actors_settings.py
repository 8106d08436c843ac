"""TELLER_ACTORS_PATH: users' knowledge-base files load beside the shipped ones."""

from __future__ import annotations

from datetime import date

import pytest

from teller.actors import KnowledgeBase
from teller.errors import DataError


@pytest.fixture
def fresh_default():
    KnowledgeBase.default.cache_clear()
    yield
    KnowledgeBase.default.cache_clear()


def test_user_holders_file_is_loaded_beside_the_shipped_ones(tmp_path, monkeypatch, fresh_default):
    f = tmp_path / "my-holders.tsv"
    f.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\tsurname\tnote\n"
                 "ana-veldt\tAna Veldt\tfemale\tNLD\ttrade\t2031-01-05\t\t\tVeldt\tinvented for a test\n",
                 encoding="utf-8")
    monkeypatch.setenv("TELLER_ACTORS_PATH", str(f))
    kb = KnowledgeBase.default()
    found = kb.lookup("Ana Veldt", date(2031, 3, 1))
    assert found and found[0].country == "NLD" and found[0].gender == "female"
    # The shipped knowledge is still there.
    assert kb.lookup("Yoko Kamikawa", date(2023, 9, 14))


def test_unreadable_user_file_is_a_clear_error(tmp_path, monkeypatch, fresh_default):
    monkeypatch.setenv("TELLER_ACTORS_PATH", str(tmp_path / "missing.tsv"))
    with pytest.raises(DataError, match="missing.tsv"):
        KnowledgeBase.default()
