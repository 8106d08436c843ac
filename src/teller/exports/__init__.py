"""teller.exports: events from a :class:`~teller.store.Store` as files other tools read.

Formats (:data:`FORMATS`, docs/exports.md): PLOVER JSON lines, CSV, Parquet, and POLECAT-like and
ICEWS-like TSV. PLOVER records follow the field names of the PLOVER manual's "Data Fields" chapter
(``id``, ``date``, ``enddate``, ``time``, ``actor``/``recipient`` as lists of entity objects
with ``code``, ``sector``, ``entity_text``, ``office``..., ``event`` and ``mode`` as lists,
``event_loc``, ``quad_code``); teller's extensions (``status``, ``confidence``, the TIMEX3
``date_value`` and how the date was chosen, ``article_ids``, ``brief``) are extra named fields,
which the manual allows. ``date`` is the event's own (local) day, never the publication day.

Every format is a generator of pieces over keyset-paged flat rows (:mod:`teller.store.flat`:
the columns the formats write, read a page of 1,000 events at a time, no ``Event`` records
built), so an export of a million events holds one page at a time, whether it goes to a file
(``teller export``) or to an HTTP response (``/api/export``, a ``StreamingResponse``).
The record path (the builders of :mod:`teller.exports.rows` and :mod:`teller.exports.layouts`
over ``Store.iter_events``, :data:`RECORD_PIECES`) gives the same bytes more slowly; it stays as
the reference the flat path is tested against. The older names (``EXPORTERS``,
``write_plover_jsonl``, ``write_events_csv``) stay.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

from teller.exports import flat, layouts, parquet
from teller.exports.rows import CSV_COLUMNS, csv_row, plover_record
from teller.records import Event
from teller.store import Store
from teller.store.flat import FlatPage, flat_pages

Out = TextIO | str | Path


def iter_with_briefs(store: Store, *, batch: int = 500, **filters: Any) -> Iterator[tuple[Event, str | None]]:
    """Every matching event with its brief, ``batch`` events (and one brief query) at a time."""
    chunk: list[Event] = []
    for e in store.iter_events(batch=batch, **filters):
        chunk.append(e)
        if len(chunk) == batch:
            yield from _with_briefs(store, chunk)
            chunk = []
    yield from _with_briefs(store, chunk)


def _with_briefs(store: Store, events: list[Event]) -> Iterator[tuple[Event, str | None]]:
    briefs = store.briefs([e.id for e in events])
    for e in events:
        yield e, briefs.get(e.id)


# --- the flat path (what every format uses) -----------------------------------------------

def _pages(store: Store, *, headers: bool = False, briefs: bool = True, **filters: Any) -> Iterator[FlatPage]:
    include_superseded = bool(filters.pop("include_superseded", False))
    where = store.event_conditions(**filters, include_superseded=include_superseded)
    return flat_pages(store.engine, where, briefs=briefs, headers=headers)


def flat_plover_jsonl(store: Store, **filters: Any) -> Iterator[str]:
    """PLOVER JSON lines, one line per event."""
    return flat.plover_lines(_pages(store, **filters))


def flat_csv(store: Store, **filters: Any) -> Iterator[str]:
    """CSV, header first, columns :data:`CSV_COLUMNS`; lists joined with ``;`` in actor order."""
    return _delimited(CSV_COLUMNS, flat.csv_rows(_pages(store, **filters)))


def flat_polecat(store: Store, **filters: Any) -> Iterator[str]:
    """Tab-separated, the columns of POLECAT's releases (:data:`layouts.POLECAT_COLUMNS`)."""
    rows = flat.polecat_rows(_pages(store, headers=True, briefs=False, **filters))
    return _delimited(layouts.POLECAT_COLUMNS, rows, dialect="excel-tab")


def flat_icews(store: Store, **filters: Any) -> Iterator[str]:
    """Tab-separated, the columns of ICEWS's coded event data (:data:`layouts.ICEWS_COLUMNS`)."""
    rows = flat.icews_rows(_pages(store, headers=True, briefs=False, **filters))
    return _delimited(layouts.ICEWS_COLUMNS, rows, dialect="excel-tab")


def flat_parquet(store: Store, **filters: Any) -> Iterator[bytes]:
    """Parquet (needs ``pyarrow``: ``pip install 'teller[parquet]'``), a row group per 5,000 events."""
    if not parquet.available():
        raise ExportError("the parquet format needs pyarrow: pip install 'teller[parquet]'")
    return parquet.column_chunks(flat.parquet_columns(_pages(store, **filters), CSV_COLUMNS, 5000))


# --- the record path (the reference: Event records through the row builders) --------------

def plover_jsonl_pieces(store: Store, **filters: Any) -> Iterator[str]:
    """PLOVER JSON lines, one line per event."""
    for e, brief in iter_with_briefs(store, **filters):
        yield json.dumps(plover_record(e, brief=brief), ensure_ascii=False) + "\n"


def _delimited(header: tuple[str, ...], rows: Iterator[list[str] | dict[str, Any]], *,
               dialect: str = "excel", dict_rows: bool = False, every: int = 500) -> Iterator[str]:
    """Header and rows through the csv module, handed on ``every`` rows at a time."""
    buf = io.StringIO(newline="")
    if dict_rows:
        w: Any = csv.DictWriter(buf, fieldnames=header, dialect=dialect)
        w.writeheader()
    else:
        w = csv.writer(buf, dialect=dialect)
        w.writerow(header)
    n = 0
    for row in rows:
        w.writerow(row)
        n += 1
        if n % every == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def csv_pieces(store: Store, **filters: Any) -> Iterator[str]:
    """CSV, header first, columns :data:`CSV_COLUMNS`; lists joined with ``;`` in actor order."""
    rows = (csv_row(e, brief=brief) for e, brief in iter_with_briefs(store, **filters))
    return _delimited(CSV_COLUMNS, rows, dict_rows=True)


