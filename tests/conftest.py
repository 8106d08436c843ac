"""Shared fixtures. Tests that read ../shared/data skip with a message when it is absent."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests see only what the project ships: an office-holder table found beside the checkout
# (../shared) would change resolutions and golden outputs from machine to machine. Tests of the
# index name their own tables.
os.environ.setdefault("TELLER_OFFICE_HOLDERS", "none")
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"

JST = timezone(timedelta(hours=9), "JST")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing "
                          "(scripts/update_golden.py); review the diff with git before committing.")


def shared_path(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test when that data is not on this machine."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared evaluation data not present: {p}")
    return p


@pytest.fixture(scope="session")
def nlp():
    from teller.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def sample_analyses():
    """The bundled sample articles (examples/articles/samples.jsonl) analysed once, by URL."""
    from teller import pipeline
    from teller.ingest import iter_inputs

    results = {}
    for r in pipeline.process_many(iter_inputs([str(EXAMPLES / "articles" / "samples.jsonl")])):
        assert not isinstance(r, Exception), f"sample failed: {r}"
        results[r.article.url] = r
    return results


@pytest.fixture(scope="session")
def contract():
    """A validator for the output contract (src/teller/schema/analysis.schema.json)."""
    from jsonschema import Draft202012Validator

    from teller.schema import load_schema

    return Draft202012Validator(load_schema())


@pytest.fixture
def analyse_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """``teller run`` analyses in this process (``TELLER_ITEM_TIMEOUT=0``), with the model the
    session has loaded, instead of starting a supervised worker that loads its own (~4 s of CPU
    per run). For tests about storing, reporting and scoring; the tests of the workers
    (test_robustness, test_pipeline's workers, test_crash) keep the default."""
    monkeypatch.setenv("TELLER_ITEM_TIMEOUT", "0")


@pytest.fixture
def dct_jst() -> datetime:
    """A publication time in Tokyo: 2023-09-14 23:10 +09:00 (a Thursday)."""
    return datetime(2023, 9, 14, 23, 10, tzinfo=JST)


def article_coder(nlp, dct: datetime):
    """``text -> CodedArticle`` through the pipeline's own stage chain (``pipeline.find``), for an
    article published at ``dct``: event tests code sentences the way ``teller process`` does."""
    from teller import actors
    from teller.pipeline import find
    from teller.records import Article

    kb = actors.KnowledgeBase.default()

    def run(text: str):
        art = Article(id=Article.make_id(text, None), text=text, published=dct.isoformat())
        return find(art, nlp(text), kb).coded

    return run


def events_of_type(code, text: str, etype: str) -> list:
    """The events of type ``etype`` that ``code`` (an ``article_coder``) finds in ``text``; fails,
    listing what it found instead, when there is none."""
    evs = [e for e in code(text).events if e.event == etype]
    assert evs, [(e.event, e.status) for e in code(text).events]
    return evs
