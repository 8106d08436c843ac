"""Article text as safe HTML with evidence and flags marked by their character offsets.

Spans can overlap (a flag inside an event's evidence, two flags on one word), which nested
``<mark>`` elements cannot express directly, so the text is cut at every span boundary and each
piece is wrapped in the marks that cover it. Every piece of text goes through
:func:`markupsafe.escape`; only the tags written here are raw HTML.

Hand-written because the libraries that highlight text (Pygments, bleach, markupsafe) either work
on tokens or on whole strings, not on overlapping character-offset annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from teller.records import Flag, Span

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class TextMark:
    start: int
    end: int
    kind: str  # "evidence" | "flag" | "repeat"
    #: For flags: the number shown in the text and in the flag list; anchors link the two.
    ref: int | None = None
    severity: str | None = None
    title: str | None = None


def flag_marks(flags: Sequence[Flag]) -> list[TextMark]:
    """One mark per flag span, numbered like the flag list (1-based)."""
    return [TextMark(s.start, s.end, "flag", ref=i, severity=f.severity,
                     title=f"{f.kind} ({f.severity}): {f.message}")
            for i, f in enumerate(flags, 1) for s in f.evidence]


def evidence_marks(spans: Iterable[Span], title: str = "evidence") -> list[TextMark]:
    return [TextMark(s.start, s.end, "evidence", title=title) for s in spans]


def _clamp(marks: Iterable[TextMark], n: int) -> list[TextMark]:
    """Marks limited to the text; spans outside it (bad offsets) are dropped, not fatal."""
    out = []
    for m in marks:
        start, end = max(0, m.start), min(n, m.end)
        if start < end or (start == end and m.kind == "flag" and 0 <= m.start <= n):
            out.append(TextMark(start, end, m.kind, m.ref, m.severity, m.title))
    return out


def _open_tags(active: list[TextMark]) -> tuple[str, str]:
    """Opening and closing tags for a piece of text covered by ``active`` marks."""
    opening, closing = [], []
    if any(m.kind == "repeat" for m in active):
        opening.append('<span class="repeat" title="repeated passage">')
        closing.append("</span>")
    ev = [m for m in active if m.kind == "evidence"]
    if ev:
        opening.append(f'<mark class="ev" title="{escape(ev[0].title or "evidence")}">')
        closing.append("</mark>")
    flags = [m for m in active if m.kind == "flag"]
    if flags:
        worst = max((m.severity or "info" for m in flags), key=lambda s: _SEVERITY_RANK.get(s, 0))
        title = "\n".join(dict.fromkeys(m.title or "" for m in flags))
        refs = " ".join(f"flag-{m.ref}" for m in flags)
        opening.append(f'<mark class="flag sev-{escape(worst)}" data-flags="{escape(refs)}" '
                       f'title="{escape(title)}">')
        closing.append("</mark>")
    return "".join(opening), "".join(reversed(closing))


def _refs(marks: Iterable[TextMark], prefix: str) -> str:
    """Superscript links to the flag list, once per flag number."""
    nums = sorted({m.ref for m in marks if m.kind == "flag" and m.ref is not None})
    return "".join(f'<sup class="ref"><a href="#{escape(prefix)}flag-{n}">{n}</a></sup>' for n in nums)


def mark_text(text: str, marks: Iterable[TextMark], *, prefix: str = "") -> Markup:
    """``text`` as HTML with ``marks`` applied; ``prefix`` keeps anchors unique on a page."""
    marks = _clamp(marks, len(text))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    ends_at: dict[int, list[TextMark]] = {}
    for m in marks:
        ends_at.setdefault(m.end, []).append(m)
    out: list[str] = [_refs(ends_at.get(0, []), prefix)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[a:b]))
        active = [m for m in marks if m.start <= a and m.end >= b and m.start < m.end]
        if active:
            first = [m for m in active if m.start == a and m.kind == "evidence"]
            opening, closing = _open_tags(active)
            anchor = f'<span id="{escape(prefix)}ev-{a}"></span>' if first else ""
            out.append(f"{anchor}{opening}{piece}{closing}")
        else:
            out.append(piece)
        out.append(_refs(ends_at.get(b, []), prefix))
    return Markup("".join(out))
