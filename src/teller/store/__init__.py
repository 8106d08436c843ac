"""teller.store (see docs/interfaces.md)."""
