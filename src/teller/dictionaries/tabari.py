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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from teller.errors import DataError

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


@dataclass(frozen=True)
class VerbForm:
    """A verb (or multi-word verb) in a block, its inflected forms and its own code if any."""

    phrase: str  # the base form as written, words space-joined ("BREAK DOWN")
    forms: tuple[str, ...]  # every surface form to look for (base, -S, -ED, -ING, irregulars)
    code: str | None = None


@dataclass(frozen=True)
class VerbPattern:
    """A verb pattern line ``- LOWER * UPPER [CODE]``.

    ``lower`` and ``upper`` are token lists before and after the verb (``*``); tokens are words,
    ``&SYNSET`` references, ``$`` (source), ``+`` (target), ``%`` (compound actor = both),
    ``^`` (skip one noun phrase). ``links`` holds, for each token, whether it was joined to
    the *previous* token by ``_`` (must be adjacent) rather than a blank (gaps allowed).
    ``code`` may be ``"XXX:YYY"`` (the second code is a reciprocal event) or ``"---"`` (none).
    """

    lower: tuple[str, ...]
    upper: tuple[str, ...]
    code: str
    lower_links: tuple[bool, ...] = ()
    upper_links: tuple[bool, ...] = ()
    verb_linked_lower: bool = False  # "WORD_*": the word is right before the verb
    verb_linked_upper: bool = False  # "*_WORD": the word is right after the verb
    raw: str = ""
    comment: str = ""


@dataclass
class VerbBlock:
    """``--- NAME [CODE] ---`` with its verbs and patterns."""

    name: str
    code: str | None
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[str]]  # "&CURRENCY" -> ["DOLLARS", "AUSTRIAN FLORIN", ...]
    blocks: list[VerbBlock]


# ---------------------------------------------------------------------------------------------
# shared lexical helpers

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_BRACE = re.compile(r"\{([^{}]*)\}")
_DATE_RANGE = re.compile(r"^(\d{6,8})\s*-\s*(\d{6,8})$")
_DATE_ONE = re.compile(r"^([<>])\s*(\d{6,8})$")
_WS = re.compile(r"\s+")
# a code runs to the first blank or '<'/'>' (codes may contain digits: NGOCHRPRO214)
_CODE_BODY = re.compile(r"^([^\s<>]+)\s*(.*)$")
_PHRASE_SPLIT = re.compile(r"[_\s]+")


def _read(path: Path | str) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read dictionary: {exc.strerror or exc}", item=str(p)) from exc
    # The Phoenix files are mostly ASCII with a few Latin-1 bytes; never fail on encoding.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line_number, content, comment)`` with comments removed, blanks skipped.

    ``<!-- -->`` comments are blanked (keeping newlines so line numbers stay right); the
    content keeps its leading whitespace because actor date lines are told apart by it.
    """
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    # An unterminated "<!--" comments out the rest of the file, as in PETRARCH.
    cut = text.find("<!--")
    if cut >= 0:
        text = text[:cut]
    for n, line in enumerate(text.splitlines(), 1):
        comment = ""
        if line.lstrip().startswith("<!"):  # a mangled "<! -- ... -->" comment line
            continue
        hash_at = line.find("#")
        semi_at = line.find(";")
        cuts = [i for i in (hash_at, semi_at) if i >= 0]
        if cuts:
            at = min(cuts)
            comment = line[at + 1 :].strip(" #;\t")
            line = line[:at]
        if line.strip():
            yield n, line.rstrip(), comment


def phrase_words(phrase: str) -> list[str]:
    """``"PRESIDENT_GEORGE_W._BUSH_"`` -> ``["PRESIDENT", "GEORGE", "W.", "BUSH"]``."""
    return [w for w in _PHRASE_SPLIT.split(phrase.strip()) if w]


def _norm_phrase(phrase: str) -> str:
    return " ".join(phrase_words(phrase)).upper()


def parse_date(text: str) -> date:
    """``YYYYMMDD`` or ``YYMMDD`` (YY 00-30 = 20YY, else 19YY, as in KEDS/TABARI)."""
    s = text.strip()
    if not s.isdigit() or len(s) not in (6, 8):
        raise ValueError(f"bad dictionary date {text!r}")
    if len(s) == 6:
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return date(year, int(s[2:4]), int(s[4:6]))
    return date(int(s[:4]), int(s[4:6]), int(s[6:8]))


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


class _Skips:
    """Malformed lines of one file: each logged at DEBUG, one WARNING summary per file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []

    def add(self, fmt: str, *args: object) -> None:
        msg = fmt % args
        self.lines.append(msg)
        log.debug("%s", msg)

    def report(self) -> None:
        if self.lines:
            log.warning("%s: %d malformed line(s) skipped, e.g. %s", self.name, len(self.lines), self.lines[0])


