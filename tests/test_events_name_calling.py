"""Wire-copy verbs whose object changes what they mean (sentences written for these tests):
"called X a Y" / "described X as Y" is a verdict on X, not a phone call; praise or criticism drawn "from X" is X's;
executing a warrant is the arrest, not an execution."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import article_coder

DCT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def code(nlp):
    return article_coder(nlp, DCT)


def types(code, text):
    return [(e.event, [a.country for a in e.actor], [r.country for r in e.recipient]) for e in code(text).events]


@pytest.mark.parametrize("text,etype", [
    ("Biden called Putin a war criminal on Wednesday.", "ACCUSE"),
    ("Lula called Netanyahu a murderer in a speech on Sunday.", "ACCUSE"),
    ("President Donald Trump called Turkish President Recep Tayyip Erdogan a friend.", "SUPPORT"),
    ("Donald Trump has called Vladimir Putin a genius.", "SUPPORT"),
    ('Recep Tayyip Erdogan described Benjamin Netanyahu as a "terrorist" on Monday.', "ACCUSE"),
    ("Narendra Modi described Donald Trump as a great friend of India.", "SUPPORT"),
])
def test_calling_someone_something_is_a_verdict_on_them(code, text, etype):
    got = types(code, text)
    assert [t for t, _, _ in got] == [etype], got
    assert got[0][2] and got[0][2] != got[0][1]


def test_describing_someone_without_a_verdict_is_no_event(code):
    assert not code("Vladimir Putin described Joe Biden on Monday.").events


def test_calling_someone_is_still_a_call(code):
    assert [t for t, _, _ in types(code, "Biden called Putin on Wednesday to discuss Ukraine.")] == ["CONSULT"]


def test_an_executed_warrant_is_an_arrest(code):
    got = types(code, "Brazilian police executed an arrest warrant for former president Jair Bolsonaro on Tuesday.")
    assert got == [("COERCE", ["BRA"], ["BRA"])], got
    assert not [e for e in code("Iran executed two men convicted of spying on Tuesday.").events
                if e.event != "ASSAULT"]


@pytest.mark.parametrize("text,etype,actor,recipient", [
    ("Putin won praise from Donald Trump on Friday.", "SUPPORT", "USA", "RUS"),
    ("Israel's plan drew sharp criticism from Egypt on Monday.", "ACCUSE", "EGY", "ISR"),
    ("Prime Minister Keir Starmer faced criticism from French President Emmanuel Macron over the deal.",
     "ACCUSE", "FRA", "GBR"),
    ("Emmanuel Macron visited Kyiv on Monday, drawing praise from Volodymyr Zelensky.", "SUPPORT", "UKR", "FRA"),
])
def test_a_verdict_drawn_from_someone_is_theirs(code, text, etype, actor, recipient):
    got = [t for t in types(code, text) if t[0] == etype]
    assert got == [(etype, [actor], [recipient])], types(code, text)


def test_praise_from_no_named_party_is_no_event(code):
    assert not code("The move drew praise from supporters.").events
