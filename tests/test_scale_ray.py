"""``teller run --engine ray`` stores the same records and stories as the single-process run.

The test starts its own local Ray instance (2 CPUs, a small object store), runs ~30 generated
articles (ten events, each reported by three outlets in their own words, plus bad lines) through
both paths into fresh databases, and compares a digest of every stored table and the story
clusters. Skipped with a message when Ray is not installed (``pip install 'teller[ray]'``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest

pytest.importorskip("ray", reason="Ray is not installed (pip install 'teller[ray]'); the Ray engine test is skipped")
pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'ray[data]')")

pytestmark = pytest.mark.slow

EVENTS = [
    ("Japanese Foreign Minister Yoko Kamikawa", "Australian Foreign Minister Penny Wong", "spoke by phone with",
     "maritime security", "2023-10-03"),
    ("U.S. Secretary of State Antony Blinken", "Chinese Foreign Minister Wang Yi", "met",
     "export controls", "2023-10-05"),
    ("German Chancellor Olaf Scholz", "French President Emmanuel Macron", "met",
     "energy prices", "2023-10-09"),
    ("Indian External Affairs Minister S. Jaishankar", "British Foreign Secretary James Cleverly",
     "spoke by phone with", "trade talks", "2023-10-11"),
    ("South Korean President Yoon Suk Yeol", "Japanese Foreign Minister Yoko Kamikawa", "met",
     "regional security", "2023-10-12"),
    ("Brazilian President Luiz Inacio Lula da Silva", "German Chancellor Olaf Scholz", "spoke by phone with",
     "climate finance", "2023-10-16"),
    ("Chinese Foreign Minister Wang Yi", "Australian Foreign Minister Penny Wong", "met",
     "trade barriers", "2023-10-18"),
    ("French President Emmanuel Macron", "Indian External Affairs Minister S. Jaishankar", "met",
     "defence cooperation", "2023-10-20"),
    ("British Foreign Secretary James Cleverly", "U.S. Secretary of State Antony Blinken", "spoke by phone with",
     "the war in Ukraine", "2023-10-23"),
    ("Australian Foreign Minister Penny Wong", "South Korean President Yoon Suk Yeol", "met",
     "critical minerals", "2023-10-25"),
]
OUTLETS = [
    ("Harbour Wire", "{a} {verb} {b} on {day} about {topic}, officials said. The two sides agreed to stay in "
                     "close contact and to hold further talks at the working level."),
    ("Ledger Daily", "{a} {verb} {b} on {day}. The talks covered {topic}, according to a statement released "
                     "after the meeting. Both sides described the exchange as frank and constructive."),
    ("Coastal Times", "On {day}, {a} {verb} {b} to discuss {topic}. Diplomats said preparations for a formal "
                      "visit had been under way for several weeks."),
]


def _lines() -> list[str]:
    from datetime import date

    lines = []
    for n, (a, b, verb, topic, when) in enumerate(EVENTS):
        day = date.fromisoformat(when).strftime("%A")
        for k, (outlet, template) in enumerate(OUTLETS):
            lines.append(json.dumps({
                "url": f"https://{outlet.split()[0].lower()}.invalid/{n}", "title": f"{topic.capitalize()} talks",
                "source": outlet, "published": f"{when}T{15 + k}:00:00+00:00",
                "text": template.format(a=a, b=b, verb=verb, day=day, topic=topic)}))
    lines[7:7] = ["{not json", json.dumps({"title": "a line without text"})]
    return lines


def _digest(db_url: str) -> dict[str, str]:
    """Per table, a SHA-256 over its rows (sorted; the wall-clock columns left out)."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(db_url)
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            if name == "alembic_version":
                continue
            cols = [c for c in table.columns if c.name not in ("stored", "applied", "updated")]
            rows = sorted(json.dumps([r[i] for i in range(len(cols))], default=str, sort_keys=True)
                          for r in conn.execute(select(*cols)))
            out[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16] + f" ({len(rows)} rows)"
    engine.dispose()
    return out


def _clusters(db_url: str) -> list[tuple[str, ...]]:
    from teller.store import Store

    store = Store(db_url)
    try:
        return sorted(tuple(sorted(s.article_ids)) for s in store.stories(limit=10_000))
    finally:
        store.close()


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import ray

    if ray.is_initialized():
        ray.shutdown()
    ray.init(num_cpus=2, object_store_memory=80 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_urls(request, tmp_path) -> Iterator[tuple[str, str, int]]:
    """Two databases, and how many Ray actors analyse: two on SQLite (the order across actors),
    one on PostgreSQL (the store is this process's either way; each actor loads the model)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'ray.db'}", 2
        return
    from pg_schema import pg_schema_url

    with pg_schema_url() as local, pg_schema_url() as on_ray:
        yield local, on_ray, 1


def test_ray_engine_stores_what_one_process_stores(local_ray, db_urls, tmp_path, analyse_here):
    from teller.pipeline import Pipeline
    from teller.scale import ray_engine

    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("\n".join(_lines()) + "\n")
    local_db, ray_db, workers = db_urls

    pipe = Pipeline()
    local = pipe.run([str(inputs)], local_db)
    on_ray = ray_engine.run(pipe, [str(inputs)], ray_db, workers=workers)

    assert local.stored == on_ray.stored == 30
    assert local.errors == on_ray.errors and len(on_ray.errors) == 2
    assert (local.events, local.merged) == (on_ray.events, on_ray.merged)
    assert _digest(ray_db) == _digest(local_db)
    clusters = _clusters(ray_db)
    assert clusters == _clusters(local_db)
    assert sum(len(c) > 1 for c in clusters) >= 5, clusters  # the outlets' reports did join in stories


def test_ray_engine_reads_inputs_in_parallel_and_keeps_their_order(local_ray, tmp_path):
    """Two inputs (a JSON Lines file and a directory of pages) are read by separate Ray tasks; the
    results still come back in the order one process reads them, errors in their place."""
    from teller.ingest import iter_inputs
    from teller.pipeline import Pipeline
    from teller.scale.ray_engine import analyse_on_ray

    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(_lines()[:8]) + "\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.txt").write_text(f"Lindhaven reopened quay {n} on Tuesday, the harbour master said.")
    (pages / "empty.txt").write_text("")
    pipe = Pipeline()
    def name(result) -> str:
        return "error" if isinstance(result, Exception) else result.article.url or result.article.text[:30]

    inputs = [str(first), str(pages)]
    got = [name(r) for r in analyse_on_ray(pipe, inputs, workers=2, block=2)]
    want = [name(r) for r in pipe.process_many(iter_inputs(inputs))]
    assert got == want and got.count("error") == 2 and len(got) == 12


def test_without_ray_the_engine_says_how_to_get_it(monkeypatch):
    import builtins

    from teller.errors import TellerError
    from teller.scale import ray_engine

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(TellerError, match=r"teller\[ray\]"):
        ray_engine.connect(None, 1)


def test_cli_engine_option_is_listed():
    from click.testing import CliRunner

    from teller.cli import main

    out = CliRunner().invoke(main, ["run", "--help"]).output
    assert "--engine [local|ray]" in out and "--address" in out

