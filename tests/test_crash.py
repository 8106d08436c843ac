"""Crash safety: ``teller run`` killed with SIGKILL at random points, then run again, stores
exactly what an uninterrupted run stores: the same article ids, none twice, and the same story
clusters, canonical events and copy links (SQLite always, PostgreSQL when a server answers; both
compared with one uninterrupted run on SQLite). On SQLite ``teller run`` analyses in a supervised
worker, as by default; on PostgreSQL in its own process (``TELLER_ITEM_TIMEOUT=0``).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgen import write_jsonl
from pg_schema import pg_schema_url

pytestmark = pytest.mark.slow

#: Enough for several parse batches and story merging to be killed partway; each killed run
#: parses what is not stored yet, so this number is most of the suite's longest test (300 took ~2x as long).
N_ARTICLES = 160
#: The articles (newsgen's seed); the kill points have seeds of their own per backend.
SEED = 15
SRC = Path(__file__).resolve().parents[1] / "src"


def _teller(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env)
    return subprocess.Popen([sys.executable, "-m", "teller", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _count(engine) -> int:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except SQLAlchemyError:  # not created yet
        return 0


def _digest(url: str) -> dict[str, object]:
    """What the run stored, as comparable values: article ids, story memberships, visible events,
    copy links (digests of sorted memberships, so a mismatch is small to print)."""
    from teller.store import Store

    with Store(url) as store:
        ids = store.article_ids()
        stories = sorted(",".join(sorted(s.article_ids)) for s in store.stories(limit=100_000))
        n_events = store.stats()["events"]
        visible = []
        offset = 0
        while offset < n_events:
            page = store.events(limit=1000, offset=offset)
            visible.extend(f"{e.id}:{','.join(sorted(e.article_ids))}" for e in page)
            offset += len(page) or n_events
        dups = sorted(f"{a}>{o}" for a, o in store.duplicates().items())

    def h(items: list[str]) -> str:
        return hashlib.sha256("\n".join(items).encode()).hexdigest()[:16]

    return {"articles": len(ids), "distinct": len(set(ids)), "ids": h(ids), "stories": h(stories),
            "n_stories": len(stories), "events": h(sorted(visible)), "n_events": len(visible),
            "copies": h(dups)}


def _killed_then_finished(jsonl: Path, url: str, seed: int, env: dict[str, str]) -> list[str]:
    """Run ``teller run`` several times, killing each with SIGKILL at a random point (while the
    model loads, partway through storing, after the last article is stored while stories merge),
    then once to the end. Returns what happened, for the failure message."""
    from sqlalchemy import create_engine

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))  # polled: made once
    rnd = random.Random(seed)
    points = [("seconds", rnd.uniform(0.5, 3.0)),
              ("stored", rnd.randint(1, N_ARTICLES // 2)),
              ("stored", rnd.randint(N_ARTICLES // 2, N_ARTICLES - 1)),
              ("stored", N_ARTICLES)]
    log = []
    for kind, at in points:
        proc = _teller(["run", str(jsonl), "--db", url, "--no-progress"], env)
        t0 = time.monotonic()
        while proc.poll() is None and time.monotonic() - t0 < 240:
            if (kind == "seconds" and time.monotonic() - t0 >= at) or (kind == "stored" and _count(engine) >= at):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait(timeout=60)
        log.append(f"kill at {kind}={at:.4g}: exit {proc.returncode}, {_count(engine)} stored")
    engine.dispose()
    final = _teller(["run", str(jsonl), "--db", url, "--no-progress"], env)
    out, _ = final.communicate(timeout=600)
    assert final.returncode == 0, out
    log.append(out.strip().splitlines()[-1])
    return log


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[Path, dict[str, object]]:
    """The articles, and what an uninterrupted run stores of them: run once, in this process with
    the model the session loaded (analysed here rather than in a supervised worker: test_pipeline
    shows both store the same), on SQLite; each backend's killed runs must store the same."""
    from teller.config import Settings
    from teller.pipeline import Pipeline

    tmp = tmp_path_factory.mktemp("crash")
    jsonl = tmp / "news.jsonl"
    write_jsonl(jsonl, N_ARTICLES, SEED)
    url = f"sqlite:///{tmp / 'whole.db'}"
    settings = Settings.from_mapping({**os.environ, "TELLER_ITEM_TIMEOUT": "0"})
    whole = Pipeline(settings=settings).run([str(jsonl)], url)
    assert whole.stored == N_ARTICLES and not whole.errors, whole
    expected = _digest(url)
    assert expected["articles"] == N_ARTICLES
    return jsonl, expected


def _check(uninterrupted: tuple[Path, dict[str, object]], url_killed: str, seed: int,
           env: dict[str, str]) -> None:
    jsonl, expected = uninterrupted
    log = _killed_then_finished(jsonl, url_killed, seed, env)
    got = _digest(url_killed)
    assert got["distinct"] == got["articles"] == N_ARTICLES, log
    assert got == expected, json.dumps({"log": log, "whole": expected, "killed": got}, indent=1)


def test_sigkill_at_random_points_loses_and_duplicates_nothing_sqlite(uninterrupted, tmp_path):
    """As run by default: articles analysed in a supervised worker process, stored by the parent."""
    _check(uninterrupted, f"sqlite:///{tmp_path / 'killed.db'}", seed=15, env={})


def test_sigkill_at_random_points_loses_and_duplicates_nothing_postgres(uninterrupted):
    """Without an item limit: articles analysed in the process that stores them (and one process
    per run to start and load instead of two)."""
    with pg_schema_url() as killed:
        _check(uninterrupted, killed, seed=16, env={"TELLER_ITEM_TIMEOUT": "0"})
