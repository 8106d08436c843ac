"""The reader of TABARI/PETRARCH ``.verbs`` dictionaries (the CAMEO verb dictionary): synsets,
verb blocks ``--- NAME [CODE] ---``, their verbs with inflected forms, and their patterns
``- LOWER * UPPER [CODE]``. The format is summarised in ``teller.dictionaries.tabari``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from teller.dictionaries.tabari_format import (
    BRACE,
    BRACKET,
    Skips,
    dictionary_lines,
    norm_phrase,
    phrase_words,
    read_dictionary,
)


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
    skips = Skips(name)
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    block: VerbBlock | None = None
    synset: str | None = None
    for n, line, comment in dictionary_lines(read_dictionary(path)):
        where = f"{name}:{n}"
        s = line.strip()
        if m := _BLOCK_HEAD.match(s):
            synset = None
            codes = BRACKET.findall(m.group(1))
            block_name = norm_phrase(BRACKET.sub(" ", m.group(1)))
            block = VerbBlock(block_name, _clean_code(codes[0]) if codes else None)
            blocks.append(block)
            continue
        if s.startswith("&"):
            synset = "&" + s[1:].split()[0].rstrip("_").upper()
            synsets.setdefault(synset, [])
            continue
        if s.startswith("+") and synset is not None:
            member = s[1:].strip().rstrip("_").upper() if s[1:].startswith("&") else norm_phrase(s[1:])
            synsets[synset].append(member)
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
    codes = BRACKET.findall(text)
    head = BRACKET.sub(" ", text)
    irregular: list[str] = []
    if b := BRACE.search(head):
        irregular = [norm_phrase(w.lstrip("+")) for w in b.group(1).split() if w.strip("+ ")]
        head = BRACE.sub(" ", head)
    phrase = norm_phrase(head.replace("+", " "))
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
