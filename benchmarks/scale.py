"""Articles per second of ``teller run`` with 1 and 2 local workers and on Ray with 1 and 2 workers.

    .venv/bin/python benchmarks/scale.py [--n 2000] [--words 600] [--workers 1,2] [--no-ray] [--keep DIR]

Generates N articles with ``benchmarks/throughput.make_article`` (the throughput benchmark's
~600-word diplomatic news), writes them as one JSON Lines file, and runs ``teller run`` on that
same file once per configuration, each in a fresh child process into a fresh SQLite file:
``--workers 1``, ``--workers 2``, ``--engine ray --workers 1``, ``--engine ray --workers 2`` (Ray
started locally by teller with that many CPUs; model loads and Ray's start are counted, as a user
waits for them).

Printed per configuration: wall seconds, articles per second, the speed-up over one local
worker, CPU seconds (the child and everything it waited for; Ray's own daemons are partly
outside that count), the serial story merge at the end (from teller's progress note), and the
load average around the run. Then the Ray path's overhead over plain workers with as many workers,
whether every configuration stored the same records and stories (a digest of the tables), and
the single-writer part measured on its own: the story index over the N stored analyses in one
process (``StoryIndex.add`` for each, then canonical events, stories and copies), the part that
does not spread over workers (docs/scale.md).

On a machine shared with other work, wall time includes waiting for a core: read the load
averages next to the figures (a speed-up needs two idle cores to show).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import make_article


def run_config(inp: Path, work: Path, *, workers: int, engine: str) -> dict:
    db = work / f"{engine}-{workers}.db"
    if db.exists():
        db.unlink()
    teller = Path(sys.executable).with_name("teller")
    cmd = [str(teller), "run", str(inp), "--db", f"sqlite:///{db}", "--no-progress",
           "--progress-every", "100000", "--workers", str(workers), "--engine", engine]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        sys.exit(f"teller run ({engine}, {workers} workers) failed with exit code {proc.returncode}")
    merge = re.search(r"stories merged: .*\(([\d.]+) s\)", proc.stderr)
    summary = [line for line in proc.stderr.splitlines() if "articles stored" in line]
    return {"engine": engine, "workers": workers, "wall": wall, "db": db,
            "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "merge": float(merge.group(1)) if merge else None, "load": (load0, os.getloadavg()[0]),
            "summary": summary[-1] if summary else proc.stderr.strip().splitlines()[-1]}


def digest(db: Path) -> str:
    """SHA-256 over every table's rows, sorted, wall-clock columns left out."""
    import sqlite3

    con = sqlite3.connect(db)
    h = hashlib.sha256()
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if table == "alembic_version":
            continue
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("stored", "applied", "updated")]
        quoted = ", ".join(f'"{c}"' for c in cols)
        for row in sorted(map(repr, con.execute(f"SELECT {quoted} FROM {table}"))):
            h.update(row.encode())
    con.close()
    return h.hexdigest()[:16]


def story_merge_alone(db: Path) -> dict:
    """The single-writer part on its own: a fresh story index over every stored analysis."""
    from teller.actors import KnowledgeBase
    from teller.store import Store
    from teller.stories import StoryIndex

    store = Store(f"sqlite:///{db}")
    ids = [a.id for a in store.articles(limit=10**9)]
    analyses = [store.analysis(i) for i in ids]
    store.close()
    kb = KnowledgeBase.default()
    index = StoryIndex(kb=kb)
    t0, c0 = time.perf_counter(), time.process_time()
    for a in analyses:
        if a is not None:
            index.add(a)
    t1, c1 = time.perf_counter(), time.process_time()
    canon, stories, dups = index.canonical_events(), index.stories(), index.duplicates()
    t2, c2 = time.perf_counter(), time.process_time()
    return {"n": len(analyses), "add_wall": t1 - t0, "add_cpu": c1 - c0, "read_wall": t2 - t1, "read_cpu": c2 - c1,
            "events": len(canon), "stories": len(stories), "copies": len(dups)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--no-ray", action="store_true", help="local workers only")
    ap.add_argument("--keep", type=Path, help="keep the input and databases here")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="teller-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    inp = work / "articles.jsonl"
    rng = random.Random(20230914)
    with inp.open("w", encoding="utf-8") as f:
        for i in range(args.n):
            f.write(json.dumps(make_article(i, rng, args.words)) + "\n")
    counts = [int(w) for w in args.workers.split(",")]
    engines = ["local"] + ([] if args.no_ray else ["ray"])
    if "ray" in engines:
        try:
            import ray  # noqa: F401
        except ImportError:
            print("Ray is not installed (pip install 'teller[ray]'): local workers only", file=sys.stderr)
            engines = ["local"]

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.n} articles of ~{args.words} words; "
          f"load average at start {os.getloadavg()[0]:.1f}")
    results = []
    for engine in engines:
        for w in counts:
            r = run_config(inp, work, workers=w, engine=engine)
            results.append(r)
            print(f"  done {engine} x{w}: {r['wall']:.1f} s ({r['summary']})", file=sys.stderr, flush=True)
    base = next((r for r in results if r["engine"] == "local" and r["workers"] == 1), results[0])
    print(f"\n{'engine':<7}{'workers':>8}{'wall s':>9}{'art/s':>8}{'speed-up':>10}{'CPU s':>8}{'CPU ms/art':>11}"
          f"{'merge s':>9}   load before/after")
    for r in results:
        merge = f"{r['merge']:.1f}" if r["merge"] is not None else "-"
        print(f"{r['engine']:<7}{r['workers']:>8}{r['wall']:>9.1f}{args.n / r['wall']:>8.2f}"
              f"{base['wall'] / r['wall']:>9.2f}x{r['cpu']:>8.1f}{1e3 * r['cpu'] / args.n:>11.1f}{merge:>9}"
              f"   {r['load'][0]:.1f} / {r['load'][1]:.1f}")
    print("CPU: teller run and the processes it waited for (its local workers); Ray's actors and daemons "
          "are not counted. On a loaded machine CPU ms per article is the fairer figure: wall time "
          "includes waiting for a core.")
    for w in counts:
        local = next((r for r in results if r["engine"] == "local" and r["workers"] == w), None)
        on_ray = next((r for r in results if r["engine"] == "ray" and r["workers"] == w), None)
        if local and on_ray:
            print(f"Ray overhead with {w} worker(s): {on_ray['wall'] - local['wall']:+.1f} s wall "
                  f"({on_ray['wall'] / local['wall'] - 1:+.0%}), {on_ray['cpu'] - local['cpu']:+.1f} s CPU")
    digests = {f"{r['engine']} x{r['workers']}": digest(r["db"]) for r in results}
    same = len(set(digests.values())) == 1
    print(f"same records and stories in every configuration: {'yes' if same else 'NO'} "
          f"({', '.join(f'{k}: {v}' for k, v in digests.items())})")
    m = story_merge_alone(base["db"])
    print(f"story index alone (the single writer) over {m['n']} articles: add {m['add_wall']:.2f} s wall "
          f"({m['add_cpu']:.2f} s CPU, {1e3 * m['add_cpu'] / max(1, m['n']):.2f} ms/article), "
          f"canonical events + stories {m['read_wall']:.2f} s wall ({m['read_cpu']:.2f} s CPU); "
          f"{m['events']} events, {m['stories']} stories, {m['copies']} copies")
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
