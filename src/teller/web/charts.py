"""Charts drawn on the server as inline SVG: no script, no CDN, the page works offline.

Two shapes cover the pages: stacked bars (events per bucket by quad class) and lines
(cooperation against conflict). Colours come from classes in ``static/teller.css`` (the
Content-Security-Policy allows no inline ``style``); every label and tooltip goes through
:func:`markupsafe.escape`, and numbers are formatted here, so nothing from the data is raw markup.
Every chart is drawn from the same numbers the page also shows as a table and its JSON twin carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 26


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # the name in the data ("verbal cooperation")
    css: str  # the class that colours it ("q1")


def _scale(top: int) -> int:
    """A round upper bound for the axis (1, 2, 5, 10, 20, 50...)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= top:
                return step * m
        step *= 10


def _frame(label: str, top: int, labels: Sequence[str], css: str, body: list[str]) -> Markup:
    """The SVG element with axes, the top value and the first and last bucket labels."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<svg class="chart {escape(css)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(label)}</title>",
             f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
             f'<text class="tick" x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end">{top}</text>',
             f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>']
    if labels:
        parts.append(f'<text class="tick" x="{LEFT}" y="{HEIGHT - 8}">{escape(labels[0])}</text>')
        if len(labels) > 1:
            parts.append(f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">'
                         f"{escape(labels[-1])}</text>")
    parts += body
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(label: str, buckets: Sequence[tuple[str, Mapping[str, int]]],
                 series: Sequence[Series]) -> Markup:
    """One bar per ``(label, {series key: count})``, the series stacked in the given order.

    Each segment is a ``<rect>`` with a ``<title>`` (bucket, series and count) for hover and
    screen readers; an empty bucket draws nothing but keeps its place on the time axis.
    """
    totals = [sum(c.get(s.key, 0) for s in series) for _, c in buckets]
    top = _scale(max(totals, default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(buckets), 1)
    bar = max(slot * 0.8, 1.0)
    body: list[str] = []
    for i, (name, counts) in enumerate(buckets):
        y: float = TOP + plot_h
        x = LEFT + i * slot + (slot - bar) / 2
        for s in series:
            n = counts.get(s.key, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            body.append(f'<rect class="bar {escape(s.css)}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                        f'height="{h:.1f}"><title>{escape(name)}: {n} {escape(s.key)}</title></rect>')
    return _frame(label, top, [b for b, _ in buckets], "bars", body)


def lines(label: str, buckets: Sequence[tuple[str, Mapping[str, int]]], series: Sequence[Series]) -> Markup:
    """One polyline per series over the buckets, with a dot (and tooltip) per non-zero point."""
    top = _scale(max((c.get(s.key, 0) for _, c in buckets for s in series), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(buckets), 1)
    body: list[str] = []
    for s in series:
        points = []
        for i, (name, counts) in enumerate(buckets):
            n = counts.get(s.key, 0)
            x, y = LEFT + (i + 0.5) * slot, TOP + plot_h - plot_h * n / top
            points.append(f"{x:.1f},{y:.1f}")
            if n:
                body.append(f'<circle class="dot {escape(s.css)}" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                            f"<title>{escape(name)}: {n} {escape(s.key)}</title></circle>")
        if points:
            body.insert(0, f'<polyline class="line {escape(s.css)}" points="{" ".join(points)}"/>')
    return _frame(label, top, [b for b, _ in buckets], "lines", body)


def legend(series: Sequence[Series]) -> Markup:
    return Markup('<ul class="legend-chart">' + "".join(
        f'<li><span class="swatch {escape(s.css)}"></span>{escape(s.key)}</li>' for s in series) + "</ul>")
