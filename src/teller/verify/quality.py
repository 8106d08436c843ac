"""Article quality score: 100 minus weighted penalties for its flags, with the reasons.

The score tells a reader how far to trust the article's text as a source of facts. Each flag
costs points by kind (what it says about the text) or, for kinds not listed, by severity. Within
one kind the first flag costs the full weight and each further one half of it, up to a cap of
three times the weight: ten stray characters are one problem seen ten times, not ten problems.
See docs/verify.md for the table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from teller.records import Article, Flag

#: Points for the first flag of a severity, for kinds without their own weight.
SEVERITY_WEIGHT: dict[str, float] = {"error": 20.0, "warning": 8.0, "info": 1.0}

#: Points for the first flag of a kind. Contradictions about the facts cost most.
KIND_WEIGHT: dict[str, float] = {
    # Nothing in the article was read for events: the score must not say it is a clean source.
    "unsupported_language": 60.0,
    "date_conflict": 15.0,
    "headline_contradiction": 15.0,
    "invalid_time": 10.0,
    "pronoun_mismatch": 10.0,
    # A translation that states a fact differently from its source (teller.compare.stored).
    "translation_mismatch": 10.0,
    "garbled_phrase": 6.0,
    "foreign_script": 6.0,
    "encoding_debris": 8.0,
}
#: Info flags mark something already handled; they cost little.
INFO_WEIGHT: dict[str, float] = {"repeated_passage": 3.0}
#: A kind never costs more than this many times its first-flag weight.
CAP_FACTOR = 3.0


def flag_weight(flag: Flag) -> float:
    """Points for the first flag of this kind and severity."""
    if flag.severity == "info":
        return INFO_WEIGHT.get(flag.kind, SEVERITY_WEIGHT["info"])
    w = KIND_WEIGHT.get(flag.kind, SEVERITY_WEIGHT.get(flag.severity, 8.0))
    if flag.severity == "error":
        return max(w, SEVERITY_WEIGHT["error"])
    return w


def quality(article: Article, flags: Sequence[Flag]) -> tuple[int, list[str]]:
    """``(score 0–100, reasons)``: one reason per flag kind that cost points, largest first."""
    by_kind: dict[tuple[str, str], list[Flag]] = defaultdict(list)
    for f in flags:
        by_kind[(f.kind, f.severity)].append(f)
    penalties: list[tuple[float, str]] = []
    for (kind, severity), group in by_kind.items():
        w = flag_weight(group[0])
        cost = min(w * (1 + 0.5 * (len(group) - 1)), w * CAP_FACTOR)
        n = len(group)
        penalties.append((cost, f"-{cost:g} {kind} ({n} {severity} flag{'s' if n > 1 else ''}): {group[0].message}"))
    penalties.sort(key=lambda p: (-p[0], p[1]))
    total = sum(c for c, _ in penalties)
    if not article.text.strip():
        return 0, ["empty text"]
    return max(0, round(100 - total)), [r for _, r in penalties]
