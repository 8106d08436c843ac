"""The front door: ``teller.process`` / ``process_many`` / ``Pipeline`` take text, paths, URLs and
documents, a knowledge base and settings; ``import teller`` stays cheap."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

import teller
from teller.actors import KnowledgeBase
from teller.config import Settings
from teller.errors import InputError
from teller.ingest import RawDocument

TEXT = "The Dutch trade minister Ana Veldt met Kenya's president in Nairobi on Tuesday to discuss tariffs."
WHEN = "2031-03-04T08:00:00+01:00"


def _invented_minister(tmp_path) -> KnowledgeBase:
    f = tmp_path / "holders.tsv"
    f.write_text("person\tname\tgender\tcountry\toffice\tstart\tend\taliases\tsurname\tnote\n"
                 "ana-veldt\tAna Veldt\tfemale\tNLD\ttrade\t2031-01-05\t\t\tVeldt\tinvented for a test\n",
                 encoding="utf-8")
    return KnowledgeBase.load([f], include_default=True)


def test_import_teller_does_not_load_spacy():
    code = "import sys, teller; teller.__all__; print('spacy' in sys.modules, 'teller.pipeline' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_every_public_name_resolves():
    for name in teller.__all__:
        assert getattr(teller, name) is not None, name


def test_text_path_and_document_give_the_same_analysis(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    from_text = teller.process(TEXT, published=WHEN)
    from_path = teller.process(str(f), published=WHEN)
    from_doc = teller.process(RawDocument(content=TEXT, origin="mine"), published=WHEN)
    assert from_text.article.published == "2031-03-04T08:00:00+01:00"
    assert from_text.events and [e.event for e in from_path.events] == [e.event for e in from_text.events]
    assert from_doc.article.id == from_text.article.id == from_path.article.id


def test_a_knowledge_base_passed_in_resolves_its_people(tmp_path):
    def veldt(analysis):
        return [m for m in analysis.mentions if m.actor and m.actor.name == "Ana Veldt"]

    # Without the file the resolver only learns her from the sentence: no term of office.
    learnt = veldt(teller.process(TEXT, published=WHEN))
    assert all(m.kind == "learnt" and m.actor.role_start is None for m in learnt)
    known = veldt(teller.process(TEXT, published=WHEN, kb=_invented_minister(tmp_path)))
    assert known and known[0].kind != "learnt" and known[0].actor.role_start == "2031-01-05"


def test_settings_are_passed_to_extraction():
    small = dataclasses.replace(Settings.defaults(), max_bytes=20)
    with pytest.raises(InputError, match="limit"):
        teller.process(TEXT, settings=small)


def test_a_mistyped_path_is_an_error_not_a_one_word_article(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        teller.process(str(tmp_path / "missing.html"))


def test_process_many_reports_a_bad_item_and_goes_on(tmp_path):
    out = list(teller.process_many([TEXT, str(tmp_path / "missing.txt"), "France praised Germany on Monday."]))
    errors = [x for x in out if isinstance(x, InputError)]
    analyses = [x for x in out if isinstance(x, teller.Analysis)]
    assert len(errors) == 1 and "missing.txt" in str(errors[0])
    assert [a.article.text[:6] for a in analyses] == ["The Du", "France"]


def test_a_pipeline_holds_its_knowledge_base_for_many_articles(tmp_path):
    pipe = teller.Pipeline(kb=_invented_minister(tmp_path), settings=Settings.defaults())
    a = pipe.process(TEXT, published=WHEN)
    b = pipe.process("Veldt flew to Lima on Friday. Veldt met Peru's president there.", published=WHEN)
    starts = {m.actor.role_start for m in a.mentions + b.mentions if m.actor and m.actor.name == "Ana Veldt"}
    assert starts == {"2031-01-05"}
    assert pipe.kb.lookup("Ana Veldt", date(2031, 3, 1))


def test_python_dash_m_teller_is_the_command():
    out = subprocess.run([sys.executable, "-m", "teller", "--help"], capture_output=True, text=True, check=True)
    assert "Usage: teller" in out.stdout and "process" in out.stdout


def test_a_long_one_line_text_is_a_text_not_a_file_name():
    # one line of 300+ characters is longer than a file name may be: asking the file system
    # about it raised "File name too long" instead of analysing the text
    text = ("Ireland, Norway and Spain said on Wednesday that they would recognise a Palestinian "
            "state next week, a move their leaders described as overdue. ") * 3
    analysis = teller.process(text.strip(), published="2024-05-22")
    assert analysis.article.text.startswith("Ireland, Norway")
