"""The one country table: states.tsv holds ISO 3166 codes, and the brief names every state in it."""

from __future__ import annotations

from importlib import resources

import pytest

from teller.records import Actor
from teller.summarize.brief import actor_phrase, countries

pycountry = pytest.importorskip("pycountry")

#: Codes in states.tsv that ISO 3166-1 does not assign, on purpose.
NOT_ISO = {
    "XKX",  # Kosovo: user-assigned code, the one the EU, IMF and World Bank use
}


def _codes() -> list[str]:
    text = resources.files("teller").joinpath("data", "actors", "states.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert rows[0][0] == "code"
    return [row[0] for row in rows[1:]]


def test_every_state_code_is_iso_3166_alpha_3_or_a_listed_exception() -> None:
    codes = _codes()
    unknown = sorted(c for c in codes if pycountry.countries.get(alpha_3=c) is None)
    assert unknown == sorted(NOT_ISO)


def test_the_brief_names_every_state_of_the_table() -> None:
    assert set(countries()) == set(_codes())


@pytest.mark.parametrize("code,subject,attributive", [
    ("USA", "the United States", "US"),
    ("NLD", "the Netherlands", "the Netherlands'"),
    ("CAF", "the Central African Republic", "the Central African Republic's"),
    ("SDN", "Sudan", "Sudan's"),
    ("LAO", "Laos", "Laos's"),
])
def test_names_take_the_article_and_possessive_english_uses(code: str, subject: str, attributive: str) -> None:
    assert countries()[code] == (subject, attributive)


def test_a_minister_of_a_state_outside_the_old_short_list_gets_the_country() -> None:
    minister = Actor(id="person:x", name="Anna Example", kind="person", country="HUN", role="Foreign Minister")
    assert actor_phrase(minister) == "Hungary's Foreign Minister Anna Example"
