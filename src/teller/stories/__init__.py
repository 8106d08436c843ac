"""teller.stories (see docs/interfaces.md)."""
