"""teller.timex: the temporal engine every stage uses for time (see docs/interfaces.md).

Recognizes English temporal expressions, normalizes them to TIMEX3 (``type``, ``value``) and to
the interval each denotes (``start``/``end`` with an offset), anchored to the document creation
time (DCT) and its zone; reconciles the mentions tied to one event and flags contradictions.

Why hand-written and not a library: general date parsers (dateparser, recognizers-text,
parsedatetime) parse a string you already know is a date and score poorly at *finding* and
*anchoring* expressions in running news text (value F1 about 0.36 for dateparser and 0.55 for
recognizers-text on TempEval-3, against 0.776 for HeidelTime); HeidelTime itself is Java/UIMA
and far too slow to run per article. None of them reconciles conflicting mentions or flags
machine-translation damage ("14 p.m. on the 9th"). So the grammar, anchoring and reconciliation
are written here: regular expressions compiled once at import, pure functions, no I/O.

Modules: ``lexicon`` (word lists, zones), ``grammar`` (patterns -> ``Partial``), ``tense``,
``calendar`` (intervals), ``normalize`` (anchoring), ``reconcile`` (choice and flags),
``evaluate`` (TempEval-3 scoring of TimeML files).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from teller.records import TimeValue
from teller.timex.grammar import recognize
from teller.timex.normalize import normalize
from teller.timex.reconcile import Reconciled, check_text, reconcile

__all__ = ["annotate", "annotate_among", "reconcile", "check_text", "Reconciled"]


def annotate(text: str, dct: datetime, *, doc: Any = None) -> list[TimeValue]:
    """Every temporal expression in ``text``, in text order, anchored to ``dct``.

    ``dct`` must be timezone-aware (the publication time); ``doc`` is an optional spaCy ``Doc``
    of the same text, used for tense. Raises ``ValueError`` for a naive ``dct``.
    """
    if not isinstance(dct, datetime):
        raise TypeError(f"dct must be a datetime, not {type(dct).__name__}")
    if dct.tzinfo is None or dct.utcoffset() is None:
        raise ValueError("dct must be timezone-aware (teller never uses naive datetimes)")
    if not text:
        return []
    return normalize(recognize(text), text, dct, doc)


def annotate_among(text: str, candidates: Sequence[datetime], *, doc: Any = None) -> list[TimeValue]:
    """Every temporal expression when the publication time is one of ``candidates``: one
    candidate is ``annotate``; with several (publication not known to the day) what the anchors
    disagree on is left unresolved (see ``timex.unanchored``)."""
    if len(candidates) == 1:
        return annotate(text, candidates[0], doc=doc)
    from teller.timex.unanchored import annotate_unanchored

    return annotate_unanchored(text, candidates, annotate, doc=doc)
