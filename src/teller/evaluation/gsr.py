"""Scoring the PLOVER coder on the PLOVER gold-standard sentences (``PLOVER_GSR_CAMEO.txt``).

Each record is one sentence with a gold event type (PLOVER 0.5 names, converted with the
manual's CAMEO-to-PLOVER table: DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
FIGHT -> ASSAULT), sometimes a mode (older names, mapped to the 2021 modes), and source/target
actor lists with country codes. The sentence runs through the real pipeline (``teller.Pipeline``:
spaCy parse, then ``Pipeline.find``: times, actors, events); the sentence's main event is the
coded event whose trigger is highest in the parse (nearest the root), ties by text order.

Measures (``evaluate_plover_gsr`` keys):
- ``type_accuracy``: main event's PLOVER category (``cameo.plover_category``, which folds
  planned/hypothetical cooperation into AGREE as the manual asks) equals the gold type; a record
  with no coded event counts as wrong.
- ``type_any_accuracy`` (diagnostic): any coded event of the sentence has the gold type;
  ``no_event``: sentences with no coded event (most often no resolvable actor).
- ``mode_accuracy``: over records whose gold mode maps to a 2021 mode, main event's mode equal
  (``cameo.plover_mode``: the mode that goes with the folded category, e.g. a planned curfew is
  THREATEN restrict).
- ``actor_accuracy``: over records with a gold source code, main event's first actor code is
  among the gold source codes. ``recipient_accuracy``: same for recipients over records with a
  gold target code. The code of an actor is its ISO3 country, else IGO/NGO by kind.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teller.errors import DataError
from teller.records import Actor, Article, Event

if TYPE_CHECKING:
    from teller.pipeline import Pipeline

#: PLOVER manual, "CAMEO to PLOVER translation": the 0.5 names used by the GSR file.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
             "YIELD": "CONCEDE"}
#: 0.5 mode names -> 2021 names (None: no 2021 equivalent, not scored).
OLD_MODES = {
    "host": "visit", "demo-org": "demo", "demo-spon": "demo", "riot-spon": "riot", "strike-hun": "hunger",
    "strike-gen": "strike", "assassinate": "targeted", "detain": "arrest", "confiscate": "seize",
    "ban": "restrict", "political": None, "other": None,
}
#: CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_COUNTRY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def load_gsr(path: str | Path) -> list[dict[str, Any]]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:  # the file is "JSON-ish": tolerate trailing commas
            data = json.loads(re.sub(r",\s*([\]}])", r"\1", text))
        except json.JSONDecodeError as err:
            raise DataError(f"{path}: not a JSON list of PLOVER records ({err})") from err
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a JSON list of records")
    return [r for r in data if isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text")]


def _codes(side: Any) -> list[str]:
    if not isinstance(side, list):
        return []
    out: list[str] = []
    for a in side:
        code: str | None = (a or {}).get("code") if isinstance(a, dict) else None
        if code:
            out.append(CAMEO_COUNTRY.get(code, code))
    return out


def actor_code(a: Actor) -> str:
    if a.country:
        return a.country
    kind = (a.kind or "").lower()
    if kind in ("igo", "organisation", "organization"):
        return "IGO"
    if kind == "ngo":
        return "NGO"
    if a.cameo:
        return a.cameo[:3]
    return a.id


def target_code(ev: Event) -> str | None:
    """The code compared with a gold target: the first recipient's, else the CAMEO target
    (``cameo.cameo_target``: the event's place, else the actor's own country)."""
    from teller.events.cameo import cameo_target

    if ev.recipient:
        return actor_code(ev.recipient[0])
    return cameo_target(ev)[0]


def gold_type(record: dict[str, Any]) -> str:
    t = str(record.get("event", "")).upper()
    return OLD_TYPES.get(t, t)


#: 0.5 modes that 2021 folds into a broader mode of the same type.
OLD_TYPED_MODES = {("THREATEN", "curfew"): "restrict", ("THREATEN", "martial-law"): "restrict",
                   ("THREATEN", "ban"): "restrict", ("COERCE", "destroy"): None}


def gold_mode(record: dict[str, Any]) -> str | None:
    m = str(record.get("mode") or "").strip()
    if not m:
        return None
    key = (gold_type(record), m)
    if key in OLD_TYPED_MODES:
        return OLD_TYPED_MODES[key]
    return OLD_MODES.get(m, m)


def main_event(coded) -> Event | None:
    if not coded.events:
        return None
    order = {e.id: i for i, e in enumerate(coded.events)}
    return min(coded.events, key=lambda e: (coded.depth.get(e.id, 99), order[e.id]))


def code_records(records: list[dict[str, Any]], pipeline: Pipeline | None = None,
                 ) -> list[tuple[dict[str, Any], Event | None, list[Event]]]:
    """Each record's sentence through the pipeline's stages (``Pipeline.find``), dated by the
    record's date: (record, main event, every coded event)."""
    from teller.pipeline import Pipeline

    pipe = pipeline or Pipeline()
    texts = [" ".join(str(r["text"]).strip().strip("{}").split()) for r in records]
    out = []
    for r, text, doc in zip(records, texts, pipe.nlp.pipe(texts, batch_size=64), strict=True):
        art = Article(id=Article.make_id(text, None), text=text, published=_dct(r).isoformat())
        try:
            coded = pipe.find(art, doc).coded
            out.append((r, main_event(coded), coded.events))
        except Exception as err:  # noqa: BLE001 - one bad record must not stop the evaluation
            out.append((r, None, []))
            r.setdefault("_error", str(err))
    return out


