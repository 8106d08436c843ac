"""Readers for TABARI/PETRARCH dictionaries: actors, agents, verb patterns and discards.

Event-data researchers keep decades of curated knowledge in these flat files (the CAMEO verb
dictionary, the Phoenix country/international/non-state actor lists with dated roles, agent
lists, discard lists). No maintained Python library reads them: PETRARCH's own reader is
Python 2, mixes parsing with global coder state and cannot be installed, so teller reads the
format itself. The readers are tolerant, like PETRARCH: a malformed line is logged and skipped
(one typo must not lose a 50,000-line dictionary), while an unreadable file raises
``DataError``.

Format summary (see docs/dictionaries.md for the full description):

* comments: ``# ...`` and legacy ``; ...`` to end of line, ``<!-- ... -->`` possibly spanning
  lines; blank lines are skipped.
* phrases: words joined by ``_`` (must be adjacent) or a blank (other words may intervene); a
  trailing ``_`` means "no automatic plural / exact word".
* actors: ``PRIMARY_PHRASE [CODE]`` then ``+SYNONYM`` lines then indented dated codes
  ``[CODE 19950601-990815]``, ``[CODE >date]``, ``[CODE <date]``, ``[CODE]`` (default).
  Dates are ``YYYYMMDD`` or ``YYMMDD`` (YY 00-30 means 20YY, else 19YY); limits are inclusive.
* agents: ``PHRASE {PLURALS} [~CODE]`` (``~CODE`` is appended to the actor code, ``CODE~``
  prepended) and substitution sets ``!PERSON! = MAN, MEN, ...``.
* verbs: synsets ``&NAME`` + ``+phrase`` lines, blocks ``--- NAME [CODE] ---`` of verbs
  ``VERB {IRREGULAR FORMS} [CODE]`` and patterns ``- words * words [CODE]``.
* discards: one phrase a line; a leading ``+`` discards the whole story.
"""


from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from teller.dictionaries.tabari_format import (
    BRACE,
    BRACKET,
    Skips,
    dictionary_lines,
    norm_phrase,
    parse_date,
    phrase_words,
    read_dictionary,
)
from teller.dictionaries.tabari_verbs import (
    VerbBlock,
    VerbDictionary,
    VerbForm,
    VerbPattern,
    parse_verbs,
)

log = logging.getLogger(__name__)

__all__ = [
    "DatedCode",
    "ActorEntry",
    "AgentEntry",
    "DiscardEntry",
    "VerbForm",
    "VerbPattern",
    "VerbBlock",
    "VerbDictionary",
    "parse_actors",
    "parse_agents",
    "parse_verbs",
    "parse_discards",
    "parse_date",
    "phrase_words",
    "dictionary_kind",
]

