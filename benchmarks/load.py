#!/usr/bin/env python3
"""Load test of ``teller serve --workers N`` over a database of >= 100,000 synthetic events.

Fills the database (PostgreSQL by default, SQLite with ``--db sqlite:///...``) through the
store's bulk path unless it already holds enough events, starts the server on loopback, then
keeps ``--connections`` requests in flight for ``--seconds`` (a bounded, self-stopping loop
against 127.0.0.1 only), each request to an endpoint picked at random from the mix below, and
prints requests/s, p50/p99 latency and errors per endpoint. Targets (issue 16): 0 errors and
p99 <= 100 ms for each endpoint at 100 connections over 100k events on PostgreSQL.

    .venv/bin/python benchmarks/load.py                      # 100k events, 60 s, 100 connections
    .venv/bin/python benchmarks/load.py --seconds 20 --db sqlite:////tmp/load.db

The dyad page belongs to the pages work; it is measured when ``--dyad`` answers 200, else skipped.
Record ``uptime`` next to the figures: the load generator shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

import rawhttp  # noqa: E402
from synthetic import fill  # noqa: E402

from teller.store import Store  # noqa: E402
from teller.store.store import EVENT_ARTICLES  # noqa: E402

PG_URL = os.environ.get("TELLER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/teller_bench")


def ensure_pg_database(url: str) -> bool:
    """Create the benchmark database if the server answers and it is missing; False if no server."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    try:
        with psycopg.connect(host=u.host, port=u.port or 5432, user=u.username, password=u.password,
                             dbname="postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (u.database,)).fetchone():
                conn.execute(f'CREATE DATABASE "{u.database}"')  # a name from our own URL, not user data
    except psycopg.OperationalError:
        return False
    return True


def sample_ids(store: Store, n: int = 500) -> tuple[list[str], list[str]]:
    """Random listed event ids, and the ids of the events with the most reports."""
    events = store.events(limit=1000)
    ids = [e.id for e in events]
    with store.engine.connect() as conn:
        big = list(conn.execute(select(EVENT_ARTICLES.c.event_id).group_by(EVENT_ARTICLES.c.event_id)
                                .order_by(func.count().desc()).limit(20)).scalars())
    random.Random(1).shuffle(ids)
    return ids[:n], big


def endpoints(ids: list[str], big: list[str], dyad: str | None, mix: str = "default") -> dict[str, callable]:
    """The URL of each endpoint. ``default``: a few filter values (so the response cache, when on,
    answers most requests); ``distinct``: many filter combinations, date ranges and page sizes,
    every dyad of 25 countries (nearly every request is new to the cache)."""
    if mix == "distinct":
        return distinct_endpoints(ids, big)
    rng = random.Random(2)
    days = [f"2023-{m:02d}-01" for m in range(1, 13)]
    out = {
        "/api/events": lambda: "/api/events",
        "/api/events?filters": lambda: (f"/api/events?country={rng.choice(['JPN', 'USA', 'CHN', 'FRA'])}"
                                        f"&event={rng.choice(['CONSULT', 'AGREE', 'ACCUSE'])}"),
        "/api/events?dates": lambda: f"/api/events?start={(d := rng.choice(days))}&end={d[:8]}28",
        "/events/{id}": lambda: f"/events/{rng.choice(ids)}",
        "/events/{big id}": lambda: f"/events/{rng.choice(big)}",
        "/events.atom": lambda: f"/events.atom?country={rng.choice(['JPN', 'USA', 'CHN'])}&event=CONSULT",
    }
    if dyad:
        out["dyad page"] = lambda: dyad
    return out


def distinct_endpoints(ids: list[str], big: list[str]) -> dict[str, callable]:
    from synthetic import COUNTRIES

    from teller.records import PLOVER_TYPES

    rng = random.Random(3)

    def span() -> str:
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(1900))
        return f"start={start}&end={start + timedelta(days=rng.randrange(1, 120))}"

    return {
        "/api/events": lambda: f"/api/events?limit={rng.randrange(10, 60)}",
        "/api/events?filters": lambda: (f"/api/events?country={rng.choice(COUNTRIES)}"
                                        f"&event={rng.choice(PLOVER_TYPES)}&limit={rng.randrange(10, 60)}"),
        "/api/events?dates": lambda: f"/api/events?{span()}&limit={rng.randrange(10, 60)}",
        "/events/{id}": lambda: f"/events/{rng.choice(ids)}",
        "/events/{big id}": lambda: f"/events/{rng.choice(big)}?reports_offset={rng.randrange(0, 40)}",
        "/events.atom": lambda: f"/events.atom?country={rng.choice(COUNTRIES)}&event={rng.choice(PLOVER_TYPES)}",
        "dyad page": lambda: "/dyads/{}/{}".format(*rng.sample(COUNTRIES, 2)),
    }


