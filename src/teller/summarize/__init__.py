"""teller.summarize (see docs/interfaces.md)."""
