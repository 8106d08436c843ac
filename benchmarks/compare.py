"""Benchmark teller.compare: how long one translation check takes.

Run: .venv/bin/python benchmarks/compare.py [--repeat N]

Prints the CPU time of the first comparison (the knowledge base and the name patterns are built
then) and the median CPU time per pair over the written pairs of tests/data/compare/pairs.json
and, when ../shared/seed is beside the checkout, the seed page against its Japanese source.
CPU time of this thread (``time.thread_time``), so other processes on the cores do not blur it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from teller.compare import compare_texts

    pairs = json.loads((ROOT / "tests" / "data" / "compare" / "pairs.json").read_text(encoding="utf-8"))
    work = [(p["source"], p["translation"], p["published"]) for p in pairs]
    seed = ROOT.parent / "shared" / "seed" / "teller-report-2023-09-14.txt"
    if seed.exists():
        from teller.extract import extract
        from teller.ingest import read_one

        src = extract(read_one(str(ROOT / "tests" / "data" / "compare" / "seed_source_ja.txt")))
        tr = extract(read_one(str(seed)))
        work.append((src.text, tr.text, tr.published))
    t0 = time.thread_time()
    compare_texts(*work[0][:2], published=work[0][2])
    first = time.thread_time() - t0
    times = []
    for _ in range(args.repeat):
        for s, t, pub in work:
            t0 = time.thread_time()
            compare_texts(s, t, published=pub)
            times.append(time.thread_time() - t0)
    chars = sum(len(s) + len(t) for s, t, _ in work) / len(work)
    print(f"first comparison (loads the knowledge base): {first * 1000:.0f} ms CPU")
    print(f"{len(work)} pairs x {args.repeat}: median {statistics.median(times) * 1000:.2f} ms CPU per pair "
          f"({chars:.0f} characters per pair on average), {1 / statistics.median(times):.0f} pairs per CPU-second")


if __name__ == "__main__":
    main()
