"""``teller eval extraction``: body-text precision/recall/F1 on the article-extraction benchmark.

Layout (scrapinghub/article-extraction-benchmark): ``html/<id>.html.gz`` and
``ground-truth.json`` = ``{id: {"articleBody", "url"}}``. Scoring follows the benchmark's own
``evaluate.py`` so the figures are comparable with its published table:

* tokens are ``\\w+`` matches; shingles are 4-token tuples counted as a multiset (a text
  shorter than 4 tokens is one shorter shingle);
* per page, TP/FP/FN are multiset overlaps, normalised by their sum;
* precision is averaged over the pages where the extractor returned something and recall
  over the pages with a non-empty ground truth (a page whose extraction fails counts as
  empty output); F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from teller.errors import DataError, InputError
from teller.ingest.document import RawDocument
from teller.pipeline import Pipeline

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def evaluate_extraction(path: str | Path, *, verbose: bool = False, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """``{"pages", "precision", "recall", "f1", "failed", "seconds"}`` (+ ``per_page`` if verbose).

    Pages are extracted by ``pipeline.article`` (the front door's extraction, with its settings)."""
    pipe = pipeline or Pipeline()
    root = Path(path)
    truth_file = root / "ground-truth.json"
    if not truth_file.exists():
        raise DataError(f"no ground-truth.json in {root}")
    try:
        truth: dict[str, dict[str, str]] = json.loads(truth_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(f"{truth_file}: not valid JSON ({err.msg})") from None
    scores: list[tuple[float, float, float]] = []
    per_page: dict[str, dict[str, Any]] = {}
    failed = 0
    started = time.perf_counter()
    for page_id in sorted(truth):
        predicted, error = _extract_page(pipe, root, page_id, truth[page_id].get("url"))
        failed += error is not None
        tp_fp_fn = shingle_match(truth[page_id].get("articleBody", ""), predicted)
        scores.append(tp_fp_fn)
        if verbose:
            per_page[page_id] = {"tp_fp_fn": tp_fp_fn, "error": error}
    seconds = time.perf_counter() - started
    precision, recall, f1 = macro_scores(scores)
    result: dict[str, Any] = {"pages": len(scores), "precision": precision, "recall": recall, "f1": f1,
                              "failed": failed, "seconds": round(seconds, 2)}
    if verbose:
        result["per_page"] = per_page
    return result


def _extract_page(pipe: Pipeline, root: Path, page_id: str, url: str | None) -> tuple[str, str | None]:
    file = root / "html" / f"{page_id}.html.gz"
    try:
        content = gzip.decompress(file.read_bytes())
    except (OSError, EOFError) as err:
        return "", f"cannot read {file}: {err}"
    try:
        return pipe.article(RawDocument(content=content, url=url, content_type="html", origin=str(file))).text, None
    except InputError as err:
        return "", str(err)


def shingles(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of the 4-token shingle multisets of ``pred`` against ``true``."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def macro_scores(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    precisions = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    recalls = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0
