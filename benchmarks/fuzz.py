"""Fuzz the batch: generated and mutated inputs through ingest, extract and process.

    PYTHONPATH=src .venv/bin/python benchmarks/fuzz.py [--cases 10000] [--seed 1] [--hypothesis 500]

Cases (files written to a temporary folder, each read as ``teller run`` reads it):

* generated: plain text, HTML pages and fragments, RSS/Atom feeds, sitemaps, JSON Lines and
  WARC archives, with random sizes, dates at the calendar's edges, lone surrogates, odd
  encodings, pathological runs (40,000 dots, 20,000 quotes), tags with many attributes, deep
  nesting and near-limit texts;
* mutated: this repository's own sample pages (``examples/``, ``tests/data/ingest``) with bytes
  inserted, deleted, duplicated and truncated, dates swapped for edge values, runs spliced in;
* a ``hypothesis`` phase (``--hypothesis N`` examples) over text and JSON Lines lines.

``--analyse-share S`` sends that share of the documents through parse and analysis as well (the
rest are extracted in this process and timed): on a loaded machine the parse is what limits how
many cases fit in an hour, and extraction is where most hostile markup is met.

Links in feeds, sitemaps and JSON Lines point at 127.0.0.1 with the address guard on, so they are
refused without traffic. Every item goes through ``Pipeline.process_many(supervise=True)``: the
production path with a 30 s limit per item. Printed: cases, documents, analyses, clean error lines,
errors from the last-resort guards (an unexpected exception caught per item: a bug, though not a
stop), crashes (an exception out of the batch), hangs (items over 30 s: in a worker, or the reading of
one document or line here), peak memory of this process and of the worker processes
(``resource.getrusage``). A case (a file) of many items, each bounded, may take longer in all: those
over ``--slow`` seconds are printed with the CPU seconds they used (waiting on a name server that
does not answer uses none), not counted as hangs. ``--only 12,345`` runs those cases again.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teller.config import Settings  # noqa: E402
from teller.errors import TellerError  # noqa: E402
from teller.ingest import iter_inputs  # noqa: E402
from teller.pipeline import Pipeline  # noqa: E402

HANG_S = 30.0
EDGE_TIMES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2020-01-01T00:00:00+99:00",
              "Mon, 01 Jan 0001 00:00:00 +9900", "2023-02-30", "1969-12-31T23:59:60Z", "", "soon",
              "2023-09-14T15:42:54+09:00", "Thu, 14 Sep 2023 10:00:00 GMT", "-2023-01-01", "+12345-01-01"]
WORDS = ("the minister said talks with Japan and China would resume on Tuesday in Geneva after "
         "protests police arrested dozens officials denied accused sanctions agreed to meet").split()
ODD = ["\ud800", "\udfff", "\x00", "\ufeff", "\u202e", "\u0301" * 50, "𝕏", "\r", "\x0c", "&#0;", "&amp;", "]]>",
       "<!--", "<![CDATA[", "\\u0000"]
RUNS = ['"', ".", "!", "-", "'", "(", "<", ">", "&", "\u201c", "…", " ", "\n", "a"]
#: Guard messages that mean an unexpected exception was caught for one item (a bug, not a stop).
GUARDED = ("extraction failed:", "analysis failed", "unexpected error while reading", "unreadable line:",
           "unreadable feed entry", "HTML extraction failed", "cannot be sent to a worker")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 20))).capitalize() + rng.choice(".!?")


def text(rng: random.Random, n: int | None = None) -> str:
    n = n if n is not None else rng.choice([0, 1, 3, 10, 40])
    parts = [sentence(rng) for _ in range(n)]
    if rng.random() < 0.3:
        parts.insert(rng.randint(0, len(parts)), rng.choice(ODD) * rng.randint(1, 5))
    if rng.random() < 0.1:
        parts.insert(rng.randint(0, len(parts)), rng.choice(RUNS) * rng.choice([100, 5000, 20000, 40000]))
    return (" " if rng.random() < 0.5 else "\n").join(parts)


def html_page(rng: random.Random) -> str:
    body = "".join(f"<p>{text(rng, rng.randint(1, 6))}</p>" for _ in range(rng.randint(0, 8)))
    r = rng.random()
    if r < 0.05:
        body = "<p " + " ".join(f"a{i}='x'" for i in range(rng.choice([1000, 50_000, 200_000]))) + ">" + body + "</p>"
    elif r < 0.1:
        depth = rng.choice([100, 1000, 10000])
        body = "<div>" * depth + body + "</div>" * rng.randint(0, depth)
    elif r < 0.13:
        body += "<p>" + ("word " * rng.choice([50_000, 190_000])) + "</p>"
    meta = f'<meta property="article:published_time" content="{rng.choice(EDGE_TIMES)}">' if rng.random() < 0.5 else ""
    stamp = json.dumps({"datePublished": rng.choice(EDGE_TIMES)})
    ld = f'<script type="application/ld+json">{stamp}</script>' if rng.random() < 0.2 else ""
    if rng.random() < 0.2:  # a fragment
        return body
    return (f"<!doctype html><html><head><title>{sentence(rng)}</title>{meta}{ld}</head>"
            f"<body><article><h1>{sentence(rng)}</h1>{body}</article></body></html>")


def feed(rng: random.Random) -> str:
    items = []
    for i in range(rng.randint(0, 6)):
        content = rng.choice([html_page(rng), text(rng, 20), "<p>" + text(rng, 12) + "</p>", ""])
        link = rng.choice([f"http://127.0.0.1:9/{i}", "", "javascript:alert(1)", "ftp://x/y", "http://[::1/"])
        items.append(f"<item><title>{sentence(rng)}</title><link>{link}</link><pubDate>{rng.choice(EDGE_TIMES)}"
                     f"</pubDate><content:encoded><![CDATA[{content}]]></content:encoded></item>")
    if rng.random() < 0.3:
        return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
                + "".join(f"<entry><title>{sentence(rng)}</title><updated>{rng.choice(EDGE_TIMES)}</updated>"
                          f"<content type='{rng.choice(['html', 'text', 'xhtml'])}'>{text(rng, 15)}</content></entry>"
                          for _ in range(rng.randint(0, 4))) + "</feed>")
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Wire</title>{''.join(items)}</channel></rss>")


def sitemap(rng: random.Random) -> str:
    locs = "".join(f"<url><loc>http://127.0.0.1:9/{i}</loc><news:news><news:publication_date>{rng.choice(EDGE_TIMES)}"
                   f"</news:publication_date><news:title>{sentence(rng)}</news:title></news:news></url>"
                   for i in range(rng.randint(0, 4)))
    root = rng.choice(["urlset", "sitemapindex"])
    return (f'<?xml version="1.0"?><{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{locs}</{root}>')


def jsonl(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 5)):
        obj: dict = {"title": sentence(rng) + rng.choice(["", "\ud800", "\udfff x"]),
                     "source": rng.choice(["Wire", "W\udc80", None, 5]),
                     "url": rng.choice([None, "https://t.invalid/\ud834", "http://127.0.0.1:9/x"]),
                     "published": rng.choice(EDGE_TIMES + [None, 3]),
                     rng.choice(["text", "html"]): rng.choice([text(rng), html_page(rng), None, ["x"]])}
        line = json.dumps({k: v for k, v in obj.items() if v is not None or rng.random() < 0.2})
        lines.append(line if rng.random() < 0.9 else line[: rng.randint(0, len(line))])
    return "\n".join(lines) + "\n"


def warc(rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=rng.random() < 0.5)
    for i in range(rng.randint(1, 4)):
        body = rng.choice([html_page(rng), text(rng, 10)]).encode("utf-8", "replace")
        ctype = rng.choice(["text/html; charset=utf-8", "text/plain", "image/png", "text/html; charset=bogus"])
        headers = StatusAndHeaders(rng.choice(["200 OK", "404 Not Found", "301 Moved"]),
                                   [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://127.0.0.1:9/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    data = out.getvalue()
    return mutate_bytes(rng, data) if rng.random() < 0.3 else data


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        if not data:
            data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
            continue
        op = rng.randrange(6)
        a = rng.randrange(len(data))
        b = min(len(data), a + rng.randint(1, 2000))
        if op == 0:
            data[a:a] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        elif op == 1:
            del data[a:b]
        elif op == 2:
            data[a:a] = data[a:b] * rng.randint(2, 20)
        elif op == 3:
            del data[a:]
        elif op == 4:
            data[a:a] = (rng.choice(RUNS) * rng.choice([100, 20000])).encode()
        else:
            data[a:a] = rng.choice(EDGE_TIMES).encode() + rng.choice(ODD).encode("utf-8", "surrogatepass")
    return bytes(data)


def seeds() -> list[tuple[str, bytes]]:
    found = []
    for folder in (ROOT / "examples", ROOT / "tests" / "data" / "ingest"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".atom", ".rss", ".jsonl", ".txt", ".xml"):
                found.append((path.suffix, path.read_bytes()[:300_000]))
    return found


def make_case(rng: random.Random, seed_files: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    kind = rng.choice(["txt", "html", "rss", "xml", "jsonl", "warc", "mutated", "mutated", "mutated"])
    if kind == "txt":
        return ".txt", text(rng).encode(rng.choice(["utf-8", "utf-16", "latin-1"]), "replace")
    if kind == "html":
        return ".html", html_page(rng).encode("utf-8", rng.choice(["replace", "surrogatepass"]))
    if kind == "rss":
        return ".rss", feed(rng).encode("utf-8", "surrogatepass")
    if kind == "xml":
        return ".xml", sitemap(rng).encode()
    if kind == "jsonl":
        return ".jsonl", jsonl(rng).encode()
    if kind == "warc":
        return ".warc", warc(rng)
    suffix, data = rng.choice(seed_files)
    if suffix == ".jsonl" and rng.random() < 0.7:  # one line of a big sample file, mutated
        lines = data.splitlines()
        data = b"\n".join(rng.sample(lines, min(len(lines), rng.randint(1, 3))))
    return (rng.choice([suffix, ".html", ".txt"]) if rng.random() < 0.2 else suffix), mutate_bytes(rng, data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hypothesis", type=int, default=500, help="examples of the hypothesis phase")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--analyse-share", type=float, default=1.0,
                    help="share of the cases also parsed and analysed (the rest: ingest and extract only, "
                         "in this process, timed); 1: all")
    ap.add_argument("--report-every", type=int, default=500)
    ap.add_argument("--slow", type=float, default=10.0,
                    help="print every case whose reading or extraction here took more than this many seconds "
                         "(with the CPU seconds it used: a slow case on a loaded machine is not a hang)")
    ap.add_argument("--only", default="", help="comma-separated case numbers to run again (same --seed)")
    args = ap.parse_args()
    only = {int(n) for n in args.only.split(",") if n.strip()}

    rng = random.Random(args.seed)
    seed_files = seeds()
    settings = Settings.from_mapping({"TELLER_ITEM_TIMEOUT": str(HANG_S), "TELLER_FETCH_TIMEOUT": "2",
                                      "TELLER_CRAWL_DELAY": "0", "TELLER_OFFICE_HOLDERS": "none"})
    pipe = Pipeline(settings=settings)
    tmp = Path(tempfile.mkdtemp(prefix="teller-fuzz-"))
    files = []
    for i in range(args.cases):
        suffix, data = make_case(rng, seed_files)
        path = tmp / f"case{i:05d}{suffix}"
        if rng.random() < 0.05 and suffix != ".warc":
            path = path.with_name(path.name + ".gz")
            data = gzip.compress(data) if rng.random() < 0.8 else data  # and some that are not gzip
        if only and i not in only:
            continue
        path.write_bytes(data)
        files.append(path)
    files += hypothesis_cases(tmp, 0 if only else args.hypothesis)
    print(f"{len(files)} cases in {tmp}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)

    counts: Counter[str] = Counter()
    t0 = time.monotonic()
    crashes: list[str] = []
    slow_reads: list[str] = []
    guarded: list[str] = []

    def items():
        for path in files:
            counts["cases"] += 1
            if counts["cases"] % args.report_every == 0:
                report(counts, crashes, hangs, slow_reads, guarded, time.monotonic() - t0, partial=True)
            spent = cpu = longest = 0.0  # time inside the reader only (the consumer's time is not the reading's)
            source = iter_inputs([str(path)], settings=settings)
            while True:
                t, c = time.monotonic(), time.process_time()
                try:
                    item = next(source)
                except StopIteration:
                    break
                except Exception as err:  # noqa: BLE001 - the point is to count them
                    crashes.append(f"{path.name}: ingest: {type(err).__name__}: {err}")
                    break
                finally:
                    spent += time.monotonic() - t
                    cpu += time.process_time() - c
                    longest = max(longest, time.monotonic() - t)
                current["case"] = path.name
                counts["documents" if not isinstance(item, TellerError) else "ingest errors"] += 1
                if isinstance(item, TellerError) or pick.random() < args.analyse_share:
                    yield item
                else:
                    extract_here(path, item)
            if longest > HANG_S:  # one item (a document, a line) whose reading took that long
                slow_reads.append(f"{path.name}: reading one item took {longest:.0f} s ({spent:.0f} s, "
                                  f"{cpu:.1f} s CPU for the case)")
            elif spent > args.slow:
                counts["slow cases"] += 1
                print(f"  slow: {path.name}: reading took {spent:.1f} s ({cpu:.1f} s CPU), the longest item "
                      f"{longest:.1f} s", flush=True)

    pick = random.Random(args.seed + 1)

    def extract_here(path: Path, item: object) -> None:
        """Extraction only, in this process: an error is a line, an exception a crash."""
        t, c = time.monotonic(), time.process_time()
        try:
            pipe.article(item)  # type: ignore[arg-type]
            counts["extracted only"] += 1
        except TellerError as err:
            counts["error lines"] += 1
            if any(g in str(err) for g in GUARDED):
                guarded.append(str(err))
        except Exception as err:  # noqa: BLE001
            crashes.append(f"{path.name}: extract: {type(err).__name__}: {err}")
        took, cpu = time.monotonic() - t, time.process_time() - c
        if took > HANG_S:
            slow_reads.append(f"{path.name}: extraction took {took:.0f} s ({cpu:.1f} s CPU)")
        elif took > args.slow:
            print(f"  slow: {path.name}: extraction took {took:.1f} s ({cpu:.1f} s CPU)", flush=True)

    hangs: list[str] = []
    current = {"case": ""}
    case_of: dict[str, str] = {}  # article id or URL -> case file, so that a hang line names its case

    extract = pipe.article

    def article_noting_case(item: object) -> object:  # extraction runs as each item is read
        got = extract(item)  # type: ignore[arg-type]
        case_of[got.url or got.id] = current["case"]
        return got

    pipe.article = article_noting_case  # type: ignore[method-assign]

    try:
        for result in pipe.process_many(items(), workers=args.workers, supervise=True):
            if isinstance(result, TellerError):
                counts["error lines"] += 1
                line = str(result)
                if "TELLER_ITEM_TIMEOUT" in line:
                    hangs.append(f"{case_of.get(result.item or '', '?')}: {line}")
                elif any(g in line for g in GUARDED):
                    guarded.append(line)
            else:
                counts["analyses"] += 1
                counts["truncated"] += any(f.kind == "text_truncated" for f in result.flags)
                counts["bad times flagged"] += any(f.kind == "invalid_publication_time" for f in result.flags)
    except Exception as err:  # noqa: BLE001
        crashes.append(f"batch: {type(err).__name__}: {err}")
    report(counts, crashes, hangs, slow_reads, guarded, time.monotonic() - t0, partial=False)


def report(counts: Counter[str], crashes: list[str], hangs: list[str], slow_reads: list[str], guarded: list[str],
           seconds: float, *, partial: bool) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'so far: ' if partial else ''}cases {counts['cases']}, documents {counts['documents']}, "
          f"analyses {counts['analyses']}, extracted only {counts['extracted only']}, "
          f"error lines {counts['error lines']} "
          f"(of which ingest {counts['ingest errors']})")
    print(f"crashes {len(crashes)}, hangs (items over {HANG_S:g} s) {len(hangs) + len(slow_reads)}, "
          f"cases over --slow (many items, each bounded) {counts['slow cases']}, "
          f"guarded unexpected exceptions {len(guarded)}, "
          f"clean error lines {counts['error lines'] - len(guarded) - len(hangs)}")
    print(f"flagged: text_truncated {counts['truncated']}, invalid_publication_time {counts['bad times flagged']}")
    print(f"peak memory: this process {own:.0f} MB, largest worker {kids:.0f} MB; {seconds:.0f} s", flush=True)
    for line in (crashes + hangs + slow_reads + guarded)[:40 if not partial else 10]:
        print("  " + line[:300], flush=True)


def hypothesis_cases(folder: Path, n: int) -> list[Path]:
    """Files from a hypothesis search (no shrinking: every example is kept as a case)."""
    if n <= 0:
        return []
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    out: list[Path] = []
    texts = st.text(st.characters(codec=None, blacklist_categories=()), max_size=3000)
    lines = st.dictionaries(st.sampled_from(["text", "html", "title", "url", "published", "source"]),
                            st.one_of(texts, st.sampled_from(EDGE_TIMES), st.integers(), st.none()), max_size=6)

    @settings(max_examples=n, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(texts.map(lambda t: (".txt", t)), texts.map(lambda t: (".html", t)),
                     st.lists(lines, min_size=1, max_size=3).map(
                         lambda ls: (".jsonl", "\n".join(map(json.dumps, ls))))))
    def collect(case: tuple[str, str]) -> None:
        suffix, body = case
        path = folder / f"hyp{len(out):05d}{suffix}"
        path.write_bytes(body.encode("utf-8", "surrogatepass"))
        out.append(path)

    collect()
    return out


if __name__ == "__main__":
    main()
