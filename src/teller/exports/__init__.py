"""teller.exports (see docs/interfaces.md)."""
