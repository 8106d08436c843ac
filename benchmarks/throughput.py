"""Articles per second and peak memory of ``teller run`` over generated news articles.

    .venv/bin/python benchmarks/throughput.py [--articles 1000] [--words 600] [--workers 1] [--keep DIR]

Generates N articles of realistic length (diplomatic news: calls, visits, accusations, with
dates, quotes and background paragraphs), writes them as JSON Lines, runs ``teller run`` on them
into a fresh SQLite file in a child process, and prints the rate and the child's peak RSS.
The target the issues work toward: >= 20 articles per second per core on Python 3.12.

Besides wall time it prints the CPU time ``teller run`` used (its processes' user + system
time, model load included): on a machine shared with other work, articles per CPU-second is the
per-core figure, while wall time also counts waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

PEOPLE = [
    ("Japanese Foreign Minister Yoko Kamikawa", "Kamikawa", "Tokyo"),
    ("U.S. Secretary of State Antony Blinken", "Blinken", "Washington"),
    ("Chinese Foreign Minister Wang Yi", "Wang", "Beijing"),
    ("Indian External Affairs Minister S. Jaishankar", "Jaishankar", "New Delhi"),
    ("German Chancellor Olaf Scholz", "Scholz", "Berlin"),
    ("French President Emmanuel Macron", "Macron", "Paris"),
    ("Australian Foreign Minister Penny Wong", "Wong", "Canberra"),
    ("South Korean President Yoon Suk Yeol", "Yoon", "Seoul"),
    ("British Foreign Secretary James Cleverly", "Cleverly", "London"),
    ("Brazilian President Luiz Inacio Lula da Silva", "Lula", "Brasilia"),
]
LEADS = [
    "{a} spoke by telephone with {b} on {when}, and the two agreed to keep working closely together.",
    "{a} met {b} in {city} on {when} for talks on trade, security and climate policy.",
    "{a} accused {b_short}'s government on {when} of undermining regional stability.",
    "{a} will visit {city} next week to hold talks with {b}, officials said on {when}.",
    "{a} rejected a proposal from {b} on {when}, saying it ignored the concerns of neighbouring states.",
    "{a} urged {b} on {when} to release detained journalists and to reopen consular channels.",
    "{a} congratulated {b} on {when} on the successful conclusion of the negotiations.",
]
BODY = [
    "The talks lasted about {n} minutes and covered the situation in Ukraine, the Middle East and the Korean Peninsula.",
    "Officials from both sides described the conversation as frank and constructive.",
    "{a_short} said the two countries shared a responsibility for peace and prosperity in the region.",
    "\"We had a useful exchange of views and agreed to stay in close contact,\" {a_short} told reporters afterwards.",
    "Analysts said the meeting was an attempt to stabilise relations after months of tension over trade and technology.",
    "The ministry said in a statement that both sides would continue consultations at the working level.",
    "Business groups welcomed the talks, hoping for clearer rules on exports and investment.",
    "The opposition criticised the government for what it called a lack of transparency about the agenda.",
    "Earlier this year the two governments set up a joint commission to review supply chains for critical minerals.",
    "Relations have improved since last year, when both sides resumed regular high-level contacts.",
    "{b_short} is expected to raise the issue again at a regional summit later this month.",
    "According to the readout, the two sides also discussed climate finance, food security and energy prices.",
]
#: More background sentences, each used at most once per article (see make_article).
BACKGROUND = [
    "Trade between the two countries reached {n} billion dollars last year, according to customs figures.",
    "A spokesperson for {b_short} declined to comment on the details of the conversation.",
    "Diplomats in {city} said preparations for a formal visit had been under way for several weeks.",
    "The foreign ministry in {city} summoned an envoy on Friday to protest against new export controls.",
    "Protesters gathered outside the parliament building, demanding higher wages and cheaper fuel.",
    "{a_short} is scheduled to travel to Jakarta and Manila after the meeting, the ministry said.",
    "The central bank left interest rates unchanged on Thursday, citing uncertainty over global demand.",
    "Security forces arrested {n} people after clashes near the border, local police said.",
    "A senior official, speaking on condition of anonymity, said no agreement had been reached on fishing rights.",
    "Both governments have promised to double investment in renewable energy by the end of the decade.",
    "Several lawmakers called for an independent inquiry into the collapse of the bridge in March.",
    "The two leaders last met in person at a summit in Hiroshima in May 2023.",
    "Shipping companies have rerouted dozens of vessels since the attacks in the Red Sea began.",
    "{a_short}'s office released photographs of the two delegations shaking hands in front of the flags.",
    "Critics argue that the new visa rules will discourage foreign students from applying.",
    "An agreement on the exchange of prisoners could be signed as early as next month, officials said.",
    "The United Nations warned on Wednesday that millions of people face severe food shortages.",
    "Negotiators have been unable to bridge differences over tariffs on steel and electric vehicles.",
    "The defence ministry announced joint naval exercises in the Pacific to take place in October.",
    "{b_short} thanked the government for its humanitarian aid after the earthquake in the north.",
    "Opposition parties boycotted the vote, accusing the ruling coalition of rushing the bill through.",
    "Inflation fell to {n} percent in the third quarter, the lowest level in two years.",
    "The embassy advised its citizens to avoid the area around the presidential palace until further notice.",
    "Human rights groups urged both leaders to address the detention of activists and reporters.",
    "A court in the capital sentenced a former minister to {n} years in prison for corruption.",
    "The prime minister is expected to reshuffle the cabinet before the budget debate in parliament.",
    "Rescue teams were still searching for survivors on Tuesday after heavy rain caused landslides.",
    "The World Bank lowered its growth forecast for the region, pointing to weak exports.",
    "Farmers blocked highways with tractors to protest against cuts to fuel subsidies.",
    "The agreement would allow citizens of both countries to work and study abroad for up to two years.",
    "Officials said a hotline between the two militaries had not been used since the incident in 2022.",
    "{a_short} also spoke with the heads of several Gulf states about the war in Gaza.",
    "The two countries signed a memorandum on cyber security and the protection of undersea cables.",
    "Observers noted that the joint statement did not mention the disputed islands.",
    "Police used tear gas to disperse students who had occupied the university campus.",
    "The government plans to hold a referendum on the constitutional changes early next year.",
]


def make_article(i: int, rng: random.Random, words: int) -> dict[str, str]:
    """One article of about ``words`` words in paragraphs of 2-3 sentences.

    Sentences are drawn *without* replacement (from BODY and BACKGROUND), so an article does not
    say the same thing twice: real news rarely does, and a text full of repeats would let the
    stages skip the copies (``Article.repeats``) and look faster than they are. When the pool
    runs out before ``words``, it starts over (only for very long articles).
    """
    (a, a_short, _), (b, b_short, city) = rng.sample(PEOPLE, 2)
    pub = datetime(2023, 1, 2, 9, tzinfo=timezone.utc) + timedelta(hours=rng.randrange(0, 24 * 600))
    when = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the evening of the 14th",
                       "Sunday", pub.strftime("%B %d").replace(" 0", " "), "yesterday"])
    fields = dict(a=a, b=b, a_short=a_short, b_short=b_short, city=city, when=when)
    paras = [rng.choice(LEADS).format(**fields)]
    count = len(paras[0].split())
    pool: list[str] = []
    while count < words:
        para_sentences = []
        for _ in range(rng.randrange(2, 4)):
            if not pool:
                pool = BODY + BACKGROUND
                rng.shuffle(pool)
            para_sentences.append(pool.pop().format(n=rng.randrange(20, 95), **fields))
        para = " ".join(para_sentences)
        paras.append(para)
        count += len(para.split())
    return {
        "url": f"https://bench.teller.invalid/{i}",
        "title": f"{a_short} and {b_short} hold talks",
        "source": rng.choice(["Bench Wire", "Bench Daily", "Bench Times"]),
        "published": pub.isoformat(),
        "text": "\n\n".join(paras),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--workers", type=int, default=1, help="teller run --workers")
    ap.add_argument("--keep", type=Path, help="keep the generated input and database here")
    args = ap.parse_args()

    rng = random.Random(20230914)
    work = args.keep or Path(tempfile.mkdtemp(prefix="teller-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    inp = work / "articles.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for i in range(args.articles):
            f.write(json.dumps(make_article(i, rng, args.words)) + "\n")
    db = work / "bench.db"
    if db.exists():
        db.unlink()
    words = sum(len(json.loads(line)["text"].split()) for line in inp.open())
    teller = Path(sys.executable).with_name("teller")
    cmd = [str(teller), "run", str(inp), "--db", f"sqlite:///{db}", "--no-progress"]
    if args.workers != 1:
        cmd += ["--workers", str(args.workers)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024  # the largest single process (the main one, or one worker)
    cpu = usage.ru_utime + usage.ru_stime
    if not args.keep:  # the input and database of a run are only worth keeping when asked
        shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        sys.exit(f"teller run failed with exit code {proc.returncode}")
    procs = "one process" if args.workers <= 1 else f"{args.workers} worker processes + the main one"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; teller run used {procs}")
    print(f"articles: {args.articles} ({words / args.articles:.0f} words each on average)")
    print(f"wall time: {secs:.1f} s (including model load)")
    print(f"throughput: {args.articles / secs:.1f} articles/s wall"
          + (" (one process: per core)" if args.workers <= 1 else f" with {args.workers} workers"))
    print(f"CPU time: {cpu:.1f} s -> {args.articles / cpu:.1f} articles per CPU-second (model load included)")
    print(f"peak memory (RSS, largest process): {peak_mb:.0f} MB")
    print(f"teller said: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}")


if __name__ == "__main__":
    main()