def polecat_pieces(store: Store, **filters: Any) -> Iterator[str]:
    """Tab-separated, the columns of POLECAT's releases (:data:`layouts.POLECAT_COLUMNS`)."""
    rows = (layouts.polecat_row(e, h) for e, h in layouts.with_articles(store, store.iter_events(**filters)))
    return _delimited(layouts.POLECAT_COLUMNS, rows, dialect="excel-tab")


def icews_pieces(store: Store, **filters: Any) -> Iterator[str]:
    """Tab-separated, the columns of ICEWS's coded event data (:data:`layouts.ICEWS_COLUMNS`)."""
    rows = (layouts.icews_row(e, h) for e, h in layouts.with_articles(store, store.iter_events(**filters)))
    return _delimited(layouts.ICEWS_COLUMNS, rows, dialect="excel-tab")


def parquet_pieces(store: Store, **filters: Any) -> Iterator[bytes]:
    """Parquet (needs ``pyarrow``: ``pip install 'teller[parquet]'``)."""
    if not parquet.available():
        raise ExportError("the parquet format needs pyarrow: pip install 'teller[parquet]'")
    return parquet.parquet_chunks(iter_with_briefs(store, **filters))


class ExportError(ValueError):
    """The export cannot be made as asked (an unknown format, a missing optional package)."""


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    media_type: str
    extension: str
    pieces: Callable[..., Iterator[str] | Iterator[bytes]]
    binary: bool = False
    description: str = ""


#: Export formats by name (``teller export --format``, ``/api/export?format=``).
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("plover-jsonl", "application/x-ndjson", "jsonl", flat_plover_jsonl,
           description="PLOVER JSON lines, one event per line"),
    Format("csv", "text/csv; charset=utf-8", "csv", flat_csv, description="one row per event, lists joined with ;"),
    Format("parquet", "application/vnd.apache.parquet", "parquet", flat_parquet, binary=True,
           description="the CSV columns typed, lists as lists (needs pyarrow)"),
    Format("polecat-tsv", "text/tab-separated-values; charset=utf-8", "tsv", flat_polecat,
           description="POLECAT's 40 columns, tab-separated"),
    Format("icews-tsv", "text/tab-separated-values; charset=utf-8", "tsv", flat_icews,
           description="ICEWS coded event data's 20 columns, tab-separated"),
)}

#: The record path of every format (same bytes as :data:`FORMATS`, slower): the reference.
RECORD_PIECES: dict[str, Callable[..., Iterator[str] | Iterator[bytes]]] = {
    "plover-jsonl": plover_jsonl_pieces, "csv": csv_pieces, "parquet": parquet_pieces,
    "polecat-tsv": polecat_pieces, "icews-tsv": icews_pieces,
}


def pieces(fmt: str, store: Store, **filters: Any) -> Iterator[bytes]:
    """The export in format ``fmt`` as UTF-8 byte pieces; filters are validated before the
    first piece (a bad filter raises ValueError here, not halfway through a response)."""
    try:
        f = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}") from None
    store.events(**filters, limit=0)  # validates the filters, reads no row
    it = f.pieces(store, **filters)
    if f.binary:
        return cast(Iterator[bytes], it)
    return (cast(str, p).encode("utf-8") for p in it)


def write(fmt: str, store: Store, out: Path | str | io.BufferedIOBase | Any, **filters: Any) -> int:
    """Write the export to a path or binary stream; returns the number of bytes written."""
    n = 0
    if isinstance(out, (str, Path)):
        with open(out, "wb") as f:
            for p in pieces(fmt, store, **filters):
                f.write(p)
                n += len(p)
        return n
    for p in pieces(fmt, store, **filters):
        out.write(p)
        n += len(p)
    return n


# --- the first API (text streams, counts of events) -----------------------------------------

def write_plover_jsonl(store: Store, out: Out, **filters: Any) -> int:
    """PLOVER JSON lines (one event per line) to a path or text stream; returns the count."""
    return _write_text(flat_plover_jsonl(store, **filters), out, lines_per_event=True)


def write_events_csv(store: Store, out: Out, **filters: Any) -> int:
    """One CSV row per event (header first) to a path or text stream; returns the count."""
    n = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal n
        for row in flat.csv_rows(_pages(store, **filters)):
            n += 1
            yield row

    _write_text(_delimited(CSV_COLUMNS, counted()), out)
    return n


def _write_text(it: Iterator[str], out: Out, *, lines_per_event: bool = False) -> int:
    n = 0
    f: TextIO
    own = isinstance(out, (str, Path))
    f = open(out, "w", encoding="utf-8", newline="") if own else out  # type: ignore[arg-type,assignment]
    try:
        for piece in it:
            f.write(piece)
            if lines_per_event:
                n += piece.count("\n")
    finally:
        if own:
            f.close()
    return n


def to_string(exporter: Callable[..., int], store: Store, **filters: Any) -> str:
    """Run an exporter into a string (small exports, tests)."""
    buf = io.StringIO(newline="")
    exporter(store, buf, **filters)
    return buf.getvalue()


#: Exporters by versioned name (the first API; :data:`FORMATS` has every format).
EXPORTERS: dict[str, Callable[..., int]] = {
    "plover-jsonl.v1": write_plover_jsonl,
    "csv.v1": write_events_csv,
}

__all__ = ["CSV_COLUMNS", "EXPORTERS", "FORMATS", "RECORD_PIECES", "ExportError", "Format", "csv_row",
           "iter_with_briefs", "pieces", "plover_record", "to_string", "write", "write_events_csv",
           "write_plover_jsonl"]
