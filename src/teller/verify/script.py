"""Script checks: stray characters of another writing system, and encoding debris.

Machine translation and careless copy-paste leave characters of the source script in the
English text (a lone 态 glued to an English word). Legitimate foreign script in an English
article is nearly always set off: a name in parentheses "(花前態舞)", a quotation, or a line of
its own. So the check flags only foreign letters that are *not* set off: glued to a Latin word,
or a run of at most a few characters sitting inside a Latin line. Articles mostly written in
another script (Russian, Korean pages) are not checked at all.

Unicode script properties would need the third-party ``regex`` module's ``\\p{Script}``; the
handful of block ranges below is enough here and keeps the check dependency-free.
"""

from __future__ import annotations

import re

from teller.records import Flag, Span
from teller.verify.text import inside_any, quoted_spans

# Scripts that do not belong in English prose. Greek is left out on purpose: α, β, Δ, μ are
# ordinary in science and finance copy.
_FOREIGN = (
    "\u0400-\u04ff"  # Cyrillic
    "\u0590-\u05ff"  # Hebrew
    "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"  # Arabic (+ presentation forms)
    "\u0900-\u097f"  # Devanagari
    "\u0e00-\u0e7f"  # Thai
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul
)
_FOREIGN_RUN = re.compile(f"[{_FOREIGN}]+(?:[ \u3000]?[{_FOREIGN}]+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_FOREIGN_LETTER = re.compile(f"[{_FOREIGN}]")
_BRACKETED = re.compile(r"[(\[（【「『《〈][^)\]）】」』》〉\n]{0,80}[)\]）】」』》〉]")

#: The longest unset-off foreign run still taken as debris rather than a deliberate passage.
MAX_STRAY_CHARS = 3

# Mojibake: UTF-8 read as Latin-1/cp1252 ("â€™" for ’, "Ã©" for é) and the replacement char.
_MOJIBAKE = re.compile("\ufffd+|â€[\u0080-\u00bf\u2018-\u201e\u2020-\u2122œžŸ]?|Ã[\u0080-\u00bf]")


def latin_dominant(text: str) -> bool:
    """True when Latin letters are at least 90% of the Latin + checked-script letters."""
    latin = len(_LATIN_LETTER.findall(text))
    foreign = len(_FOREIGN_LETTER.findall(text))
    return latin > 0 and latin >= 9 * foreign


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, line_end if line_end >= 0 else len(text)


def foreign_script(text: str) -> list[Flag]:
    """``foreign_script`` warnings for stray foreign-script characters in Latin-script text."""
    if not _FOREIGN_LETTER.search(text) or not latin_dominant(text):
        return []
    set_off = quoted_spans(text) + [Span(m.start(), m.end()) for m in _BRACKETED.finditer(text)]
    flags: list[Flag] = []
    for m in _FOREIGN_RUN.finditer(text):
        span = Span(m.start(), m.end())
        if inside_any(span, set_off):
            continue
        line_start, line_end = _line_bounds(text, m.start(), m.end())
        line = text[line_start:line_end]
        if not latin_dominant(line):
            continue  # a foreign line of its own (a quoted verse, a bilingual caption)
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        glued = before.isalnum() or after.isalnum()
        if not glued and len(m.group().replace(" ", "")) > MAX_STRAY_CHARS:
            continue
        flags.append(Flag(
            kind="foreign_script",
            severity="warning",
            message=f"stray foreign-script text {m.group()!r} inside English text",
            evidence=[span],
        ))
    return flags


def encoding_debris(text: str) -> list[Flag]:
    """``encoding_debris`` warnings for mojibake and U+FFFD replacement characters."""
    flags: list[Flag] = []
    if "\ufffd" not in text and "â€" not in text and "Ã" not in text:
        return flags
    for m in _MOJIBAKE.finditer(text):
        flags.append(Flag(
            kind="encoding_debris",
            severity="warning",
            message=f"text decoded with the wrong character set ({m.group()!r})",
            evidence=[Span(m.start(), m.end())],
        ))
    return flags[:5]  # one broken page can have hundreds; five make the point
