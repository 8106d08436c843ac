"""The one table of English number words news counts with ("three days after", "four Arab
nations", "the two ministers")."""

from __future__ import annotations

#: Cardinal number words to their values.
CARDINALS: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                             "eight": 8, "nine": 9, "ten": 10}
