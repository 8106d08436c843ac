"""teller: who did what to whom, when and where, from international news."""

__version__ = "0.1.0"
