"""The lexical layer of TABARI/PETRARCH dictionary files, shared by the actor, agent, discard
(``teller.dictionaries.tabari``) and verb (``teller.dictionaries.tabari_verbs``) readers:
reading a file whatever its encoding, comments, phrases, dates and the log of skipped lines."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from teller.errors import DataError

log = logging.getLogger("teller.dictionaries.tabari")

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
BRACKET = re.compile(r"\[([^\[\]]*)\]")
BRACE = re.compile(r"\{([^{}]*)\}")
_PHRASE_SPLIT = re.compile(r"[_\s]+")


def read_dictionary(path: Path | str) -> str:
    """The text of a dictionary file (UTF-8, else Latin-1); ``DataError`` if unreadable."""
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


def dictionary_lines(text: str) -> Iterator[tuple[int, str, str]]:
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


def norm_phrase(phrase: str) -> str:
    """A phrase as upper-case words joined by blanks."""
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



class Skips:
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

