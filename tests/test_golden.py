"""Golden outputs: ``teller process --json`` for every bundled example article, and the API's
OpenAPI document, checked in under tests/golden/ (as fundus keeps one per source).

Any change to what teller prints shows up here as a diff to review. When the change is intended
(a better event, a new field), regenerate every golden file with one command and read the diff:

    .venv/bin/python scripts/update_golden.py      # = pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import json
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT
from teller.records import to_dict

GOLDEN = ROOT / "tests" / "golden"
SAMPLES = EXAMPLES / "articles" / "samples.jsonl"
SAMPLE_URLS = [json.loads(line)["url"] for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
PAGES = sorted((EXAMPLES / "pages").glob("*.html"))


def _slug(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _golden_paths() -> set[Path]:
    return {GOLDEN / "articles" / f"{_slug(u)}.json" for u in SAMPLE_URLS} \
        | {GOLDEN / "pages" / f"{p.stem}.json" for p in PAGES} | {GOLDEN / "openapi.json"}


def render(obj: Any) -> str:
    """JSON as ``teller process --json`` prints it."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def check_golden(request: pytest.FixtureRequest, path: Path, text: str) -> None:
    """``text`` equals the golden file at ``path`` (with --update-golden: becomes it)."""
    rel = path.relative_to(ROOT)
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{rel} is missing: run scripts/update_golden.py and review the new file", pytrace=False)
    want = path.read_text(encoding="utf-8")
    if text != want:
        diff = "".join(islice(difflib.unified_diff(want.splitlines(True), text.splitlines(True),
                                                   f"{rel} (golden)", "output now"), 80))
        pytest.fail(f"{rel} differs from the output:\n{diff}\nIf the change is intended, run "
                    "scripts/update_golden.py and review `git diff tests/golden/`.", pytrace=False)


def test_the_examples_have_distinct_golden_names():
    assert len({_slug(u) for u in SAMPLE_URLS}) == len(SAMPLE_URLS) and PAGES


@pytest.mark.parametrize("url", SAMPLE_URLS, ids=_slug)
def test_sample_article_output_follows_the_contract_and_the_golden_file(request, sample_analyses, contract, url):
    out = to_dict(sample_analyses[url])
    contract.validate(out)
    check_golden(request, GOLDEN / "articles" / f"{_slug(url)}.json", render(out))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_process_json_of_a_page_follows_the_contract_and_the_golden_file(request, contract, page):
    from teller.cli import main

    result = CliRunner().invoke(main, ["process", str(page), "--json"])
    assert result.exit_code == 0, result.output
    contract.validate(json.loads(result.stdout))
    check_golden(request, GOLDEN / "pages" / f"{page.stem}.json", result.stdout)


def test_openapi_document_matches_the_golden_file(request):
    from teller.app import create_app

    app = create_app("sqlite://")
    try:
        check_golden(request, GOLDEN / "openapi.json", render(app.openapi()))
    finally:
        app.state.store.close()


def test_no_golden_file_is_left_without_its_example(request):
    """A removed or renamed example takes its golden file with it (--update-golden deletes it)."""
    stale = set(GOLDEN.rglob("*.json")) - _golden_paths()
    if request.config.getoption("--update-golden"):
        for path in stale:
            path.unlink()
        return
    assert not stale, f"golden files without an example: {sorted(str(p.relative_to(ROOT)) for p in stale)}"
