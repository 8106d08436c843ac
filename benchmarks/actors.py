"""Benchmark teller.actors: knowledge-base load time and resolution cost against the spaCy parse.

Run: .venv/bin/python benchmarks/actors.py [--repeat N]

Prints the time to load the shipped knowledge base and build its gazetteer (target < 1 s), and,
for ~600-word articles made from the resolution test set, the mean spaCy parse time and the
mean resolution time per article (target: resolution <= 10% of the parse). Per-article times are
CPU times of this thread (``time.thread_time``), so that other processes competing for the cores
do not blur the comparison; medians are reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def articles(words: int = 600) -> list[tuple[str, object]]:
    """Consecutive test-set passages joined into articles of about ``words`` words."""
    from teller.evaluation.actors import read_set

    passages = read_set(ROOT / "tests" / "data" / "actors" / "resolution.txt")
    out, buf, count, when = [], [], 0, None
    for p in passages:
        buf.append(p.text)
        when = when or p.when
        count += len(p.text.split())
        if count >= words:
            out.append((" ".join(buf), when))
            buf, count, when = [], 0, None
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from teller.actors import KnowledgeBase, resolve
    from teller.actors.resolve import gazetteer

    t1 = time.perf_counter()
    kb = KnowledgeBase.default()
    t2 = time.perf_counter()
    gazetteer(kb)
    t3 = time.perf_counter()
    print(f"knowledge base: import {t1 - t0:.3f}s, load {t2 - t1:.3f}s, gazetteer {t3 - t2:.3f}s, "
          f"total {t3 - t0:.3f}s  {kb.stats()}")

    from teller.nlp import get_nlp
    from teller.records import Article

    nlp = get_nlp()
    arts = articles()
    nlp(arts[0][0])  # warm up
    parse, res = [], []
    for _ in range(args.repeat):
        for text, when in arts:
            a = time.thread_time()
            doc = nlp(text)
            b = time.thread_time()
            resolve(doc, Article(id="bench", text=text), kb, when)
            c = time.thread_time()
            parse.append(b - a)
            res.append(c - b)
    words = statistics.mean(len(t.split()) for t, _ in arts)
    p, r = statistics.median(parse), statistics.median(res)
    print(f"test-set articles ({len(arts)} of ~{words:.0f} words, ~120 mentions each) x {args.repeat}: "
          f"parse {p * 1000:.1f} ms, resolve {r * 1000:.2f} ms per article = {100 * r / p:.1f}% of the parse")
    news_cost(nlp, kb)


def news_cost(nlp, kb) -> None:
    """The same on real news text (../shared/data/article-extraction ground truth), when present."""
    import json
    from datetime import date

    from teller.actors import resolve
    from teller.records import Article

    gt = ROOT.parent / "shared" / "data" / "article-extraction" / "ground-truth.json"
    if not gt.exists():
        print("real news: ../shared/data/article-extraction not present, skipped")
        return
    texts = [v.get("articleBody") or "" for v in json.loads(gt.read_text(encoding="utf-8")).values()]
    texts = [t for t in texts if len(t.split()) >= 200]
    tp = tr = 0.0
    words = 0
    for n, text in enumerate(texts):
        a = time.thread_time()
        doc = nlp(text)
        b = time.thread_time()
        resolve(doc, Article(id=f"news{n}", text=text), kb, date(2019, 6, 1))
        c = time.thread_time()
        tp, tr, words = tp + b - a, tr + c - b, words + len(text.split())
    print(f"real news ({len(texts)} articles, {words / len(texts):.0f} words on average): parse {1000 * tp / len(texts):.1f} ms, "
          f"resolve {1000 * tr / len(texts):.2f} ms per article = {100 * tr / tp:.1f}% of the parse")


if __name__ == "__main__":
    main()
