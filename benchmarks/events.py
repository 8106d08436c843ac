"""Benchmark teller.events: PLOVER coding time against the spaCy parse of the same text.

Run: .venv/bin/python benchmarks/events.py [--repeat N] [--words W]

Articles of about W words (default 600) are made by joining the bundled sample articles
(examples/articles/samples.jsonl). For each, the spaCy parse, the actor and time stages run once
outside the timer; then the parse and ``events.code_article`` are each timed (best of N runs per
article) and the totals printed. Target: coding adds at most 25% to the parse time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def articles(words: int) -> list[tuple[str, datetime]]:
    rows = [json.loads(line) for line in (ROOT / "examples" / "articles" / "samples.jsonl").open(encoding="utf-8")
            if line.strip()]
    out, buf, count, when = [], [], 0, None
    for r in rows:
        buf.append(r["text"])
        when = when or datetime.fromisoformat(r["published"])
        count += len(r["text"].split())
        if count >= words:
            out.append(("\n\n".join(buf), when))
            buf, count, when = [], 0, None
    if buf:
        out.append(("\n\n".join(buf), when))
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--words", type=int, default=600)
    args = ap.parse_args()

    from teller.events import code_article
    from teller.pipeline import Pipeline
    from teller.records import Article

    pipe = Pipeline().load()
    nlp = pipe.nlp
    arts = articles(args.words)
    nlp("warm up the pipeline")
    parse_total = code_total = 0.0
    n_events = n_words = 0
    for text, dct in arts:
        art = Article(id=Article.make_id(text, None), text=text, published=dct.isoformat())
        doc = nlp(text)
        found = pipe.find(art, doc)  # the stages before coding, as the pipeline runs them
        mentions, tx = found.mentions, found.timexes
        parse_total += best(lambda: nlp(text), args.repeat)
        code_total += best(lambda: code_article(doc, art, mentions, tx, dct=dct, kb=pipe.kb), args.repeat)
        n_events += len(code_article(doc, art, mentions, tx, dct=dct, kb=pipe.kb).events)
        n_words += len(text.split())
    n = len(arts)
    print(f"articles: {n} (mean {n_words / n:.0f} words), events coded: {n_events}")
    print(f"spaCy parse: {1000 * parse_total / n:.2f} ms/article")
    print(f"event coding: {1000 * code_total / n:.2f} ms/article "
          f"({100 * code_total / parse_total:.1f}% of the parse; target <= 25%)")


if __name__ == "__main__":
    main()
