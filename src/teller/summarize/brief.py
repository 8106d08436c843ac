"""Event briefs: one English sentence written only from an Event record's fields.

Every phrase of a brief comes from one field, so a brief can never say more than the record:

===============================  ==========================================================
phrase                           field
===============================  ==========================================================
subject, object                  ``actor``, ``recipient`` (name, role, country of each)
verb phrase                      ``event`` + ``mode`` (the table below: all 16 PLOVER types)
"plan to" / "did not" / "may"    ``status`` (planned / denied / hypothetical)
"in New York"                    ``event_loc.name``
"On 14 September 2023"           ``date`` (TimeValue ``value`` and ``granularity``)
===============================  ==========================================================

No field, no phrase: without a date there is no date phrase, without actors the sentence says
that the event took place. A template table is used rather than a text generator because a
generator may add words the record does not support.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from importlib import resources
from typing import NamedTuple

from teller.actors.kb import KnowledgeBase
from teller.records import Actor, Event, TimeValue
from teller.text.calendar_names import MONTH_NAMES


class Verb(NamedTuple):
    """How one (type, mode) is said.

    ``past`` / ``base``: the verb phrase; ``link``: how the recipient attaches ("and": it joins
    the subject, "": direct object, else a preposition); ``alone``: past/base used when there is
    no recipient (``None``: same as ``past``/``base``); ``tail``: words after the recipient.
    """

    past: str
    base: str
    link: str
    alone: tuple[str, str] | None = None
    tail: str = ""


def _v(past: str, base: str, link: str = "", alone: tuple[str, str] | None = None, tail: str = "") -> Verb:
    return Verb(past, base, link, alone, tail)


#: (PLOVER type, mode or None) -> verb phrase. Modes are the PLOVER manual's (2021).
VERBS: dict[tuple[str, str | None], Verb] = {
    ("AGREE", None): _v("reached an agreement", "reach an agreement", "with"),
    ("CONSULT", None): _v("met", "meet", "and", ("held talks", "hold talks")),
    ("CONSULT", "meet"): _v("met", "meet", "and", ("held talks", "hold talks")),
    ("CONSULT", "phone"): _v("held a telephone call", "hold a telephone call", "and"),
    ("CONSULT", "visit"): _v("visited", "visit", "", ("made a visit", "make a visit")),
    ("CONSULT", "third-party"): _v("held talks hosted by a third party", "hold talks hosted by a third party", "and"),
    ("CONSULT", "multilateral"): _v("met in a multilateral setting", "meet in a multilateral setting", "and",
                                    ("held talks in a multilateral setting", "hold talks in a multilateral setting")),
    ("SUPPORT", None): _v("expressed support for", "express support for", "", ("expressed support", "express support")),
    ("CONCEDE", None): _v("made concessions to", "make concessions to", "", ("made concessions", "make concessions")),
    ("COOPERATE", None): _v("cooperated", "cooperate", "with"),
    ("AID", None): _v("provided aid to", "provide aid to", "", ("provided aid", "provide aid")),
    ("RETREAT", None): _v("pulled back from", "pull back from", "", ("pulled back", "pull back")),
    ("RETREAT", "withdraw"): _v("withdrew from", "withdraw from", "", ("withdrew", "withdraw")),
    ("RETREAT", "release"): _v("released people held from", "release people held from", "",
                               ("released people it held", "release people it holds")),
    ("RETREAT", "disarm"): _v("disarmed", "disarm", "", None),
    ("RETREAT", "ceasefire"): _v("agreed to a ceasefire", "agree to a ceasefire", "with"),
    ("RETREAT", "access"): _v("granted access to", "grant access to", "", ("granted access", "grant access")),
    ("RETREAT", "resign"): _v("resigned", "resign", "from"),
    ("REQUEST", None): _v("made a request to", "make a request to", "", ("made a request", "make a request")),
    ("REQUEST", "assist"): _v("asked for assistance from", "ask for assistance from", "",
                              ("asked for assistance", "ask for assistance")),
    ("REQUEST", "change"): _v("called on", "call on", "", ("called for a change", "call for a change"),
                              "to change course"),
    ("REQUEST", "yield"): _v("called on", "call on", "", ("called for concessions", "call for concessions"),
                             "to yield"),
    ("REQUEST", "meet"): _v("requested a meeting", "request a meeting", "with"),
    ("ACCUSE", None): _v("accused", "accuse", "", ("made accusations", "make accusations")),
    ("ACCUSE", "disapprove"): _v("criticized", "criticize", "", ("voiced criticism", "voice criticism")),
    ("ACCUSE", "investigate"): _v("opened an investigation into", "open an investigation into", "",
                                  ("opened an investigation", "open an investigation")),
    ("ACCUSE", "allege"): _v("made allegations against", "make allegations against", "",
                             ("made allegations", "make allegations")),
    ("REJECT", None): _v("rejected", "reject", "", ("rejected a proposal", "reject a proposal")),
    ("REJECT", "assist"): _v("refused assistance to", "refuse assistance to", "",
                             ("refused assistance", "refuse assistance")),
    ("REJECT", "change"): _v("rejected demands for change from", "reject demands for change from", "",
                             ("rejected demands for change", "reject demands for change")),
    ("REJECT", "yield"): _v("refused to yield to", "refuse to yield to", "", ("refused to yield", "refuse to yield")),
    ("REJECT", "meet"): _v("declined to meet", "decline to meet", "with"),
    ("THREATEN", None): _v("threatened", "threaten", "", ("issued a threat", "issue a threat")),
    ("THREATEN", "restrict"): _v("threatened restrictions against", "threaten restrictions against", "",
                                 ("threatened restrictions", "threaten restrictions")),
    ("THREATEN", "arrest"): _v("threatened arrests against", "threaten arrests against", "",
                               ("threatened arrests", "threaten arrests")),
    ("THREATEN", "relations"): _v("threatened to cut relations", "threaten to cut relations", "with"),
    ("THREATEN", "expel"): _v("threatened to expel", "threaten to expel", "",
                              ("threatened expulsions", "threaten expulsions")),
    ("THREATEN", "territory"): _v("threatened territorial action against", "threaten territorial action against", "",
                                  ("threatened territorial action", "threaten territorial action")),
    ("THREATEN", "violence"): _v("threatened violence against", "threaten violence against", "",
                                 ("threatened violence", "threaten violence")),
    ("PROTEST", None): _v("protested against", "protest against", "", ("protested", "protest")),
    ("PROTEST", "demo"): _v("demonstrated against", "demonstrate against", "", ("demonstrated", "demonstrate")),
    ("PROTEST", "riot"): _v("rioted against", "riot against", "", ("rioted", "riot")),
    ("PROTEST", "strike"): _v("went on strike against", "go on strike against", "", ("went on strike", "go on strike")),
    ("PROTEST", "hunger"): _v("went on hunger strike against", "go on hunger strike against", "",
                              ("went on hunger strike", "go on hunger strike")),
    ("PROTEST", "boycott"): _v("boycotted", "boycott", "", ("held a boycott", "hold a boycott")),
    ("PROTEST", "obstruct"): _v("blockaded", "blockade", "", ("set up a blockade", "set up a blockade")),
    ("SANCTION", None): _v("imposed sanctions on", "impose sanctions on", "",
                           ("imposed sanctions", "impose sanctions")),
    ("SANCTION", "convict"): _v("convicted", "convict", "", ("handed down a conviction", "hand down a conviction")),
    ("SANCTION", "expel"): _v("expelled", "expel", "", ("carried out expulsions", "carry out expulsions")),
    ("SANCTION", "withdraw"): _v("withdrew from", "withdraw from", "", ("withdrew", "withdraw")),
    ("SANCTION", "discontinue"): _v("cut ties with", "cut ties with", "", ("cut ties", "cut ties")),
    ("MOBILIZE", None): _v("mobilized forces against", "mobilize forces against", "",
                           ("mobilized forces", "mobilize forces")),
    ("MOBILIZE", "troops"): _v("deployed troops against", "deploy troops against", "",
                               ("deployed troops", "deploy troops")),
    ("MOBILIZE", "weapons"): _v("deployed weapons against", "deploy weapons against", "",
                                ("deployed weapons", "deploy weapons")),
    ("MOBILIZE", "police"): _v("deployed police against", "deploy police against", "",
                               ("deployed police", "deploy police")),
    ("MOBILIZE", "militia"): _v("mobilized militia against", "mobilize militia against", "",
                                ("mobilized militia", "mobilize militia")),
    ("COERCE", None): _v("coerced", "coerce", "", ("used coercion", "use coercion")),
    ("COERCE", "seize"): _v("seized property of", "seize property of", "", ("seized property", "seize property")),
    ("COERCE", "restrict"): _v("imposed restrictions on", "impose restrictions on", "",
                               ("imposed restrictions", "impose restrictions")),
    ("COERCE", "censor"): _v("censored", "censor", "", ("imposed censorship", "impose censorship")),
    ("COERCE", "curfew"): _v("imposed a curfew on", "impose a curfew on", "", ("imposed a curfew", "impose a curfew")),
    ("COERCE", "martial-law"): _v("imposed martial law on", "impose martial law on", "",
                                  ("imposed martial law", "impose martial law")),
    ("COERCE", "arrest"): _v("arrested", "arrest", "", ("made arrests", "make arrests")),
    ("COERCE", "deport"): _v("deported", "deport", "", ("carried out deportations", "carry out deportations")),
    ("COERCE", "withhold"): _v("withheld resources from", "withhold resources from", "",
                               ("withheld resources", "withhold resources")),
    ("COERCE", "misinformation"): _v("spread misinformation about", "spread misinformation about", "",
                                     ("spread misinformation", "spread misinformation")),
    ("COERCE", "cyber"): _v("carried out a cyber operation against", "carry out a cyber operation against", "",
                            ("carried out a cyber operation", "carry out a cyber operation")),
    ("ASSAULT", None): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack")),
    ("ASSAULT", "abduct"): _v("abducted", "abduct", "", ("carried out an abduction", "carry out an abduction")),
    ("ASSAULT", "beat"): _v("beat", "beat", "", ("carried out a beating", "carry out a beating")),
    ("ASSAULT", "torture"): _v("tortured", "torture", "", ("used torture", "use torture")),
    ("ASSAULT", "sexual"): _v("sexually assaulted", "sexually assault", "",
                              ("committed sexual violence", "commit sexual violence")),
    ("ASSAULT", "targeted"): _v("carried out a targeted killing of", "carry out a targeted killing of", "",
                                ("carried out a targeted killing", "carry out a targeted killing")),
    ("ASSAULT", "destroy"): _v("destroyed property of", "destroy property of", "",
                               ("destroyed property", "destroy property")),
    ("ASSAULT", "primitive"): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack"),
                                 "with knives or similar weapons"),
    ("ASSAULT", "firearms"): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack"),
                                "with firearms"),
    ("ASSAULT", "explosives"): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack"),
                                  "with explosives"),
    ("ASSAULT", "suicide-attack"): _v("carried out a suicide attack on", "carry out a suicide attack on", "",
                                      ("carried out a suicide attack", "carry out a suicide attack")),
    ("ASSAULT", "aerial"): _v("carried out air strikes on", "carry out air strikes on", "",
                              ("carried out air strikes", "carry out air strikes")),
    ("ASSAULT", "drone"): _v("carried out drone strikes on", "carry out drone strikes on", "",
                             ("carried out drone strikes", "carry out drone strikes")),
    ("ASSAULT", "heavy-weapons"): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack"),
                                     "with heavy weapons"),
    ("ASSAULT", "crowd-control"): _v("used crowd-control weapons against", "use crowd-control weapons against", "",
                                     ("used crowd-control weapons", "use crowd-control weapons")),
    ("ASSAULT", "unconventional"): _v("attacked", "attack", "", ("carried out an attack", "carry out an attack"),
                                      "with unconventional weapons"),
}

#: Nouns for a sentence without actors ("An attack took place.").
NOUNS: dict[str, str] = {
    "AGREE": "an agreement", "CONSULT": "a meeting", "SUPPORT": "an expression of support",
    "CONCEDE": "a concession", "COOPERATE": "cooperation", "AID": "an aid delivery",
    "RETREAT": "a withdrawal", "REQUEST": "a request", "ACCUSE": "an accusation",
    "REJECT": "a rejection", "THREATEN": "a threat", "PROTEST": "a protest", "SANCTION": "a sanction",
    "MOBILIZE": "a mobilization", "COERCE": "a coercive measure", "ASSAULT": "an attack",
}
_MODE_NOUNS = {("CONSULT", "phone"): "a telephone call", ("CONSULT", "visit"): "a visit"}

#: Short forms before a role ("US Secretary of State") where the possessive reads oddly.
_ATTRIBUTIVE = {"USA": "US", "GBR": "UK", "ARE": "UAE"}
#: State names said with "the": "the United States", "the Central African Republic", "the Holy See".
_THE_NAME = re.compile(r"^(?:United|Holy|Republic|Democratic Republic)\b|\b(?:Republic|Islands)$")


@functools.cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO 3166 alpha-3 -> (name as subject, attributive form before a role), for every state of
    the bundled ``states.tsv`` (the one country table)."""
    kb = KnowledgeBase()
    states = resources.files("teller").joinpath("data", "actors", "states.tsv")
    kb.add_file(states.name, states.read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}
    for code, st in kb.states.items():
        # a plural name the table also lists with "the" ("the Netherlands", "the Bahamas"); not
        # "the Sudan" or "the Ukraine", old usages the table keeps for matching
        plural = st.name.endswith("s") and (f"the {st.name}" in st.aliases or st.name.endswith("Islands"))
        subject = f"the {st.name}" if plural or _THE_NAME.search(st.name) else st.name
        out[code] = (subject, _ATTRIBUTIVE.get(code) or subject + ("'" if plural else "'s"))
    return out


