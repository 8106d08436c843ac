"""Clustering scores: pairwise and B-cubed precision, recall and F1.

Both compare a system clustering with a gold clustering of the same items. *Pairwise* counts the
pairs of items put together (precision: of the system's pairs, how many gold has; recall: the
reverse); big clusters weigh quadratically. *B-cubed* (Bagga & Baldwin 1998) scores each item by
the overlap of its system and gold clusters and averages over items, so singletons count too.
When there is no pair to judge (all singletons) pairwise precision or recall is 1.0 by
convention. A dozen lines of arithmetic; scikit-learn's versions would pull in a heavy
dependency for no gain.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

#: The items clustered (article ids, (article, line) pairs...): the same type in both clusterings.
Item = TypeVar("Item", bound=Hashable)


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _pairs(sizes: Mapping[Any, int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise(system: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> dict[str, float]:
    """Pairwise P/R/F1; ``system`` and ``gold`` map each item to its cluster label."""
    items = list(gold)
    both = Counter((system[i], gold[i]) for i in items)
    together = _pairs(both)
    sys_pairs = _pairs(Counter(system[i] for i in items))
    gold_pairs = _pairs(Counter(gold[i] for i in items))
    p = together / sys_pairs if sys_pairs else 1.0
    r = together / gold_pairs if gold_pairs else 1.0
    return _prf(p, r)


def bcubed(system: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> dict[str, float]:
    """B-cubed P/R/F1 averaged over the gold items."""
    items = list(gold)
    if not items:
        return _prf(1.0, 1.0)
    sys_size = Counter(system[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((system[i], gold[i]) for i in items)
    p = sum(both[(system[i], gold[i])] / sys_size[system[i]] for i in items) / len(items)
    r = sum(both[(system[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    return _prf(p, r)


def scores(system: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> dict[str, dict[str, float]]:
    return {"pairwise": pairwise(system, gold), "bcubed": bcubed(system, gold)}


def clusters(labels: Mapping[Hashable, Hashable]) -> list[list[Hashable]]:
    out: dict[Hashable, list[Hashable]] = defaultdict(list)
    for item, label in labels.items():
        out[label].append(item)
    return list(out.values())
