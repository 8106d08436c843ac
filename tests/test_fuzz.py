"""Property tests: whatever bytes or JSON come in, ingest and extract give documents and articles
or clear ``InputError`` s, never another exception. A few examples each keep the suite fast;
``TELLER_FUZZ_EXAMPLES=2000`` searches further, and ``benchmarks/fuzz.py`` runs the whole batch
(parse and analysis too) over 10,000 generated and mutated cases."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teller.config import Settings
from teller.errors import InputError
from teller.extract import extract
from teller.ingest import RawDocument, iter_inputs

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("TELLER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SETTINGS = Settings.from_mapping({"TELLER_CRAWL_DELAY": "0", "TELLER_FETCH_TIMEOUT": "1"})
SENTENCE = "The minister said on Tuesday that talks with the neighbours would resume in Geneva. "
EDGE = ["0001-01-01T00:00:00+14:00", "9999-12-31", "2020-01-01T00:00:00+99:00", "2023-02-30", "soon", "2023-09-14"]

texts = st.text(st.characters(codec=None), max_size=2000)
pieces = st.one_of(texts, st.sampled_from(["<p>", "</p>", "<html>", "<body>", "<![CDATA[", "\ud800", '"' * 50,
                                           "." * 200, "<a " + "x='1' " * 300 + ">", SENTENCE]))
documents = st.lists(pieces, max_size=12).map("".join)


def _read_all(path) -> list:
    out = []
    for item in iter_inputs([str(path)], settings=SETTINGS):
        if isinstance(item, RawDocument):
            try:
                out.append(extract(item))
            except InputError as err:
                out.append(err)
        else:
            assert isinstance(item, InputError)
            out.append(item)
    return out


@FUZZ
@given(documents, st.sampled_from(["html", "text", None]))
def test_extract_gives_an_article_or_one_clear_error(content, ctype):
    try:
        art = extract(RawDocument(content=content, content_type=ctype))
    except InputError as err:
        assert "\n" not in str(err)
        return
    art.text.encode("utf-8")  # nothing unencodable survives
    assert art.text.strip() and not any(c * 9 in art.text for c in '".!')


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(["text", "html", "title", "url", "published", "source"]),
                                st.one_of(documents, st.sampled_from(EDGE), st.integers(), st.none()),
                                max_size=6), min_size=1, max_size=4))
def test_json_lines_give_one_result_per_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("j") / "x.jsonl"
    body = "\n".join(json.dumps(x) for x in lines)
    path.write_bytes(body.encode("utf-8", "surrogatepass"))
    out = _read_all(path)
    assert len(out) == len([line for line in body.splitlines() if line.strip()])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(EDGE + ["Mon, 01 Jan 2024 10:00:00 +9900"]), documents), max_size=5))
def test_feeds_give_one_result_per_entry(tmp_path_factory, entries):
    items = "".join(f"<item><title>t</title><pubDate>{d}</pubDate><content:encoded><![CDATA["
                    f"{c.replace(']]>', '')}{SENTENCE * 8}]]></content:encoded></item>" for d, c in entries)
    path = tmp_path_factory.mktemp("f") / "f.rss"
    path.write_bytes(('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                      f"<channel><title>W</title>{items}</channel></rss>").encode("utf-8", "surrogatepass"))
    out = _read_all(path)
    assert len(out) == max(1, len(entries)) or all(isinstance(x, InputError) for x in out)