_ARTICLE_FIRST = re.compile(r"^(?:United|Government|Ministry|Department|Council|Republic|Kingdom|European|Office|"
                            r"Secretariat|Islamic State)\b")
_NAME_COUNTRY = re.compile(r"^(.+?) \(([^()]+)\)$")  # "Foreign Ministry (China)"
_PARTS = {"MO": "the morning of", "AF": "the afternoon of", "EV": "the evening of", "NI": "the night of",
          "DT": "the daytime of"}
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(MO|AF|EV|NI|DT|(\d{2}):(\d{2})))?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_ORDINAL = ("first", "second", "third", "fourth")


def _day(y: int, m: int, d: int) -> str:
    return f"{d} {MONTH_NAMES[m - 1]} {y}"


def date_phrase(tv: TimeValue | None) -> tuple[str, str] | None:
    """``(preposition, date words)`` from a TimeValue's ``value``, e.g. ``("on", "14 September 2023")``.

    ``None`` for values with no calendar position (durations, "XXXX-..", PRESENT_REF).
    """
    if tv is None or not tv.value:
        return None
    v = tv.value
    if m := _DAY.match(v):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if m[4] in _PARTS:
            return "on", f"{_PARTS[m[4]]} {_day(y, mo, d)}"
        if m[5] and tv.granularity in ("hour", "minute"):
            return "at", f"{m[5]}:{m[6]} on {_day(y, mo, d)}"
        return "on", _day(y, mo, d)
    if m := _WEEK.match(v):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return "in", f"the week of {_day(monday.year, monday.month, monday.day)}"
    if m := _MONTH.match(v):
        return "in", f"{MONTH_NAMES[int(m[2]) - 1]} {m[1]}"
    if m := _QUARTER.match(v):
        return "in", f"the {_ORDINAL[int(m[2]) - 1]} quarter of {m[1]}"
    if m := _YEAR.match(v):
        return "in", m[1]
    return None


