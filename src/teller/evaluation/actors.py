"""Score mention resolution against a hand-marked test set.

The set is a text file of passages, each opened by ``@ YYYY-MM-DD`` (the event date), with the
expected mentions marked inline as ``[[surface|expected]]`` (markers may nest); the format is
described at the top of ``tests/data/actors/resolution.txt``. A marked mention counts as right
when :func:`teller.actors.resolve` returns a mention with exactly that span whose actor (or, for
groups, whose set of members) is the expected one; no mention there counts as ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from teller.errors import DataError
from teller.pipeline import Pipeline
from teller.records import Article, Mention

_OPEN, _CLOSE, _BAR = "[[", "]]", "|"
_DATE = re.compile(r"^@ (\d{4}-\d{2}-\d{2})\s*$")


@dataclass(slots=True)
class Expected:
    start: int
    end: int
    surface: str
    expected: str  # actor id, "-", "group:ID,ID", "learnt:CCC" / "learnt:-", "role:ID"


@dataclass(slots=True)
class Passage:
    when: date
    text: str
    expected: list[Expected]
    line: int


def parse_markup(markup: str, *, where: str = "") -> tuple[str, list[Expected]]:
    """Plain text and the expected mentions of one marked passage."""
    out: list[str] = []
    pos = 0  # length of plain text so far
    stack: list[int] = []
    found: list[Expected] = []
    i = 0
    while i < len(markup):
        if markup.startswith(_OPEN, i):
            stack.append(pos)
            i += 2
        elif markup.startswith(_CLOSE, i) and stack:
            plain = "".join(out)
            start = stack.pop()
            inner = plain[start:]
            bar = inner.rfind(_BAR)
            if bar < 0:
                raise DataError(f"marker without '|': {inner!r}", item=where)
            surface, expected = inner[:bar], inner[bar + 1:]
            out = [plain[: start + bar]]
            pos = start + bar
            found.append(Expected(start, start + len(surface), surface, expected.strip()))
            i += 2
        else:
            out.append(markup[i])
            pos += 1
            i += 1
    if stack:
        raise DataError("unclosed [[ marker", item=where)
    return "".join(out), found


def read_set(path: str | Path) -> list[Passage]:
    p = Path(path)
    passages: list[Passage] = []
    when: date | None = None
    buf: list[str] = []
    first = 0

    def flush() -> None:
        if when is not None and buf:
            text, exp = parse_markup(" ".join(buf), where=f"{p.name}:{first}")
            passages.append(Passage(when, text, exp, first))

    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        m = _DATE.match(line)
        if m:
            flush()
            when, buf, first = date.fromisoformat(m.group(1)), [], n
        elif line.strip():
            buf.append(line.strip())
        else:
            flush()
            when, buf = None, []
    flush()
    return passages


def judge(exp: Expected, mention: Mention | None) -> bool:
    want = exp.expected
    if want == "-":
        return mention is None or mention.actor is None
    if mention is None:
        return False
    if want.startswith("group:"):
        ids = {x for x in want[6:].split(",") if x}
        return mention.kind == "group" and {a.id for a in mention.members} == ids
    actor = mention.actor
    if actor is None:
        return False
    if want.startswith("learnt:"):
        country = want[7:]
        return actor.id.startswith("person:") and actor.id[7:] not in _kb_slugs() and (
            actor.country == (None if country == "-" else country))
    return actor.id == want


def _kb_slugs() -> set[str]:
    from teller.actors.kb import KnowledgeBase

    return set(KnowledgeBase.default().people)


def evaluate_resolution(path: str | Path, *, pipeline: Pipeline | None = None, verbose: bool = False) -> dict:
    """``{"passages", "mentions", "correct", "accuracy", "by_kind"}`` (+ ``misses`` when verbose).

    Each passage is parsed by the pipeline's model and resolved against its knowledge base at
    the passage's date (the resolution stage alone: the set marks mentions, not events)."""
    from teller.actors import resolve

    pipe = pipeline or Pipeline()
    nlp, kb = pipe.nlp, pipe.kb
    passages = read_set(path)
    total = correct = 0
    misses: list[dict] = []
    by_kind: dict[str, list[int]] = {}
    for n, ps in enumerate(passages):
        doc = nlp(ps.text)
        mentions = resolve(doc, Article(id=f"eval{n}", text=ps.text), kb, ps.when)
        spans: dict[tuple[int, int], list[Mention]] = {}
        for m in mentions:
            spans.setdefault((m.evidence[0].start, m.evidence[0].end), []).append(m)
        for exp in ps.expected:
            cands = spans.get((exp.start, exp.end), [])
            ok = any(judge(exp, m) for m in cands) if cands else judge(exp, None)
            kind = cands[0].kind if cands else "none"
            tally = by_kind.setdefault(kind, [0, 0])
            tally[0] += ok
            tally[1] += 1
            total += 1
            correct += ok
            if not ok:
                got = [(m.kind, m.actor.id if m.actor else None, [a.id for a in m.members]) for m in cands]
                misses.append({"line": ps.line, "date": ps.when.isoformat(), "surface": exp.surface,
                               "expected": exp.expected, "got": got,
                               "context": ps.text[max(0, exp.start - 60): exp.end + 40]})
    result: dict = {
        "passages": len(passages),
        "mentions": total,
        "correct": correct,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "by_kind": {k: {"correct": v[0], "total": v[1]} for k, v in sorted(by_kind.items())},
    }
    if verbose:
        result["misses"] = misses
    return result
