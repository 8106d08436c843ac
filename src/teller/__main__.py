"""``python -m teller``: the same command as ``teller``."""

from teller.cli import main

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="teller")
