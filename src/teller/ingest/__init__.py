"""teller.ingest (see docs/interfaces.md)."""
