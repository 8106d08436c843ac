"""teller.events (see docs/interfaces.md)."""