def _country(code: str | None) -> tuple[str, str] | None:
    if not code:
        return None
    return countries().get(code.upper())


def actor_phrase(a: Actor) -> str:
    """"Japan's Minister for Foreign Affairs Yoko Kamikawa", "the United States", "NATO"."""
    if a.kind in ("state", "country"):
        c = _country(a.country)
        return c[0] if c else _with_article(a.name)
    if a.kind == "person" and a.role:
        c = _country(a.country)
        if c and c[0].removeprefix("the ").split()[0] not in a.role:
            return f"{c[1]} {a.role} {a.name}"
        return f"{a.role} {a.name}"
    if m := _NAME_COUNTRY.match(a.name):
        c = _country(a.country)
        return f"{c[1]} {m[1]}" if c and c[0].removeprefix("the ") == m[2] else _with_article(a.name)
    return _with_article(a.name)


def _with_article(name: str) -> str:
    return f"the {name}" if _ARTICLE_FIRST.match(name) else name


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _verb(event: Event) -> Verb:
    mode = (event.mode or "").split(",")[0].strip().lower() or None
    return VERBS.get((event.event, mode)) or VERBS.get((event.event, None)) or _v("acted", "act", "towards")


def _predicate(verb: Verb, status: str, plural: bool, has_object: bool) -> str:
    # "alone": no one on the other side ("Japan held talks", not "Japan met").
    alone = not plural if verb.link == "and" else not has_object
    past, base = verb.alone if (verb.alone and alone) else (verb.past, verb.base)
    if status == "planned":
        return f"{'plan' if plural else 'plans'} to {base}"
    if status == "denied":
        return f"did not {base}"
    if status == "hypothetical":
        return f"may {base}"
    return past


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:]


