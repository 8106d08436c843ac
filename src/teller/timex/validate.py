"""Whether a string is a well-formed TIMEX3 ``value`` (TimeML 1.2.1 / ISO-TimeML).

Every value teller writes must be one of these forms, so that exports and other TimeML tools
can read it; the property tests run the grammar over many generated phrases and publication
times and check each value here. Forms (an ``X`` stands for an unknown digit, field by field):

* dates: ``2023`` (year), ``202`` (decade), ``20`` (century), ``2023-09``, ``2023-09-14``,
  ``2023-W37``, ``2023-W37-4``, ``2023-W37-WE`` (a weekend), seasons ``2023-SP|SU|FA|WI``,
  quarters ``2023-Q1``..``Q4``, halves ``2023-H1|H2``;
* times: a day followed by ``T14``, ``T14:05``, ``T14:05:30`` (optionally fractional) or a
  part of day ``TMO|TAF|TEV|TNI|TDT``;
* durations: ``P3Y``, ``P2M1D``, ``P1W``, ``P1DE``, ``P1CE``, ``P1Q``, ``P1WE``, ``PT2H30M``,
  ``PXY``, ``P1.5Y``;
* ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.
"""

from __future__ import annotations

import re

_Y = r"(?:\d{4}|\d{2}XX|\d{3}X|XXXX)"
_DECADE = r"(?:\d{3}|\d{2}X|XXX)"
_CENTURY = r"(?:\d{2}|XX)"
_MM = r"(?:0[1-9]|1[0-2]|XX)"
_DD = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WW = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_D = r"(?:[1-7]|X)"
_CLOCK = r"(?:(?:[01]\d|2[0-4]|XX)(?::(?:[0-5]\d|XX)(?::(?:[0-5]\d|60|XX)(?:\.\d+)?)?)?|MO|AF|EV|NI|DT)"
_ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?"
_DAY = rf"{_Y}-{_MM}-{_DD}|{_Y}-W{_WW}-{_D}"
_PERIOD = rf"{_Y}-W{_WW}(?:-WE)?|{_Y}-(?:SP|SU|FA|WI)|{_Y}-Q[1-4X]|{_Y}-H[12X]"
_DATE = rf"(?:{_DAY}|{_Y}-{_MM}|{_PERIOD}|{_Y}|{_DECADE}|{_CENTURY})"
_TIME = rf"(?:{_DAY}|{_Y}-W{_WW}(?:-WE)?|{_Y}-{_MM}-{_DD})T{_CLOCK}{_ZONE}"
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = rf"P(?:(?:{_NUM}(?:Y|M|W|D|DE|CE|Q|WE))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
_VALUE = re.compile(rf"^(?:{_TIME}|{_DATE}|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF)$")


def is_valid(value: str) -> bool:
    """True when ``value`` is a TIMEX3 value of one of the forms above."""
    return bool(_VALUE.match(value))
