"""teller.timex (see docs/interfaces.md)."""
