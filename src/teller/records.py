"""The typed records every stage speaks.

Plain slotted dataclasses: cheap to build in the hot path (thousands per second), and turned into
JSON by :func:`to_dict`. The JSON is the pinned output contract of ``teller process --json`` and the
API (:mod:`teller.schema`, ``docs/interfaces.md``): ``to_dict`` emits every field except those
marked ``Internal`` (kept for the stages and pages, not printed), and the tests hold the schema and
these classes to the same keys. Times are ISO 8601 strings *with an offset*, never naive.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field

from teller.schema import SCHEMA_VERSION

EventStatus = Literal["happened", "planned", "hypothetical", "denied"]
Severity = Literal["info", "warning", "error"]

#: Marks a field that is not part of the output contract: ``to_dict`` and the API (Pydantic) leave it out.
Internal = Field(exclude=True)

#: The 16 PLOVER event types (PLOVER manual, 2021).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)


def content_id(prefix: str, *parts: object) -> str:
    """A deterministic id: ``prefix`` + the first 16 hex digits of a SHA-256 over ``parts``.

    Ids are content hashes so that re-running the same input is idempotent.
    """
    h = hashlib.sha256()
    for p in parts:
        h.update(json.dumps(p, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
        h.update(b"\x1f")
    return f"{prefix}_{h.hexdigest()[:16]}"


@dataclass(slots=True, frozen=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into ``Article.text``."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class Article:
    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    #: ISO 8601 with offset; ``published_tz_known`` says whether the page stated the zone.
    published: str | None = None
    published_tz_known: bool = False
    language: str | None = None
    fetched: str | None = None
    #: Passages that repeat an earlier passage of the same text: ``(copy, original)``.
    #: Coding skips the copies; their offsets are kept so flags and pages can show them. Not in the
    #: output: each copy is a ``repeated_passage`` flag whose evidence is ``[copy, original]``.
    repeats: Annotated[list[tuple[Span, Span]], Internal] = field(default_factory=list)
    #: The URL or article id of the article this one translates (JSON Lines ``translation_of``, or
    #: the page's ``<link rel="alternate" hreflang>``); stored, and read by ``teller.compare.stored``
    #: to flag where the two disagree. Not in the output: the flags say what came of it.
    translation_of: Annotated[str | None, Internal] = None
    #: What reading the input noticed (a publication time out of range, taken as unknown): added
    #: to the analysis's flags. Not in the output itself: the flags are.
    notes: Annotated[list[Flag], Internal] = field(default_factory=list)

    @staticmethod
    def make_id(text: str, url: str | None) -> str:
        return content_id("art", " ".join(text.split()), url or "")


@dataclass(slots=True)
class TimeValue:
    """A temporal expression normalised to TIMEX3, plus the interval it denotes."""

    value: str  # TIMEX3 value: 2023-09-14, 2023-09-14TEV, 2023-W38, P1W, XXXX-WXX-1, PRESENT_REF
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    text: str
    evidence: list[Span]
    start: str | None = None  # ISO instant with offset: first moment of the interval
    end: str | None = None  # ISO instant with offset: first moment after the interval
    granularity: str | None = None  # year, quarter, month, week, day, part_of_day, hour, minute
    tz: str | None = None  # IANA name or fixed offset (+09:00)
    anchor: str | None = None  # what it was resolved against (DCT value or another timex value)
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, START, MID, END, APPROX, ...
    confidence: float = 1.0


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str  # state, government, person, igo, ngo, group, ...
    country: str | None = None  # ISO 3166 alpha-3
    role: str | None = None  # e.g. "Minister for Foreign Affairs"
    sector: str | None = None  # GOV, MIL, ... (PLOVER/CAMEO sector)
    cameo: str | None = None  # CAMEO actor code, e.g. JPNGOV
    gender: Literal["female", "male"] | None = None
    role_start: str | None = None
    role_end: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A stretch of text that refers to an actor, resolved (or not) in context."""

    text: str
    evidence: list[Span]
    actor: Actor | None
    kind: str  # name, title, possessive, counterpart, pronoun, group, demonym, capital, ...
    confidence: float = 1.0
    #: For group mentions ("the two ministers") the actors they stand for.
    members: list[Actor] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    name: str
    country: str | None = None
    evidence: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """A PLOVER event record (extended with status, evidence and confidence)."""

    id: str
    event: str  # one of PLOVER_TYPES
    actor: list[Actor]
    recipient: list[Actor]
    status: EventStatus
    evidence: list[Span]
    confidence: float
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    quad_code: int | None = None
    cameo: str | None = None
    date: TimeValue | None = None
    #: How ``date`` was chosen (e.g. "majority of 3 mentions", "publication-date fallback").
    date_reason: str | None = None
    event_loc: Place | None = None
    topics: list[str] = field(default_factory=list)
    event_text: str | None = None
    article_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Flag:
    kind: str  # date_conflict, invalid_time, pronoun_mismatch, foreign_script, repeated_passage, ...
    severity: Severity
    message: str
    evidence: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Highlight:
    text: str
    evidence: list[Span]


@dataclass(slots=True)
class Analysis:
    """Everything teller learnt from one article: the ``teller process --json`` object."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[TimeValue] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    briefs: dict[str, str] = field(default_factory=dict)  # event id -> one-sentence brief
    quality: int | None = None  # 0-100


@dataclass(slots=True)
class Story:
    id: str
    article_ids: list[str]
    event_ids: list[str]
    title: str
    first_seen: str
    last_seen: str


@cache
def output_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record class that its JSON carries: all but those marked ``Internal``."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(f.name for f in dataclasses.fields(cls)
                 if not any(m is Internal for m in getattr(hints[f.name], "__metadata__", ())))


def to_dict(record: Any) -> Any:
    """Records -> JSON-ready dicts/lists (spans become ``{"start", "end"}``), as the contract names them.

    An ``Analysis`` (the ``teller process --json`` object) starts with ``schema_version``. Other
    dataclasses (settings, say) come out whole."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION} if isinstance(record, Analysis) else {}
        for name in output_fields(type(record)):
            out[name] = to_dict(getattr(record, name))
        return out
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record
