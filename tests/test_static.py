"""The checks a reviewer runs before reading a change, run with the suite (so in CI: ``.ci/run``
calls ``scripts/test.sh``): ruff over ``src`` and ``tests``, mypy over ``src/teller`` (both
configured in ``pyproject.toml``), and no module of the package over 600 lines.

ruff and mypy are dev dependencies (``pip install -e '.[dev]'``); a missing one fails the test
rather than skipping it, so a checkout cannot look clean by not having the tools.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "teller"
MAX_LINES = 600


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_in_src_and_tests() -> None:
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def _mypy() -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


# mypy takes ~20 s of CPU on a fresh checkout (then its cache, .mypy_cache, ignored by git, makes
# it fast). In one process it starts when this module is collected and runs beside the rest of the
# suite on the other core; the test only collects its verdict. Under pytest-xdist every worker
# collects every module, and the other workers already use the other cores: there the test starts
# mypy itself (once, in the worker that runs it; two mypys would also share one cache).
_MYPY = None if os.environ.get("PYTEST_XDIST_WORKER") else _mypy()
if _MYPY is not None:
    atexit.register(lambda: _MYPY.poll() is None and _MYPY.kill())


def test_mypy_finds_nothing_in_the_package() -> None:
    mypy = _MYPY or _mypy()
    out, _ = mypy.communicate(timeout=900)
    assert mypy.returncode == 0, out


def test_no_module_over_600_lines() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in sorted(PACKAGE.rglob("*.py"))}
    assert len(sizes) > 100  # the walk found the package
    assert {p: n for p, n in sizes.items() if n > MAX_LINES} == {}