# ---------------------------------------------------------------------------------------------
# actors


def parse_actors(path: Path | str) -> list[ActorEntry]:
    """Read a TABARI/PETRARCH ``.actors`` dictionary into entries, in file order.

    A primary phrase starts an entry (its inline ``[CODE ...]`` groups are codes too), ``+``
    lines add synonyms, indented ``[...]`` lines add dated codes. Entries with no code at all
    are kept (PETRARCH treats them as the null code) so a caller can see the names.
    """
    name = Path(path).name
    skips = _Skips(name)
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for n, line, comment in _lines(_read(path)):
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
    bodies = _BRACKET.findall(text)
    name = _BRACKET.sub(" ", text)
    return _norm_phrase(name), bodies


def _add_codes(entry: ActorEntry, text: str, where: str, skips: _Skips) -> None:
    for body in _BRACKET.findall(text):
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
    skips = _Skips(name)
    subst: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for n, line, comment in _lines(_read(path)):
        where = f"{name}:{n}"
        if m := _SUBST_DEF.match(line):
            subst[m.group(1).upper()] = [w.strip().upper() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _BRACKET.findall(line)
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
        head = _BRACKET.sub(" ", line)
        brace = _BRACE.search(head)
        explicit = None
        if brace:
            explicit = [_norm_phrase(p) for p in brace.group(1).split() if p.strip()]
            head = _BRACE.sub(" ", head)
        bases = _expand_subst(head.strip(), subst, skips)
        names: list[str] = []
        for base in bases:
            has_marker = _SUBST_USE.search(head) is not None
            norm = _norm_phrase(base)
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


def _expand_subst(phrase: str, subst: dict[str, list[str]], skips: _Skips) -> list[str]:
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
    for _n, line, comment in _lines(_read(path)):
        s = line.strip()
        story = s.startswith("+")
        phrase = _norm_phrase(s[1:] if story else s)
        if phrase:
            out.append(DiscardEntry(phrase, story, comment))
    return out


# ---------------------------------------------------------------------------------------------
# verbs

_BLOCK_HEAD = re.compile(r"^\s*-{3}\s*(.*?)\s*-{3}\s*$")
_PATTERN_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")


def parse_verbs(path: Path | str) -> VerbDictionary:
    """Read a TABARI/PETRARCH ``.verbs`` dictionary: synsets, verb blocks and their patterns.

    Synsets may be defined anywhere (before or after use) and may contain other synsets; they
    are expanded lazily by the matcher. Patterns written in PETRARCH2's parser syntax
    (``(...)`` prepositional phrases, ``{...}`` noun phrases) are read with the brackets
    dropped, which keeps their words as plain sequence constraints.
    """
    name = Path(path).name
    skips = _Skips(name)
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    block: VerbBlock | None = None
    synset: str | None = None
    for n, line, comment in _lines(_read(path)):
        where = f"{name}:{n}"
        s = line.strip()
        if m := _BLOCK_HEAD.match(s):
            synset = None
            codes = _BRACKET.findall(m.group(1))
            block_name = _norm_phrase(_BRACKET.sub(" ", m.group(1)))
            block = VerbBlock(block_name, _clean_code(codes[0]) if codes else None)
            blocks.append(block)
            continue
        if s.startswith("&"):
            synset = "&" + s[1:].split()[0].rstrip("_").upper()
            synsets.setdefault(synset, [])
            continue
        if s.startswith("+") and synset is not None:
            synsets[synset].append(_norm_phrase(s[1:]) if not s[1:].startswith("&") else s[1:].strip().rstrip("_").upper())
            continue
        synset = None
        if block is None:
            skips.add("%s: line outside a --- block ---, skipped", where)
            continue
        if s.startswith("-"):
            try:
                block.patterns.append(_parse_pattern(s[1:], comment))
            except ValueError as exc:
                skips.add("%s: %s, skipped", where, exc)
            continue
        try:
            block.verbs.append(_parse_verb(s.lstrip("+")))
        except ValueError as exc:
            skips.add("%s: %s, skipped", where, exc)
    skips.report()
    return VerbDictionary(synsets, blocks)


def _clean_code(code: str) -> str | None:
    c = code.strip().replace(" ", "")
    return c or None


def _parse_verb(text: str) -> VerbForm:
    codes = _BRACKET.findall(text)
    head = _BRACKET.sub(" ", text)
    irregular: list[str] = []
    if b := _BRACE.search(head):
        irregular = [_norm_phrase(w.lstrip("+")) for w in b.group(1).split() if w.strip("+ ")]
        head = _BRACE.sub(" ", head)
    phrase = _norm_phrase(head.replace("+", " "))
    if not phrase:
        raise ValueError(f"verb line without a verb: {text!r}")
    forms = [phrase, *irregular]
    forms.extend(_regular_forms(phrase, head))
    return VerbForm(phrase, tuple(dict.fromkeys(forms)), _clean_code(codes[0]) if codes else None)


def _regular_forms(phrase: str, written: str) -> list[str]:
    """-S, -ED, -ING forms of the verb word (the first word of a phrasal verb, "BREAK DOWN").

    In a multi-word verb PETRARCH marks the verb word with ``+`` ("WIRE_+TAP"); else the first.
    """
    words = phrase.split(" ")
    idx = 0
    plus = [i for i, w in enumerate(phrase_words(written)) if w.startswith("+")]
    if plus:
        idx = plus[0]
    w = words[idx]
    forms = []
    for inflected in _inflect(w):
        forms.append(" ".join(words[:idx] + [inflected] + words[idx + 1 :]))
    return forms


def _inflect(w: str) -> list[str]:
    if w.endswith("E") and not w.endswith("EE"):
        stem = w[:-1]
        return [w + "S", w + "D", stem + "ING"]
    if w.endswith("Y") and len(w) > 1 and w[-2] not in "AEIOU":
        return [w[:-1] + "IES", w[:-1] + "IED", w + "ING"]
    if w.endswith(("S", "SH", "CH", "X", "Z")):
        return [w + "ES", w + "ED", w + "ING"]
    out = [w + "S", w + "ED", w + "ING"]
    # consonant-vowel-consonant endings may double (BAN -> BANNED, ADMIT -> ADMITTED); an
    # extra form that never occurs costs nothing, a missing one loses events
    if len(w) >= 3 and w[-1] not in "AEIOUWXY" and w[-2] in "AEIOU" and w[-3] not in "AEIOU":
        out += [w + w[-1] + "ED", w + w[-1] + "ING"]
    return out


_TOKEN_SPLIT = re.compile(r"([ _]+)")


def _parse_pattern(text: str, comment: str) -> VerbPattern:
    m = _PATTERN_CODE.search(text)
    if not m:
        raise ValueError(f"pattern without [code]: {text.strip()!r}")
    code = m.group(1).replace(" ", "")
    body = text[: m.start()]
    # PETRARCH2 syntax: () and {} group words under the parse; read them as plain words.
    body = re.sub(r"[(){}]", " ", body).strip()
    if "*" not in body:
        raise ValueError(f"pattern without '*': {text.strip()!r}")
    star = body.index("*")
    lower_txt, upper_txt = body[:star], body[star + 1 :]
    lower, lower_links = _pattern_tokens(lower_txt)
    upper, upper_links = _pattern_tokens(upper_txt)
    return VerbPattern(
        lower=tuple(lower),
        upper=tuple(upper),
        code=code,
        lower_links=tuple(lower_links),
        upper_links=tuple(upper_links),
        verb_linked_lower=lower_txt.endswith("_"),
        verb_linked_upper=upper_txt.startswith("_"),
        raw=text.strip(),
        comment=comment,
    )


def _pattern_tokens(text: str) -> tuple[list[str], list[bool]]:
    """Tokens and, for each, whether it is glued to the previous token by ``_``."""
    tokens: list[str] = []
    links: list[bool] = []
    glued = False
    for part in _TOKEN_SPLIT.split(text):
        if not part:
            continue
        if part.strip(" _") == "" :
            glued = "_" in part
            continue
        tokens.append(part.upper())
        links.append(glued and len(tokens) > 1)
        glued = False
    return tokens, links


# ---------------------------------------------------------------------------------------------
# which file is which


def dictionary_kind(path: Path | str) -> Literal["verbs", "actors", "agents", "discards"]:
    """Tell a dictionary's kind from its file name, else from its content."""
    low = Path(path).name.lower()
    for kind in ("verbs", "actors", "agents", "discards"):
        if kind in low or kind.rstrip("s") + "." in low:
            return kind  # type: ignore[return-value]
    if "cameo" in low or "verbpattern" in low:
        return "verbs"
    text = _read(path)
    if re.search(r"^\s*-{3}.*\[.*\]\s*-{3}\s*$", text, re.M):
        return "verbs"
    if re.search(r"\[\s*~|~\s*\]", text):
        return "agents"
    if re.search(r"^\s*\+?[^\[\]\s][^\[\]]*\[[^\]]+\]", text, re.M):
        return "actors"
    return "discards"
