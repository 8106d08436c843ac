"""teller.compare: where a translation and its source disagree (``teller compare``).

``compare(source, translation)`` takes two extracted articles, one Japanese and one English (in
either role), reads the checkable facts of each by rules (:mod:`.japanese`, :mod:`.english`:
dates, clock times, numbers, names, office titles, gendered pronouns, negation), aligns the
sentences (:mod:`.align`), and lists the facts that differ (:mod:`.differ`), each with its span in
both texts (offsets into ``Article.text``) and one sentence saying why. The reading needs no
parser and no Japanese model: it is meant to run wherever teller runs, and to be exact where it
speaks rather than complete (docs/compare.md lists what it does not see).

The JSON form (``teller compare --json``) is a contract, ``schema/compare.schema.json``::

    {"differences": [{"kind", "source": {"text", "start", "end"},
                      "translation": {"text", "start", "end"}, "explanation"}]}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from teller.compare import align, differ, english, japanese, names
from teller.compare.facts import KINDS, DateValue, Fact
from teller.records import Article, Span
from teller.verify.text import quoted_spans

__all__ = ["Difference", "CompareError", "compare", "compare_inputs", "compare_texts", "render", "to_json",
           "KINDS", "LANGUAGES"]

#: The pairs compare reads: one text in each.
LANGUAGES = ("ja", "en")
_KANA = re.compile(r"[\u3040-\u30ff]")
_JA_QUOTES = re.compile(r"「[^「」]*」|『[^『』]*』")


class CompareError(ValueError):
    """The two texts are not a pair compare can read (languages, empty text)."""


@dataclass(frozen=True, slots=True)
class Difference:
    kind: str  # date | time | number | name | title | pronoun | negation
    source: Span
    source_text: str
    translation: Span
    translation_text: str
    explanation: str


def language_of(article: Article) -> str:
    """``ja`` or ``en`` for compare: the article's identified language, else the script."""
    primary = (article.language or "").split("-")[0].lower()
    if primary in LANGUAGES:
        return primary
    if primary in ("", "und"):
        return "ja" if _KANA.search(article.text or "") else "en"
    return primary


def compare(source: Article, translation: Article, *, kb: Any = None) -> list[Difference]:
    """The facts ``translation`` states differently from ``source``, in the translation's order.

    Raises :class:`CompareError` unless one text is Japanese and the other English."""
    langs = (language_of(source), language_of(translation))
    if sorted(langs) != ["en", "ja"]:
        raise CompareError(f"compare reads a Japanese text and an English one; got {langs[0]!r} (source) "
                           f"and {langs[1]!r} (translation)")
    if not (source.text or "").strip() or not (translation.text or "").strip():
        raise CompareError("one of the texts is empty")
    if kb is None:
        from teller.actors import KnowledgeBase

        kb = KnowledgeBase.default()
    lexicon = names.load(kb)
    src = _side(source.text, langs[0], lexicon)
    tr = _side(translation.text, langs[1], lexicon)
    aligned = align.align(_anchors(src, langs[0]), _anchors(tr, langs[1]))
    ref = _reference_day(source, translation) or _date_line(src) or _date_line(tr)
    found = differ.compare(src, tr, aligned, lexicon, ref)
    return _records(found, src.text, tr.text)


def compare_texts(source: str, translation: str, *, published: str | None = None, kb: Any = None) -> list[Difference]:
    """:func:`compare` over two plain texts (``published``: ISO 8601, the month of "14日")."""
    a = Article(id="source", text=source, published=published)
    b = Article(id="translation", text=translation, published=published)
    return compare(a, b, kb=kb)


def compare_inputs(source: str, translation: str, *, published: str | None = None,
                   settings: Any = None) -> list[Difference]:
    """:func:`compare` over two inputs (a file, a URL or ``-`` for stdin), each read and extracted
    as ``teller process`` reads one article. ``published`` sets the source's publication time."""
    from teller.extract import extract
    from teller.ingest import read_one

    if source == "-" and translation == "-":
        raise CompareError("only one of the two texts can come from stdin ('-')")
    articles = []
    for item, when in ((source, published), (translation, None)):
        raw = read_one(item, published=when, settings=settings)
        articles.append(extract(raw, max_bytes=getattr(settings, "max_bytes", None)))
    return compare(articles[0], articles[1])


def render(differences: list[Difference]) -> str:
    """The human form: one block per difference, spans as offsets into each extracted text."""
    if not differences:
        return "no differences found"
    lines = [f"{len(differences)} difference{'s' if len(differences) != 1 else ''}:"]
    for d in differences:
        lines.append(f"- {d.kind}: translation {d.translation_text!r} [{d.translation.start}:{d.translation.end}]"
                     f" vs source {d.source_text!r} [{d.source.start}:{d.source.end}]")
        lines.append(f"  {d.explanation}")
    return "\n".join(lines)


def to_json(differences: list[Difference]) -> dict[str, Any]:
    """The contract form (``schema/compare.schema.json``)."""
    return {"differences": [
        {"kind": d.kind,
         "source": {"text": d.source_text, "start": d.source.start, "end": d.source.end},
         "translation": {"text": d.translation_text, "start": d.translation.start, "end": d.translation.end},
         "explanation": d.explanation}
        for d in differences]}


def _side(text: str, lang: str, lexicon: names.Names) -> differ.Side:
    if lang == "ja":
        quotes = [Span(m.start(), m.end()) for m in _JA_QUOTES.finditer(text)]
        return differ.Side(text, japanese.sentences(text), japanese.read(text, lexicon), quotes)
    return differ.Side(text, english.sentences(text), english.read(text, lexicon), quoted_spans(text))


def _anchors(side: differ.Side, lang: str) -> list[align.Anchors]:
    numbers_in = japanese.numbers_in if lang == "ja" else english.numbers_in
    concepts = align.concepts_ja if lang == "ja" else align.concepts_en
    out = []
    for k, sp in enumerate(side.sentences):
        words = side.text[sp.start:sp.end]
        refs = frozenset(str(f.value) for f in side.in_sentence(k, "name"))
        keys = frozenset(f"title:{f.value}" for f in side.in_sentence(k, "title"))
        out.append(align.Anchors(refs, frozenset(numbers_in(words)), concepts(words) | keys))
    return out


def _reference_day(*articles: Article) -> date | None:
    """The day a bare "14日" counts from: the first article's publication day that is known."""
    from teller.extract.published import day_known, publication_time

    for a in articles:
        try:
            when = day_known(publication_time(a))
        except Exception:  # noqa: BLE001 — an unreadable date only means no reference month
            when = None
        if when is not None:
            return when.date()
    return None


def _date_line(side: differ.Side) -> date | None:
    """A full date at the head of the text (a date line such as 2023年9月14日 23時10分), when no
    publication time is known: the month a bare 14日 is in."""
    for f in side.of_kind("date"):
        if f.span.start > 200:
            break
        v = f.value
        if isinstance(v, DateValue) and v.year and v.month and v.day:
            try:
                return date(v.year, v.month, v.day)
            except ValueError:
                return None
    return None


def _records(found: list[differ.Found], s_text: str, t_text: str) -> list[Difference]:
    out: dict[tuple[str, Span, Span], Difference] = {}
    for f in found:
        s = f.source.span if isinstance(f.source, Fact) else f.source
        t = f.translation.span if isinstance(f.translation, Fact) else f.translation
        key = (f.kind, s, t)
        if key not in out:
            out[key] = Difference(f.kind, s, s.of(s_text), t, t.of(t_text), f.explanation)
    return sorted(out.values(), key=lambda d: (d.translation.start, d.translation.end, d.kind))
