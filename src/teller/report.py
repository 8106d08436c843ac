"""The short human-readable report of ``teller process`` (the JSON twin is ``--json``)."""

from __future__ import annotations

from teller.records import Actor, Analysis, Event


def _who(actors: list[Actor]) -> str:
    return " and ".join(a.name for a in actors) or "?"


def _when(event: Event) -> str:
    if not event.date:
        return "date unknown"
    low = " (low confidence)" if event.date.confidence < 0.6 else ""
    return f"{event.date.value}{low}"


def render(analysis: Analysis) -> str:
    a = analysis.article
    lines = [a.title or "(untitled)"]
    meta = [x for x in (a.source, a.published, a.url) if x]
    if meta:
        lines.append(" | ".join(meta))
    if analysis.quality is not None:
        lines.append(f"quality {analysis.quality}/100")
    if analysis.highlights:
        lines.append("")
        lines.append("Highlights:")
        lines += [f"  - {h.text}" for h in analysis.highlights]
    lines.append("")
    lines.append(f"Events ({len(analysis.events)}):")
    for e in analysis.events:
        mode = f"/{e.mode}" if e.mode else ""
        place = f" in {e.event_loc.name}" if e.event_loc else ""
        lines.append(f"  - [{e.status}] {e.event}{mode} {_who(e.actor)} -> {_who(e.recipient)}"
                     f"{place}, {_when(e)} (CAMEO {e.cameo or '-'}, confidence {e.confidence:.2f})")
        brief = analysis.briefs.get(e.id)
        if brief:
            lines.append(f"      {brief}")
    if analysis.flags:
        lines.append("")
        lines.append(f"Flags ({len(analysis.flags)}):")
        for f in analysis.flags:
            where = ", ".join(repr(s.of(a.text)) for s in f.evidence[:3])
            lines.append(f"  - {f.severity}: {f.kind}: {f.message}" + (f" [{where}]" if where else ""))
    return "\n".join(lines)
