"""teller.verify (see docs/interfaces.md)."""
