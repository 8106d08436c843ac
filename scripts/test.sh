#!/usr/bin/env bash
# The one test command (README and .ci/run): set up .venv if needed, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Test files are spread over one worker process per core (pytest-xdist, at most 4: each loads the
# spaCy models, ~1 GB); a file's tests stay together, so its module fixtures are built once.
# Add -n0 to run in this process (for -s or --pdb).
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist loadfile "$@"