def _dct(r: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(r.get("date") or "2000-01-01")).replace(tzinfo=UTC)
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=UTC)


def evaluate_plover_gsr(path: str | Path, *, verbose: bool = False, pipeline: Pipeline | None = None,
                        ) -> dict[str, Any]:
    from teller.events.cameo import plover_category, plover_mode

    coded = code_records(load_gsr(path), pipeline)
    n = len(coded)
    type_ok = any_ok = mode_n = mode_ok = act_n = act_ok = rec_n = rec_ok = tgt_ok = 0
    misses = []
    for r, ev, evs in coded:
        gt = gold_type(r)
        got = plover_category(ev) if ev else None
        t_ok = got == gt
        type_ok += t_ok
        any_ok += any(plover_category(e) == gt for e in evs)
        gm = gold_mode(r)
        if gm:
            mode_n += 1
            mode_ok += bool(ev and plover_mode(ev) == gm)
        src, tar = _codes(r.get("source")), _codes(r.get("target"))
        a_ok = r_ok = None
        if src:
            act_n += 1
            a_ok = bool(ev and ev.actor and actor_code(ev.actor[0]) in src)
            act_ok += a_ok
        if tar:
            rec_n += 1
            rec_ok += bool(ev and ev.recipient and actor_code(ev.recipient[0]) in tar)
            r_ok = (target_code(ev) if ev else None) in tar
            tgt_ok += r_ok
        if verbose and (not t_ok or a_ok is False or r_ok is False):
            misses.append({
                "id": r.get("id"), "text": r.get("text"), "gold": [gt, gm, src, tar],
                "got": [got, plover_mode(ev) if ev else None, [actor_code(a) for a in ev.actor] if ev else [],
                        [actor_code(a) for a in ev.recipient] if ev else []],
            })
    result: dict[str, Any] = {
        "records": n,
        "type_accuracy": type_ok / n if n else 0.0,
        "mode_accuracy": mode_ok / mode_n if mode_n else 0.0,
        "actor_accuracy": act_ok / act_n if act_n else 0.0,
        "recipient_accuracy": tgt_ok / rec_n if rec_n else 0.0,
        "recipient_explicit_accuracy": rec_ok / rec_n if rec_n else 0.0,
        "type_any_accuracy": any_ok / n if n else 0.0,
        "no_event": sum(1 for _, ev, _ in coded if ev is None),
        "mode_records": mode_n,
        "actor_records": act_n,
        "recipient_records": rec_n,
    }
    if verbose:
        result["misses"] = misses
    return result
