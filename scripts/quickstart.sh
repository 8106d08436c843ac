#!/usr/bin/env bash
# One command from a fresh clone to a running teller: set up, analyse the bundled samples into
# ./teller.db (SQLite), and serve the web pages and API on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/teller run examples/articles --db "${TELLER_DB:-sqlite:///teller.db}"
exec .venv/bin/teller serve --db "${TELLER_DB:-sqlite:///teller.db}" --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