def brief(event: Event) -> str:
    """One sentence from ``event``'s fields only (see the module docstring for the mapping)."""
    verb = _verb(event)
    # an unknown perpetrator is no subject: "an attack hit X" reads better than "unknown perpetrator attacked X"
    actors = list(dict.fromkeys(actor_phrase(a) for a in event.actor if a.kind != "unknown"))
    recipients = [p for p in dict.fromkeys(actor_phrase(a) for a in event.recipient) if p not in actors]
    if verb.link == "and":
        subject, obj = actors + recipients, []
    elif actors:
        subject, obj = actors, recipients
    else:
        subject, obj = [], recipients
    place = f" in {event.event_loc.name}" if event.event_loc and event.event_loc.name else ""
    when = date_phrase(event.date)
    if not subject:
        return _capitalize(_no_actor_sentence(event, obj, place, when))
    pred = _predicate(verb, event.status, len(subject) > 1, bool(obj))
    clause = f"{_join(subject)} {pred}"
    if obj:
        clause += f" {verb.link + ' ' if verb.link else ''}{_join(obj)}"
    if verb.tail and obj:
        clause += f" {verb.tail}"
    clause += place
    if when is None:
        return _capitalize(clause) + "."
    if event.status in ("happened", "denied"):
        return f"{_capitalize(when[0])} {when[1]}, {clause}."
    return _capitalize(f"{clause} {when[0]} {when[1]}") + "."


def _no_actor_sentence(event: Event, obj: list[str], place: str, when: tuple[str, str] | None) -> str:
    mode = (event.mode or "").split(",")[0].strip().lower() or None
    noun = (_MODE_NOUNS.get((event.event, mode)) if mode else None) or NOUNS.get(event.event, "an event")
    involving = f" involving {_join(obj)}" if obj else ""
    verb = {"planned": "is planned", "denied": "did not take place", "hypothetical": "may take place"}.get(
        event.status, "took place")
    tail = f" {when[0]} {when[1]}" if when else ""
    return f"{noun}{involving} {verb}{place}{tail}."
