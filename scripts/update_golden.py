#!/usr/bin/env python3
"""Rewrite the golden outputs (tests/golden/) from what teller prints now; then review `git diff tests/golden/`.

One command after any intended change of output (event coding, dates, actors, a new field, the API):

    .venv/bin/python scripts/update_golden.py

It runs tests/test_golden.py with --update-golden (extra arguments go to pytest), so the files are
written by the same code that compares them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "pytest", "tests/test_golden.py", "--update-golden", "-q", "-p", "no:cacheprovider",
           *sys.argv[1:]]
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    if code == 0:
        subprocess.call(["git", "status", "--short", "--", "tests/golden"], cwd=ROOT)
    return code


if __name__ == "__main__":
    sys.exit(main())
