"""teller.verify: consistency checks over one analysed article, and its quality score.

``check`` runs every check that needs only what the pipeline already computed (text, parse,
mentions, time expressions, events) and returns :class:`~teller.records.Flag` records, each with
evidence spans into ``article.text``. It never raises for one odd article: a check that fails is
logged and skipped. Date conflicts between an event's mentions are *not* checked here: events
return them from ``timex.reconcile`` (``CodedArticle.flags``), and the pipeline adds them.

Checks (docs/verify.md has examples and severities):

==========================  ========  =====================================================
kind                        severity  what
==========================  ========  =====================================================
repeated_passage            info      a passage repeated (``article.repeats``; coded once)
foreign_script              warning   stray characters of another script in English text
encoding_debris             warning   mojibake ("â€™") and U+FFFD replacement characters
garbled_phrase              warning   "G7 = seven major countries": an ``=`` gloss in prose
garbled_phrase              info      a doubled function word ("the the")
invalid_time etc.           (timex)   ``timex.check_text``: "14 p.m." and other time flags
pronoun_mismatch            warning   "his" for a person known to be a woman, or the reverse
headline_contradiction      warning   the title's status/date/count/office holder vs body
stale_title                 warning   "Foreign Minister X" for an event dated outside X's tenure
unsupported_language        warning   a language teller does not code (no events; the English
                                      checks are skipped, only repeats and debris are looked for)
==========================  ========  =====================================================
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from teller.extract.published import day_known, publication_time
from teller.languages import is_japanese
from teller.records import Article, Event, Flag, Mention, Span, TimeValue
from teller.verify.garble import garbled_phrases
from teller.verify.headline import headline_contradictions
from teller.verify.language import unsupported_language
from teller.verify.offices import stale_titles
from teller.verify.pronouns import pronoun_mismatches
from teller.verify.quality import quality
from teller.verify.script import encoding_debris, foreign_script
from teller.verify.text import SentenceIndex, overlaps, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["check", "quality", "merge", "repeated_passages", "publication_time"]

log = logging.getLogger(__name__)


def repeated_passages(article: Article) -> list[Flag]:
    """One ``repeated_passage`` info flag per copy; evidence: the copy, then the original."""
    text = article.text
    flags = []
    for copy, original in article.repeats:
        snippet = " ".join(copy.of(text).split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        flags.append(Flag(
            kind="repeated_passage",
            severity="info",
            message=f"passage repeated (coded once): {snippet!r}",
            evidence=[copy, original],
        ))
    return flags


def _timex_functions() -> tuple[Callable[..., list[Flag]] | None, Callable[..., list[TimeValue]] | None]:
    """``timex.check_text`` and ``timex.annotate`` when the timex stage provides them."""
    try:
        from teller import timex
    except ImportError:
        return None, None
    return getattr(timex, "check_text", None), getattr(timex, "annotate", None)


def _run(name: str, fn: Callable[[], list[Flag]]) -> list[Flag]:
    try:
        return fn()
    except Exception:  # noqa: BLE001 — one failing check must not lose the others' flags
        log.exception("verify: check %s failed; skipped", name)
        return []


def check(
    article: Article,
    doc: Doc | None,
    mentions: Sequence[Mention],
    timexes: Sequence[TimeValue],
    events: Sequence[Event],
    *,
    kb: Any = None,
) -> list[Flag]:
    """Every consistency flag for one article, ordered by where its evidence starts."""
    text = article.text or ""
    if not text.strip():
        return []
    dct = day_known(publication_time(article))
    check_text, annotate = _timex_functions()
    flags: list[Flag] = []
    flags += _run("repeated_passage", lambda: repeated_passages(article))
    flags += _run("encoding_debris", lambda: encoding_debris(text))
    unsupported = unsupported_language(article)
    if unsupported:  # the other checks read English: on German they would only raise noise
        return _dedupe(flags + unsupported)
    english = not is_japanese(article.language)
    if english:  # these read English prose: Japanese is all "foreign script" to them
        flags += _run("foreign_script", lambda: foreign_script(text))
        flags += _run("garbled_phrase", lambda: garbled_phrases(text))
    if check_text is not None:
        # check_text needs a reference time only for relative readings; "14 p.m." is wrong at
        # any time, so an unknown publication time is replaced by a fixed one, never the clock.
        ref = dct or _ANY_TIME
        flags += _run("timex.check_text",
                      lambda: [f for f in check_text(text, list(timexes), ref) if not _minutes_of_a_clock(f, text)])
    if any(m.kind == "pronoun" for m in mentions):  # sentences are needed only here
        flags += _run("pronoun_mismatch", lambda: pronoun_mismatches(
            article, mentions, SentenceIndex(sentence_spans(text, doc)), doc))
    flags += _run("stale_title", lambda: stale_titles(text, mentions, events, kb=kb))
    if english:  # the title is read with the English grammar
        flags += _run("headline_contradiction", lambda: headline_contradictions(
            article, mentions, timexes, events, kb=kb, dct=dct, annotate=annotate))
    return _dedupe(flags)


def merge(flags: Sequence[Flag]) -> list[Flag]:
    """Drop a flag when an earlier one of the same kind already covers overlapping evidence.

    The pipeline joins two sources that can see the same defect: events' date reconciliation
    (``coded.flags``, e.g. ``invalid_time`` on "14 p.m. on the 9th") and ``check`` (via
    ``timex.check_text``, ``invalid_time`` on "14 p.m."). ``merge(coded.flags + check(...))``
    keeps the first, so a reader sees each defect once.
    """
    kept: list[Flag] = []
    for f in flags:
        if any(k.kind == f.kind and any(overlaps(a, b) for a in k.evidence for b in f.evidence) for k in kept):
            continue
        kept.append(f)
    return kept


#: Stands in for an unknown publication time where only the text's own words are checked.
_ANY_TIME = datetime(2000, 1, 1, tzinfo=UTC)

_CLOCK_HEAD = re.compile(r"\b\d{1,2}[.:]$")


def _minutes_of_a_clock(flag: Flag, text: str) -> bool:
    """Guard: an ``invalid_time`` on "30 A.M." that is the tail of "9.30 A.M." (a valid time
    in the European notation) is a misreading, not a defect of the text."""
    if flag.kind != "invalid_time" or not flag.evidence:
        return False
    start = flag.evidence[0].start
    return bool(_CLOCK_HEAD.search(text, max(0, start - 3), start))


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple[str, tuple[Span, ...]]] = set()
    out = []
    for f in flags:
        key = (f.kind, tuple(f.evidence))
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    out.sort(key=lambda f: (min(f.evidence).start if f.evidence else -1, f.kind))
    return out
