"""The command line as users meet it: usage errors in one line, read-only commands that do not
create databases, a run that can fail on any error, and progress lines when no bar is drawn."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner

from teller.cli import main
from teller.progress import Progress


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_bad_date_is_a_usage_error_not_a_traceback():
    result = _invoke("actors", "lookup", "Kamikawa", "--date", "2023-13-01")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "'2023-13-01' is not a date (YYYY-MM-DD)" in result.output
    assert "--date" in result.output


def test_export_dates_are_checked_before_the_database_is_opened(tmp_path):
    result = _invoke("export", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--start", "yesterday")
    assert result.exit_code == 2, result.output
    assert "'yesterday' is not a date" in result.output
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("command", ["export", "serve"])
def test_read_only_commands_refuse_a_missing_sqlite_file(tmp_path, command):
    missing = tmp_path / "missing.db"
    result = _invoke(command, "--db", f"sqlite:///{missing}")
    assert result.exit_code == 2, result.output
    assert f"no database at {missing}" in result.output
    assert "Traceback" not in result.output
    assert not missing.exists()  # nothing was created on the way


def test_export_of_an_existing_empty_database_exports_nothing(tmp_path):
    from teller.store import Store

    path = tmp_path / "empty.db"
    Store(f"sqlite:///{path}").close()
    result = _invoke("export", "--db", f"sqlite:///{path}")
    assert result.exit_code == 0, result.output
    assert "exported 0 events" in result.output


def _line(i: int) -> str:
    text = (f"Foreign ministers of two neighbouring states met in the capital on Monday to discuss "
            f"fishing rights and border crossings, a spokesman said. Note {i}.")
    return json.dumps({"url": f"https://t.invalid/cli/{i}", "title": f"Meeting {i}", "text": text,
                       "published": "2022-03-02T09:00:00+01:00"})


@pytest.mark.slow
def test_fail_on_error_exits_non_zero_and_still_stores_the_good_items(tmp_path, analyse_here):
    (tmp_path / "good.jsonl").write_text("\n".join(_line(i) for i in range(2)) + "\n")
    (tmp_path / "empty.txt").write_text("")
    db = f"sqlite:///{tmp_path / 't.db'}"
    lenient = _invoke("run", str(tmp_path), "--db", db, "--no-progress")
    assert lenient.exit_code == 0, lenient.output  # default: errors reported, exit 0
    (tmp_path / "more.jsonl").write_text(_line(7) + "\n")
    strict = _invoke("run", str(tmp_path), "--db", db, "--no-progress", "--fail-on-error")
    assert strict.exit_code == 1, strict.output
    assert "1 articles stored, 2 already stored, 1 errors" in strict.output
    assert "empty.txt" in strict.output


@pytest.mark.slow
def test_run_without_a_bar_writes_progress_lines_and_the_story_step(tmp_path, analyse_here):
    (tmp_path / "in.jsonl").write_text("\n".join(_line(i) for i in range(5)) + "\n")
    (tmp_path / "empty.txt").write_text("")
    result = _invoke("run", str(tmp_path), "--db", f"sqlite:///{tmp_path / 't.db'}", "--no-progress",
                     "--progress-every", "2")
    assert result.exit_code == 0, result.output
    lines = re.findall(r"teller: (\d+) articles \(\d+\.\d/s\), (\d+) errors?", result.output)
    counts = [int(n) for n, _ in lines]
    assert counts == sorted(counts) and len(counts) == 3 and counts[-1] == 6, result.output
    assert lines[-1][1] == "1"  # the empty file
    assert "merging stories for 5 new articles" in result.output
    assert re.search(r"stories merged: \d+ reports .*\(\d+\.\d s\)", result.output)


def test_progress_lines_every_n_items_count_errors():
    out = io.StringIO()
    progress = Progress(every=3, stream=out)
    for i in range(7):
        if i == 4:
            progress.error("item 4 failed")
        progress.update()
    progress.close()
    text = out.getvalue()
    assert re.findall(r"teller: (\d+) articles \(\d+\.\d/s\), (\d+) errors?", text) == [("3", "0"), ("6", "1")]
    assert "error: item 4 failed" in text


def test_progress_every_zero_prints_only_errors():
    out = io.StringIO()
    progress = Progress(every=0, stream=out)
    progress.update(500)
    progress.note("merging stories")  # a library caller that asked for no progress hears nothing
    progress.error("item 3 failed")
    progress.close()
    assert out.getvalue() == "error: item 3 failed\n"
    shown = io.StringIO()
    with_lines = Progress(every=1000, stream=shown)
    with_lines.note("merging stories")
    with_lines.close()
    assert shown.getvalue() == "merging stories\n"
