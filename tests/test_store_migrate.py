"""Schema migrations (``teller.store.migrate``) on SQLite and PostgreSQL.

The previous schema is built the way teller before Alembic left a database: the baseline tables,
a ``schema_version`` row 1 and no ``alembic_version``. Its data is written by today's ``Store``,
then the database is taken down to the baseline revision, so every stored kind of row (articles,
events, canonical merges, flags, evidence, briefs) is there when it is opened again.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, inspect, select, text

from pg_schema import pg_schema_url
from teller.cli import main
from teller.records import content_id, to_dict
from teller.store import SCHEMA_VERSION, Store, make_engine, migrate
from teller.store.store import EVENTS
from test_store_fixtures import protest_analysis, talks_analysis, undated_analysis

BASELINE_DUMP = Path(__file__).parent / "data" / "store" / "schema_0001_sqlite.sql"


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request, tmp_path) -> Iterator[Any]:
    """A factory of URLs of empty databases on the backend under test (one schema each on PG)."""
    opened: list[Any] = []  # PostgreSQL schemas to drop
    made = iter(range(100))

    def make() -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'db{next(made)}.db'}"
        ctx = pg_schema_url()
        url = ctx.__enter__()
        opened.append(ctx)
        return url

    yield make
    for ctx in opened:
        ctx.__exit__(None, None, None)


def _snapshot(engine: Engine) -> dict[str, Any]:
    """The schema as SQLAlchemy's inspector reports it, comparable across two databases."""
    insp = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        out[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("autoincrement"))
                        for c in insp.get_columns(table)],
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
                           (f.get("options") or {}).get("ondelete")) for f in insp.get_foreign_keys(table)),
            "indexes": sorted(_index(i) for i in insp.get_indexes(table)),
            "checks": sorted((c["name"], c["sqltext"]) for c in insp.get_check_constraints(table)),
            "uniques": sorted((u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)),
        }
    return out


def _index(i: dict[str, Any]) -> tuple[Any, ...]:
    where = sorted((k, str(v)) for k, v in (i.get("dialect_options") or {}).items())  # partial indexes
    return i["name"], tuple(map(str, i["column_names"])), tuple(i.get("expressions") or ()), bool(i["unique"]), where


def _upgrade_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrate.config(conn), revision)
    engine.dispose()


def _fill(store: Store) -> None:
    """Articles, per-article events, a canonical event merging two of them, and its brief."""
    a1, a2 = talks_analysis(), talks_analysis(url="https://mirror.example/talks")
    for a in (a1, a2, protest_analysis(), undated_analysis()):
        assert store.save(a)
    e1, e2 = a1.events[0], a2.events[0]
    canon = dataclasses.replace(e1, id=content_id("evt", "canon", e1.id), evidence=[],
                                article_ids=[a1.article.id, a2.article.id])
    store.save_events([canon], replaces={e1.id: canon.id, e2.id: canon.id}, briefs={canon.id: "Merged."})


def _contents(store: Store) -> dict[str, Any]:
    """Everything a reader can get back: each article's analysis, every event, the statistics."""
    ids = sorted(a.id for a in store.articles(limit=100))
    events = store.events(include_superseded=True, limit=1000)
    return {
        "analyses": {aid: to_dict(store.analysis(aid)) for aid in ids},
        "events": [to_dict(e) for e in events],
        "evidence": {e.id: store.event_evidence(e.id) for e in events},
        "infos": {e.id: store.event_info(e.id) for e in events},
        "stats": {k: v for k, v in store.stats().items() if k != "schema_version"},
    }