# ---------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class DatedCode:
    """A CAMEO actor code valid from ``start`` to ``end`` (both inclusive; None = open)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def is_default(self) -> bool:
        return self.start is None and self.end is None

    def applies(self, when: date | None) -> bool:
        """True when this code holds on ``when`` (an undated question only matches defaults)."""
        if when is None:
            return self.is_default
        if self.start is not None and when < self.start:
            return False
        if self.end is not None and when > self.end:
            return False
        return True


@dataclass
class ActorEntry:
    """One actor record: the primary name first, then synonyms; codes with their dates."""

    names: list[str]
    codes: list[DatedCode] = field(default_factory=list)
    comment: str = ""
    source: str = ""  # "file:line" of the primary phrase, for messages

    def code_on(self, when: date | None) -> str | None:
        """The code that holds on ``when``: the first dated match, else the default.

        With ``when=None`` the default is used; an entry that only has dated codes then
        answers with its most recent one, since news is usually about the present.
        """
        if when is not None:
            for dc in self.codes:
                if not dc.is_default and dc.applies(when):
                    return dc.code
        for dc in self.codes:
            if dc.is_default:
                return dc.code
        if when is None and self.codes:
            return max(self.codes, key=lambda d: d.start or d.end or date.min).code
        return None


@dataclass(frozen=True)
class AgentEntry:
    """An agent phrase (``PRESIDENT``, ``RIGHTS GROUP``) and the code it adds to an actor.

    ``position`` is ``"suffix"`` for ``[~GOV]`` (USA + GOV = USAGOV) and ``"prefix"`` for
    ``[NGO~]`` (NGO + USA = NGOUSA).
    """

    names: tuple[str, ...]
    code: str
    position: Literal["suffix", "prefix"] = "suffix"
    comment: str = ""

    def compose(self, actor_code: str) -> str:
        """Combine with an actor code, never repeating a code the actor already ends with."""
        if self.position == "prefix":
            return actor_code if actor_code.startswith(self.code) else self.code + actor_code
        return actor_code if actor_code.endswith(self.code) else actor_code + self.code


@dataclass(frozen=True)
class DiscardEntry:
    """A phrase whose presence stops coding of the sentence (or the story, ``story=True``)."""

    phrase: str
    story: bool = False
    comment: str = ""


# ---------------------------------------------------------------------------------------------
# dates of actor codes

_DATE_RANGE = re.compile(r"^(\d{6,8})\s*-\s*(\d{6,8})$")
_DATE_ONE = re.compile(r"^([<>])\s*(\d{6,8})$")
# a code runs to the first blank or '<'/'>' (codes may contain digits: NGOCHRPRO214)
_CODE_BODY = re.compile(r"^([^\s<>]+)\s*(.*)$")


def _dated_code(body: str) -> DatedCode:
    """Parse the inside of ``[...]``: ``CODE``, ``CODE >d``, ``CODE <d``, ``CODE d1-d2``."""
    body = body.strip()
    m = _CODE_BODY.match(body)
    if not m or not m.group(1):
        raise ValueError(f"bad code {body!r}")
    code, restr = m.group(1), (m.group(2) or "").strip()
    if not restr:
        return DatedCode(code)
    if r := _DATE_ONE.match(restr):
        d = parse_date(r.group(2))
        return DatedCode(code, start=d) if r.group(1) == ">" else DatedCode(code, end=d)
    if r := _DATE_RANGE.match(restr):
        return DatedCode(code, start=parse_date(r.group(1)), end=parse_date(r.group(2)))
    raise ValueError(f"bad date restriction {restr!r}")



# actors


def parse_actors(path: Path | str) -> list[ActorEntry]:
    """Read a TABARI/PETRARCH ``.actors`` dictionary into entries, in file order.

    A primary phrase starts an entry (its inline ``[CODE ...]`` groups are codes too), ``+``
    lines add synonyms, indented ``[...]`` lines add dated codes. Entries with no code at all
    are kept (PETRARCH treats them as the null code) so a caller can see the names.
    """
    name = Path(path).name
    skips = Skips(name)
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for n, line, comment in dictionary_lines(read_dictionary(path)):
        stripped = line.strip()
        where = f"{name}:{n}"
        if stripped.startswith("["):  # a date restriction (indented) or a stray code line
            if current is None:
                skips.add("%s: code line before any actor, skipped", where)
                continue
            _add_codes(current, stripped, where, skips)
            continue
        if stripped.startswith("+"):
            if current is None:
                skips.add("%s: synonym before any actor, skipped", where)
                continue
            phrase, _ = _split_codes(stripped[1:])
            if phrase:
                current.names.append(phrase)
            _add_codes(current, stripped, where, skips)
            continue
        phrase, _ = _split_codes(stripped)
        if not phrase:
            skips.add("%s: actor line without a name, skipped", where)
            continue
        current = ActorEntry(names=[phrase], comment=comment, source=where)
        entries.append(current)
        _add_codes(current, stripped, where, skips)
    skips.report()
    return entries


def _split_codes(text: str) -> tuple[str, list[str]]:
    """Split ``NAME_ [A] [B]`` into the normalised name and the bracket bodies."""
    bodies = BRACKET.findall(text)
    name = BRACKET.sub(" ", text)
    return norm_phrase(name), bodies


def _add_codes(entry: ActorEntry, text: str, where: str, skips: Skips) -> None:
    for body in BRACKET.findall(text):
        try:
            entry.codes.append(_dated_code(body))
        except ValueError as exc:
            skips.add("%s: %s, skipped", where, exc)


# ---------------------------------------------------------------------------------------------
# agents

_SUBST_DEF = re.compile(r"^\s*(![A-Z0-9_]+!)\s*=\s*(.+)$", re.I)
_SUBST_USE = re.compile(r"![A-Z0-9_]+!", re.I)


def plural_forms(word_phrase: str) -> list[str]:
    """Regular English plural of the phrase's last word (PETRARCH's rule: +S, Y->IES, SS->ES)."""
    words = word_phrase.split(" ")
    last = words[-1]
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        plural = last[:-1] + "IES"
    elif last.endswith(("SS", "SH", "CH", "X")):
        plural = last + "ES"
    elif last.endswith("S"):
        return []
    else:
        plural = last + "S"
    return [" ".join(words[:-1] + [plural])]


def parse_agents(path: Path | str) -> list[AgentEntry]:
    """Read a PETRARCH ``.agents`` dictionary (substitution sets expanded, plurals generated)."""
    name = Path(path).name
    skips = Skips(name)
    subst: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for n, line, comment in dictionary_lines(read_dictionary(path)):
        where = f"{name}:{n}"
        if m := _SUBST_DEF.match(line):
            subst[m.group(1).upper()] = [w.strip().upper() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = BRACKET.findall(line)
        if not codes:
            skips.add("%s: agent without [code], skipped", where)
            continue
        raw_code = codes[0].replace(" ", "")
        if raw_code.startswith("~"):
            code, position = raw_code[1:], "suffix"
        elif raw_code.endswith("~"):
            code, position = raw_code[:-1], "prefix"
        else:
            code, position = raw_code, "suffix"
        if not code:
            skips.add("%s: empty agent code, skipped", where)
            continue
        head = BRACKET.sub(" ", line)
        brace = BRACE.search(head)
        explicit = None
        if brace:
            explicit = [norm_phrase(p) for p in brace.group(1).split() if p.strip()]
            head = BRACE.sub(" ", head)
        bases = _expand_subst(head.strip(), subst, skips)
        names: list[str] = []
        for base in bases:
            has_marker = _SUBST_USE.search(head) is not None
            norm = norm_phrase(base)
            if not norm:
                continue
            names.append(norm)
            # substitution sets already list their plurals; "{}" means no plural; "_" ending too
            if explicit is None and not has_marker and not base.rstrip().endswith("_"):
                names.extend(plural_forms(norm))
        if explicit:
            names.extend(explicit)
        if not names:
            skips.add("%s: agent without a phrase, skipped", where)
            continue
        entries.append(AgentEntry(tuple(dict.fromkeys(names)), code, position, comment))  # type: ignore[arg-type]
    skips.report()
    return entries


def _expand_subst(phrase: str, subst: dict[str, list[str]], skips: Skips) -> list[str]:
    m = _SUBST_USE.search(phrase)
    if not m:
        return [phrase]
    options = subst.get(m.group(0).upper())
    if not options:
        skips.add("unknown substitution set %s in %r", m.group(0), phrase)
        return []
    out: list[str] = []
    for opt in options:
        out.extend(_expand_subst(phrase[: m.start()] + opt + phrase[m.end() :], subst, skips))
    return out


# ---------------------------------------------------------------------------------------------
# discards


def parse_discards(path: Path | str) -> list[DiscardEntry]:
    """Read a discard list: ``PHRASE`` (sentence-level) or ``+PHRASE`` (story-level)."""
    out: list[DiscardEntry] = []
    for _n, line, comment in dictionary_lines(read_dictionary(path)):
        s = line.strip()
        story = s.startswith("+")
        phrase = norm_phrase(s[1:] if story else s)
        if phrase:
            out.append(DiscardEntry(phrase, story, comment))
    return out



# ---------------------------------------------------------------------------------------------
# which file is which


def dictionary_kind(path: Path | str) -> Literal["verbs", "actors", "agents", "discards"]:
    """Tell a dictionary's kind from its file name, else from its content."""
    low = Path(path).name.lower()
    for kind in ("verbs", "actors", "agents", "discards"):
        if kind in low or kind.rstrip("s") + "." in low:
            return kind
    if "cameo" in low or "verbpattern" in low:
        return "verbs"
    text = read_dictionary(path)
    if re.search(r"^\s*-{3}.*\[.*\]\s*-{3}\s*$", text, re.M):
        return "verbs"
    if re.search(r"\[\s*~|~\s*\]", text):
        return "agents"
    if re.search(r"^\s*\+?[^\[\]\s][^\[\]]*\[[^\]]+\]", text, re.M):
        return "actors"
    return "discards"
