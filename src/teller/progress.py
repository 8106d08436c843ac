"""Progress of a batch run on stderr: a bar on a terminal, a plain line every N items elsewhere.

A run under cron, in CI or piped to a log has no terminal, and a tqdm bar there is either off
(silent for hours) or a stream of carriage returns. ``Progress`` draws the bar when asked to and
otherwise writes one line every ``every`` items with the count, the rate and the errors so far,
which a log file keeps readably. Messages (errors, stage notes) go through it so that they never
break a bar that is being drawn.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Items between two progress lines when no bar is drawn.
DEFAULT_EVERY = 100


class Progress:
    """Count items and report them: ``bar=True`` draws a tqdm bar; otherwise, with ``every > 0``,
    one line per ``every`` items; with ``every == 0`` nothing but the errors."""

    def __init__(self, *, bar: bool = False, every: int = DEFAULT_EVERY, unit: str = "articles",
                 stream: TextIO | None = None) -> None:
        from tqdm import tqdm

        self.stream = stream or sys.stderr
        self.every = every
        self.unit = unit
        self.count = 0
        self.errors = 0
        self._started = time.perf_counter()
        self._next_line = every
        self._bar = tqdm(unit="art", disable=not bar, file=self.stream)
        self._lines = not bar and every > 0
        #: Whether progress is reported at all (a bar or lines); when not, only errors are written.
        self.reporting = bar or every > 0

    def update(self, n: int = 1) -> None:
        self.count += n
        self._bar.update(n)
        if self._lines and self.count >= self._next_line:
            self._next_line = (self.count // self.every + 1) * self.every
            self.say(self.line())

    def error(self, message: str) -> None:
        """Report a failed item (counted in the progress lines)."""
        self.errors += 1
        self.say(f"error: {message}")

    def say(self, message: str) -> None:
        """One line on the stream, above the bar if one is drawn."""
        self._bar.write(message, file=self.stream)

    def note(self, message: str) -> None:
        """A stage's start or end: written only when progress is reported."""
        if self.reporting:
            self.say(message)

    def line(self) -> str:
        seconds = time.perf_counter() - self._started
        rate = self.count / seconds if seconds > 0 else 0.0
        return (f"teller: {self.count} {self.unit} ({rate:.1f}/s), "
                f"{self.errors} error{'' if self.errors == 1 else 's'}")

    def close(self) -> None:
        self._bar.close()