async def drive(base: str, mix: dict[str, callable], seconds: float, connections: int,
                client: str = "raw") -> dict[str, list]:
    """``connections`` loops, each sending one request at a time until the time is up, over its
    own keep-alive connection (``raw``: :mod:`rawhttp`) or through one httpx client."""
    if client == "raw":
        return await drive_raw(base, mix, seconds, connections)
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    hits: dict[str, int] = defaultdict(int)  # answered from the server's response cache (X-Cache)
    names = list(mix)
    stop = time.perf_counter() + seconds
    # Idle connections expire on the client (2 s) before uvicorn closes them (5 s): on a starved
    # machine the client could otherwise reuse a connection the server was closing (ReadError).
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections,
                          keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        async def worker(k: int) -> None:
            rng = random.Random(k)
            while time.perf_counter() < stop:
                name = rng.choice(names)
                t0 = time.perf_counter()
                try:
                    r = await client.get(mix[name]())
                    ok = r.status_code == 200
                    hits[name] += r.headers.get("x-cache") == "hit"
                    if not ok:
                        errors[name].append(f"HTTP {r.status_code}")
                except httpx.HTTPError as err:
                    ok = False
                    errors[name].append(type(err).__name__)
                if ok:
                    results[name].append(time.perf_counter() - t0)

        await asyncio.gather(*(worker(k) for k in range(connections)))
    return {"ok": results, "errors": errors, "hits": hits}


async def drive_raw(base: str, mix: dict[str, callable], seconds: float, connections: int) -> dict[str, list]:
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    hits: dict[str, int] = defaultdict(int)
    names = list(mix)
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        rng = random.Random(k)
        conn = rawhttp.Connection(base)
        try:
            while time.perf_counter() < stop:
                name = rng.choice(names)
                t0 = time.perf_counter()
                try:
                    r = await conn.get(mix[name]())
                except rawhttp.HTTPError as err:
                    errors[name].append(str(err))
                    continue
                if r.status_code != 200:
                    errors[name].append(f"HTTP {r.status_code}")
                    continue
                results[name].append(time.perf_counter() - t0)
                hits[name] += r.headers.get("x-cache") == "hit"
        finally:
            await conn.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    return {"ok": results, "errors": errors, "hits": hits}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not start")


