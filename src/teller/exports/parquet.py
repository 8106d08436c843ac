"""Events as Parquet (``pyarrow``, the ``parquet`` extra): the CSV columns, typed.

Dates are dates, ``quad_code`` an integer, ``confidence`` a float, and the per-actor columns
(``actor``, ``actor_country``...), ``context``, ``topics`` and ``article_ids`` are lists instead
of ``;``-joined strings. One row group per page of events, written to a sink that hands each
finished piece on at once, so an export streams (to a file or an HTTP response) in bounded
memory: Parquet puts its footer last and never seeks back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from teller.exports.rows import CSV_COLUMNS, csv_row
from teller.records import Event

LIST_COLUMNS = frozenset({
    "actor", "actor_code", "actor_country", "actor_sector",
    "recipient", "recipient_code", "recipient_country", "recipient_sector",
    "context", "topics", "article_ids",
})


def available() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _schema() -> Any:
    import pyarrow as pa

    types = {"date": pa.date32(), "enddate": pa.date32(), "quad_code": pa.int8(), "confidence": pa.float32()}
    return pa.schema([(c, pa.list_(pa.string()) if c in LIST_COLUMNS else types.get(c, pa.string()))
                      for c in CSV_COLUMNS])


def _row(e: Event, brief: str | None) -> dict[str, Any]:
    row = csv_row(e, brief=brief)
    lists = {
        "actor": [a.name for a in e.actor], "actor_code": [a.cameo for a in e.actor],
        "actor_country": [a.country for a in e.actor], "actor_sector": [a.sector for a in e.actor],
        "recipient": [a.name for a in e.recipient], "recipient_code": [a.cameo for a in e.recipient],
        "recipient_country": [a.country for a in e.recipient], "recipient_sector": [a.sector for a in e.recipient],
        "context": list(e.context), "topics": list(e.topics), "article_ids": list(e.article_ids),
    }
    out: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
    out.update(lists)
    for key in ("date", "enddate"):
        out[key] = date.fromisoformat(out[key]) if out[key] else None
    out["quad_code"] = e.quad_code
    out["confidence"] = e.confidence
    return out


class _Chunks:
    """A write-only file for pyarrow that keeps what was written until :meth:`take`."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.pos = 0
        self.closed = False

    def write(self, data: Any) -> int:
        b = bytes(data)
        self.parts.append(b)
        self.pos += len(b)
        return len(b)

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def column_chunks(batches: Iterable[dict[str, list[Any]]]) -> Iterator[bytes]:
    """The Parquet file of these column batches (:func:`teller.exports.flat.parquet_columns`),
    one row group per batch, as byte pieces; the same bytes as :func:`parquet_chunks` gives for
    the same rows in batches of the same size."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    sink = _Chunks()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    wrote = False
    try:
        for cols in batches:
            if wrote and not cols[CSV_COLUMNS[0]]:
                continue  # an empty last batch: only an empty file gets an empty row group
            writer.write_table(pa.Table.from_pydict(cols, schema=schema))
            wrote = True
            yield sink.take()
    finally:
        writer.close()
    yield sink.take()


def parquet_chunks(rows: Iterable[tuple[Event, str | None]], *, batch: int = 5000) -> Iterator[bytes]:
    """The Parquet file of these (event, brief) pairs, as byte pieces; one row group per ``batch``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    sink = _Chunks()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    pending: list[dict[str, Any]] = []
    try:
        for e, brief in rows:
            pending.append(_row(e, brief))
            if len(pending) == batch:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                pending = []
                yield sink.take()
        if pending or not sink.pos:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
    finally:
        writer.close()
    yield sink.take()


__all__ = ["LIST_COLUMNS", "available", "column_chunks", "parquet_chunks"]
