"""Plain text: title and dateline from the first lines, the rest is the article.

Kept deliberately simple (and documented in docs/ingest.md):

* the **title** is the first non-empty line when no title was given and it looks like one:
  at most :data:`TITLE_MAX_CHARS` characters and :data:`TITLE_MAX_WORDS` words, not ending in
  ``. , ; :``, and followed by more text. It is removed from the body. A Markdown ``# `` is
  stripped.
* a **dateline** — one of the next three non-empty lines that is nothing but a date/time
  (``9/14/2023, 3:42:54 PM``, ``2023-09-14T15:42+09:00``, ``14 September 2023``) — gives the
  publication time when none was given, and is removed from the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teller.ingest.dates import parse_datetime

TITLE_MAX_CHARS = 150
TITLE_MAX_WORDS = 25
_DATELINE_MAX = 48
_DATELINE_CHARS = re.compile(r"^[\w\s,:/.+()-]+$")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A full date: ISO, 9/14/2023, "September 14, 2023" or "14 September 2023" (a year alone is not).
_FULL_DATE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(slots=True)
class TextResult:
    text: str
    title: str | None
    published: str | None


def split_text(text: str, *, title: str | None, published: str | None) -> TextResult:
    """Body, title and dateline of a plain-text article (see module doc)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found_title = title
    i = _next_nonblank(lines, 0)
    if title is None and i is not None and _looks_like_title(lines[i]) and _next_nonblank(lines, i + 1) is not None:
        found_title = _MD_HEADING.sub("", lines[i].strip())
        lines = lines[i + 1 :]
    found_published = published
    if published is None:
        lines, found_published = _take_dateline(lines)
    return TextResult(text="\n".join(lines).strip(), title=found_title, published=found_published)


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    return (0 < len(s) <= TITLE_MAX_CHARS and len(s.split()) <= TITLE_MAX_WORDS
            and not s.endswith((".", ",", ";", ":")))


def _take_dateline(lines: list[str]) -> tuple[list[str], str | None]:
    seen = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > 3:
            break
        if len(s) <= _DATELINE_MAX and _DATELINE_CHARS.match(s) and _FULL_DATE.search(s):
            parsed = parse_datetime(s)
            if parsed is not None:
                return lines[:i] + lines[i + 1 :], parsed[0].isoformat()
    return lines, None