def _children_cpu() -> float:
    """CPU seconds of this process's terminated, reaped children (the server once it exits)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None, help=f"database URL [default: {PG_URL}]")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    ap.add_argument("--dyad", default="/dyads/JPN/CHN", help="dyad page path (skipped unless it answers 200)")
    ap.add_argument("--mix", choices=("default", "distinct"), default="default",
                    help="URLs: a few filter values, or many distinct combinations (see endpoints())")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="raw: a minimal keep-alive client (rawhttp.py, ~0.1 ms CPU a request); httpx: "
                         "httpx.AsyncClient (several ms of CPU a request, taken from the server's cores)")
    ap.add_argument("--cache-mb", default=None, help="TELLER_RESPONSE_CACHE_MB for the server (0: no cache)")
    args = ap.parse_args()

    url = args.db or PG_URL
    if url.startswith("postgresql") and not ensure_pg_database(url):
        raise SystemExit(f"no PostgreSQL server answers for {url}; pass --db sqlite:////tmp/teller-load.db")
    store = Store(url)
    have = store.count_events()
    print(f"database: {store!r}, {have} events", flush=True)
    if have < args.events:
        t0 = time.perf_counter()
        articles, have = fill(store, args.events)
        print(f"filled: {articles} articles, {have} events in {time.perf_counter() - t0:.0f} s", flush=True)
    ids, big = sample_ids(store)
    store.close()

    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TELLER_STATS_TTL": "30"}
    if args.cache_mb is not None:
        env["TELLER_RESPONSE_CACHE_MB"] = args.cache_mb
    cpu_before = _children_cpu()
    proc = subprocess.Popen([sys.executable, "-m", "teller", "serve", "--db", url, "--port", str(args.port),
                             "--workers", str(args.workers)], env=env)
    try:
        wait_ready(base, proc)
        dyad = args.dyad if httpx.get(base + args.dyad, timeout=10).status_code == 200 else None
        if dyad is None:
            print(f"dyad page {args.dyad}: not served here, skipped")
        mix = endpoints(ids, big, dyad, args.mix)
        if dyad is None:
            mix.pop("dyad page", None)
        if args.warmup:
            asyncio.run(drive(base, mix, args.warmup, args.connections, args.client))
        load_before = os.getloadavg()
        client_cpu = _own_cpu()
        t0 = time.perf_counter()
        out = asyncio.run(drive(base, mix, args.seconds, args.connections, args.client))
        elapsed = time.perf_counter() - t0
        client_cpu = _own_cpu() - client_cpu
    finally:
        proc.terminate()
        deadline = time.time() + 20
        while proc.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # The server's CPU (uvicorn's parent and the workers it reaped: start-up, warm-up and the run),
    # what a quieter machine would also have to spend; wall latency on a shared one also waits.
    server_cpu = _children_cpu() - cpu_before

    print(f"\n{have} events, {args.connections} connections, {args.workers} workers, {elapsed:.0f} s; "
          f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} cores)")
    print(f"client {args.client}, mix {args.mix}; 'hit %': share of answers from the server's response cache "
          "(X-Cache: hit)")
    print(f"{'endpoint':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'hit %':>6}")
    total = 0
    for name in mix:
        ok, errs = out["ok"][name], out["errors"][name]
        total += len(ok) + len(errs)
        print(f"{name:24} {len(ok) / elapsed:8.1f} {pct(ok, 50) * 1000:8.1f} {pct(ok, 99) * 1000:8.1f} "
              f"{len(errs):7d} {100 * out['hits'][name] / max(len(ok) + len(errs), 1):6.0f}"
              + (f"  ({', '.join(sorted(set(errs)))})" if errs else ""))
    every = [x for v in out["ok"].values() for x in v]
    print(f"{'all':24} {total / elapsed:8.1f} {pct(every, 50) * 1000:8.1f} {pct(every, 99) * 1000:8.1f} "
          f"{sum(len(v) for v in out['errors'].values()):7d} {100 * sum(out['hits'].values()) / max(total, 1):6.0f}")
    if every:
        print(f"mean {statistics.mean(every) * 1000:.1f} ms over {len(every)} requests")
    print(f"server CPU {server_cpu:.1f} s (with start-up and warm-up), {1000 * server_cpu / max(total, 1):.1f} ms "
          f"a request; by Little's law the mean latency is connections / throughput = "
          f"{args.connections / max(total / elapsed, 1e-9) * 1000:.0f} ms")
    print(f"load generator CPU {client_cpu:.1f} s in the run, {1000 * client_cpu / max(total, 1):.1f} ms a request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
