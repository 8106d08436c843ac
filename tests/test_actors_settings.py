"""TELLER_ACTORS_PATH: users' knowledge-base files load beside the shipped ones."""

from __future__ import annotations

from datetime import date

import pytest

from teller.actors import KnowledgeBase
from teller.config import Settings
from teller.errors import DataError


@pytest.fixture
def fresh_default():
    KnowledgeBase._with_files.cache_clear()
    yield
    KnowledgeBase._with_files.cache_clear()


def test_user_holders_file_is_loaded_beside_the_shipped_ones(tmp_path, monkeypatch, fresh_default):
    f = tmp_path / "my-holders.tsv"
    f.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\tsurname\tnote\n"
                 "ana-veldt\tAna Veldt\tfemale\tNLD\ttrade\t2031-01-05\t\t\tVeldt\tinvented for a test\n",
                 encoding="utf-8")
    monkeypatch.setenv("TELLER_ACTORS_PATH", str(f))
    kb = KnowledgeBase.for_settings(Settings.from_env())
    found = kb.lookup("Ana Veldt", date(2031, 3, 1))
    assert found and found[0].country == "NLD" and found[0].gender == "female"
    # The shipped knowledge is still there.
    assert kb.lookup("Yoko Kamikawa", date(2023, 9, 14))


def test_unreadable_user_file_is_a_clear_error(tmp_path, monkeypatch, fresh_default):
    monkeypatch.setenv("TELLER_ACTORS_PATH", str(tmp_path / "missing.tsv"))
    with pytest.raises(DataError, match="missing.tsv"):
        KnowledgeBase.for_settings(Settings.from_env())


def test_the_shipped_knowledge_base_ignores_the_environment(tmp_path, monkeypatch, fresh_default):
    monkeypatch.setenv("TELLER_ACTORS_PATH", str(tmp_path / "missing.tsv"))
    assert KnowledgeBase.default().lookup("Yoko Kamikawa", date(2023, 9, 14))
