"""Time and peak memory of story clustering and event merging over synthetic article streams.

    .venv/bin/python benchmarks/stories.py [--sizes 10000,100000] [--workers 2] [--json]
    .venv/bin/python benchmarks/stories.py --sizes 10000,100000,1000000

Each size runs in its own child process (so the peak RSS is that size's alone). A child generates
N analysed articles lazily (no spaCy: hand-built Analysis records, deterministic seed), about
1,000 a day, each the report of one real event that 1-6 articles report, with the variation real
reports show (people named or only their country, sides swapped, vaguer or missing dates, 8%
syndicated wire copies), feeds them to ``StoryIndex.add_many`` and then reads
``canonical_events()``, ``stories()`` and ``duplicates()``.

Printed per size: CPU seconds of the text features (MinHash signatures and embeddings, computed
in ``--workers`` processes), of linking (copies, story links, event candidates) and of reading
(agglomeration, canonical records, stories); microseconds per article; wall seconds; peak RSS of
the main process; counts. CPU seconds leave out the generator's share and do not grow when other
jobs share the machine; wall seconds do (and include generating the articles). The issue's
target: cost about linear in N, one million articles in at most 15 minutes on 2 cores within 4 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from teller.records import PLOVER_TYPES, Actor, Analysis, Article, Event, Span, TimeValue, content_id  # noqa: E402

COUNTRIES = [f"{a}{b}X" for a in "ABCDEFGHIJKLMNOP" for b in "ABCDEFGHIJ"]  # 160 sides
PER_DAY = 1000
def _words() -> list[str]:
    """Real English words (from the embedding model's own vocabulary), so texts embed like text."""
    import wordllama

    path = Path(wordllama.__file__).parent / "tokenizers" / "l2_supercat_tokenizer_config.json"
    vocab = json.loads(path.read_text())["model"]["vocab"]
    return sorted(w[1:] for w in vocab if w.startswith("\u2581") and w[1:].isalpha() and w[1:].islower() and len(w) >= 5)


WORDS = _words()
VERBS = {"CONSULT": "held talks with", "ACCUSE": "accused", "AID": "sent aid to", "AGREE": "signed a deal with",
         "SANCTION": "imposed sanctions on", "THREATEN": "warned", "PROTEST": "protested against"}
EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _actors() -> tuple[dict[str, Actor], dict[str, list[Actor]]]:
    states = {c: Actor(c, f"State {c}", "state", country=c) for c in COUNTRIES}
    people = {c: [Actor(f"person:{c.lower()}-{k}", f"Person{k} Of{c}", "person", country=c) for k in range(8)]
              for c in COUNTRIES}
    return states, people


def _day_value(day: int) -> tuple[str, str, str]:
    d = EPOCH + timedelta(days=day)
    return d.date().isoformat(), d.isoformat(), (d + timedelta(days=1)).isoformat()


def generate(n: int, seed: int = 11) -> Iterator[Analysis]:
    """N analysed articles, about PER_DAY a day, in publication order."""
    rng = random.Random(seed)
    states, people = _actors()
    weights = [1 / (i + 1) ** 0.8 for i in range(len(COUNTRIES))]  # a few busy sides, a long tail
    made = 0
    day = 0
    last_text: list[tuple[str, list[Event], str]] = []
    while made < n:
        budget = min(PER_DAY, n - made)
        while budget > 0:
            kind = rng.choice(PLOVER_TYPES)
            a, b = rng.choices(COUNTRIES, weights, k=2)
            if a == b:
                continue
            pa, pb = rng.choice(people[a]), rng.choice(people[b])
            status = "planned" if rng.random() < 0.1 else "happened"
            topic = rng.sample(WORDS, 12)
            event_seed = rng.random()
            for _ in range(min(budget, rng.randint(1, 6))):
                if last_text and rng.random() < 0.08:  # a syndicated wire copy of an earlier report
                    text, evs, title = last_text[-1]
                    src = f"outlet{rng.randrange(300)}"
                    published = EPOCH + timedelta(days=day, hours=rng.uniform(2, 30))
                    url = f"https://{src}.example/{made}"
                    art = Article(Article.make_id(text + " (wire)", url), text + " (wire)", url, src, title,
                                  published.isoformat())
                    yield Analysis(art, events=[_copy_event(e, art.id) for e in evs])
                else:
                    yield _report(rng, day, kind, status, states, people, a, b, pa, pb, topic, event_seed, made, last_text)
                made += 1
                budget -= 1
                if budget == 0:
                    break
        day += 1


def _copy_event(e: Event, article_id: str) -> Event:
    return Event(content_id("evt", article_id, e.id), e.event, e.actor, e.recipient, e.status, e.evidence,
                 e.confidence, mode=e.mode, date=e.date, date_reason=e.date_reason, article_ids=[article_id])


def _report(rng: random.Random, day: int, kind: str, status: str, states: dict[str, Actor],
            people: dict[str, list[Actor]], a: str, b: str, pa: Actor, pb: Actor, topic: list[str],
            event_seed: float, made: int, last_text: list) -> Analysis:
    published = EPOCH + timedelta(days=day, hours=rng.uniform(1, 30))
    src = f"outlet{rng.randrange(300)}"
    left = pa if rng.random() < 0.7 else states[a]
    right = pb if rng.random() < 0.7 else states[b]
    if kind in ("CONSULT", "AGREE", "COOPERATE") and rng.random() < 0.3:
        left, right = right, left
    words = rng.sample(topic, 8) + rng.sample(WORDS, 40)
    rng.shuffle(words)
    text = (f"{left.name} {VERBS.get(kind, 'acted towards')} {right.name} on day {day}. "
            + " ".join(words) + ".")
    title = f"{left.name} and {right.name}: {' '.join(topic[:3])}"
    url = f"https://{src}.example/{made}"
    art = Article(Article.make_id(text, url), text, url, src, title, published.isoformat())
    value, start, end = _day_value(day)
    r = rng.random()
    if r < 0.1:
        date, reason = None, "publication-date fallback: no date stated"
    elif r < 0.2:
        monday = day - (EPOCH + timedelta(days=day)).weekday()
        _, start, _ = _day_value(monday)
        _, end, _ = _day_value(monday + 7)
        date, reason = TimeValue("XXXX-WXX", "DATE", "this week", [Span(0, 9)], start, end, "week"), "week"
    else:
        date, reason = TimeValue(value, "DATE", f"day {day}", [Span(0, 5)], start, end, "day"), "day"
    ev = Event(content_id("evt", art.id, kind, left.id, right.id, status, value, event_seed), kind, [left], [right],
               status, [Span(0, len(text) // 3)], 0.8, date=date, date_reason=reason, article_ids=[art.id])  # type: ignore[arg-type]
    last_text[:] = [(text, [ev], title)]
    return Analysis(art, events=[ev])


class _Timed:
    """Wraps the generator so the time spent making articles is not billed to the index."""

    def __init__(self, it: Iterator[Analysis]) -> None:
        self.it, self.seconds = it, 0.0

    def __iter__(self) -> "_Timed":
        return self

    def __next__(self) -> Analysis:
        t = time.process_time()
        try:
            return next(self.it)
        finally:
            self.seconds += time.process_time() - t


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_one(n: int, workers: int) -> dict[str, float | int]:
    from teller.stories import StoryIndex
    from teller.stories.embed import model

    model()  # loading the embedding model is a one-off, not per article
    idx = StoryIndex()
    source = _Timed(generate(n))
    w0, t0, c0 = time.perf_counter(), time.process_time(), _children_cpu()
    idx.add_many(source, batch=512, workers=workers)
    w1, t1 = time.perf_counter(), time.process_time() - source.seconds
    features_cpu = _children_cpu() - c0
    events = idx.canonical_events()
    stories = idx.stories()
    dups = idx.duplicates()
    w2, t2 = time.perf_counter(), time.process_time() - source.seconds
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = (t2 - t0) + features_cpu
    return {"articles": n, "workers": workers,
            "add_cpu_s": round(t1 - t0, 1), "features_cpu_s": round(features_cpu, 1), "read_cpu_s": round(t2 - t1, 1),
            "cpu_s": round(cpu, 1), "cpu_us_per_article": round(cpu / n * 1e6), "generate_cpu_s": round(source.seconds, 1),
            "wall_add_s": round(w1 - w0, 1), "wall_read_s": round(w2 - w1, 1),
            "peak_rss_mb": round(rss),
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "canonical_events": len(events), "stories": len(stories),
            "duplicates": len(dups), "reports": sum(len(e.article_ids) for e in events),
            "lsh_weeks_rebuilt": idx._dups.rebuilt}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated article counts")
    ap.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    ap.add_argument("--workers", type=int, default=2, help="processes computing text features (default 2)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.workers)))
        return
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--workers", str(args.workers)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if not args.json:
            r = results[-1]
            print(f"{r['articles']:>9,} articles  cpu {r['cpu_s']:>7.1f}s ({r['cpu_us_per_article']} us/article; "
                  f"features {r['features_cpu_s']}s in {r['workers']} workers, linking {r['add_cpu_s']}s, "
                  f"reading {r['read_cpu_s']}s)  wall {r['wall_add_s'] + r['wall_read_s']:.0f}s  "
                  f"peak {r['peak_rss_mb']:,} MB (+{r['worker_peak_rss_mb']} MB a worker)  events {r['canonical_events']:,}  stories {r['stories']:,}  "
                  f"copies {r['duplicates']:,}", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
