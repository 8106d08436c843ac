#!/usr/bin/env python3
"""Export >= 100,000 events in every format with ``teller export``; print seconds and peak memory.

Each export runs as its own ``teller export`` process (what a user runs), so its peak resident
memory (``wait4`` rusage) is that export's alone, interpreter and imports included. Targets
(issue 16): under 10 s and under 300 MB per format for 100,000 events. ``CPU s`` is the export
process's own CPU time; on a shared machine the wall time also counts waiting for a core (and
for the database server, which shares the cores too).

    .venv/bin/python benchmarks/export.py                          # PostgreSQL teller_bench (as load.py)
    .venv/bin/python benchmarks/export.py --db sqlite:////tmp/teller-export.db
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

from load import PG_URL, ensure_pg_database  # noqa: E402
from synthetic import fill  # noqa: E402

from teller.exports import FORMATS  # noqa: E402
from teller.store import Store  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None, help=f"database URL [default: {PG_URL}]")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats")
    args = ap.parse_args()

    url = args.db or PG_URL
    if url.startswith("postgresql") and not ensure_pg_database(url):
        raise SystemExit(f"no PostgreSQL server answers for {url}; pass --db sqlite:////tmp/teller-export.db")
    with Store(url) as store:
        have = store.count_events()
        if have < args.events:
            _, have = fill(store, args.events)
    print(f"{have} events in {url.split('@')[-1]}; load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(f"{'format':14} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'MB out':>8}")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            out = Path(tmp) / f"events.{FORMATS[fmt].extension}"
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "teller", "export", "--db", url, "--format", fmt,
                                     "--out", str(out)], env=env, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            err = proc.stderr.read().decode() if proc.stderr else ""
            if os.waitstatus_to_exitcode(status) != 0:
                print(f"{fmt:14} failed: {err.strip()}")
                continue
            cpu = usage.ru_utime + usage.ru_stime  # this process's own CPU: wall time minus waiting
            print(f"{fmt:14} {seconds:8.1f} {cpu:8.1f} {usage.ru_maxrss / 1024:8.0f} {out.stat().st_size / 1e6:8.1f}"
                  f"   {err.strip().splitlines()[-1] if err.strip() else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
