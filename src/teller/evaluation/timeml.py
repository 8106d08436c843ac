"""TempEval-3 scoring of ``teller.timex.annotate`` on TimeML (``.tml``) files.

For each document: take the creation time from ``<DCT>``, strip the tags inside ``<TEXT>`` to
get the raw text (offsets of the gold ``TIMEX3`` elements mapped into it), annotate the raw
text, and compare. Measures as in TempEval-3 (UzZaman et al. 2013): strict extent match (same
offsets) and relaxed match (any overlap) precision/recall/F1; type and value accuracy over the
relaxed-matched pairs; value F1 = relaxed F1 x value accuracy.

This scores the timex stage alone, on raw text without a parse, as TempEval-3 does; it runs no
other stage, so it needs no ``teller.Pipeline``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from teller.records import TimeValue

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"([^\"]+)\"", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r"(\w+)=\"([^\"]*)\"")


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TmlDoc:
    name: str
    text: str
    dct: datetime
    gold: list[GoldTimex]


def parse_dct(value: str) -> datetime:
    """A TimeML DCT value -> aware datetime.

    A date-only DCT says nothing of the hour; 23:59 UTC is used so that "at 9 p.m." in the
    text is read as that day's 9 p.m., not the previous day's."""
    v = value.strip()
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}))?", v)
    if not m:
        raise ValueError(f"unreadable DCT value {value!r}")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    h, mi = (int(m[4]), int(m[5])) if m[4] else (23, 59)
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def read_tml(path: Path) -> TmlDoc:
    """Raw text, DCT and gold TIMEX3 (with offsets into the raw text) of one ``.tml`` file."""
    src = path.read_text(encoding="utf-8", errors="replace")
    tm = _TEXT.search(src)
    dm = _DCT.search(src)
    if tm is None or dm is None:
        raise ValueError(f"{path}: no <TEXT> or <DCT> element")
    body = tm.group(1)
    out: list[str] = []
    n = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        n += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1) == "":
            open_timex = (n, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            s, attrs = open_timex
            gold.append(GoldTimex(s, n, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    for g in gold:
        g.text = text[g.start:g.end]
    return TmlDoc(path.name, text, parse_dct(dm.group(1)), gold)


def _files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(path.rglob("*.tml"))
    return [path]


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass(slots=True, frozen=True)
class SystemTimex:
    """What a tagger said: offsets into the raw text, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str

    @classmethod
    def of(cls, tv: TimeValue) -> SystemTimex:
        sp = tv.evidence[0]
        return cls(sp.start, sp.end, tv.text, tv.type, tv.value)


def _pair(gold: list[GoldTimex], system: list[SystemTimex]) -> list[tuple[GoldTimex, SystemTimex | None]]:
    """Each gold timex with the system timex that overlaps it most (or None)."""
    pairs = []
    for g in gold:
        best, best_ov = None, 0
        for s in system:
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > best_ov:
                best, best_ov = s, ov
        pairs.append((g, best))
    return pairs


_WEEK = re.compile(r"-W(\d)(?!\d)")


def same_value(a: str, b: str) -> bool:
    """TIMEX3 values equal up to spelling: "2000-W7" and "2000-W07" are one ISO week."""
    return a == b or _WEEK.sub(r"-W0\1", a) == _WEEK.sub(r"-W0\1", b)


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40):min(len(text), end + 40)].split())