def _as_before_alembic(url: str) -> None:
    """Take a database down to the baseline and drop Alembic's table: what teller wrote before."""
    engine = make_engine(url)
    with engine.begin() as conn:
        command.downgrade(migrate.config(conn), migrate.BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
        assert conn.execute(text("SELECT version FROM schema_version")).scalars().all() == [1]
    engine.dispose()


def test_head_is_schema_version_and_history_is_a_numbered_line():
    revisions = list(reversed(list(migrate.scripts().walk_revisions())))
    assert [r.revision for r in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    assert [r.down_revision for r in revisions] == [None] + [r.revision for r in revisions[:-1]]
    assert migrate.head() == f"{SCHEMA_VERSION:04d}" and revisions[0].revision == migrate.BASELINE


def test_baseline_is_the_schema_teller_wrote_before_migrations(tmp_path):
    """The dump was written by teller's create_all before Alembic (schema_version 1)."""
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript(BASELINE_DUMP.read_text())
    url = f"sqlite:///{tmp_path / 'baseline.db'}"
    _upgrade_to(url, migrate.BASELINE)
    assert _snapshot(create_engine(url)) == _snapshot(create_engine(f"sqlite:///{old}"))


def test_migrations_build_the_schema_the_models_create(new_url):
    migrated, fresh = new_url(), new_url()
    _upgrade_to(migrated, "head")
    Store(fresh).close()
    assert _snapshot(make_engine(migrated)) == _snapshot(make_engine(fresh))


def test_pre_alembic_database_upgrades_in_place_keeping_its_data(new_url):
    url, fresh, baseline = new_url(), new_url(), new_url()
    with Store(url) as store:
        _fill(store)
        before = _contents(store)
    _as_before_alembic(url)
    _upgrade_to(baseline, migrate.BASELINE)
    assert _snapshot(make_engine(url)) == _snapshot(make_engine(baseline))  # really the old schema

    with Store(url) as store:  # adopts it as the baseline, then upgrades
        assert store.revision == migrate.head() and store.schema_version() == SCHEMA_VERSION
        assert _contents(store) == before
    Store(fresh).close()
    assert _snapshot(make_engine(url)) == _snapshot(make_engine(fresh))


def test_cli_reports_and_upgrades_an_older_revision(new_url):
    url = new_url()
    _upgrade_to(url, migrate.BASELINE)
    runner = CliRunner()
    shown = runner.invoke(main, ["db", "current", "--db", url])
    assert shown.exit_code == 0 and "database: 0001" in shown.output and "teller db upgrade" in shown.output
    done = runner.invoke(main, ["db", "upgrade", "--db", url])
    assert done.exit_code == 0 and f"upgraded 0001 -> {migrate.head()}" in done.output
    again = runner.invoke(main, ["db", "upgrade", "--db", url])
    assert f"already at {migrate.head()}" in again.output
    assert "up to date" in runner.invoke(main, ["db", "current", "--db", url]).output


def test_listing_reads_the_new_index_instead_of_sorting(new_url):
    url = new_url()
    with Store(url) as store:
        _fill(store)
        # The default listing of events(): visible events, newest day first, then id.
        query = (select(EVENTS.c.id).where(EVENTS.c.superseded_by.is_(None))
                 .order_by(EVENTS.c.date_first_day.desc().nulls_last(), EVENTS.c.id).limit(50))
        with store.engine.begin() as conn:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL enable_seqscan = off"))  # tiny tables: make the choice visible
                plan = "\n".join(conn.execute(text(f"EXPLAIN {sql}")).scalars())
                assert "ix_events_listing" in plan and "Sort" not in plan, plan
            else:
                plan = "\n".join(r[-1] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
                assert "ix_events_listing" in plan and "TEMP B-TREE" not in plan, plan


def test_database_of_a_newer_teller_is_refused(new_url):
    url = new_url()
    Store(url).close()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    with pytest.raises(migrate.MigrationError, match="revision 0999 is newer than this teller"):
        Store(url)


def test_pre_alembic_database_of_another_version_is_refused(tmp_path):
    path = tmp_path / "odd.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(BASELINE_DUMP.read_text())
        conn.execute("INSERT INTO schema_version VALUES (999, '2024-01-01T00:00:00+00:00')")
    with pytest.raises(migrate.MigrationError, match="schema version 999 has no migration path"):
        Store(f"sqlite:///{path}")


def test_tables_of_another_program_are_not_adopted(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (id TEXT PRIMARY KEY)")
    with pytest.raises(migrate.MigrationError, match="teller tables \\(articles\\) but no schema version"):
        Store(f"sqlite:///{path}")


def test_models_and_migrations_agree_for_autogenerate(new_url):
    """What a new revision is generated against: nothing to add after the shipped revisions."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from teller.store.models import Base

    url = new_url()
    _upgrade_to(url, "head")
    with make_engine(url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": migrate.autogenerate_includes})
        assert compare_metadata(ctx, Base.metadata) == []
