"""teller.web (see docs/interfaces.md)."""
