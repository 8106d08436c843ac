"""The one table of English month and weekday names (full names and the abbreviations news uses).

The temporal grammar, the reconciliation notes, the brief's date words, the dateline detector
and the sentence splitter's abbreviation list all read their month and weekday words from here.
"""

from __future__ import annotations

#: Month names in calendar order, as written in running text.
MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December")
#: Abbreviations of each month, in calendar order ("May" has none).
MONTH_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("Jan",), ("Feb",), ("Mar",), ("Apr",), (), ("Jun",), ("Jul",), ("Aug",), ("Sep", "Sept"),
    ("Oct",), ("Nov",), ("Dec",),
)
#: Weekday names from Monday (0), as :meth:`datetime.date.weekday` counts.
WEEKDAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                  "Sunday")
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("Mon",), ("Tue", "Tues"), ("Wed",), ("Thu", "Thur", "Thurs"), ("Fri",), ("Sat",), ("Sun",),
)

#: Lower-cased month name or abbreviation -> month number (1-12).
MONTHS: dict[str, int] = {
    w.lower(): i for i, (name, abbrs) in enumerate(zip(MONTH_NAMES, MONTH_ABBREVIATIONS, strict=True), start=1)
    for w in (name, *abbrs)
}
#: Lower-cased weekday name or abbreviation -> weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {
    w.lower(): i for i, (name, abbrs) in enumerate(zip(WEEKDAY_NAMES, WEEKDAY_ABBREVIATIONS, strict=True))
    for w in (name, *abbrs)
}

#: Regex alternatives for the month names and abbreviations (longest first, so "Sept" is tried
#: before "Sep"); the patterns add their own case and boundary rules.
MONTH_NAME_PATTERN = "|".join(MONTH_NAMES)
MONTH_ABBREVIATION_PATTERN = "|".join(
    sorted((a for abbrs in MONTH_ABBREVIATIONS for a in abbrs), key=len, reverse=True))
