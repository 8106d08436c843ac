"""Docs stay true: every setting and every CLI command is documented (Datasette-style)."""

from __future__ import annotations

import contextlib
import io
import re

import click
from click.testing import CliRunner

from conftest import ROOT
from teller import config
from teller.cli import main


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        out.append(full)
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
    return out


def test_every_setting_is_documented_with_its_default():
    doc = (ROOT / "docs" / "settings.md").read_text()
    for name, (default, _help) in config.SETTINGS.items():
        assert f"`{name}` | `{default}`" in doc, f"{name} missing or default out of date in docs/settings.md"


def test_every_command_is_in_the_readme_or_docs():
    text = (ROOT / "README.md").read_text() + (ROOT / "docs" / "evaluation.md").read_text()
    for cmd in _commands(main):
        if cmd in ("eval", "actors"):
            continue
        assert f"teller {cmd}" in text or f"`{cmd.split()[-1]}`" in text, f"`teller {cmd}` is not documented"


def test_every_command_has_help():
    runner = CliRunner()
    for cmd in _commands(main):
        result = runner.invoke(main, [*cmd.split(), "--help"])
        assert result.exit_code == 0, (cmd, result.output)
        assert "Usage:" in result.output


def _readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_front_door_example_runs_and_prints_the_event():
    code = _readme_python_example()
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert any(line.startswith("CONSULT") and "Kamikawa" in line for line in lines), lines


def _braced_keys(text: str, after: str) -> list[str]:
    """The ``{a, b, c}`` key list that follows ``after`` in ``text``."""
    found = re.search(re.escape(after) + r".*?`\{([a-z_, ]+)\}`", text, re.S)
    assert found, f"no {{key, ...}} list after {after!r}"
    return [k.strip() for k in found.group(1).split(",")]


def test_readme_and_docs_list_the_keys_process_json_prints():
    from teller.schema import load_schema

    keys = load_schema()["required"]
    assert _braced_keys((ROOT / "README.md").read_text(), "teller process FILE|URL|-") == keys
    assert _braced_keys((ROOT / "docs" / "api.md").read_text(), "/api/articles/{article_id}`:") == keys
    contract = (ROOT / "docs" / "interfaces.md").read_text().split("## The output contract", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| `([a-z_]+)` \|", contract, re.M) == keys
