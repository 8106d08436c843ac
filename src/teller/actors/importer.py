"""Import PETRARCH/TABARI actor dictionaries into the knowledge-base format.

Event-data projects keep years of curated actor knowledge in TABARI-format ``.actors`` files
(the Phoenix country, international and non-state lists): names with synonyms and CAMEO codes,
dated for people ("FUMIO_KISHIDA_ [JPNGOV 070901-080831]"). Parsing is shared with the event
coder (:func:`teller.dictionaries.tabari.parse_actors`); this module turns the entries into
:class:`~teller.records.Actor` records and writes them as an ``actors`` TSV file
(``docs/actors.md``) that :meth:`KnowledgeBase.load` reads beside the curated files.

Country entries (a bare country code) are left out: the curated ``states.tsv`` covers every
state with names, adjectives and capitals. People are entries with dated codes or from the
CountryInfo lists; the rest become groups (``org:`` ids) with their code.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from teller.actors.kb import norm
from teller.dictionaries.tabari import ActorEntry, parse_actors
from teller.errors import DataError
from teller.records import Actor

if TYPE_CHECKING:
    from teller.actors.kb import KnowledgeBase

_SLUG_BAD = re.compile(r"[^a-z0-9]+")
_COLUMNS = ("actor", "name", "kind", "country", "cameo", "start", "end", "aliases")


def _title(phrase: str) -> str:
    """'YOKO KAMIKAWA' -> 'Yoko Kamikawa'; keeps dotted initials and acronyms short."""
    words = []
    for w in phrase.split():
        words.append(w if (len(w) <= 3 and "." in w) else w.capitalize() if w.isupper() else w)
    return " ".join(words).replace(" - ", "-")


def _slug(name: str) -> str:
    from teller.actors.kb import fold

    return _SLUG_BAD.sub("-", fold(name.lower())).strip("-")


def _kind(entry: ActorEntry, kb: KnowledgeBase) -> str:
    codes = [c.code for c in entry.codes]
    if not codes:
        return "none"
    if all(len(c) == 3 and c.isalpha() for c in codes) and not any(not c.is_default for c in entry.codes):
        return "state"
    if any(kind == "state" for kind, _ in kb.names.get(norm(entry.names[0]), [])):
        return "state"  # a country with dated codes ("UKRAINE [USRUKR <910825] [UKR >910825]")
    if "CountryInfo" in entry.comment or any(not c.is_default for c in entry.codes):
        return "person"
    head = codes[0]
    if head.startswith("IGO"):
        return "igo"
    if head.startswith("NGO"):
        return "ngo"
    return "group"


def _generic_words(kb: KnowledgeBase) -> frozenset[str]:
    """Words of titles, state names and adjectives: a phrase made only of them names no one."""
    words: set[str] = set()
    for key in [*kb.titles, *kb.adjectives, *kb.bodies]:
        words.update(key.split())
    for key, refs in kb.names.items():
        if any(kind in ("state", "org") for kind, _ in refs):
            words.update(key.split())
    for key in kb.titles:  # "secretary-general" as one word too
        words.update(key.replace("-", " ").split())
    words.update({"the", "of", "and", "former", "new", "top", "chief", "official", "officials", "spokesman",
                  "spokeswoman", "spokesperson", "leader", "head", "deputy", "vice", "acting"})
    return frozenset(words)


def _only_generic(phrase: str, generic: frozenset[str]) -> bool:
    return all(w in generic for w in norm(phrase).split())


def _strip_titles(phrase: str, generic: frozenset[str]) -> str:
    """Leading title and country words off a person's or group's name, if a name remains."""
    words = phrase.split()
    k = 0
    while k < len(words) - 1 and norm(words[k]) in generic:
        k += 1
    return " ".join(words[k:]) if k < len(words) else phrase


def import_dictionary(path: str | Path) -> list[Actor]:
    """One :class:`Actor` per person role (dated code) or group in a TABARI actor dictionary.

    A person's ``role_start``/``role_end`` are the code's dates; TABARI end dates are inclusive,
    converted here to the knowledge base's exclusive end (the first day out of the role).
    """
    from teller.actors.kb import KnowledgeBase

    kb = KnowledgeBase.default()
    out: list[Actor] = []
    generic = _generic_words(kb)
    for entry in parse_actors(path):
        if not entry.names:
            continue
        kind = _kind(entry, kb)
        if kind in ("state", "none"):
            continue
        # "UKRAINIAN FOREIGN MINISTER", "PRESIDENT OF THE UNITED STATES": offices, not names;
        # teller's titles and dated holders resolve those, so such names are dropped, and a
        # title before a name is cut ("SECRETARY-GENERAL BAN KI-MOON" -> "Ban Ki-moon")
        names = [_strip_titles(_title(n), generic) for n in entry.names]
        names = [n for n in dict.fromkeys(names) if n and not _only_generic(n, generic)]
        if not names:
            continue
        name, aliases = names[0], names[1:]
        prefix = "person" if kind == "person" else "org"
        aid = f"{prefix}:{_slug(name)}"
        if aid == f"{prefix}:":
            continue
        for dc in entry.codes:
            country = kb._cameo_codes.get(dc.code[:3])
            out.append(Actor(
                id=aid, name=name, kind=kind, country=country, cameo=dc.code,
                sector=dc.code[3:6] if len(dc.code) >= 6 else None,
                role_start=dc.start.isoformat() if dc.start else None,
                role_end=(dc.end + timedelta(days=1)).isoformat() if dc.end else None,
                aliases=aliases,
            ))
    return out


def to_tsv(actors: list[Actor], source: str) -> str:
    """The ``actors`` knowledge-base file for ``actors`` (aliases on each actor's first row)."""
    lines = [f"# Imported from {source} by `teller actors import` (PETRARCH/TABARI actor dictionary).",
             "# One row per dated CAMEO code; end = first day out of the role. See docs/actors.md.",
             "\t".join(_COLUMNS)]
    seen: set[str] = set()
    for a in actors:
        first = a.id not in seen
        seen.add(a.id)
        aliases = "|".join(x.replace("\t", " ").replace("|", " ") for x in a.aliases) if first else ""
        lines.append("\t".join([a.id, a.name, a.kind, a.country or "", a.cameo or "", a.role_start or "",
                                a.role_end or "", aliases]))
    return "\n".join(lines) + "\n"


def import_dictionary_cli(path: str | Path, out: str | Path | None = None) -> str:
    """Import ``path``; write the ``actors`` TSV to ``out`` when given; return a summary line."""
    p = Path(path)
    actors = import_dictionary(p)
    people = {a.id for a in actors if a.kind == "person"}
    groups = {a.id for a in actors if a.kind != "person"}
    roles = sum(1 for a in actors if a.kind == "person")
    summary = f"{p.name}: {len(people)} people ({roles} dated roles), {len(groups)} groups/organisations"
    if out is None:
        return summary + " (use --out FILE to write them)"
    o = Path(out)
    try:
        o.write_text(to_tsv(actors, p.name), encoding="utf-8")
    except OSError as err:
        raise DataError(f"cannot write ({err.strerror})", item=str(o)) from None
    return f"{summary} -> {o}"
