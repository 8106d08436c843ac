"""The ``teller`` command: a thin shell over library functions.

Imports are inside the commands so that ``teller --help`` and the light commands start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

import click

from teller import __version__, config
from teller.progress import DEFAULT_EVERY


def _print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


class _Date(click.ParamType):
    """A calendar day written YYYY-MM-DD; anything else is a usage error (exit 2), not a traceback."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = _Date()


def _existing_db(url: str | None) -> str:
    """The database URL for a command that only reads; a SQLite file that does not exist is a usage
    error, since opening it would create an empty database and report nothing found."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = url or config.get("TELLER_DB")
    try:
        u = make_url(url)
    except ArgumentError:
        return url  # Store says clearly what is wrong with it
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") \
            and not Path(u.database).exists():
        raise click.BadParameter(f"no database at {u.database} (create one with `teller run ... --db {url}`)",
                                 param_hint="'--db'")
    return url


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teller")
def main() -> None:
    """Who did what to whom, when and where: political events from news articles."""


@main.command()
@click.argument("source")
@click.option("--published", help="Publication time (ISO 8601, with offset if known).")
@click.option("--source", "outlet", help="Outlet name.")
@click.option("--title", help="Title (for plain-text input).")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
def process(source: str, published: str | None, outlet: str | None, title: str | None, as_json: bool) -> None:
    """Analyse one article (FILE, URL or - for stdin) and print what it says."""
    from teller import report
    from teller.errors import TellerError
    from teller.ingest import read_one
    from teller.pipeline import Pipeline
    from teller.records import to_dict

    pipe = Pipeline()
    try:
        raw = read_one(source, published=published, source=outlet, title=title, settings=pipe.settings)
        analysis = pipe.process(raw)
    except TellerError as err:
        raise click.ClickException(str(err)) from err
    except Exception as err:  # a library failing on odd input: one line and status 1, no traceback
        raise click.ClickException(f"[T000] {source}: unexpected error: {type(err).__name__}: {err}") from err
    if as_json:
        _print_json(to_dict(analysis))
    else:
        click.echo(report.render(analysis))


@main.command()
@click.argument("source")
@click.argument("translation")
@click.option("--published", help="Publication time of the source (ISO 8601): the month of a bare '14日'.")
@click.option("--json", "as_json", is_flag=True, help="Print {\"differences\": [...]} (schema/compare.schema.json).")
def compare(source: str, translation: str, published: str | None, as_json: bool) -> None:
    """Where TRANSLATION (FILE, URL or -) says other facts than SOURCE: one Japanese, one English."""
    from teller import compare as cmp
    from teller.errors import TellerError

    try:
        differences = cmp.compare_inputs(source, translation, published=published)
    except (TellerError, cmp.CompareError) as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        _print_json(cmp.to_json(differences))
    else:
        click.echo(cmp.render(differences))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default=None, help=f"Database URL [default: $TELLER_DB or {config.SETTINGS['TELLER_DB'][0]}].")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
@click.option("--progress-every", default=DEFAULT_EVERY, show_default=True, type=click.IntRange(min=0),
              metavar="N", help="Without a progress bar: a line every N articles with rate and errors (0: none).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0),
              help="Processes that parse and analyse (0: one per CPU core); the output is the same.")
@click.option("--fail-on-error", is_flag=True,
              help="Exit with status 1 when any item failed (the good ones are stored all the same).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where the per-article stages run: here (with --workers processes) or on Ray (docs/scale.md).")
@click.option("--address", default=None, metavar="ADDR",
              help="With --engine ray: the cluster to join ('auto': the one this node belongs to); "
                   "default: start a local Ray with --workers CPUs.")
def run(inputs: tuple[str, ...], db: str | None, progress: bool | None, progress_every: int, workers: int,
        fail_on_error: bool, engine: str, address: str | None) -> None:
    """Ingest files, directories, JSON Lines, feeds, WARC archives and URLs; analyse and store them."""
    import os

    from teller.errors import TellerError
    from teller.pipeline import Pipeline

    show = sys.stderr.isatty() if progress is None else progress
    try:
        if engine == "ray":
            from teller.scale import ray_engine

            stats = ray_engine.run(Pipeline(), list(inputs), db, workers=workers or os.cpu_count() or 1,
                                   address=address, progress=show, progress_every=progress_every)
        else:
            stats = Pipeline().run(list(inputs), db, progress=show, progress_every=progress_every,
                                   workers=workers or os.cpu_count() or 1)
    except TellerError as err:  # the database itself cannot be opened: nothing to do
        raise click.ClickException(str(err)) from err
    click.echo(stats.summary(), err=True)
    if stats.errors and (fail_on_error or (stats.stored == 0 and stats.skipped == 0)):
        sys.exit(1)


class _Every(click.ParamType):
    """A duration: 90, 30s, 10m, 2h, 1d."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from teller.ingest.watch import parse_every

        try:
            return value if isinstance(value, float) else parse_every(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a duration (e.g. 90, 30s, 10m, 2h)", param, ctx)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default=None, help=f"Database URL [default: $TELLER_DB or {config.SETTINGS['TELLER_DB'][0]}].")
@click.option("--every", default="10m", show_default=True, type=_Every(), help="Time between polls (30s, 10m, 1h).")
@click.option("--max-per-host", default=10, show_default=True, type=click.IntRange(min=1),
              help="Requests to one host per poll at most (robots.txt included).")
@click.option("--cycles", default=None, type=click.IntRange(min=1), help="Stop after this many polls (default: never).")
def watch(sources: tuple[str, ...], db: str | None, every: float, max_per_host: int, cycles: int | None) -> None:
    """Poll RSS/Atom feeds and (news) sitemaps without end; store new articles (stop: SIGTERM, Ctrl-C)."""
    from teller.errors import TellerError
    from teller.ingest.watch import watch as run_watch

    bad = [s for s in sources if not s.startswith(("http://", "https://"))]
    if bad:
        raise click.BadParameter(f"not an http(s) URL: {bad[0]}", param_hint="SOURCES")
    try:
        health = run_watch(list(sources), db, every=every, max_per_host=max_per_host, cycles=cycles,
                           emit=lambda line: click.echo(line, err=True))
    except TellerError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"teller watch: stopped after poll {health.poll}", err=True)