class Scorer:
    """Accumulates TempEval-3 counts over documents; any tagger's output can be scored."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.docs = self.n_gold = self.n_sys = 0
        self.strict_g = self.strict_s = self.relaxed_g = self.relaxed_s = 0
        self.type_ok = self.value_ok = 0
        self.misses: list[dict[str, Any]] = []
        self.errors: list[str] = []

    def add(self, doc: TmlDoc, system: list[SystemTimex]) -> None:
        self.docs += 1
        self.n_gold += len(doc.gold)
        self.n_sys += len(system)
        spans = {(s.start, s.end) for s in system}
        gspans = {(g.start, g.end) for g in doc.gold}
        self.strict_g += sum((g.start, g.end) in spans for g in doc.gold)
        self.strict_s += sum(sp in gspans for sp in spans)
        self.relaxed_s += sum(any(g.start < s.end and s.start < g.end for g in doc.gold) for s in system)
        for g, s in _pair(doc.gold, system):
            if s is None:
                if self.verbose:
                    self.misses.append({"doc": doc.name, "kind": "missed", "text": g.text, "gold": g.value,
                                        "gold_type": g.type, "context": _context(doc.text, g.start, g.end)})
                continue
            self.relaxed_g += 1
            ok_value = same_value(s.value, g.value)
            self.type_ok += s.type == g.type
            self.value_ok += ok_value
            if self.verbose and (not ok_value or s.type != g.type or (s.start, s.end) != (g.start, g.end)):
                self.misses.append({"doc": doc.name, "kind": "value" if not ok_value else
                                    "type" if s.type != g.type else "extent",
                                    "text": g.text, "system_text": s.text, "gold": g.value, "system": s.value,
                                    "gold_type": g.type, "system_type": s.type,
                                    "context": _context(doc.text, g.start, g.end)})
        if self.verbose:
            for s in system:
                if not any(g.start < s.end and s.start < g.end for g in doc.gold):
                    self.misses.append({"doc": doc.name, "kind": "spurious", "text": s.text, "system": s.value,
                                        "system_type": s.type, "context": _context(doc.text, s.start, s.end)})

    def result(self) -> dict[str, Any]:
        matched = self.relaxed_g
        relaxed = _prf(self.relaxed_s, self.n_sys, self.relaxed_g, self.n_gold)
        out: dict[str, Any] = {
            "documents": self.docs,
            "gold_timexes": self.n_gold,
            "system_timexes": self.n_sys,
            "strict": _prf(self.strict_s, self.n_sys, self.strict_g, self.n_gold),
            "relaxed": relaxed,
            "type_accuracy": round(self.type_ok / matched, 4) if matched else 0.0,
            "value_accuracy": round(self.value_ok / matched, 4) if matched else 0.0,
        }
        out["value_f1"] = round(relaxed["f1"] * out["value_accuracy"], 4)
        out["type_f1"] = round(relaxed["f1"] * out["type_accuracy"], 4)
        if self.errors:
            out["errors"] = self.errors
        if self.verbose:
            out["misses"] = self.misses
        return out


def read_corpus(path: Path | str) -> tuple[list[TmlDoc], list[str]]:
    """Every readable ``.tml`` document under ``path`` (a directory or one file), and errors."""
    docs, errors = [], []
    for f in _files(Path(path)):
        try:
            docs.append(read_tml(f))
        except (OSError, ValueError) as e:
            errors.append(f"{f.name}: {e}")
    return docs, errors


def evaluate_timeml(path: Path | str, *, verbose: bool = False) -> dict[str, Any]:
    """TempEval-3 measures of ``annotate`` over every ``.tml`` file under ``path`` (or one file)."""
    from teller.timex import annotate

    scorer = Scorer(verbose)
    docs, scorer.errors = read_corpus(path)
    for doc in docs:
        scorer.add(doc, [SystemTimex.of(tv) for tv in annotate(doc.text, doc.dct)])
    return scorer.result()


def format_report(result: dict[str, Any]) -> str:
    """The human-readable form of ``evaluate_timeml``'s result (misses listed when present)."""
    lines = [
        f"documents {result['documents']}   gold timexes {result['gold_timexes']}   "
        f"system timexes {result.get('system_timexes', '?')}",
        f"{'':10s}{'precision':>10s}{'recall':>10s}{'f1':>10s}",
    ]
    for k in ("strict", "relaxed"):
        m = result[k]
        lines.append(f"{k:10s}{m['precision']:10.4f}{m['recall']:10.4f}{m['f1']:10.4f}")
    lines.append(f"type accuracy  {result['type_accuracy']:.4f}")
    lines.append(f"value accuracy {result['value_accuracy']:.4f}")
    lines.append(f"value F1       {result['value_f1']:.4f}")
    for e in result.get("errors", []):
        lines.append(f"error: {e}")
    for m in result.get("misses", []):
        if m["kind"] == "missed":
            lines.append(f"MISSED   {m['doc']}: {m['text']!r} gold={m['gold']} ({m['gold_type']})  | {m['context']}")
        elif m["kind"] == "spurious":
            lines.append(f"SPURIOUS {m['doc']}: {m['text']!r} sys={m['system']} ({m['system_type']})  | {m['context']}")
        else:
            lines.append(f"{m['kind'].upper():8s} {m['doc']}: gold {m['text']!r}={m['gold']} ({m['gold_type']}) "
                         f"sys {m['system_text']!r}={m['system']} ({m['system_type']})  | {m['context']}")
    return "\n".join(lines)
