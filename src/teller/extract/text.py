"""Plain text: title and dateline from the first lines, the rest is the article.

Kept deliberately simple (and documented in docs/ingest.md):

* the **title** is the first non-empty line when no title was given and it looks like one:
  at most :data:`TITLE_MAX_CHARS` characters and :data:`TITLE_MAX_WORDS` words, not ending in
  ``. , ; :``, and followed by more text. It is removed from the body. A Markdown ``# `` is
  stripped.
* a **dateline** — one of the next three non-empty lines that is nothing but a date/time
  (``9/14/2023, 3:42:54 PM``, ``2023-09-14T15:42+09:00``, ``14 September 2023``) — gives the
  publication time when none was given, and is removed from the body;
* a **masthead**: when the text opens with outlet, headline and dateline (a first line of at
  most :data:`MASTHEAD_MAX_WORDS` words, then a title-like line, then a dateline), the first
  line is the source (unless one was given) and the second the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teller.ingest.dates import parse_datetime
from teller.text.calendar_names import MONTH_NAMES

TITLE_MAX_CHARS = 150
TITLE_MAX_WORDS = 25
MASTHEAD_MAX_WORDS = 3
_DATELINE_MAX = 48
_DATELINE_CHARS = re.compile(r"^[\w\s,:/.+()-]+$")
_MONTHS = rf"(?:{'|'.join(name[:3].lower() for name in MONTH_NAMES)})[a-z]*\.?"
#: A full date: ISO, 9/14/2023, "September 14, 2023" or "14 September 2023" (a year alone is not).
_FULL_DATE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}",
    re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(slots=True)
class TextResult:
    text: str
    title: str | None
    published: str | None
    source: str | None = None


def split_text(text: str, *, title: str | None, published: str | None) -> TextResult:
    """Body, title, dateline (and masthead) of a plain-text article (see module doc)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    head = [i for i, line in enumerate(lines) if line.strip()][:5]
    drop: set[int] = set()
    found_title, found_source, found_published = title, None, published
    if title is None and len(head) >= 2 and _looks_like_title(lines[head[0]]):
        if (len(head) >= 4 and len(lines[head[0]].split()) <= MASTHEAD_MAX_WORDS
                and _looks_like_title(lines[head[1]]) and _dateline(lines[head[2]]) is not None):
            found_source = lines[head[0]].strip()
            found_title = _MD_HEADING.sub("", lines[head[1]].strip())
            drop.update(head[:2])
        else:
            found_title = _MD_HEADING.sub("", lines[head[0]].strip())
            drop.add(head[0])
    if published is None:
        for i in [i for i in head if i not in drop][:3]:
            when = _dateline(lines[i])
            if when is not None:
                found_published = when
                drop.add(i)
                break
    body = "\n".join(line for i, line in enumerate(lines) if i not in drop).strip()
    return TextResult(text=body, title=found_title, published=found_published, source=found_source)


def _dateline(line: str) -> str | None:
    """The ISO time of a line that is nothing but a full date (and time), else ``None``."""
    s = line.strip()
    if len(s) > _DATELINE_MAX or not _DATELINE_CHARS.match(s) or not _FULL_DATE.search(s):
        return None
    parsed = parse_datetime(s)
    return parsed[0].isoformat() if parsed is not None else None


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    return (0 < len(s) <= TITLE_MAX_CHARS and len(s.split()) <= TITLE_MAX_WORDS
            and not s.endswith((".", ",", ";", ":", "。", "、")))  # 。: a Japanese sentence
