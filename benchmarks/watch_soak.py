"""Soak test of ``teller watch`` against local feed sites (loopback only), bounded in time.

    .venv/bin/python benchmarks/watch_soak.py [--minutes 30] [--every 20s] [--sites 4] [--keep DIR]

Starts ``--sites`` news sites on 127.0.0.1 (each its own port, so its own host for politeness),
each with three RSS feeds, a news sitemap behind a sitemap index, and robots.txt that disallows
``/private/`` and asks for a crawl delay. A mutator thread changes them all the time: new
articles every few seconds (feeds keep their newest 15 entries), feed entries pointing to
``/private/`` pages, a feed moved behind a permanent redirect, answers of 503 and 429 with
``Retry-After``. ``teller watch`` runs in a child process into a fresh SQLite file for
``--minutes`` and is then stopped with SIGTERM.

Prints the child's RSS over time and, from the sites' request logs:
- unneeded refetches: article pages fetched with 200 more than once (a refetch after a 429/503
  answer is needed, and not counted); sources read without a validator after their first read;
- robots violations: requests to disallowed paths, and requests to one host closer together than
  its Crawl-delay;
- articles published (outside /private/) vs stored, and links still pending at the stop.
Targets (issue 15): no memory growth over the run, nothing fetched twice without need, robots
rules obeyed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from feedsite import FeedSite  # noqa: E402 - the test helpers live beside the tests
from newsgen import articles  # noqa: E402

CRAWL_DELAY = 0.2
EXAMPLES: list[str] = []  # requests closer than the Crawl-delay, for the report
KEEP_ENTRIES = 15


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Mutator(threading.Thread):
    """Changes the sites while the watch runs (see the module docstring)."""

    def __init__(self, sites: list[FeedSite], seed: int, period: float) -> None:
        super().__init__(daemon=True)
        self.sites, self.rnd, self.period = sites, random.Random(seed), period
        self.pool = iter(articles(20_000, seed=seed))
        self.stop = threading.Event()
        self.published: set[tuple[int, str]] = set()  # (site, path) of public articles
        self.n = 0

    def new_article(self, s: int) -> str:
        self.n += 1
        path = f"/a/{self.n}.html"
        self.sites[s].add(path, next(self.pool))
        self.published.add((s, path))
        return path

    def run(self) -> None:
        while not self.stop.wait(self.period):
            s = self.rnd.randrange(len(self.sites))
            site = self.sites[s]
            with site.lock:
                roll = self.rnd.random()
                if roll < 0.55:  # a new article in a feed
                    feed = self.rnd.choice([p for p in site.feeds])
                    site.feeds[feed] = [self.new_article(s), *site.feeds[feed]][:KEEP_ENTRIES]
                elif roll < 0.75:  # a new article in the news sitemap
                    site.sitemaps["/news-1.xml"] = [self.new_article(s), *site.sitemaps["/news-1.xml"]][:KEEP_ENTRIES]
                elif roll < 0.80:  # a link the robots.txt disallows
                    feed = self.rnd.choice([p for p in site.feeds])
                    site.feeds[feed] = [f"/private/{self.n}.html", *site.feeds[feed]][:KEEP_ENTRIES]
                elif roll < 0.82:  # a server error on a feed (one at a time: none piles up meanwhile)
                    path = self.rnd.choice([p for p in site.feeds])
                    if not site.forced[path]:
                        site.forced[path].append((503, None))
                elif roll < 0.84:  # throttling
                    path = self.rnd.choice(["/feed-0.xml", "/news-1.xml"])
                    if not site.forced[path]:
                        site.forced[path].append((429, "30"))
                elif roll < 0.85 and "/feed-2.xml" in site.feeds:  # the feed moves; the old address redirects
                    site.feeds["/feed-2-new.xml"] = site.feeds.pop("/feed-2.xml")
                    site.redirects["/feed-2.xml"] = "/feed-2-new.xml"


def make_sites(n: int, mutator_seed: int) -> tuple[list[FeedSite], Mutator]:
    sites = []
    for _ in range(n):
        site = FeedSite(robots=f"User-agent: *\nDisallow: /private/\nCrawl-delay: {CRAWL_DELAY}\n")
        site.start()
        site.feeds = {f"/feed-{i}.xml": [] for i in range(3)}
        site.sitemaps = {"/news-1.xml": []}
        site.indexes = {"/sitemap-index.xml": ["/news-1.xml"]}
        sites.append(site)
    mutator = Mutator(sites, mutator_seed, period=1.0)
    for s, site in enumerate(sites):  # a few articles to start with
        for feed in site.feeds:
            site.feeds[feed] = [mutator.new_article(s) for _ in range(3)]
        site.sitemaps["/news-1.xml"] = [mutator.new_article(s) for _ in range(3)]
    return sites, mutator


def analyse_logs(sites: list[FeedSite], mutator: Mutator) -> Counter[str]:
    out: Counter[str] = Counter()  # a figure never counted reads 0
    for site in sites:
        reqs = list(site.requests)
        ok = Counter(r.path for r in reqs if r.path.startswith("/a/") and r.status == 200)
        refused_before = defaultdict(int)
        for r in reqs:
            if r.path.startswith("/a/") and r.status in (429, 503):
                refused_before[r.path] += 1
        out["article_fetches"] += sum(ok.values())
        out["unneeded_article_refetches"] += sum(n - 1 for n in ok.values() if n > 1)
        first_read: set[str] = set()
        for r in reqs:
            if r.path.endswith(".xml"):
                if r.path in first_read and r.status == 200 and not r.if_none_match:
                    out["sources_read_without_validator"] += 1
                if r.status == 200:
                    first_read.add(r.path)
                out["source_requests"] += 1
                out["source_304"] += r.status == 304
        out["robots_violations"] += sum(1 for r in reqs if r.path.startswith("/private/"))
        timed = sorted((r for r in reqs if r.path != "/robots.txt"), key=lambda r: r.at)
        for a, b in zip(timed, timed[1:], strict=False):
            if b.at - a.at < CRAWL_DELAY - 0.02:
                after_redirect = a.status in (301, 302) and site.redirects.get(a.path) == b.path
                out["crawl_delay_redirect_hops" if after_redirect else "crawl_delay_violations"] += 1
                if not after_redirect and len(EXAMPLES) < 5:
                    EXAMPLES.append(f"{a.path} ({a.status}) -> {b.path} ({b.status}) {b.at - a.at:.3f} s")
        out["throttled_answers"] += sum(1 for r in reqs if r.status in (429, 503))
    out["articles_published"] = len(mutator.published)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--every", default="20s", help="teller watch --every")
    ap.add_argument("--sites", type=int, default=4)
    ap.add_argument("--sample", type=float, default=15.0, help="seconds between RSS samples")
    ap.add_argument("--keep", type=Path, help="keep the database here")
    args = ap.parse_args()

    sites, mutator = make_sites(args.sites, mutator_seed=15)
    work = args.keep or Path(tempfile.mkdtemp(prefix="teller-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "soak.db"
    db.unlink(missing_ok=True)
    sources = [f"{site.base}{p}" for site in sites for p in ("/feed-0.xml", "/feed-1.xml", "/feed-2.xml",
                                                             "/sitemap-index.xml")]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TELLER_FETCH_ALLOW_HOSTS="127.0.0.1",
               TELLER_CRAWL_DELAY="0")
    log = open(work / "watch.log", "w")
    child = subprocess.Popen([sys.executable, "-m", "teller", "watch", *sources, "--db", f"sqlite:///{db}",
                              "--every", args.every, "--max-per-host", "40"], env=env, stdout=log, stderr=log)
    mutator.start()
    t0 = time.monotonic()
    samples: list[tuple[float, float]] = []
    print(f"soak: {len(sources)} sources on {args.sites} loopback sites, {args.minutes:g} min, "
          f"teller watch --every {args.every} (pid {child.pid}); log in {work / 'watch.log'}")
    print(f"{'minute':>7} {'RSS MB':>8} {'stored':>7}")
    try:
        while time.monotonic() - t0 < args.minutes * 60 and child.poll() is None:
            time.sleep(min(args.sample, max(0.0, args.minutes * 60 - (time.monotonic() - t0))))
            stored = _count(db)
            samples.append(((time.monotonic() - t0) / 60, rss_mb(child.pid)))
            print(f"{samples[-1][0]:7.2f} {samples[-1][1]:8.1f} {stored:7d}", flush=True)
    finally:
        mutator.stop.set()
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=300)
        log.close()
    figures = analyse_logs(sites, mutator)
    with sqlite3.connect(db) as con:
        stored = con.execute("select count(*) from articles").fetchone()[0]
        pending = con.execute("select count(*) from crawl_urls where state = 'pending'").fetchone()[0]
        states = dict(con.execute("select state, count(*) from crawl_urls group by state").fetchall())
        polls = con.execute("select count(*) from crawl_polls").fetchone()[0]
    # Catch-up: the sites stop changing and failing; one more poll by a new process must then
    # store every public article still listed (nothing lost across the stop).
    for site in sites:
        with site.lock:
            site.forced.clear()
    # A host that answered 429/503 near the stop is still backed off (up to minutes, persisted in
    # the crawl state, as it should be): a real watch reads it when the backoff ends. The catch-up
    # stands for that later poll, so the backoffs end now.
    with sqlite3.connect(db) as con:
        backed_off = con.execute("select count(*) from crawl_hosts where retry_at is not null").fetchone()[0]
        con.execute("update crawl_hosts set retry_at = null, failures = 0")
        con.execute("update crawl_urls set retry_at = null")
    with open(work / "watch.log", "a") as log:
        subprocess.run([sys.executable, "-m", "teller", "watch", *sources, "--db", f"sqlite:///{db}",
                        "--cycles", "1", "--max-per-host", "1000"], env=env, stdout=log, stderr=log, timeout=1800)
    listed = {(s, p) for s, site in enumerate(sites)
              for paths in [*site.feeds.values(), *site.sitemaps.values()] for p in paths if p.startswith("/a/")}
    with sqlite3.connect(db) as con:
        urls = {u for (u,) in con.execute("select url from crawl_urls where state = 'done'")}
    missing = [(s, p) for s, p in sorted(listed) if f"{sites[s].base}{p}" not in urls]
    for site in sites:
        site.stop()
    warm = [m for t, m in samples if t >= min(2.0, args.minutes / 3)]
    third = max(1, len(warm) // 3)
    early, late = (sorted(warm[:third])[third // 2], sorted(warm[-third:])[third // 2]) if warm else (0, 0)
    print(f"\nexit code after SIGTERM: {code}; polls: {polls}")
    first = samples[0][1] if samples else 0.0
    print(f"RSS: start {first:.0f} MB, peak {max((m for _, m in samples), default=0):.0f} MB; "
          f"median of first third after warm-up {early:.0f} MB, of last third {late:.0f} MB "
          f"(growth {late - early:+.0f} MB)")
    print(f"articles: {figures['articles_published']} published, {stored} stored, {pending} links pending at stop; "
          f"crawl states {states}")
    print(f"article fetches: {figures['article_fetches']}, unneeded refetches: {figures['unneeded_article_refetches']}")
    print(f"source requests: {figures['source_requests']} ({figures['source_304']} answered 304), "
          f"read again without a validator: {figures['sources_read_without_validator']}")
    print(f"robots violations: {figures['robots_violations']} disallowed requests, "
          f"{figures['crawl_delay_violations']} requests closer than Crawl-delay "
          f"(+{figures['crawl_delay_redirect_hops']} redirect hops followed at once); "
          f"429/503 answers: {figures['throttled_answers']}")
    print(f"catch-up poll after the stop (the {backed_off} hosts still backed off at the stop released): "
          f"{len(listed)} public articles listed by the sites, "
          f"{len(listed) - len(missing)} stored, {len(missing)} missing {missing[:5]}")
    for example in EXAMPLES:
        print(f"  closer than Crawl-delay: {example}")


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


if __name__ == "__main__":
    main()
