"""teller.api (see docs/interfaces.md)."""
