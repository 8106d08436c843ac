"""The output contract (src/teller/schema/analysis.schema.json) and the records cannot drift apart.

Every object of the schema lists all its keys as required and allows no others, so validating an
output checks its keys both ways; the schema's records are compared with the dataclasses' output
fields, so a field added to a record without the schema (or the other way round) fails here even
when no example happens to print it.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator

from teller import records
from teller.records import Analysis, Article, Span, output_fields, to_dict
from teller.schema import SCHEMA_VERSION, load_schema
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

SCHEMA = load_schema()


def _objects(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"(root)": schema, **schema["$defs"]}


def _record_types(annotation: Any) -> set[type]:
    """The record classes named anywhere in a type annotation (``list[Actor] | None`` -> Actor)."""
    if dataclasses.is_dataclass(annotation):
        return {annotation}
    return set().union(*(_record_types(a) for a in get_args(annotation)))


def _records_in_output(root: type) -> set[type]:
    seen: set[type] = set()
    todo = [root]
    while todo:
        cls = todo.pop()
        hints = typing.get_type_hints(cls)
        for name in output_fields(cls):
            for rec in _record_types(hints[name]) - seen:
                seen.add(rec)
                todo.append(rec)
    return seen


def test_the_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_version_is_the_packages():
    assert SCHEMA["properties"]["schema_version"] == {**SCHEMA["properties"]["schema_version"], "const": SCHEMA_VERSION}
    assert to_dict(Analysis(article=Article(id="art_0", text="")))["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("name", list(_objects(SCHEMA)))
def test_every_object_requires_all_its_keys_and_allows_no_other(name):
    obj = _objects(SCHEMA)[name]
    assert obj["type"] == "object" and obj["additionalProperties"] is False
    assert sorted(obj["required"]) == sorted(obj["properties"])


def test_the_schema_names_every_record_the_output_carries():
    assert set(SCHEMA["$defs"]) == {cls.__name__ for cls in _records_in_output(Analysis)}


@pytest.mark.parametrize("name", list(SCHEMA["$defs"]))
def test_a_records_keys_are_the_schemas(name):
    cls = getattr(records, name)
    assert list(SCHEMA["$defs"][name]["properties"]) == list(output_fields(cls))


def test_the_analysis_keys_are_the_schemas():
    assert list(SCHEMA["properties"]) == ["schema_version", *output_fields(Analysis)]


@pytest.mark.parametrize(("path", "values"), [
    (("Event", "event"), records.PLOVER_TYPES),
    (("Event", "status"), get_args(records.EventStatus)),
    (("Flag", "severity"), get_args(records.Severity)),
    (("TimeValue", "type"), get_args(typing.get_type_hints(records.TimeValue)["type"])),
])
def test_enumerations_are_the_records(path, values):
    record, key = path
    assert tuple(SCHEMA["$defs"][record]["properties"][key]["enum"]) == values


@pytest.mark.parametrize("make", [talks_analysis, protest_analysis, undated_analysis])
def test_hand_built_analyses_follow_the_contract(contract, make):
    contract.validate(to_dict(make()))


def test_internal_fields_stay_out_of_the_output(contract):
    text = "Ministers met. Ministers met."
    article = Article(id=Article.make_id(text, None), text=text, repeats=[(Span(15, 29), Span(0, 14))])
    out = to_dict(Analysis(article=article))
    assert "repeats" not in out["article"] and article.repeats  # the record keeps them for the stages
    contract.validate(out)


def test_an_output_with_an_unknown_key_or_without_a_key_is_refused(contract):
    out = to_dict(talks_analysis())
    out["events"][0]["extra"] = 1
    assert not contract.is_valid(out)
    out = to_dict(talks_analysis())
    del out["events"][0]["event_loc"]
    assert not contract.is_valid(out)
