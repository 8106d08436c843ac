"""CAMEO <-> PLOVER facts: cue categories, quad codes, mode codes, auxiliary-mode reduction.

From the PLOVER manual (2021): "CAMEO to PLOVER translation" (2-digit cue categories, with
YIELD split into CONCEDE 081-083 and RETREAT 084-087), the quad-category table (numeric 1..4),
and the rule that future/hypothetical cooperation is coded as a single category (AGREE, or
CONCEDE for retreats) rather than category + auxiliary mode.
"""

from __future__ import annotations

from teller.records import Event

#: PLOVER manual, "PLOVER equivalents to CAMEO cue categories".
CUE_TO_PLOVER: dict[str, str | None] = {
    "01": None, "02": None,  # public statements and appeals are dropped
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "08": "CONCEDE",  # 081-083; 084-087 are RETREAT (below)
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
    "19": "ASSAULT", "20": "ASSAULT",
}

#: Codes whose PLOVER type is not their cue category's, following the manual's ambiguity notes
#: (destroying property and occupying territory are force; sanctions and blockades follow the
#: PLOVER definitions; a court conviction is SANCTION 'convict').
EXCEPTIONS: dict[str, str] = {
    "1712": "ASSAULT",  # destroy property
    "175": "ASSAULT",  # violent repression
    "191": "COERCE",  # blockade, restrict movement
    "192": "COERCE",  # occupy territory
    "116": "SANCTION",  # find guilty (PLOVER SANCTION 'convict')
}

#: PLOVER manual, "Quad categories in PLOVER" (numeric column).
QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

#: The CAMEO code a mode implies when the trigger word alone does not say it.
MODE_CAMEO: dict[tuple[str, str], str] = {
    ("CONSULT", "phone"): "041",
    ("CONSULT", "visit"): "042",
    ("CONSULT", "third-party"): "044",
    ("ASSAULT", "firearms"): "193",
    ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "drone"): "195",
    ("ASSAULT", "explosives"): "183",
    ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "targeted"): "186",
    ("ASSAULT", "abduct"): "181",
    ("PROTEST", "riot"): "145",
    ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143",
    ("REQUEST", "meet"): "106",
    ("REQUEST", "yield"): "105",
    ("REQUEST", "assist"): "101",
    ("REQUEST", "change"): "104",
    ("REJECT", "meet"): "125",
    ("REJECT", "yield"): "124",
    ("REJECT", "assist"): "121",
    ("REJECT", "change"): "123",
    ("THREATEN", "violence"): "138",
    ("THREATEN", "relations"): "1313",
    ("THREATEN", "restrict"): "1312",
}

#: The generic CAMEO code of each PLOVER type (used when a type is derived, e.g. by negation).
TYPE_CAMEO: dict[str, str] = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "084", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170",
    "ASSAULT": "190",
}

_COOPERATIVE_FUTURE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
_MATERIAL_CONFLICT = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"}


def cameo_to_plover(code: str) -> str | None:
    """The PLOVER type of a CAMEO event code (None for the dropped 01/02 categories)."""
    code = code.strip()
    if code in EXCEPTIONS:
        return EXCEPTIONS[code]
    cue = code[:2]
    if cue == "08" and len(code) >= 3 and code[2] in "4567":
        return "RETREAT"
    return CUE_TO_PLOVER.get(cue)


def quad_code(event_type: str) -> int | None:
    return QUAD.get(event_type)


def cameo_for(event_type: str, mode: str | None, lexical: str | None) -> str | None:
    """The CAMEO code of a coded event: the mode's code when the trigger's own code is generic."""
    generic = lexical is None or (len(lexical) == 3 and lexical.endswith("0"))
    if mode and (event_type, mode) in MODE_CAMEO and generic:
        return MODE_CAMEO[(event_type, mode)]
    if lexical is None:
        return None
    if cameo_to_plover(lexical) == event_type:
        return lexical
    return TYPE_CAMEO.get(event_type)


def plover_category(event: Event) -> str:
    """The single PLOVER category the manual asks for, folding status into the type.

    teller keeps ``type`` + ``status`` (a planned meeting is CONSULT/planned); the PLOVER
    manual codes future or conditional cooperation as AGREE, announced retreats as CONCEDE, and
    conditional force or sanctions as THREATEN. Exports and the gold-standard evaluation use this.
    """
    t = event.event
    if event.status in ("planned", "hypothetical"):
        if t in _COOPERATIVE_FUTURE:
            return "AGREE"
        if t == "RETREAT":
            return "CONCEDE"
        if t == "SANCTION" and event.status == "planned":
            # an announced cut in relations ("announced it would bar aid to X") is the cut
            # itself, decided; only a conditional one ("could cut aid if ...") is a threat
            return t
        if t in _MATERIAL_CONFLICT:
            return "THREATEN"
    return t


#: THREATEN's modes in the 2021 manual: the *content* of the threat.
THREATEN_MODES = frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"})
#: A planned or conditional act's mode -> the THREATEN mode naming that content.
_THREAT_CONTENT = {
    "curfew": "restrict", "martial-law": "restrict", "censor": "restrict", "withhold": "restrict",
    "boycott": "restrict", "strike": "restrict", "obstruct": "restrict", "ban": "restrict", "blockade": "restrict",
    "arrest": "arrest", "expel": "expel", "deport": "expel", "discontinue": "relations", "withdraw": "relations",
    "meet": "relations", "occupy": "territory",
}


def plover_mode(event: Event) -> str | None:
    """The mode that goes with ``plover_category``: a folded threat takes THREATEN's mode for
    its content (a planned curfew is THREATEN restrict, planned shelling THREATEN violence); a
    folded AGREE has no mode; otherwise the event's own mode."""
    cat = plover_category(event)
    mode = event.mode
    if cat == "AGREE" and event.event != "AGREE":
        return None
    if cat != "THREATEN":
        return mode
    if mode in THREATEN_MODES:
        return mode
    if mode in _THREAT_CONTENT:
        return _THREAT_CONTENT[mode]
    if event.event in ("ASSAULT", "MOBILIZE"):
        return "violence"
    if event.event in ("PROTEST", "COERCE"):
        return "restrict"
    if event.event == "SANCTION":
        return "relations"
    return None


def cameo_target(event: Event) -> tuple[str | None, str]:
    """The event's target country as CAMEO-coded data sets (ICEWS, the PLOVER gold-standard
    sentences) fill it, and where it came from.

    PLOVER makes the recipient optional "if this is clear"; CAMEO always codes a target. When
    teller found no recipient, CAMEO practice is the country the event happens in ("lifted the
    state of emergency in West Darfur"), and for an actor acting at home with nobody named,
    the actor's own country (a domestic event: "the union called off its strike"). The event
    record itself keeps its recipient empty; this derived value is for CAMEO-style exports.
    Returns ``(code, source)`` with source ``"recipient"``, ``"place"``, ``"domestic"`` or ``"none"``.
    """
    for a in event.recipient:
        if a.country:
            return a.country, "recipient"
    if event.recipient:
        return None, "recipient"  # a recipient without a country: do not guess past it
    if event.event_loc is not None and event.event_loc.country:
        return event.event_loc.country, "place"
    home = next((a.country for a in event.actor if a.country), None)
    return (home, "domestic") if home else (None, "none")
