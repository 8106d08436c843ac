"""Shared fixtures. Tests that read ../shared/data skip with a message when it is absent."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"

JST = timezone(timedelta(hours=9), "JST")


def shared_path(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test when that data is not on this machine."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared evaluation data not present: {p}")
    return p


@pytest.fixture(scope="session")
def nlp():
    from teller.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def dct_jst() -> datetime:
    """A publication time in Tokyo: 2023-09-14 23:10 +09:00 (a Thursday)."""
    return datetime(2023, 9, 14, 23, 10, tzinfo=JST)