@main.command()
@click.option("--db", default=None, help="Database URL [default: $TELLER_DB].")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each with its own connection pool); about one per core.")
def serve(db: str | None, host: str, port: int, workers: int) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs)."""
    import os

    import uvicorn

    from teller.app import create_app
    from teller.errors import TellerError

    url = _existing_db(db)
    try:
        app = create_app(url)  # opens (and migrates) the database once, before any worker starts
    except TellerError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"teller: serving {url} on http://{host}:{port}/ with {workers} worker(s) (API docs at /docs)",
               err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    app.state.store.close()
    # Workers are separate processes: each imports the app factory and opens the database itself.
    os.environ["TELLER_DB"] = url
    uvicorn.run("teller.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@main.command()
@click.option("--db", default=None, help="Database URL [default: $TELLER_DB].")
@click.option("--format", "fmt", default="plover-jsonl", show_default=True,
              type=click.Choice(["plover-jsonl", "csv", "parquet", "polecat-tsv", "icews-tsv"]),
              help="PLOVER JSON lines, CSV, Parquet, or the POLECAT-like / ICEWS-like TSV (docs/exports.md).")
@click.option("--out", "out", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--country", help="ISO 3166 alpha-3 code of an actor or recipient.")
@click.option("--event", "event_type", help="PLOVER event type, e.g. CONSULT.")
@click.option("--status", type=click.Choice(["happened", "planned", "hypothetical", "denied"]))
@click.option("--start", type=DATE, help="Events on or after this date.")
@click.option("--end", type=DATE, help="Events on or before this date.")
@click.option("--q", "q", help="Text in the event text, brief, date text or actor names.")
def export(db: str | None, fmt: str, out: str, country: str | None, event_type: str | None,
           status: str | None, start: date | None, end: date | None, q: str | None) -> None:
    """Export stored events (streamed, page by page) in one of the export formats."""
    from teller import exports
    from teller.errors import TellerError
    from teller.store import Store

    given = dict(country=country, event=event_type, status=status, start=start, end=end, q=q)
    filters: dict[str, Any] = {k: v for k, v in given.items() if v}
    url = _existing_db(db)
    try:
        store = Store(url)
        n = store.count_events(**filters)
        exports.write(fmt, store, sys.stdout.buffer if out == "-" else out, **filters)
    except (TellerError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"teller: exported {n} events", err=True)


# --- eval -----------------------------------------------------------------------------------

@main.group(name="eval")
def eval_() -> None:
    """Accuracy evaluations on public data sets."""


def _emit(result: dict[str, Any], as_json: bool, fmt: Callable[[dict[str, Any]], str]) -> None:
    if as_json:
        _print_json(result)
    else:
        click.echo(fmt(result))


def _flat(result: dict[str, Any], prefix: str = "") -> str:
    lines = []
    for k, v in result.items():
        if isinstance(v, dict):
            lines.append(_flat(v, f"{prefix}{k}."))
        elif isinstance(v, float):
            lines.append(f"{prefix}{k}: {v:.3f}")
        elif not isinstance(v, list):
            lines.append(f"{prefix}{k}: {v}")
    return "\n".join(x for x in lines if x)


@eval_.command("timeml")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--verbose", is_flag=True, help="List every miss.")
def eval_timeml(path: Path, as_json: bool, verbose: bool) -> None:
    """TempEval-3 measures of the temporal tagger on TimeML (.tml) files."""
    from teller.evaluation.timeml import evaluate_timeml, format_report

    result = evaluate_timeml(path, verbose=verbose)
    _emit(result, as_json, format_report)


@eval_.command("petrarch")
@click.argument("records", type=click.Path(exists=True, path_type=Path))
@click.argument("more", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[FILE]...")
@click.option("--dictionaries", "dictionaries", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Verb, actor, agent and discard dictionaries: --dictionaries F1 F2 ... (or repeat the option).")
@click.option("--json", "as_json", is_flag=True)
def eval_petrarch(records: Path, more: tuple[Path, ...], dictionaries: tuple[Path, ...], as_json: bool) -> None:
    """Event-level P/R/F1 on a PETRARCH validation file with TABARI-format dictionaries."""
    from teller.events.petrarch import evaluate_petrarch

    # `--dictionaries A B C D` as the issue writes it: click gives A to the option and the rest
    # to the trailing arguments, so both places name dictionaries.
    files = [*dictionaries, *more]
    if not files:
        raise click.UsageError("name the dictionaries: --dictionaries VERBS ACTORS AGENTS DISCARDS")
    _emit(evaluate_petrarch(records, files), as_json, _flat)


@eval_.command("news")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--verbose", is_flag=True, help="List every miss with its evidence sentence.")
@click.option("--lang", type=click.Choice(["en", "ja", "all"]), default="en", show_default=True)
@click.option("--no-batch", is_flag=True, help="Skip the batch run (story merging) for a quicker look.")
def eval_news(path: Path, as_json: bool, verbose: bool, lang: str, no_batch: bool) -> None:
    """Real news with verified gold facts (news-dev format): events found, dated, named; merged."""
    from teller.errors import TellerError
    from teller.evaluation.news import evaluate_news, format_report

    try:
        result = evaluate_news(path, lang=lang, verbose=verbose, batch=not no_batch)
    except TellerError as err:
        raise click.ClickException(str(err)) from None
    _emit(result, as_json, format_report)


def _path_eval(name: str, target: str, doc: str, arg: str = "path") -> None:
    """Register ``teller eval NAME PATH [--json]`` calling ``module:function(PATH) -> dict``."""

    @eval_.command(name, help=doc)
    @click.argument(arg, type=click.Path(exists=True, path_type=Path))
    @click.option("--json", "as_json", is_flag=True)
    def command(as_json: bool, **kwargs: Path) -> None:
        import importlib

        module, function = target.split(":")
        _emit(getattr(importlib.import_module(module), function)(kwargs[arg]), as_json, _flat)


_path_eval("plover-gsr", "teller.evaluation.gsr:evaluate_plover_gsr",
           "Type, mode, actor and recipient accuracy on the PLOVER gold-standard sentences.")
_path_eval("extraction", "teller.evaluation.extraction:evaluate_extraction",
           "Body-text P/R/F1 over 4-token shingles (article-extraction-benchmark format).")
_path_eval("flags", "teller.evaluation.flags:evaluate_flags",
           "Count consistency flags over a directory of edited pages (false alarms).")
_path_eval("coverage", "teller.evaluation.coverage:evaluate_coverage",
           "Share of event participants with a country and a CAMEO code over a folder of pages.")
_path_eval("offices", "teller.evaluation.offices:evaluate_offices",
           "Office-at-a-date accuracy: title phrases resolved to holders (tests/data/actors/offices_at_date.txt).")
_path_eval("actors", "teller.evaluation.actors:evaluate_resolution",
           "Mention resolution accuracy on a hand-marked test set (e.g. tests/data/actors/resolution.txt).")
_path_eval("stories", "teller.evaluation.stories:evaluate_stories",
           "Pairwise and B-cubed P/R/F1 of article clusters and event merges.", arg="gold")


# --- actors ---------------------------------------------------------------------------------

@main.group()
def actors() -> None:
    """The actor knowledge base."""


@actors.command("lookup")
@click.argument("name")
@click.option("--date", "when", type=DATE, help="Resolve office holders at this date.")
@click.option("--json", "as_json", is_flag=True)
def actors_lookup(name: str, when: date | None, as_json: bool) -> None:
    """Find actors by name, alias, office or code."""
    from teller.actors import KnowledgeBase
    from teller.records import to_dict

    found = KnowledgeBase.for_settings(config.Settings.from_env()).lookup(name, when)
    if as_json:
        _print_json(to_dict(found))
        return
    if not found:
        raise click.ClickException(f"no actor matches {name!r}")
    for a in found:
        tenure = f" ({a.role_start or '?'} .. {a.role_end or 'now'})" if a.role else ""
        click.echo(f"{a.id}\t{a.name}\t{a.kind}\t{a.country or '-'}\t{a.cameo or '-'}\t{a.role or ''}{tenure}")


@actors.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Write the converted knowledge-base file here.")
def actors_import(path: Path, out: Path | None) -> None:
    """Import a PETRARCH/TABARI actor dictionary into the knowledge-base format."""
    from teller.actors import import_dictionary_cli

    click.echo(import_dictionary_cli(path, out))


@actors.command("build-index")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE...")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the index (default: TELLER_ACTORS_INDEX, else the cache folder).")
def actors_build_index(sources: tuple[Path, ...], out: Path | None) -> None:
    """Index office-holder tables (e.g. ../shared/data/actors/office-holders.tsv) for lookup."""
    from teller.actors.index import build_index, default_index_path, default_sources
    from teller.errors import TellerError

    settings = config.Settings.from_env()
    files = list(sources) or default_sources(settings.office_holders)
    if not files:
        raise click.UsageError("name the office-holder table(s): teller actors build-index FILE...")
    try:
        built = build_index(files, out or default_index_path(settings.actors_index))
    except TellerError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"teller: indexed {built['tenures']} tenures of {built['people']} people "
               f"({cast(int, built['bytes']) / 1e6:.1f} MB, {built['seconds']} s) in {built['path']}")


@actors.command("stats")
@click.option("--json", "as_json", is_flag=True)
def actors_stats(as_json: bool) -> None:
    """Counts of the knowledge base and the office-holder index: by source, office, decade."""
    from teller.actors import KnowledgeBase

    kb = KnowledgeBase.for_settings(config.Settings.from_env())
    result: dict[str, Any] = {"curated": kb.stats(), "index": kb.index.stats() if kb.index else None}
    if kb.index:
        result["index"]["path"] = str(kb.index.path)
    _emit(result, as_json, _flat)


@main.group()
def db() -> None:
    """The database schema: which revision a database is at, and upgrading it (docs/store.md)."""


def _on_db(url: str | None, work: Callable[[Any], Any]) -> Any:
    """``work(engine)`` on the database at ``url``; its errors are messages, not tracebacks."""
    from sqlalchemy.exc import SQLAlchemyError

    from teller.errors import TellerError
    from teller.store import make_engine

    try:
        engine = make_engine(_existing_db(url))
        try:
            return work(engine)
        finally:
            engine.dispose()
    except (TellerError, SQLAlchemyError) as err:
        raise click.ClickException(str(err).splitlines()[0]) from err


@db.command("current")
@click.option("--db", "url", default=None, help="Database URL [default: $TELLER_DB].")
def db_current(url: str | None) -> None:
    """Print the database's schema revision and this teller's newest (the database is not changed)."""
    from teller.store import migrate

    def read(engine: Any) -> str | None:
        with engine.connect() as conn:
            return migrate.current(conn)

    found, newest = _on_db(url, read), migrate.head()
    state = "up to date" if found == newest else "behind: run `teller db upgrade`"
    if found is None:
        state = "none: empty, or written before migrations (`teller db upgrade` adopts it)"
    click.echo(f"database: {found or '-'}\nteller:   {newest} ({state})")


@db.command("upgrade")
@click.option("--db", "url", default=None, help="Database URL [default: $TELLER_DB].")
def db_upgrade(url: str | None) -> None:
    """Upgrade the database's schema in place to this teller's newest revision (opening a database
    with `teller run` or `serve` does the same)."""
    from teller.store import migrate

    before, after = _on_db(url, migrate.upgrade)
    click.echo(f"already at {after}" if before == after else f"upgraded {before or 'unversioned'} -> {after}")


@db.command("revision")
@click.argument("message")
def db_revision(message: str) -> None:
    """For developers: write the next numbered revision of the schema, generated from the models'
    difference to the newest revision (review and complete it; docs/store.md)."""
    from teller.store import migrate

    click.echo(migrate.new_revision(message))


if __name__ == "__main__":  # pragma: no cover
    main()
