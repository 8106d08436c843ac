"""teller.actors (see docs/interfaces.md)."""
