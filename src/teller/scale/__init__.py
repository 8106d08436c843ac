"""teller.scale (see docs/interfaces.md)."""
