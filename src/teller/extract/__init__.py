"""teller.extract (see docs/interfaces.md)."""
